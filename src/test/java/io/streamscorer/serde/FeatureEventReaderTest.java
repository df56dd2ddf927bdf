package io.streamscorer.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.model.FeatureValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class FeatureEventReaderTest {
    private static final AvroReadLimits LIMITS = AvroReadLimits.applyDefaults();

    private static byte[] write(FeatureEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(FeatureEvent.class).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static FeatureEvent readWithAvro(byte[] body) throws IOException {
        return new SpecificDatumReader<>(FeatureEvent.class)
                .read(null, DecoderFactory.get().binaryDecoder(body, null));
    }

    private static FeatureEvent readFast(FeatureEventReader reader, byte[] body) {
        BoundedBinaryDecoder in = new BoundedBinaryDecoder(body, 0, body.length, LIMITS, false);
        FeatureEvent event = reader.read(null, in);
        assertThat(in.remaining()).isZero();
        return event;
    }

    private static FeatureEvent event(SplittableRandom random, int n) {
        Map<String, Double> features = new LinkedHashMap<>();
        for (int i = 0; i < random.nextInt(0, 40); i++) {
            features.put(i % 3 == 0 ? "noise_" + i : "f" + i, random.nextDouble(-5, 5));
        }
        Map<String, String> attributes = new HashMap<>();
        if (random.nextBoolean()) {
            attributes.put("channel", random.nextBoolean() ? "web" : "pos");
            attributes.put("source", "é-" + n);
        }
        return FeatureEvent.newBuilder()
                .setEventId("evt-" + n)
                .setEntityId("card-" + random.nextInt(100))
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + n))
                .setFeatures(features)
                .setModelName(random.nextBoolean() ? null : "fraud-" + random.nextInt(3))
                .setAttributes(attributes)
                .build();
    }

    @Test
    void shouldReadEveryRecordAsAvrosOwnReaderDoes() throws IOException {
        FeatureEventReader reader = new FeatureEventReader();
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < 500; n++) {
            byte[] body = write(event(random, n));

            assertThat(readFast(reader, body)).isEqualTo(readWithAvro(body));
        }
    }

    @Test
    void shouldHandOutOneInstancePerFeatureNameAcrossRecords() throws IOException {
        FeatureEventReader reader = new FeatureEventReader();
        FeatureEvent first = readFast(reader, write(AvroFixtures.featureEvent(1)));
        FeatureEvent second = readFast(reader, write(AvroFixtures.featureEvent(2)));

        String amount =
                first.getFeatures().keySet().stream().filter("amount"::equals).findFirst().get();
        String again =
                second.getFeatures().keySet().stream().filter("amount"::equals).findFirst().get();
        assertThat(again).isSameAs(amount);
        assertThat(second.getEventId()).isNotSameAs(first.getEventId());
    }

    @Test
    void shouldShareOneFeatureLayoutAcrossRecordsInTheSameOrder() throws IOException {
        FeatureEventReader reader = new FeatureEventReader();
        FeatureEvent first = readFast(reader, write(AvroFixtures.featureEvent(1)));
        FeatureEvent second = readFast(reader, write(AvroFixtures.featureEvent(2)));

        assertThat(first.getFeatures()).isInstanceOf(FeatureValues.class);
        assertThat(((FeatureValues) second.getFeatures()).layout())
                .isSameAs(((FeatureValues) first.getFeatures()).layout());
    }

    /** An event's header, then a feature map written in blocks of the given entries. */
    private static byte[] writeBlocks(String[][] names, double[][] values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeString("evt-1");
        encoder.writeString("card-1");
        encoder.writeLong(1_700_000_000_000L);
        encoder.writeMapStart();
        for (int b = 0; b < names.length; b++) {
            encoder.setItemCount(names[b].length);
            for (int i = 0; i < names[b].length; i++) {
                encoder.startItem();
                encoder.writeString(names[b][i]);
                encoder.writeDouble(values[b][i]);
            }
        }
        encoder.writeMapEnd();
        encoder.writeIndex(0);
        encoder.writeMapStart();
        encoder.writeMapEnd();
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void shouldReadAFeatureMapWrittenInSeveralBlocks() throws IOException {
        FeatureEventReader reader = new FeatureEventReader();
        byte[] body =
                writeBlocks(
                        new String[][] {{"amount", "velocity"}, {"age"}},
                        new double[][] {{1.0, 2.0}, {3.0}});

        readFast(reader, body);
        FeatureEvent again = readFast(reader, body);

        assertThat(again.getFeatures())
                .isEqualTo(readWithAvro(body).getFeatures())
                .containsEntry("age", 3.0)
                .hasSize(3);
    }

    @Test
    void shouldLetTheLaterValueOfARepeatedNameWinAsAvroDoes() throws IOException {
        FeatureEventReader reader = new FeatureEventReader();
        byte[] body =
                writeBlocks(
                        new String[][] {{"amount", "velocity", "amount"}},
                        new double[][] {{1.0, 2.0, 3.0}});

        FeatureEvent event = readFast(reader, body);

        assertThat(event.getFeatures())
                .isEqualTo(readWithAvro(body).getFeatures())
                .containsEntry("amount", 3.0)
                .hasSize(2);
    }

    @Test
    void shouldReadOnlyTheClassesOwnLayout() {
        Schema older =
                SchemaBuilder.record("FeatureEvent")
                        .namespace("io.streamscorer.avro")
                        .fields()
                        .requiredString("eventId")
                        .requiredString("entityId")
                        .requiredLong("eventTime")
                        .name("features")
                        .type()
                        .map()
                        .values()
                        .doubleType()
                        .noDefault()
                        .endRecord();

        assertThat(FeatureEventReader.reads(FeatureEvent.getClassSchema())).isTrue();
        assertThat(FeatureEventReader.reads(older)).isFalse();
    }
}
