package io.streamscorer.serde;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.HeadScore;
import io.streamscorer.avro.ModelVersion;
import io.streamscorer.avro.ReasonCode;
import io.streamscorer.avro.ScoreEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Sample records and hand-made Confluent frames for the serde tests. */
final class AvroFixtures {
    private AvroFixtures() {}

    static FeatureEvent featureEvent(int n) {
        return FeatureEvent.newBuilder()
                .setEventId("event-" + n)
                .setEntityId("card-" + (n % 17))
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + n))
                .setFeatures(Map.of("amount", 12.5 + n, "velocity", 3.0, "hour", (double) (n % 24)))
                .setModelName(n % 2 == 0 ? null : "fraud")
                .setAttributes(Map.of("channel", "web"))
                .build();
    }

    static ScoreEvent scoreEvent(int n) {
        return ScoreEvent.newBuilder()
                .setEventId("event-" + n)
                .setEntityId("card-" + (n % 17))
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + n))
                .setScoredAt(Instant.ofEpochMilli(1_700_000_000_500L + n))
                .setModelName("fraud")
                .setModelVersion(ModelVersion.newBuilder().setGeneration(3).setStep(n).build())
                .setHeads(
                        List.of(
                                HeadScore.newBuilder()
                                        .setHead("fraud")
                                        .setProbability(0.73)
                                        .setThreshold(0.5)
                                        .setDecision(true)
                                        .setReasons(
                                                List.of(
                                                        ReasonCode.newBuilder()
                                                                .setFeature("amount")
                                                                .setContribution(1.25)
                                                                .build()))
                                        .build()))
                .setImputedFeatures(1)
                .setUnknownFeatures(0)
                .setAttributes(Map.of())
                .build();
    }

    /** The Confluent frame of {@code body} under schema id {@code id}. */
    static byte[] frame(int id, byte[] body) {
        byte[] framed = new byte[5 + body.length];
        framed[0] = 0;
        framed[1] = (byte) (id >>> 24);
        framed[2] = (byte) (id >>> 16);
        framed[3] = (byte) (id >>> 8);
        framed[4] = (byte) id;
        System.arraycopy(body, 0, framed, 5, body.length);
        return framed;
    }

    /** Avro binary of a generic record, written with its own schema. */
    static byte[] encode(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** FeatureEvent's schema as it is, with {@code extraFields} (JSON) appended. */
    static Schema featureEventWith(String extraFields) {
        String json = FeatureEvent.getClassSchema().toString();
        return new Schema.Parser()
                .parse(json.substring(0, json.length() - 2) + "," + extraFields + "]}");
    }
}
