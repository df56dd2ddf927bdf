package io.streamscorer.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.model.FeatureValues;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class FeedbackEventWriterTest {
    private static byte[] writeWithAvro(FeedbackEvent event) throws IOException {
        ByteBuffer buffer =
                new BinaryMessageEncoder<FeedbackEvent>(
                                SpecificData.getForClass(FeedbackEvent.class),
                                FeedbackEvent.getClassSchema())
                        .encode(event);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void shouldWriteWhatAvrosMessageEncoderWrites() throws IOException {
        Serde<FeedbackEvent> serde = InternalAvroSerde.of(FeedbackEvent.class);
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 500; n++) {
            FeedbackEvent event = AvroFixtures.randomFeedback(random, n);
            // Read back once, so the features are FeatureValues as on the stream thread.
            FeedbackEvent decoded =
                    serde.deserializer().deserialize("t", serde.serializer().serialize("t", event));

            assertThat(serde.serializer().serialize("t", event)).isEqualTo(writeWithAvro(event));
            assertThat(serde.serializer().serialize("t", decoded))
                    .isEqualTo(writeWithAvro(decoded));
        }
    }

    @Test
    void shouldWriteFeatureValuesWithTheirLayoutsNames() {
        Serde<FeedbackEvent> serde = InternalAvroSerde.of(FeedbackEvent.class);
        SplittableRandom random = new SplittableRandom(9);
        FeedbackEvent event = AvroFixtures.randomFeedback(random, 1);
        while (event.getFeatures() == null || event.getFeatures().size() < 2) {
            event = AvroFixtures.randomFeedback(random, 1);
        }

        FeedbackEvent decoded =
                serde.deserializer().deserialize("t", serde.serializer().serialize("t", event));

        assertThat(decoded.getFeatures()).isInstanceOf(FeatureValues.class);
        assertThat(
                        serde.deserializer()
                                .deserialize("t", serde.serializer().serialize("t", decoded)))
                .isEqualTo(event);
    }

    @Test
    void shouldBeWrittenForTheCurrentSchema() {
        // If this fails, FeedbackEvent's schema changed: update FeedbackEventWriter and its
        // FINGERPRINT.
        assertThat(FeedbackEventWriter.FINGERPRINT)
                .isEqualTo(
                        SchemaNormalization.parsingFingerprint64(FeedbackEvent.getClassSchema()));
    }
}
