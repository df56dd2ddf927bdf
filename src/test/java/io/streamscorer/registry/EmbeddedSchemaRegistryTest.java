package io.streamscorer.registry;

import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
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
 * What the embedded server does beyond the contract every registry shares: what it logs, how it
 * words a refusal, and which versions of an id it lists once they are deleted.
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

    private int register(String subject) throws IOException, InterruptedException {
        return call("POST", "/subjects/" + subject + "/versions", schemaBody(V1.toString()))
                .body()
                .get("id")
                .asInt();
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

    @Test
    void shouldListTheSoftDeletedVersionsUsingAnIdOnlyWhenAskedFor() throws Exception {
        int id = register("retired-value");
        call("DELETE", "/subjects/retired-value", null);

        Answer live = call("GET", "/schemas/ids/" + id + "/versions", null);
        Answer all = call("GET", "/schemas/ids/" + id + "/versions?deleted=true", null);

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).isEqualTo(JSON.readTree("[]"));
        assertThat(all.body())
                .isEqualTo(JSON.readTree("[{\"subject\":\"retired-value\",\"version\":1}]"));
    }

    @Test
    void shouldAnswerNotFoundForTheVersionsOfAPermanentlyDeletedSchema() throws Exception {
        int id = register("gone-value");
        call("DELETE", "/subjects/gone-value", null);
        call("DELETE", "/subjects/gone-value?permanent=true", null);

        Answer answer = call("GET", "/schemas/ids/" + id + "/versions", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().get("error_code").asInt())
                .isEqualTo(SchemaNotFoundException.ERROR_CODE);
    }

    @Test
    void shouldAnswerNotFoundForTheVersionsOfAnIdThatIsNotANumber() throws Exception {
        Answer answer = call("GET", "/schemas/ids/one/versions", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().get("error_code").asInt())
                .isEqualTo(SchemaNotFoundException.ERROR_CODE);
    }
}
