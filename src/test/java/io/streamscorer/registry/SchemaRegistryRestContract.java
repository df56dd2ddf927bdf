package io.streamscorer.registry;

import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static io.streamscorer.registry.MockSchemaRegistryTest.V2_WITHOUT_DEFAULT;
import static io.streamscorer.registry.MockSchemaRegistryTest.V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The part of the registry contract that only raw HTTP shows: schema text as other serializers send
 * it (with their own whitespace), status codes, error codes and content types, and the cases where
 * registries differ, each asserted as the server's {@link RegistryBehaviour} states it. Runs
 * against every registry with an HTTP API; {@link SchemaRegistryContract} covers the same registry
 * through our client.
 */
abstract class SchemaRegistryRestContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPACED_V1 =
            """
            { "type" : "record",
              "name" : "Card", "namespace": "test",
              "fields" : [ { "name" : "id", "type" : "string" } ] }
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String prefix = "rest-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    /** The registry's Confluent-compatible base URL. */
    protected abstract String baseUrl();

    /** How the registry under test behaves where registries differ. */
    protected abstract RegistryBehaviour behaviour();

    private record Answer(int status, String contentType, JsonNode body) {
        int errorCode() {
            return body.path("error_code").asInt();
        }
    }

    private String subject(String name) {
        return prefix + name;
    }

    private Answer call(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .header("Accept", HttpSchemaRegistryClient.MEDIA_TYPE)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", HttpSchemaRegistryClient.MEDIA_TYPE);
        }
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
    }

    private static String schemaBody(String schemaText) {
        return JSON.createObjectNode().put("schema", schemaText).toString();
    }

    private int register(String subject, String schemaText)
            throws IOException, InterruptedException {
        Answer answer = call("POST", "/subjects/" + subject + "/versions", schemaBody(schemaText));
        assertThat(answer.status()).as("registering under %s: %s", subject, answer).isEqualTo(200);
        return answer.body().get("id").asInt();
    }

    private void assertError(Answer answer, int status, int errorCode) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.errorCode()).as("error code of %s", answer).isEqualTo(errorCode);
        assertThat(answer.body().path("message").asText()).isNotBlank();
        assertThat(answer.contentType())
                .as("%s: content type of an error", behaviour().name())
                .startsWith(behaviour().errorContentType());
    }

    @Test
    void shouldKeepOneVersionForTheSameSchemaWrittenWithOtherWhitespace() throws Exception {
        String subject = subject("cards-value");
        int id = register(subject, V1.toString());

        Answer again = call("POST", "/subjects/" + subject + "/versions", schemaBody(SPACED_V1));
        Answer versions = call("GET", "/subjects/" + subject + "/versions", null);
        Answer lookup = call("POST", "/subjects/" + subject, schemaBody(SPACED_V1));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.contentType()).startsWith(HttpSchemaRegistryClient.MEDIA_TYPE);
        assertThat(again.body().get("id").asInt()).isEqualTo(id);
        assertThat(versions.body()).isEqualTo(JSON.readTree("[1]"));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.body().get("version").asInt()).isEqualTo(1);
        assertThat(lookup.body().get("id").asInt()).isEqualTo(id);
        assertThat(lookup.body().get("subject").asText()).isEqualTo(subject);
    }

    @Test
    void shouldIdentifyAReformattedSchemaUnderAnotherSubjectAsTheRegistryDoes() throws Exception {
        int id = register(subject("cards-value"), V1.toString());

        int reformatted = register(subject("archive-value"), SPACED_V1);

        if (behaviour().reformattedSchemaUnderANewSubjectKeepsItsId()) {
            assertThat(reformatted).as(behaviour().name()).isEqualTo(id);
        } else {
            assertThat(reformatted).as(behaviour().name()).isNotEqualTo(id);
        }
        assertThat(register(subject("archive-value"), SPACED_V1)).isEqualTo(reformatted);
    }

    @Test
    void shouldAnswerWhatIsMissingWithConfluentsErrorCodes() throws Exception {
        String subject = subject("cards-value");
        register(subject, V1.toString());
        String unknown = subject("nobody-value");

        assertError(call("GET", "/subjects/" + unknown + "/versions", null), 404, 40401);
        assertError(call("GET", "/subjects/" + unknown + "/versions/latest", null), 404, 40401);
        assertError(call("POST", "/subjects/" + unknown, schemaBody(V1.toString())), 404, 40401);
        assertError(call("GET", "/subjects/" + subject + "/versions/99", null), 404, 40402);
        assertError(call("GET", "/schemas/ids/2147483640", null), 404, 40403);
        assertError(
                call("POST", "/subjects/" + subject, schemaBody(V2_WITHOUT_DEFAULT.toString())),
                404,
                40403);
    }

    @Test
    void shouldRefuseInvalidAndIncompatibleSchemasWithConfluentsErrorCodes() throws Exception {
        String subject = subject("cards-value");
        register(subject, V1.toString());

        Answer invalid =
                call("POST", "/subjects/" + subject + "/versions", schemaBody("{\"type\":"));
        Answer incompatible =
                call(
                        "POST",
                        "/subjects/" + subject + "/versions",
                        schemaBody(V2_WITHOUT_DEFAULT.toString()));
        Answer badLevel = call("PUT", "/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}");

        assertError(invalid, 422, 42201);
        assertError(incompatible, 409, 409);
        assertThat(incompatible.body().get("message").asText()).contains("limit");
        assertError(badLevel, 422, 42203);
        assertThat(call("GET", "/subjects/" + subject + "/versions", null).body())
                .isEqualTo(JSON.readTree("[1]"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"type\":\"recordx\"}",
                "\"Missing\"",
                "{\"type\":\"record\",\"name\":\"Card\",\"fields\":["
                        + "{\"name\":\"id\",\"type\":\"Missing\"}]}",
                "{\"type\":\"record\",\"name\":\"Card\"}",
                "[\"int\",\"int\"]",
                "{\"type\":\"record\",\"name\":\"Card\",\"fields\":["
                        + "{\"name\":\"id\",\"type\":\"int\",\"order\":\"sideways\"}]}",
                "{\"type\":\"record\",\"name\":\"Card\",\"fields\":["
                        + "{\"name\":\"id\",\"type\":\"int\",\"order\":true}]}",
                "not json"
            })
    void shouldRefuseAnInvalidSchemaWhereverOneIsSentAsTheRegistryDoes(String invalid)
            throws Exception {
        String subject = subject("cards-value");
        register(subject, V1.toString());
        String body = schemaBody(invalid);

        assertError(call("POST", "/subjects/" + subject + "/versions", body), 422, 42201);
        assertError(
                call("POST", "/subjects/" + subject, body),
                behaviour().invalidSchemaLookupStatus(),
                behaviour().invalidSchemaLookupErrorCode());
        assertError(
                call("POST", "/compatibility/subjects/" + subject + "/versions/latest", body),
                422,
                42201);
        assertError(
                call("POST", "/compatibility/subjects/" + subject + "/versions", body), 422, 42201);
        assertThat(call("GET", "/subjects/" + subject + "/versions", null).body())
                .isEqualTo(JSON.readTree("[1]"));
    }

    @Test
    void shouldListTheSubjectVersionsThatUseASchemaId() throws Exception {
        String cards = subject("cards-value");
        String archive = subject("archive-value");
        int id = register(cards, ownCopy(V1));
        register(archive, ownCopy(V1));
        int evolved = register(cards, ownCopy(V2_WITH_DEFAULT));

        Answer v1 = call("GET", "/schemas/ids/" + id + "/versions", null);
        Answer v2 = call("GET", "/schemas/ids/" + evolved + "/versions", null);

        assertThat(v1.status()).as("%s", v1).isEqualTo(200);
        assertThat(v1.body())
                .containsExactlyInAnyOrder(subjectVersion(cards, 1), subjectVersion(archive, 1));
        assertThat(v2.body()).containsExactly(subjectVersion(cards, 2));
        assertError(call("GET", "/schemas/ids/2147483640/versions", null), 404, 40403);
    }

    /** {@code schema} in a namespace of this test's own, which no other test registers. */
    private String ownCopy(Schema schema) {
        return schema.toString()
                .replace(
                        "\"namespace\":\"test\"",
                        "\"namespace\":\"" + prefix.replace('-', '_') + "test\"");
    }

    private static JsonNode subjectVersion(String subject, int version) {
        return JSON.createObjectNode().put("subject", subject).put("version", version);
    }

    @Test
    void shouldAnswerForASubjectWithoutItsOwnLevelAsTheRegistryDoes() throws Exception {
        String subject = subject("cards-value");
        register(subject, V1.toString());

        Answer own = call("GET", "/config/" + subject, null);
        Answer orGlobal = call("GET", "/config/" + subject + "?defaultToGlobal=true", null);

        if (behaviour().subjectWithoutOwnLevelAnswersGlobal()) {
            assertThat(own.status()).as(behaviour().name()).isEqualTo(200);
            assertThat(own.body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        } else {
            assertError(own, 404, SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED);
        }
        assertThat(orGlobal.status()).isEqualTo(200);
        assertThat(orGlobal.body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        assertError(
                call("GET", "/config/" + subject("nobody-value"), null),
                404,
                behaviour().configOfAnUnknownSubjectErrorCode());
    }

    @Test
    void shouldSetAndGetASubjectsOwnLevel() throws Exception {
        String subject = subject("cards-value");
        register(subject, V1.toString());

        Answer set = call("PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}");
        Answer get = call("GET", "/config/" + subject, null);

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("compatibility").asText()).isEqualTo("FULL");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body().get("compatibilityLevel").asText()).isEqualTo("FULL");
        assertThat(call("GET", "/config", null).body().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
    }

    @Test
    void shouldAnswerAVersionBelowOneAsTheRegistryDoes() throws Exception {
        String subject = subject("cards-value");
        register(subject, V1.toString());

        assertError(
                call("GET", "/subjects/" + subject + "/versions/0", null),
                behaviour().versionBelowOneStatus(),
                behaviour().versionBelowOneErrorCode());
    }

    @Test
    void shouldKeepASoftDeletedSubjectReadableAsTheRegistryDoes() throws Exception {
        String subject = subject("retired-value");
        int id = register(subject, V1.toString());

        Answer deleted = call("DELETE", "/subjects/" + subject, null);

        assertThat(deleted.body()).isEqualTo(JSON.readTree("[1]"));
        assertError(call("GET", "/subjects/" + subject + "/versions", null), 404, 40401);
        assertThat(call("GET", "/subjects/" + subject + "/versions?deleted=true", null).body())
                .isEqualTo(JSON.readTree("[1]"));
        assertThat(call("GET", "/schemas/ids/" + id, null).status()).isEqualTo(200);
        Answer version = call("GET", "/subjects/" + subject + "/versions/1?deleted=true", null);
        if (behaviour().readsAVersionOfASoftDeletedSubject()) {
            assertThat(version.status()).as(behaviour().name()).isEqualTo(200);
            assertThat(version.body().get("id").asInt()).isEqualTo(id);
        } else {
            assertError(version, 404, 40401);
        }
    }

    @Test
    void shouldExplainAnIncompatibilityWhenAskedVerboselyAsTheRegistryDoes() throws Exception {
        String subject = subject("cards-value");
        register(subject, V1.toString());

        Answer check =
                call(
                        "POST",
                        "/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
                        schemaBody(V2_WITHOUT_DEFAULT.toString()));

        assertThat(check.status()).isEqualTo(200);
        assertThat(check.body().get("is_compatible").asBoolean()).isFalse();
        if (behaviour().verboseCompatibilityExplains()) {
            assertThat(check.body().path("messages").toString())
                    .as(behaviour().name())
                    .contains("limit");
        } else {
            assertThat(check.body().has("messages")).as(behaviour().name()).isFalse();
        }
    }
}
