package io.streamscorer.serde;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.HeadScore;
import io.streamscorer.avro.ModelVersion;
import io.streamscorer.avro.ReasonCode;
import io.streamscorer.avro.ScoreEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

    /**
     * A random {@code FeedbackEvent} number {@code n}: zero to five labels, features a quarter of
     * the time absent, often in one 30-feature layout (so layouts repeat), names with non-ASCII
     * letters, and each optional field present half the time, times before 1970 included.
     */
    static FeedbackEvent randomFeedback(SplittableRandom random, int n) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (int i = 0; i < random.nextInt(0, 6); i++) {
            labels.put("head-" + random.nextInt(20), random.nextInt(2));
        }
        Map<String, Double> features = null;
        if (random.nextInt(4) > 0) {
            features = new LinkedHashMap<>();
            int count = random.nextBoolean() ? 30 : random.nextInt(0, 80);
            for (int i = 0; i < count; i++) {
                String name = i % 7 == 0 ? "é_" + i : i % 3 == 0 ? "noise_" + i : "f" + i;
                features.put(name, random.nextDouble(-5, 5));
            }
        }
        return new FeedbackEvent(
                "evt-" + n,
                labels,
                features,
                random.nextBoolean() ? null : random.nextDouble(0, 3),
                random.nextBoolean() ? null : "fraud-" + random.nextInt(3),
                random.nextBoolean() ? null : "é-analyst-" + n,
                random.nextBoolean() ? null : Instant.ofEpochMilli(1_700_000_000_000L + n),
                random.nextBoolean() ? null : Instant.ofEpochMilli(-n));
    }
}
