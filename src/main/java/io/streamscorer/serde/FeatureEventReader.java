package io.streamscorer.serde;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.serde.BoundedBinaryDecoder.DecodeException;
import io.streamscorer.serde.WireFormatException.Kind;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Reads a {@code FeatureEvent} written with the class's own schema field by field, the scorer's
 * hottest path: every event is one. Avro's generic reader spent most of a scorer thread's decoding
 * on the feature map: a new {@code String} per feature name, hashed again by the map, and a map
 * grown three times. Here the names come from a {@link DecodedStrings} table, known by identity and
 * with their hash cached, and the map is sized from the block count. Only map keys go through the
 * table: they repeat on every record, while event and entity ids would only churn it.
 *
 * <p>Records of any other writer schema are read by Avro's resolving reader. Limits and refusals
 * are those of the {@link BoundedBinaryDecoder} it reads from. Thread-safe.
 */
final class FeatureEventReader implements DatumReader<FeatureEvent> {
    private static final long FINGERPRINT =
            SchemaNormalization.parsingFingerprint64(FeatureEvent.getClassSchema());

    private final DecodedStrings names = new DecodedStrings();

    /** Whether records of {@code writer} have exactly the class's binary layout. */
    static boolean reads(Schema writer) {
        return SchemaNormalization.parsingFingerprint64(writer) == FINGERPRINT;
    }

    @Override
    public void setSchema(Schema schema) {
        if (!reads(schema)) {
            throw new IllegalArgumentException(
                    "reads only FeatureEvent's own schema, not " + schema.getFullName());
        }
    }

    @Override
    public FeatureEvent read(FeatureEvent reuse, Decoder in) {
        BoundedBinaryDecoder d = (BoundedBinaryDecoder) in;
        String eventId = d.readString();
        String entityId = d.readString();
        Instant eventTime = Instant.ofEpochMilli(d.readLong());
        Map<String, Double> features = readDoubles(d);
        String modelName = readOptionalString(d);
        Map<String, String> attributes = readStrings(d);
        return new FeatureEvent(eventId, entityId, eventTime, features, modelName, attributes);
    }

    private Map<String, Double> readDoubles(BoundedBinaryDecoder d) {
        long count = d.readMapStart();
        Map<String, Double> map = new HashMap<>(capacity(count));
        while (count > 0) {
            for (long i = 0; i < count; i++) {
                String key = d.readString(names);
                map.put(key, d.readDouble());
            }
            count = d.mapNext();
        }
        return map;
    }

    private Map<String, String> readStrings(BoundedBinaryDecoder d) {
        long count = d.readMapStart();
        Map<String, String> map = new HashMap<>(capacity(count));
        while (count > 0) {
            for (long i = 0; i < count; i++) {
                String key = d.readString(names);
                map.put(key, d.readString());
            }
            count = d.mapNext();
        }
        return map;
    }

    private static String readOptionalString(BoundedBinaryDecoder d) {
        int branch = d.readIndex();
        return switch (branch) {
            case 0 -> null;
            case 1 -> d.readString();
            default ->
                    throw new DecodeException(
                            Kind.MALFORMED, "union branch " + branch + " of [null, string]");
        };
    }

    /** A capacity that holds {@code count} entries without growing; the count is bounded. */
    private static int capacity(long count) {
        return (int) (count * 4 / 3) + 1;
    }
}
