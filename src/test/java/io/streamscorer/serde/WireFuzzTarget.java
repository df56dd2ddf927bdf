package io.streamscorer.serde;

import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.registry.MockSchemaRegistry;
import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.serde.BoundedBinaryDecoder.DecodeException;
import io.streamscorer.serde.WireFormatException.Kind;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One fuzz target over a Confluent-framed Avro deserializer: a registry holding the class's own
 * schema (id 1, read by the scorer's own reader), an evolved schema of it (id 2, read by Avro's
 * resolving reader) and an unrelated schema (id 3, incompatible); the seed corpora frame their
 * bodies with these ids. Anything the deserializer throws but a {@link WireFormatException} escapes
 * to the fuzzer as a finding.
 */
final class WireFuzzTarget<T extends SpecificRecord> {
    /** The id of the class's own schema, the ids after it are the evolved and unrelated ones. */
    static final int OWN_SCHEMA_ID = 1;

    // Kinds our own reader decides on; for them, a cause other than its DecodeException means
    // the catch-all in the deserializer hid one of our bugs behind a refusal.
    private static final Set<Kind> BODY_KINDS =
            Set.of(Kind.MALFORMED, Kind.TRUNCATED, Kind.TOO_LARGE, Kind.TRAILING_BYTES);

    private final String topic;
    private final Deserializer<T> deserializer;

    private WireFuzzTarget(String topic, Deserializer<T> deserializer) {
        this.topic = topic;
        this.deserializer = deserializer;
    }

    /**
     * A target for records of {@code type} on {@code topic}, in a registry scope of its own.
     *
     * @param evolved a schema of {@code type} with more fields, which the class's schema can read
     */
    static <T extends SpecificRecord> WireFuzzTarget<T> of(
            Class<T> type, String topic, Schema evolved) {
        String scope = "fuzz-" + type.getSimpleName();
        MockSchemaRegistry.dropScope(scope);
        AvroSerdes serdes = AvroSerdes.create(Map.of("schema.registry.url", "mock://" + scope));
        SchemaRegistryClient registry = serdes.client();
        Schema own = SpecificData.get().getSchema(type);
        require(registry.register(topic + "-value", own), OWN_SCHEMA_ID);
        require(registry.register("evolved-value", evolved), OWN_SCHEMA_ID + 1);
        require(registry.register("other-value", ScoreEvent.getClassSchema()), OWN_SCHEMA_ID + 2);
        return new WireFuzzTarget<>(topic, serdes.valueSerde(type).deserializer());
    }

    private static void require(int id, int expected) {
        if (id != expected) {
            throw new IllegalStateException(
                    "registered as id " + id + " where the seed corpus expects " + expected);
        }
    }

    /**
     * Deserializes {@code data}: a record, or a {@link WireFormatException} naming the topic and
     * what is wrong. Returns the record, or null when refused.
     */
    T decodeOrRefuse(byte[] data) {
        try {
            T value = deserializer.deserialize(topic, data);
            if (value == null) {
                throw new AssertionError("a non-null record deserialized to null");
            }
            return value;
        } catch (WireFormatException e) {
            if (e.kind() == null || !e.getMessage().contains(topic)) {
                throw new AssertionError("a refusal that does not say what is wrong", e);
            }
            boolean ownReader = e.schemaId().orElse(-1) == OWN_SCHEMA_ID;
            if (ownReader
                    && BODY_KINDS.contains(e.kind())
                    && e.getCause() != null
                    && !(e.getCause() instanceof DecodeException)) {
                throw new AssertionError("the scorer's own reader failed unexpectedly", e);
            }
            return null;
        }
    }

    /**
     * Checks a decoded map is one the scorer can use: {@link io.streamscorer.model.FeatureValues}
     * and the plain maps alike answer as a {@code HashMap} of their entries does.
     */
    static <V> void requireConsistent(Map<String, V> map) {
        Map<String, V> copy = new HashMap<>(map);
        if (!copy.equals(map) || !map.equals(copy) || copy.size() != map.size()) {
            throw new AssertionError("a decoded map disagrees with a copy of its entries: " + map);
        }
        for (Map.Entry<String, V> entry : copy.entrySet()) {
            if (!entry.getValue().equals(map.get(entry.getKey()))) {
                throw new AssertionError("a decoded map does not find its own key " + entry);
            }
        }
    }
}
