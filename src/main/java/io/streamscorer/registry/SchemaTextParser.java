package io.streamscorer.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Parses Avro schema text from outside (a request, the schemas topic, a registry's answer) and
 * refuses every text that is not a valid schema with one {@link SchemaParseException} giving the
 * reason, so that registries answer 422 with error code 42201 rather than failing.
 *
 * <p>Avro 1.12's parser refuses most bad schemas with an {@link AvroRuntimeException} ({@code
 * SchemaParseException} for bad JSON and bad structure, {@code AvroTypeException} for undefined
 * names and invalid defaults), an unknown field order with an {@link IllegalArgumentException}, and
 * two cases with a {@link NullPointerException}: a schema that is only the name of a type it does
 * not define ({@code "Missing"}, or {@code {"type":"recordx"}}, whose resolver placeholder {@code
 * org.apache.avro.compiler.UnresolvedSchema_N} is then looked up in vain), and a field order that
 * is not a string.
 */
final class SchemaTextParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The name Avro's resolver gives the placeholder of a type it has not found (a prefix). */
    private static final String UNRESOLVED_PLACEHOLDER =
            "org.apache.avro.compiler.UnresolvedSchema";

    private SchemaTextParser() {}

    /**
     * The schema {@code text} defines.
     *
     * @throws SchemaParseException when it is not a valid Avro schema, with the reason as message
     */
    static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw e.getCause() instanceof JsonProcessingException json
                    ? refused(unreadableJson(json), e)
                    : e;
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw refused(e.getMessage(), e);
        } catch (NullPointerException e) {
            // The parser is a function of the text alone, so this is Avro failing on bad input,
            // not a fault of ours (see the class comment).
            throw refused(parserFailure(text, e), e);
        }
    }

    private static SchemaParseException refused(String reason, Throwable cause) {
        SchemaParseException refused = new SchemaParseException(reason);
        refused.initCause(cause);
        return refused;
    }

    private static String unreadableJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return "not readable as JSON: "
                + e.getOriginalMessage()
                + (at == null
                        ? ""
                        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    /** Names the undefined type a bare-name schema refers to, else passes Avro's failure on. */
    private static String parserFailure(String text, NullPointerException e) {
        if (e.getMessage() == null || !e.getMessage().contains(UNRESOLVED_PLACEHOLDER)) {
            return "Avro's parser failed on it (" + e + ")";
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException unreadable) {
            root = null;
        }
        JsonNode name = root != null && root.isObject() ? root.get("type") : root;
        if (name != null && name.isTextual()) {
            return "\""
                    + name.asText()
                    + "\" is not a defined name: neither an Avro type nor a named type this schema"
                    + " defines";
        }
        return "it names a type it does not define";
    }
}
