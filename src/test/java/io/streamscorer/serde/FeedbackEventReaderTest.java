package io.streamscorer.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.model.FeatureValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class FeedbackEventReaderTest {
    private static final AvroReadLimits LIMITS = AvroReadLimits.applyDefaults();

    private static byte[] write(FeedbackEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(FeedbackEvent.class).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static FeedbackEvent readWithAvro(byte[] body) throws IOException {
        return new SpecificDatumReader<>(FeedbackEvent.class)
                .read(null, DecoderFactory.get().binaryDecoder(body, null));
    }

    private static FeedbackEvent readFast(FeedbackEventReader reader, byte[] body) {
        BoundedBinaryDecoder in = new BoundedBinaryDecoder(body, 0, body.length, LIMITS, false);
        FeedbackEvent event = reader.read(null, in);
        assertThat(in.remaining()).isZero();
        return event;
    }

    @Test
    void shouldReadEveryRecordAsAvrosOwnReaderDoes() throws IOException {
        FeedbackEventReader reader = new FeedbackEventReader();
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 500; n++) {
            byte[] body = write(AvroFixtures.randomFeedback(random, n));

            FeedbackEvent fast = readFast(reader, body);
            FeedbackEvent avro = readWithAvro(body);

            assertThat(fast).isEqualTo(avro);
            // The learner updates the heads in the labels' iteration order.
            assertThat(new ArrayList<>(fast.getLabels().keySet()))
                    .containsExactlyElementsOf(avro.getLabels().keySet());
        }
    }

    @Test
    void shouldReadRepeatedFeatureOrderIntoOneLayout() throws IOException {
        FeedbackEventReader reader = new FeedbackEventReader();
        Map<String, Double> features = new LinkedHashMap<>(Map.of("amount", 1.0));
        features.put("velocity", 2.0);
        FeedbackEvent event =
                new FeedbackEvent("e", Map.of("fraud", 1), features, null, null, null, null, null);

        FeedbackEvent first = readFast(reader, write(event));
        FeedbackEvent second = readFast(reader, write(event));

        assertThat(second.getFeatures()).isInstanceOf(FeatureValues.class);
        assertThat(((FeatureValues) second.getFeatures()).layout())
                .isSameAs(((FeatureValues) first.getFeatures()).layout());
    }

    @Test
    void shouldRoundTripThroughTheInternalSerde() {
        Serde<FeedbackEvent> serde = InternalAvroSerde.of(FeedbackEvent.class);
        SplittableRandom random = new SplittableRandom(11);
        List<FeedbackEvent> events = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            events.add(AvroFixtures.randomFeedback(random, n));
        }

        for (FeedbackEvent event : events) {
            byte[] bytes = serde.serializer().serialize("t", event);

            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(event);
        }
    }

    @Test
    void shouldRefuseTrailingBytesOnTheInternalTopic() {
        Serde<FeedbackEvent> serde = InternalAvroSerde.of(FeedbackEvent.class);
        FeedbackEvent event =
                new FeedbackEvent("e", Map.of("fraud", 1), null, null, null, null, null, null);
        byte[] bytes = serde.serializer().serialize("t", event);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("1 bytes left");
    }

    @Test
    void shouldBeWrittenForTheCurrentSchema() {
        // If this fails, FeedbackEvent's schema changed: update FeedbackEventReader and its
        // FINGERPRINT.
        assertThat(FeedbackEventReader.FINGERPRINT)
                .isEqualTo(
                        SchemaNormalization.parsingFingerprint64(FeedbackEvent.getClassSchema()));
    }
}
