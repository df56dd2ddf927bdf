package io.streamscorer.registry;

import static io.streamscorer.registry.MockSchemaRegistryTest.OTHER;
import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static io.streamscorer.registry.MockSchemaRegistryTest.V2_WITHOUT_DEFAULT;
import static io.streamscorer.registry.MockSchemaRegistryTest.V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP client against the embedded registry server (in-memory storage), over real HTTP: what
 * {@link SchemaRegistryContract} leaves open because registries differ (exact ids, messages,
 * request counts), and failover between URLs.
 */
@Timeout(60)
class HttpSchemaRegistryClientTest {
    private EmbeddedSchemaRegistry registry;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void startRegistry() {
        registry = EmbeddedSchemaRegistry.builder().start();
        client = client(registry.url());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    static HttpSchemaRegistryClient client(String urls) {
        return new HttpSchemaRegistryClient(Map.of("schema.registry.url", urls));
    }

    @Test
    void shouldRegisterAndReadSchemasBackOverHttp() {
        int id = client.register("cards-value", V1);
        int next = client.register("cards-value", V2_WITH_DEFAULT);

        HttpSchemaRegistryClient fresh = client(registry.url());
        assertThat(fresh.getById(id)).isEqualTo(V1);
        assertThat(fresh.latest("cards-value"))
                .isEqualTo(new RegisteredSchema("cards-value", next, 2, V2_WITH_DEFAULT));
        assertThat(fresh.version("cards-value", 1))
                .isEqualTo(new RegisteredSchema("cards-value", id, 1, V1));
        assertThat(fresh.versions("cards-value")).containsExactly(1, 2);
        assertThat(fresh.subjects()).containsExactly("cards-value");
        assertThat(fresh.lookup("cards-value", V1))
                .isEqualTo(new RegisteredSchema("cards-value", id, 1, V1));
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaWith409NamingSubjectAndReason() {
        client.register("cards-value", V1);

        assertThatThrownBy(() -> client.register("cards-value", V2_WITHOUT_DEFAULT))
                .isInstanceOfSatisfying(
                        IncompatibleSchemaException.class,
                        e -> {
                            assertThat(e.httpStatus()).isEqualTo(409);
                            assertThat(e.subject()).isEqualTo("cards-value");
                            assertThat(e.url()).startsWith(registry.url());
                        })
                .hasMessageContaining("cards-value")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(client.isCompatible("cards-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThat(client.isCompatible("cards-value", V2_WITH_DEFAULT)).isTrue();
        assertThat(client.isCompatible("unknown-value", V2_WITHOUT_DEFAULT)).isTrue();
    }

    @Test
    void shouldTurnRegistryErrorCodesIntoTypedExceptions() {
        client.register("cards-value", V1);
        Schema badDefault =
                new Schema.Parser()
                        .setValidateDefaults(false)
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Card\",\"fields\":[{\"name\":"
                                        + "\"limit\",\"type\":\"int\",\"default\":\"lots\"}]}");

        assertThatThrownBy(() -> client.latest("nobody-value"))
                .isInstanceOfSatisfying(
                        SubjectNotFoundException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401))
                .hasMessageContaining(registry.url() + "/subjects/nobody-value/versions/latest");
        assertThatThrownBy(() -> client.version("cards-value", 5))
                .isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> client.getById(4711)).isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.lookup("cards-value", OTHER))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> client.register("cards-value", badDefault))
                .isInstanceOfSatisfying(
                        InvalidSchemaException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(422));
        assertThatThrownBy(() -> client.version("cards-value", 0))
                .isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void shouldAnswerRepeatedCallsForTheSameSchemaFromMemory() {
        int id = client.register("cards-value", V1);
        client.lookup("cards-value", V1);
        client(registry.url()).getById(id);
        long before = registry.requestCount();

        for (int i = 0; i < 100; i++) {
            client.register("cards-value", V1);
            client.lookup("cards-value", V1);
            client.getById(id);
        }

        assertThat(registry.requestCount()).isEqualTo(before);
    }

    @Test
    void shouldTryTheNextUrlWhenOneCannotBeReached() throws IOException {
        String dead = "http://127.0.0.1:" + closedPort();
        HttpSchemaRegistryClient failover = client(dead + "," + registry.url());

        assertThat(failover.register("cards-value", V1)).isEqualTo(1);
        assertThat(failover.subjects()).containsExactly("cards-value");
    }

    @Test
    void shouldNameEveryUrlWhenNoneCanBeReached() throws IOException {
        String first = "http://127.0.0.1:" + closedPort();
        String second = "http://127.0.0.1:" + closedPort() + "/registry";
        HttpSchemaRegistryClient unreachable = client(first + "," + second);

        assertThatThrownBy(() -> unreachable.getById(1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining(first + "/schemas/ids/1")
                .hasMessageContaining(second + "/schemas/ids/1")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void shouldReadAndSetCompatibilityLevels() {
        client.setGlobalCompatibility("FULL");
        client.setCompatibility("cards-value", "NONE");

        assertThat(client.globalCompatibility()).isEqualTo("FULL");
        assertThat(client.compatibility("cards-value")).isEqualTo("NONE");
        assertThat(client.compatibility("devices-value")).isEqualTo("FULL");
        assertThatThrownBy(() -> client.setCompatibility("cards-value", "SIDEWAYS"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(42203));
    }

    @Test
    void shouldDeleteASubjectSoftlyThenPermanently() {
        int id = client.register("cards-value", V1);

        assertThat(client.deleteSubject("cards-value", false)).containsExactly(1);
        assertThat(client.subjects()).isEmpty();
        assertThat(client(registry.url()).getById(id)).isEqualTo(V1);
        assertThat(client.deleteSubject("cards-value", true)).containsExactly(1);
        assertThatThrownBy(() -> client(registry.url()).getById(id))
                .isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void shouldEncodeSubjectNamesThatAreNotPlainPathSegments() {
        String subject = "odd topic+name/value";

        int id = client.register(subject, V1);

        assertThat(client.latest(subject).id()).isEqualTo(id);
        assertThat(client.subjects()).containsExactly(subject);
    }

    @Test
    void shouldServeConfluentContentTypeAndErrorBodies() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> config =
                http.send(
                        HttpRequest.newBuilder(URI.create(registry.url() + "/config/cards-value"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> global =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                registry.url()
                                                        + "/config/cards-value?defaultToGlobal=true"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(config.statusCode()).isEqualTo(404);
        assertThat(config.body()).contains("\"error_code\":40408");
        assertThat(config.headers().firstValue("Content-Type"))
                .hasValue("application/vnd.schemaregistry.v1+json");
        assertThat(global.statusCode()).isEqualTo(200);
        assertThat(global.body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void shouldRefuseAMalformedRequestBodyWithA4xxError() throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        registry.url()
                                                                + "/subjects/cards-value/versions"))
                                        .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Malformed JSON request body");
    }

    static Map<String, Object> config(String url, Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", url);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
