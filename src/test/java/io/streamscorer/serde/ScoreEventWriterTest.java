package io.streamscorer.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.HeadScore;
import io.streamscorer.avro.ModelVersion;
import io.streamscorer.avro.ReasonCode;
import io.streamscorer.avro.ScoreEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class ScoreEventWriterTest {
    private static byte[] write(DatumWriter<ScoreEvent> writer, ScoreEvent event)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static ScoreEvent event(SplittableRandom random, int n) {
        List<HeadScore> heads = new ArrayList<>();
        for (int h = 0; h < random.nextInt(0, 4); h++) {
            List<ReasonCode> reasons = new ArrayList<>();
            for (int r = 0; r < random.nextInt(0, 5); r++) {
                reasons.add(new ReasonCode("féature_" + r, random.nextDouble(-3, 3)));
            }
            double p = random.nextDouble();
            heads.add(new HeadScore("head-" + h, p, 0.5, p >= 0.5, reasons));
        }
        Map<String, String> attributes = new HashMap<>();
        for (int a = 0; a < random.nextInt(0, 3); a++) {
            attributes.put("key-" + a, "välue-" + random.nextInt());
        }
        return ScoreEvent.newBuilder()
                .setEventId("evt-" + n)
                .setEntityId("card-" + random.nextInt(1000))
                .setEventTime(Instant.ofEpochMilli(random.nextLong(-1L << 40, 1L << 42)))
                .setScoredAt(Instant.ofEpochMilli(1_700_000_000_000L + n))
                .setModelName("fraud")
                .setModelVersion(new ModelVersion(random.nextLong(0, 1L << 40), (long) n))
                .setHeads(heads)
                .setImputedFeatures(random.nextInt(-2, 300))
                .setUnknownFeatures(random.nextInt(0, 1 << 20))
                .setAttributes(attributes)
                .setChallengerOf(random.nextBoolean() ? null : "chämpion-" + random.nextInt(3))
                .build();
    }

    @Test
    void shouldWriteEveryRecordByteForByteAsAvrosOwnWriterDoes() throws IOException {
        ScoreEventWriter ours = new ScoreEventWriter();
        SpecificDatumWriter<ScoreEvent> avro = new SpecificDatumWriter<>(ScoreEvent.class);
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 500; n++) {
            ScoreEvent event = event(random, n);

            assertThat(write(ours, event)).isEqualTo(write(avro, event));
        }
        ScoreEvent fixture = AvroFixtures.scoreEvent(1);
        assertThat(write(ours, fixture)).isEqualTo(write(avro, fixture));
    }

    @Test
    void shouldHaveBeenWrittenForTheCurrentScoreEventSchema() {
        // If this fails, ScoreEvent.avsc changed: update ScoreEventWriter and its FINGERPRINT.
        assertThat(ScoreEventWriter.writes(ScoreEvent.getClassSchema())).isTrue();
    }

    @Test
    void shouldWriteOnlyTheClassesOwnSchema() {
        assertThatThrownBy(() -> new ScoreEventWriter().setSchema(FeatureEvent.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
