package io.streamscorer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Confluent Schema Registry REST subset over a {@link RegistryCore}: subjects, versions,
 * schemas by id and the subject versions using an id, compatibility checks and config, with
 * Confluent's status codes, error codes and content type. A schema that does not parse is the
 * client's error (422, 42201), never the server's.
 */
final class RegistryRestHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRestHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    private static final Pattern SLASH = Pattern.compile("/");
    private static final Pattern AMPERSAND = Pattern.compile("&");

    private final RegistryCore core;
    private final List<byte[]> acceptedAuthorizations;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param acceptedAuthorizations the {@code Authorization} header values let in; empty means no
     *     authentication
     */
    RegistryRestHandler(RegistryCore core, List<String> acceptedAuthorizations) {
        this.core = core;
        this.acceptedAuthorizations =
                acceptedAuthorizations.stream()
                        .map(a -> a.getBytes(StandardCharsets.UTF_8))
                        .toList();
    }

    long requestCount() {
        return requests.get();
    }

    private record Response(int status, Object body) {}

    private record Request(
            String method, List<String> path, Map<String, String> query, String body) {
        boolean flag(String name) {
            return "true".equalsIgnoreCase(query.get(name));
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            Response response;
            try {
                if (!authorized(exchange)) {
                    exchange.getResponseHeaders()
                            .add("WWW-Authenticate", "Basic realm=\"schema-registry\"");
                    response = error(401, 401, "Unauthorized");
                } else {
                    response = route(read(exchange));
                }
            } catch (SchemaRegistryException e) {
                response = error(e.httpStatus(), e.errorCode(), e.registryMessage());
            } catch (IllegalArgumentException e) {
                response = error(400, 400, "Bad request: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.error(
                        "Schema registry failed on {} {}",
                        exchange.getRequestMethod(),
                        exchange.getRequestURI(),
                        e);
                response = error(500, 500, "Internal server error: " + e.getMessage());
            }
            byte[] body =
                    response.body() instanceof String text
                            ? text.getBytes(StandardCharsets.UTF_8)
                            : JSON.writeValueAsBytes(response.body());
            exchange.getResponseHeaders().set("Content-Type", HttpSchemaRegistryClient.MEDIA_TYPE);
            exchange.sendResponseHeaders(response.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private boolean authorized(HttpExchange exchange) {
        if (acceptedAuthorizations.isEmpty()) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return false;
        }
        byte[] given = header.getBytes(StandardCharsets.UTF_8);
        boolean accepted = false;
        for (byte[] expected : acceptedAuthorizations) {
            accepted |= MessageDigest.isEqual(given, expected);
        }
        return accepted;
    }

    private static Request read(HttpExchange exchange) throws IOException {
        List<String> path = new ArrayList<>();
        SLASH.splitAsStream(exchange.getRequestURI().getRawPath())
                .filter(segment -> !segment.isEmpty())
                .forEach(segment -> path.add(decode(segment)));
        Map<String, String> query = new HashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null) {
            AMPERSAND
                    .splitAsStream(rawQuery)
                    .filter(pair -> !pair.isEmpty())
                    .forEach(
                            pair -> {
                                int eq = pair.indexOf('=');
                                if (eq > 0) {
                                    query.put(
                                            decode(pair.substring(0, eq)),
                                            decode(pair.substring(eq + 1)));
                                } else {
                                    query.put(decode(pair), "");
                                }
                            });
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new SchemaRegistryException(
                    "Request body larger than " + MAX_BODY_BYTES + " bytes", 413, 413, null, null);
        }
        return new Request(
                exchange.getRequestMethod(),
                List.copyOf(path),
                query,
                new String(body, StandardCharsets.UTF_8));
    }

    private static String decode(String raw) {
        // URLDecoder decodes form encoding, where '+' means space; in a path it is a plus.
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private Response route(Request request) {
        List<String> path = request.path();
        if (path.isEmpty()) {
            return ok(JSON.createObjectNode());
        }
        return switch (path.get(0)) {
            case "subjects" -> subjects(request);
            case "schemas" -> schemas(request);
            case "compatibility" -> compatibility(request);
            case "config" -> config(request);
            default -> notFound();
        };
    }

    private Response schemas(Request request) {
        List<String> path = request.path();
        if (!request.method().equals("GET")) {
            return notFound();
        }
        if (path.size() == 3 && path.get(1).equals("ids")) {
            return schemaById(path.get(2));
        }
        if (path.size() == 4 && path.get(1).equals("ids") && path.get(3).equals("versions")) {
            return versionsUsing(path.get(2), request.flag("deleted"));
        }
        if (path.size() == 2 && path.get(1).equals("types")) {
            return ok(List.of("AVRO"));
        }
        return notFound();
    }

    private Response subjects(Request request) {
        List<String> path = request.path();
        String method = request.method();
        boolean deleted = request.flag("deleted");
        if (path.size() == 1 && method.equals("GET")) {
            return ok(core.subjects(deleted));
        }
        if (path.size() < 2) {
            return notFound();
        }
        String subject = path.get(1);
        if (path.size() == 2) {
            return switch (method) {
                case "POST" ->
                        registered(core.lookup(subject, schemaText(request, subject), deleted));
                case "DELETE" -> ok(core.deleteSubject(subject, request.flag("permanent")));
                default -> notFound();
            };
        }
        if (!path.get(2).equals("versions")) {
            return notFound();
        }
        if (path.size() == 3 && method.equals("GET")) {
            return ok(core.versions(subject, deleted));
        }
        if (path.size() == 3 && method.equals("POST")) {
            ObjectNode id = JSON.createObjectNode();
            id.put("id", core.register(subject, schemaText(request, subject)));
            return ok(id);
        }
        if (path.size() == 4 && method.equals("GET")) {
            return registered(core.version(subject, path.get(3), deleted));
        }
        if (path.size() == 5 && path.get(4).equals("schema") && method.equals("GET")) {
            return ok(core.version(subject, path.get(3), deleted).schema().toString());
        }
        return notFound();
    }

    private Response schemaById(String id) {
        Schema schema = core.schemaById(schemaId(id));
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return ok(body);
    }

    private Response versionsUsing(String id, boolean deleted) {
        ArrayNode body = JSON.createArrayNode();
        for (RegisteredSchema version : core.versionsUsing(schemaId(id), deleted)) {
            body.addObject().put("subject", version.subject()).put("version", version.version());
        }
        return ok(body);
    }

    /** The id in a {@code /schemas/ids/{id}} path; one that is not a number names no schema. */
    private static int schemaId(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new SchemaNotFoundException("Schema " + id + " not found", null, null);
        }
    }

    private Response compatibility(Request request) {
        List<String> path = request.path();
        if (!request.method().equals("POST")
                || path.size() < 4
                || path.size() > 5
                || !path.get(1).equals("subjects")
                || !path.get(3).equals("versions")) {
            return notFound();
        }
        String subject = path.get(2);
        String version = path.size() == 5 ? path.get(4) : null;
        List<String> problems =
                core.checkCompatibility(subject, version, schemaText(request, subject));
        ObjectNode body = JSON.createObjectNode();
        body.put("is_compatible", problems.isEmpty());
        if (request.flag("verbose")) {
            body.set("messages", JSON.valueToTree(problems));
        }
        return ok(body);
    }

    private Response config(Request request) {
        List<String> path = request.path();
        if (path.size() > 2) {
            return notFound();
        }
        String subject = path.size() == 2 ? path.get(1) : null;
        return switch (request.method()) {
            case "GET" -> ok(level(configFor(subject, request.flag("defaultToGlobal"))));
            case "PUT" -> setConfig(request, subject);
            default -> notFound();
        };
    }

    private Response setConfig(Request request, String subject) {
        JsonNode body = body(request);
        String requested = body == null ? null : body.path("compatibility").asText(null);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("compatibility", core.setCompatibility(subject, requested).name());
        return ok(answer);
    }

    private CompatibilityLevel configFor(String subject, boolean defaultToGlobal) {
        if (subject == null) {
            return core.globalCompatibility();
        }
        Optional<CompatibilityLevel> own = core.subjectCompatibility(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return core.globalCompatibility();
        }
        throw new SchemaRegistryException(
                "Subject '" + subject + "' does not have subject-level compatibility configured",
                404,
                SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                null,
                subject);
    }

    private static ObjectNode level(CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode();
        body.put("compatibilityLevel", level.name());
        return body;
    }

    private static String schemaText(Request request, String subject) {
        JsonNode body = body(request);
        if (body == null || !body.path("schema").isTextual()) {
            throw new InvalidSchemaException(
                    "The request body has no \"schema\" string", null, subject);
        }
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new InvalidSchemaException(
                    "Schema type " + type + " is not supported; this registry holds AVRO only",
                    null,
                    subject);
        }
        if (body.path("references").size() > 0) {
            throw new InvalidSchemaException("Schema references are not supported", null, subject);
        }
        return body.get("schema").asText();
    }

    private static JsonNode body(Request request) {
        if (request.body().isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(request.body());
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    "Malformed JSON request body: " + e.getMessage(), 400, 400, null, null, e);
        }
    }

    private static Response registered(RegisteredSchema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("subject", schema.subject());
        body.put("version", schema.version());
        body.put("id", schema.id());
        body.put("schema", schema.schema().toString());
        return ok(body);
    }

    private static Response ok(Object body) {
        return new Response(200, body);
    }

    private static Response notFound() {
        return error(404, 404, "HTTP 404 Not Found");
    }

    private static Response error(int status, int code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error_code", code);
        body.put("message", message);
        return new Response(status, body);
    }
}
