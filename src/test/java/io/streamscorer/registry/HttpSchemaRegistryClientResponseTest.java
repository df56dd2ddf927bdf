package io.streamscorer.registry;

import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the client reads answers our own server never gives: Apicurio's {@code application/json}
 * errors and bodies, a registry that ignores {@code defaultToGlobal}, a proxy's HTML error page, an
 * unexpected content type.
 */
@Timeout(30)
class HttpSchemaRegistryClientResponseTest {
    private HttpServer server;
    private HttpSchemaRegistryClient client;

    private record Canned(int status, String contentType, String body) {}

    private static final Map<String, Canned> ANSWERS =
            Map.of(
                    "/subjects/apicurio-value/versions/latest",
                    new Canned(
                            404,
                            "application/json",
                            "{\"message\":\"No artifact with ID 'apicurio-value' in group"
                                    + " 'null' was found.\",\"error_code\":40401}"),
                    "/schemas/ids/7",
                    new Canned(200, "application/json", "{\"schema\":" + quoted(V1) + "}"),
                    "/schemas/ids/8",
                    new Canned(200, "application/json", "{\"schema\":\"\\\"Missing\\\"\"}"),
                    "/subjects",
                    new Canned(
                            502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
                    "/subjects/plain-value/versions",
                    new Canned(200, "text/plain", "1,2"),
                    "/config",
                    new Canned(
                            200,
                            "application/vnd.schemaregistry.v1+json",
                            "{\"compatibilityLevel\":\"FULL\"}"),
                    "/config/legacy-value",
                    new Canned(
                            404,
                            "application/vnd.schemaregistry.v1+json",
                            "{\"error_code\":40408,\"message\":\"Subject 'legacy-value' does"
                                    + " not have subject-level compatibility configured\"}"));

    private static String quoted(Object value) {
        return "\"" + value.toString().replace("\"", "\\\"") + "\"";
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        Canned canned = ANSWERS.get(exchange.getRequestURI().getPath());
                        byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().set("Content-Type", canned.contentType());
                        exchange.sendResponseHeaders(canned.status(), body.length);
                        exchange.getResponseBody().write(body);
                    }
                });
        server.start();
        client =
                new HttpSchemaRegistryClient(
                        Map.of(
                                "schema.registry.url",
                                "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldReadErrorsAnsweredAsPlainApplicationJson() {
        assertThatThrownBy(() -> client.latest("apicurio-value"))
                .isInstanceOf(SubjectNotFoundException.class)
                .hasMessageContaining("No artifact with ID 'apicurio-value'");
    }

    @Test
    void shouldReadBodiesAnsweredAsPlainApplicationJson() {
        assertThat(client.getById(7)).isEqualTo(V1);
    }

    @Test
    void shouldRefuseAnAnsweredSchemaThatNamesATypeItDoesNotDefineAsInvalid() {
        assertThatThrownBy(() -> client.getById(8))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("\"Missing\" is not a defined name");
    }

    @Test
    void shouldKeepTheStatusAndTextOfANonRegistryErrorPage() {
        assertThatThrownBy(client::subjects)
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(502);
                            assertThat(e.errorCode()).isEqualTo(502);
                        })
                .hasMessageContaining("502 Bad Gateway");
    }

    @Test
    void shouldFallBackToTheGlobalLevelWhenTheRegistryIgnoresDefaultToGlobal() {
        assertThat(client.compatibility("legacy-value")).isEqualTo("FULL");
    }

    @Test
    void shouldRefuseASuccessfulAnswerThatIsNotJson() {
        assertThatThrownBy(() -> client.versions("plain-value"))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Unexpected content type 'text/plain'");
    }
}
