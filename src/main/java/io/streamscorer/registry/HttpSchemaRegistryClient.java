package io.streamscorer.registry;

import static io.streamscorer.registry.SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS_CONFIG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;

/**
 * A {@link SchemaRegistryClient} for any registry that speaks Confluent's REST API (Confluent
 * Schema Registry, Apicurio's ccompat API, {@link EmbeddedSchemaRegistry}), on the JDK's {@link
 * HttpClient}. Configured with Confluent's client keys ({@link SchemaRegistryClientConfig}):
 * several URLs are tried in order when one cannot be reached; basic or bearer authentication; https
 * with the JDK's trust or a configured trust store.
 *
 * <p>Schemas by id and ids of schemas under a subject never change, so they are cached without
 * expiry: after the first call for a schema, {@link #register}, {@link #lookup} and {@link
 * #getById} answer from memory. Versions, subjects and config are always asked for.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            MEDIA_TYPE + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final List<String> JSON_MEDIA_TYPES =
            List.of(MEDIA_TYPE, "application/vnd.schemaregistry+json", "application/json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 300;

    private final List<RegistryEndpoint> endpoints;
    private final HttpClient http;
    private final Duration timeout;
    private final AtomicInteger preferred = new AtomicInteger();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema =
            new ConcurrentHashMap<>();
    private final ConcurrentMap<SubjectSchema, RegisteredSchema> lookups =
            new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    /**
     * @throws ConfigException naming the key whose value is missing or invalid
     */
    public HttpSchemaRegistryClient(Map<String, ?> configs) {
        this(new SchemaRegistryClientConfig(configs));
    }

    /**
     * @throws ConfigException naming the key whose value is missing or invalid
     */
    public HttpSchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.endpoints = RegistryEndpoint.all(config);
        this.timeout = Duration.ofMillis(config.getInt(REQUEST_TIMEOUT_MS_CONFIG));
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .sslContext(RegistryTrust.sslContext(config))
                        .build();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer =
                send("POST", subjectPath(subject) + "/versions", schemaBody(schema), subject);
        int id = requireField(answer, "id", subject).asInt();
        schemasById.putIfAbsent(id, schema);
        idsBySubjectSchema.put(key, id);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found =
                registered(
                        send("POST", subjectPath(subject), schemaBody(schema), subject), subject);
        schemasById.putIfAbsent(found.id(), found.schema());
        idsBySubjectSchema.putIfAbsent(key, found.id());
        lookups.put(key, found);
        return found;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null, null);
        Schema schema = parseSchema(answer, null);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous == null ? schema : previous;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(
                send("GET", subjectPath(subject) + "/versions/latest", null, subject), subject);
    }

    /**
     * {@inheritDoc} As in Confluent's API, version -1 means the latest. Other numbers below 1 are
     * refused here, without a request: registries disagree on how to answer them (Confluent 42202,
     * Apicurio 40402).
     */
    @Override
    public RegisteredSchema version(String subject, int version) {
        if (version < 1 && version != -1) {
            throw new InvalidVersionException(
                    "The specified version '"
                            + version
                            + "' is not a valid version id. Allowed values are between [1, 2^31-1]"
                            + " and the string \"latest\"",
                    endpoints.get(preferred.get()).base(),
                    subject);
        }
        return registered(
                send("GET", subjectPath(subject) + "/versions/" + version, null, subject), subject);
    }

    @Override
    public List<Integer> versions(String subject) {
        JsonNode answer = send("GET", subjectPath(subject) + "/versions", null, subject);
        List<Integer> versions = new ArrayList<>();
        requireArray(answer, subject).forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = send("GET", "/subjects", null, null);
        List<String> subjects = new ArrayList<>();
        requireArray(answer, null).forEach(s -> subjects.add(s.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer =
                    send(
                            "POST",
                            "/compatibility" + subjectPath(subject) + "/versions/latest",
                            schemaBody(schema),
                            subject);
            return requireField(answer, "is_compatible", subject).asBoolean();
        } catch (SubjectNotFoundException | VersionNotFoundException e) {
            // Nothing to be incompatible with: registration would accept any first schema.
            return true;
        }
    }

    @Override
    public String compatibility(String subject) {
        JsonNode answer;
        try {
            answer = send("GET", configPath(subject) + "?defaultToGlobal=true", null, subject);
        } catch (SubjectNotFoundException e) {
            // Some registries (Apicurio) know no config of a subject without versions.
            return globalCompatibility();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED) {
                return globalCompatibility();
            }
            throw e;
        }
        return requireField(answer, "compatibilityLevel", subject).asText();
    }

    @Override
    public void setCompatibility(String subject, String level) {
        send("PUT", configPath(subject), compatibilityBody(level), subject);
    }

    @Override
    public String globalCompatibility() {
        return requireField(send("GET", "/config", null, null), "compatibilityLevel", null)
                .asText();
    }

    @Override
    public void setGlobalCompatibility(String level) {
        send("PUT", "/config", compatibilityBody(level), null);
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        JsonNode answer =
                send(
                        "DELETE",
                        subjectPath(subject) + (permanent ? "?permanent=true" : ""),
                        null,
                        subject);
        idsBySubjectSchema.keySet().removeIf(k -> k.subject().equals(subject));
        lookups.keySet().removeIf(k -> k.subject().equals(subject));
        List<Integer> versions = new ArrayList<>();
        requireArray(answer, subject).forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    private JsonNode send(String method, String path, JsonNode body, String subject) {
        int count = endpoints.size();
        int first = preferred.get();
        List<String> failures = new ArrayList<>();
        IOException lastFailure = null;
        for (int attempt = 0; attempt < count; attempt++) {
            int index = (first + attempt) % count;
            RegistryEndpoint endpoint = endpoints.get(index);
            String url = endpoint.base() + path;
            HttpRequest request = request(endpoint, url, method, body);
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                failures.add(url + " (" + describe(e) + ")");
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        "Interrupted while calling the schema registry",
                        SchemaRegistryException.NO_HTTP_STATUS,
                        0,
                        url,
                        subject,
                        e);
            }
            preferred.set(index);
            return answer(response, endpoint, method + " " + url, url, subject);
        }
        throw new SchemaRegistryUnavailableException(
                endpoints.stream().map(RegistryEndpoint::base).collect(Collectors.joining(", ")),
                String.join("; ", failures),
                subject,
                lastFailure);
    }

    private HttpRequest request(
            RegistryEndpoint endpoint, String url, String method, JsonNode body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher =
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a request body", e);
        }
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(timeout)
                        .header("Accept", ACCEPT)
                        .method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", MEDIA_TYPE);
        }
        if (endpoint.authorization() != null) {
            builder.header("Authorization", endpoint.authorization());
        }
        return builder.build();
    }

    private static JsonNode answer(
            HttpResponse<byte[]> response,
            RegistryEndpoint endpoint,
            String call,
            String url,
            String subject) {
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status / 100 == 2) {
            if (!isJson(contentType)) {
                throw new SchemaRegistryException(
                        "Unexpected content type '"
                                + contentType
                                + "' in the answer to "
                                + call
                                + ": "
                                + excerpt(response.body()),
                        status,
                        status,
                        url,
                        subject);
            }
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new SchemaRegistryException(
                        "The answer to " + call + " is not JSON: " + excerpt(response.body()),
                        status,
                        status,
                        url,
                        subject,
                        e);
            }
        }
        int code = status;
        String message = "HTTP " + status + ": " + excerpt(response.body());
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error != null && error.path("error_code").isInt()) {
                code = error.get("error_code").asInt();
            }
            if (error != null && error.path("message").isTextual()) {
                message = error.get("message").asText();
            }
        } catch (IOException e) {
            // Not a registry error body (a proxy's HTML page, say): keep the raw excerpt.
            message = "HTTP " + status + " (" + describe(e) + "): " + excerpt(response.body());
        }
        if (status == 401 || status == 403) {
            throw new UnauthorizedException(message, status, url, subject, endpoint.credentials());
        }
        throw error(status, code, message, url, subject);
    }

    private static SchemaRegistryException error(
            int status, int code, String message, String url, String subject) {
        if (status == 409 || code == IncompatibleSchemaException.ERROR_CODE) {
            return new IncompatibleSchemaException(message, url, subject);
        }
        return switch (code) {
            case SubjectNotFoundException.ERROR_CODE ->
                    new SubjectNotFoundException(message, url, subject);
            case VersionNotFoundException.ERROR_CODE ->
                    new VersionNotFoundException(message, url, subject);
            case SchemaNotFoundException.ERROR_CODE ->
                    new SchemaNotFoundException(message, url, subject);
            case InvalidSchemaException.ERROR_CODE ->
                    new InvalidSchemaException(message, url, subject);
            case InvalidVersionException.ERROR_CODE ->
                    new InvalidVersionException(message, url, subject);
            default -> new SchemaRegistryException(message, status, code, url, subject);
        };
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim();
        return JSON_MEDIA_TYPES.stream().anyMatch(type::equalsIgnoreCase);
    }

    private static RegisteredSchema registered(JsonNode answer, String subject) {
        return new RegisteredSchema(
                requireField(answer, "subject", subject).asText(),
                requireField(answer, "id", subject).asInt(),
                requireField(answer, "version", subject).asInt(),
                parseSchema(answer, subject));
    }

    private static Schema parseSchema(JsonNode answer, String subject) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new InvalidSchemaException(
                    "The registry holds a " + type + " schema here; this client reads Avro only",
                    null,
                    subject);
        }
        String text = requireField(answer, "schema", subject).asText();
        try {
            return SchemaTextParser.parse(text);
        } catch (SchemaParseException e) {
            throw new InvalidSchemaException(
                    "The registry returned a schema Avro cannot parse: " + e.getMessage(),
                    null,
                    subject,
                    e);
        }
    }

    private static JsonNode requireField(JsonNode answer, String field, String subject) {
        if (answer == null || !answer.hasNonNull(field)) {
            throw unexpected(answer, "no \"" + field + "\" field", subject);
        }
        return answer.get(field);
    }

    private static JsonNode requireArray(JsonNode answer, String subject) {
        if (answer == null || !answer.isArray()) {
            throw unexpected(answer, "not a JSON array", subject);
        }
        return answer;
    }

    private static SchemaRegistryException unexpected(
            JsonNode answer, String problem, String subject) {
        return new SchemaRegistryException(
                "Unexpected answer from the schema registry (" + problem + "): " + answer,
                SchemaRegistryException.NO_HTTP_STATUS,
                0,
                null,
                subject);
    }

    private static ObjectNode schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body;
    }

    private static ObjectNode compatibilityBody(String level) {
        ObjectNode body = JSON.createObjectNode();
        body.put("compatibility", level);
        return body;
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    private static String configPath(String subject) {
        return "/config/" + encode(subject);
    }

    private static String encode(String segment) {
        // URLEncoder does form encoding; in a path, a space is %20, not '+'.
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(Exception e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "...";
    }
}
