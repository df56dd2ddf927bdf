package io.streamscorer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * What the embedded server does beyond the contract every registry shares: what it logs and how it
 * words a refusal.
 */
@Timeout(60)
class EmbeddedSchemaRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final Logger registryLog = (Logger) LoggerFactory.getLogger("io.streamscorer.registry");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private EmbeddedSchemaRegistry registry;

    private record Answer(int status, JsonNode body) {}

    @BeforeEach
    void start() {
        logged.start();
        registryLog.addAppender(logged);
        registry = EmbeddedSchemaRegistry.builder().start();
    }

    @AfterEach
    void stop() {
        registry.close();
        registryLog.detachAppender(logged);
    }

    private Answer call(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(registry.url() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private static String schemaBody(String schemaText) {
        return JSON.createObjectNode().put("schema", schemaText).toString();
    }

    @Test
    void shouldRefuseAnUnknownTypeNameAsInvalidNamingItWithoutLoggingAnError() throws Exception {
        Answer answer =
                call("POST", "/subjects/t-value/versions", schemaBody("{\"type\":\"recordx\"}"));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().get("error_code").asInt()).isEqualTo(42201);
        assertThat(answer.body().get("message").asText())
                .startsWith("Invalid schema: ")
                .contains("\"recordx\" is not a defined name")
                .doesNotContain("UnresolvedSchema");
        assertThat(logged.list)
                .as("what the registry logged")
                .noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }
}
