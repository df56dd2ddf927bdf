package io.streamscorer.serde;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.model.FeatureLayout;
import io.streamscorer.model.FeatureValues;
import io.streamscorer.serde.BoundedBinaryDecoder.DecodeException;
import io.streamscorer.serde.WireFormatException.Kind;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Reads a {@code FeatureEvent} written with the class's own schema field by field, the scorer's
 * hottest path: every event is one. Avro's generic reader spent most of a scorer thread's decoding
 * on the feature map: a new {@code String} per feature name, hashed again by the map, and a map
 * grown three times. Here the names come from a {@link DecodedStrings} table, known by identity and
 * with their hash cached, and the features are read into {@link FeatureValues} whose names are
 * shared with earlier events in the same order. Only map keys go through the table: they repeat on
 * every record, while event and entity ids would only churn it.
 *
 * <p>Records of any other writer schema are read by Avro's resolving reader. Limits and refusals
 * are those of the {@link BoundedBinaryDecoder} it reads from. Thread-safe.
 */
final class FeatureEventReader implements DatumReader<FeatureEvent> {
    private static final SchemaPin PIN = SchemaPin.of(FeatureEvent.getClassSchema());

    // A small direct-mapped table of the layouts read lately, by first name and count: bounded,
    // so hostile input cannot grow it; entries are immutable, so threads share it without locks.
    private static final int LAYOUT_BITS = 6;

    private final DecodedStrings names = new DecodedStrings();
    private final EncodedLayout[] layouts = new EncodedLayout[1 << LAYOUT_BITS];

    /** Whether records of {@code writer} have exactly the class's binary layout. */
    static boolean reads(Schema writer) {
        return PIN.matches(writer);
    }

    @Override
    public void setSchema(Schema schema) {
        PIN.require(schema);
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

    /**
     * The feature map as {@link FeatureValues}: an event written in the same order as an earlier
     * one shares that event's {@link FeatureLayout}, its names recognised by their bytes, so the
     * event costs an array of values and no string, map node or boxed value; a model encodes it by
     * position. An event that repeats a name is read into a map, its later value winning.
     */
    Map<String, Double> readDoubles(BoundedBinaryDecoder d) {
        long count = d.readMapStart();
        if (count == 0) {
            return new HashMap<>(1);
        }
        int firstBlock = (int) count;
        double[] values = new double[firstBlock];
        // Names are kept only once they stray from the candidate layout.
        String[] strayed = null;
        EncodedLayout candidate = null;
        int known = 0;
        int slot = 0;
        int n = 0;
        while (count > 0) {
            if (n + count > values.length) {
                values = Arrays.copyOf(values, (int) (n + count));
                strayed = strayed == null ? null : Arrays.copyOf(strayed, values.length);
            }
            for (long i = 0; i < count; i++) {
                if (strayed == null && n > 0 && n < known && d.skipIfNext(candidate.names[n])) {
                    values[n++] = d.readDouble();
                    continue;
                }
                String name = d.readString(names);
                double value = d.readDouble();
                if (n == 0) {
                    slot = layoutSlot(name, firstBlock);
                    candidate = layouts[slot];
                    known = candidate == null ? 0 : candidate.layout.size();
                }
                if (strayed == null) {
                    if (n < known && same(candidate.layout.name(n), name)) {
                        values[n++] = value;
                        continue;
                    }
                    strayed = new String[values.length];
                    for (int k = 0; k < n; k++) {
                        strayed[k] = candidate.layout.name(k);
                    }
                }
                strayed[n] = name;
                values[n++] = value;
            }
            count = d.mapNext();
        }
        if (n < values.length) {
            values = Arrays.copyOf(values, n);
        }
        if (strayed == null && known == n) {
            return FeatureValues.wrap(candidate.layout, values);
        }
        List<String> order =
                strayed == null
                        ? candidate.layout.names().subList(0, n)
                        : Arrays.asList(strayed).subList(0, n);
        FeatureLayout layout = FeatureLayout.of(order);
        if (layout == null) {
            Map<String, Double> map = new HashMap<>(capacity(n));
            for (int k = 0; k < n; k++) {
                map.put(order.get(k), values[k]);
            }
            return map;
        }
        layouts[slot] = new EncodedLayout(layout);
        return FeatureValues.wrap(layout, values);
    }

    /** Identity first: the string table hands out one instance per name it holds. */
    @SuppressWarnings("ReferenceEquality")
    private static boolean same(String known, String decoded) {
        return known == decoded || known.equals(decoded);
    }

    /** The layout table's slot for events whose first name is {@code first}. */
    private static int layoutSlot(String first, int firstBlock) {
        return ((first.hashCode() + firstBlock) * 0x9E3779B9) >>> (Integer.SIZE - LAYOUT_BITS);
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
