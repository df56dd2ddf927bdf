package io.streamscorer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscorer.registry.RegistryEvent.CompatibilityRemoved;
import io.streamscorer.registry.RegistryEvent.CompatibilityStored;
import io.streamscorer.registry.RegistryEvent.SchemaVersionRemoved;
import io.streamscorer.registry.RegistryEvent.SchemaVersionStored;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The JSON keys and values of the {@code _schemas} topic, laid out as Confluent's registry lays
 * them out: a {@code SCHEMA} key per subject version and a {@code CONFIG} key per subject (null
 * subject: global), so compaction keeps exactly the latest state of each, and a tombstone removes
 * it. Records of other key types are not ours to interpret and are skipped.
 */
final class SchemasTopicFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "SCHEMA";
    private static final String CONFIG = "CONFIG";

    private SchemasTopicFormat() {}

    /** The record that stores the event in partition 0 of {@code topic}. */
    static ProducerRecord<byte[], byte[]> encode(String topic, RegistryEvent event) {
        if (event instanceof SchemaVersionStored stored) {
            ObjectNode value = JSON.createObjectNode();
            value.put("subject", stored.subject());
            value.put("version", stored.version());
            value.put("id", stored.id());
            value.put("schema", stored.schema());
            value.put("deleted", stored.deleted());
            return new ProducerRecord<>(
                    topic, 0, schemaKey(stored.subject(), stored.version()), bytes(value));
        }
        if (event instanceof SchemaVersionRemoved removed) {
            return new ProducerRecord<>(
                    topic, 0, schemaKey(removed.subject(), removed.version()), null);
        }
        if (event instanceof CompatibilityStored level) {
            ObjectNode value = JSON.createObjectNode();
            value.put("compatibilityLevel", level.level().name());
            return new ProducerRecord<>(topic, 0, configKey(level.subject()), bytes(value));
        }
        CompatibilityRemoved removed = (CompatibilityRemoved) event;
        return new ProducerRecord<>(topic, 0, configKey(removed.subject()), null);
    }

    /**
     * The event a stored record means, or empty for a record of a type this registry does not keep.
     *
     * @throws IOException when the key or value is not the JSON this format writes
     */
    static Optional<RegistryEvent> decode(byte[] key, byte[] value) throws IOException {
        JsonNode keyJson = JSON.readTree(key);
        String type = keyJson.path("keytype").asText();
        String subject =
                keyJson.path("subject").isTextual() ? keyJson.get("subject").asText() : null;
        if (SCHEMA.equals(type)) {
            int version = keyJson.path("version").asInt();
            if (value == null) {
                return Optional.of(new SchemaVersionRemoved(subject, version));
            }
            JsonNode json = JSON.readTree(value);
            return Optional.of(
                    new SchemaVersionStored(
                            json.path("subject").asText(),
                            json.path("version").asInt(),
                            json.path("id").asInt(),
                            json.path("schema").asText(),
                            json.path("deleted").asBoolean(false)));
        }
        if (CONFIG.equals(type)) {
            if (value == null) {
                return Optional.of(new CompatibilityRemoved(subject));
            }
            String level = JSON.readTree(value).path("compatibilityLevel").asText();
            return Optional.of(new CompatibilityStored(subject, CompatibilityLevel.parse(level)));
        }
        return Optional.empty();
    }

    private static byte[] schemaKey(String subject, int version) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", SCHEMA);
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
        return bytes(key);
    }

    private static byte[] configKey(String subject) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", CONFIG);
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        key.put("magic", 0);
        return bytes(key);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write registry record " + node, e);
        }
    }
}
