package io.streamscorer.serde;

import io.streamscorer.avro.HeadScore;
import io.streamscorer.avro.ModelVersion;
import io.streamscorer.avro.ReasonCode;
import io.streamscorer.avro.ScoreEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes a {@code ScoreEvent} in the class's own schema field by field, byte for byte what Avro's
 * {@code SpecificDatumWriter} writes: the scorer writes one per event, and the generic writer spent
 * most of its time finding fields by position and looking up logical-type conversions, not
 * encoding. Thread-safe (stateless).
 */
final class ScoreEventWriter implements DatumWriter<ScoreEvent> {
    /**
     * The parsing fingerprint of the {@code ScoreEvent} schema this writer was written for. If the
     * schema changes, {@link #writes} turns false and the serializer falls back to Avro's writer
     * (and {@code ScoreEventWriterTest} fails until this class is brought up to date).
     */
    static final long FINGERPRINT = 4533786774075405694L;

    private static final SchemaPin PIN = new SchemaPin("ScoreEvent", FINGERPRINT);

    /** Whether this writer writes records of {@code schema}: the one it was written for. */
    static boolean writes(Schema schema) {
        return PIN.matches(schema);
    }

    @Override
    public void setSchema(Schema schema) {
        PIN.require(schema);
    }

    @Override
    public void write(ScoreEvent event, Encoder out) throws IOException {
        out.writeString(event.getEventId());
        out.writeString(event.getEntityId());
        out.writeLong(event.getEventTime().toEpochMilli());
        out.writeLong(event.getScoredAt().toEpochMilli());
        out.writeString(event.getModelName());
        ModelVersion version = event.getModelVersion();
        out.writeLong(version.getGeneration());
        out.writeLong(version.getStep());
        List<HeadScore> heads = event.getHeads();
        out.writeArrayStart();
        out.setItemCount(heads.size());
        for (HeadScore head : heads) {
            out.startItem();
            writeHead(head, out);
        }
        out.writeArrayEnd();
        out.writeInt(event.getImputedFeatures());
        out.writeInt(event.getUnknownFeatures());
        Map<String, String> attributes = event.getAttributes();
        out.writeMapStart();
        out.setItemCount(attributes.size());
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            out.startItem();
            out.writeString(e.getKey());
            out.writeString(e.getValue());
        }
        out.writeMapEnd();
        String challengerOf = event.getChallengerOf();
        if (challengerOf == null) {
            out.writeIndex(0);
            out.writeNull();
        } else {
            out.writeIndex(1);
            out.writeString(challengerOf);
        }
    }

    private static void writeHead(HeadScore head, Encoder out) throws IOException {
        out.writeString(head.getHead());
        out.writeDouble(head.getProbability());
        out.writeDouble(head.getThreshold());
        out.writeBoolean(head.getDecision());
        List<ReasonCode> reasons = head.getReasons();
        out.writeArrayStart();
        out.setItemCount(reasons.size());
        for (ReasonCode reason : reasons) {
            out.startItem();
            out.writeString(reason.getFeature());
            out.writeDouble(reason.getContribution());
        }
        out.writeArrayEnd();
    }
}
