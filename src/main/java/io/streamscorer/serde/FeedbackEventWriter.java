package io.streamscorer.serde;

import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.model.FeatureLayout;
import io.streamscorer.model.FeatureValues;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes a {@code FeedbackEvent} in the class's own schema field by field, byte for byte what
 * Avro's {@code SpecificDatumWriter} writes. Every accepted feedback record is written once more,
 * to the repartition topic that regroups it by model, and the generic writer spent its time looking
 * up fields and encoding each feature name afresh; here features read as {@link FeatureValues} are
 * written with their layout's names encoded once. Thread-safe.
 */
final class FeedbackEventWriter implements DatumWriter<FeedbackEvent> {
    /**
     * The parsing fingerprint of the {@code FeedbackEvent} schema this writer was written for. If
     * the schema changes, the scorer falls back to Avro's writer (and {@code
     * FeedbackEventWriterTest} fails until this class is brought up to date).
     */
    static final long FINGERPRINT = FeedbackEventReader.FINGERPRINT;

    private static final SchemaPin PIN = new SchemaPin("FeedbackEvent", FINGERPRINT);

    // The layout written last: a stream's feedback repeats one layout, and an immutable entry
    // is safe to share between threads without locks.
    private volatile EncodedLayout last;

    /** Whether this writer writes records of {@code schema}: FeedbackEvent's own. */
    static boolean writes(Schema schema) {
        return PIN.matches(schema);
    }

    @Override
    public void setSchema(Schema schema) {
        PIN.require(schema);
    }

    @Override
    public void write(FeedbackEvent event, Encoder out) throws IOException {
        out.writeString(event.getEventId());
        Map<String, Integer> labels = event.getLabels();
        out.writeMapStart();
        out.setItemCount(labels.size());
        for (Map.Entry<String, Integer> label : labels.entrySet()) {
            out.startItem();
            out.writeString(label.getKey());
            out.writeInt(label.getValue());
        }
        out.writeMapEnd();
        Map<String, Double> features = event.getFeatures();
        if (features == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            writeFeatures(features, out);
        }
        Double weight = event.getWeight();
        if (weight == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeDouble(weight);
        }
        writeOptional(event.getModelName(), out);
        writeOptional(event.getSource(), out);
        writeOptional(event.getEventTime(), out);
        writeOptional(event.getLabeledAt(), out);
    }

    private void writeFeatures(Map<String, Double> features, Encoder out) throws IOException {
        out.writeMapStart();
        out.setItemCount(features.size());
        if (features instanceof FeatureValues values) {
            byte[][] names = encodedNames(values.layout());
            for (int i = 0; i < names.length; i++) {
                out.startItem();
                out.writeFixed(names[i]);
                out.writeDouble(values.value(i));
            }
        } else {
            for (Map.Entry<String, Double> feature : features.entrySet()) {
                out.startItem();
                out.writeString(feature.getKey());
                out.writeDouble(feature.getValue());
            }
        }
        out.writeMapEnd();
    }

    private byte[][] encodedNames(FeatureLayout layout) {
        EncodedLayout known = last;
        if (known == null || known.layout != layout) {
            known = new EncodedLayout(layout);
            last = known;
        }
        return known.names;
    }

    private static void writeOptional(String value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeString(value);
        }
    }

    private static void writeOptional(Instant value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeLong(value.toEpochMilli());
        }
    }
}
