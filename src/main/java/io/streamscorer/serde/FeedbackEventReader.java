package io.streamscorer.serde;

import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.serde.BoundedBinaryDecoder.DecodeException;
import io.streamscorer.serde.WireFormatException.Kind;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Reads a {@code FeedbackEvent} written with the class's own schema field by field. A feedback
 * record carries the event's features and is read twice, from the feedback topic and again after
 * the regrouping by model; here its feature map is read as a {@link FeatureEventReader} reads an
 * event's, into {@code FeatureValues} that a model encodes by position. Every other field reads
 * into what Avro's reader makes (the labels into a default {@code HashMap}, so the heads iterate in
 * the same order).
 *
 * <p>Records of any other writer schema are read by Avro's resolving reader. Limits and refusals
 * are those of the {@link BoundedBinaryDecoder} it reads from. Thread-safe.
 */
final class FeedbackEventReader implements DatumReader<FeedbackEvent> {
    /**
     * The parsing fingerprint of the {@code FeedbackEvent} schema this reader was written for. If
     * the schema changes, the scorer falls back to Avro's reader (and {@code
     * FeedbackEventReaderTest} fails until this class is brought up to date).
     */
    static final long FINGERPRINT = 2803101875699322235L;

    private static final SchemaPin PIN = new SchemaPin("FeedbackEvent", FINGERPRINT);

    private final FeatureEventReader features = new FeatureEventReader();
    private final DecodedStrings heads = new DecodedStrings();

    /** Whether records of {@code writer} have exactly the class's binary layout. */
    static boolean reads(Schema writer) {
        return PIN.matches(writer);
    }

    @Override
    public void setSchema(Schema schema) {
        PIN.require(schema);
    }

    @Override
    public FeedbackEvent read(FeedbackEvent reuse, Decoder in) {
        BoundedBinaryDecoder d = (BoundedBinaryDecoder) in;
        String eventId = d.readString();
        Map<String, Integer> labels = readLabels(d);
        Map<String, Double> featureMap =
                branch(d, "[null, map<double>]") == 0 ? null : features.readDoubles(d);
        Double weight = branch(d, "[null, double]") == 0 ? null : d.readDouble();
        String modelName = branch(d, "[null, string]") == 0 ? null : d.readString(heads);
        String source = branch(d, "[null, string]") == 0 ? null : d.readString();
        Instant eventTime = readOptionalInstant(d);
        Instant labeledAt = readOptionalInstant(d);
        return new FeedbackEvent(
                eventId, labels, featureMap, weight, modelName, source, eventTime, labeledAt);
    }

    private Map<String, Integer> readLabels(BoundedBinaryDecoder d) {
        long count = d.readMapStart();
        // Avro's fast reader fills a default-sized HashMap; the same map keeps the iteration
        // order, which is the order the learner updates the heads in.
        Map<String, Integer> map = new HashMap<>();
        while (count > 0) {
            for (long i = 0; i < count; i++) {
                String head = d.readString(heads);
                map.put(head, d.readInt());
            }
            count = d.mapNext();
        }
        return map;
    }

    private static Instant readOptionalInstant(BoundedBinaryDecoder d) {
        return branch(d, "[null, timestamp-millis]") == 0
                ? null
                : Instant.ofEpochMilli(d.readLong());
    }

    private static int branch(BoundedBinaryDecoder d, String union) {
        int branch = d.readIndex();
        if (branch != 0 && branch != 1) {
            throw new DecodeException(Kind.MALFORMED, "union branch " + branch + " of " + union);
        }
        return branch;
    }
}
