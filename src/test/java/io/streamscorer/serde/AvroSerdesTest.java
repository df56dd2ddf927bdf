package io.streamscorer.serde;

import static io.streamscorer.serde.AvroFixtures.encode;
import static io.streamscorer.serde.AvroFixtures.featureEvent;
import static io.streamscorer.serde.AvroFixtures.featureEventWith;
import static io.streamscorer.serde.AvroFixtures.frame;
import static io.streamscorer.serde.AvroFixtures.scoreEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ModelVersion;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.registry.MockSchemaRegistry;
import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.registry.SchemaRegistryUnavailableException;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Confluent framing, schema evolution and writer-schema choice, against a mock:// registry. */
class AvroSerdesTest {
    private static final String TOPIC = "scorer.features";
    private static final String SUBJECT = TOPIC + "-value";

    private final String scope = "serdes-test-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);
    private final AvroSerdes serdes = AvroSerdes.create(config);
    private final SchemaRegistryClient registry = serdes.client();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    private AvroSerdes serdes(Object... keyValues) {
        Map<String, Object> settings = new HashMap<>(config);
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put((String) keyValues[i], keyValues[i + 1]);
        }
        return AvroSerdes.create(settings);
    }

    private static byte[] plainAvro(FeatureEvent event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(FeatureEvent.class).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void shouldFrameTheAvroBodyWithMagicByteAndBigEndianSchemaId() throws Exception {
        registry.register("padding-value", ScoreEvent.getClassSchema());
        FeatureEvent event = featureEvent(1);

        byte[] bytes = serdes.valueSerde(FeatureEvent.class).serializer().serialize(TOPIC, event);

        int id = registry.lookup(SUBJECT, FeatureEvent.getClassSchema()).id();
        assertThat(id).isEqualTo(2);
        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0, 0, 0, 0, 2);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro(event));
        FeatureEvent decoded =
                new SpecificDatumReader<>(FeatureEvent.class)
                        .read(
                                null,
                                DecoderFactory.get()
                                        .binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void shouldRoundTripValuesAndKeysUnderTopicNameSubjects() {
        Serde<ScoreEvent> scores = serdes.valueSerde(ScoreEvent.class);
        Serde<ModelVersion> versions = serdes.keySerde(ModelVersion.class);
        ScoreEvent score = scoreEvent(7);
        ModelVersion version = ModelVersion.newBuilder().setGeneration(2).setStep(9).build();

        ScoreEvent readScore =
                scores.deserializer()
                        .deserialize(
                                "scorer.scores",
                                scores.serializer().serialize("scorer.scores", score));
        ModelVersion readVersion =
                versions.deserializer()
                        .deserialize(
                                "scorer.models",
                                versions.serializer().serialize("scorer.models", version));

        assertThat(readScore).isEqualTo(score);
        assertThat(readVersion).isEqualTo(version);
        assertThat(registry.subjects()).containsExactly("scorer.models-key", "scorer.scores-value");
    }

    @Test
    void shouldMapNullToNullBothWays() {
        Serde<FeatureEvent> serde = serdes.valueSerde(FeatureEvent.class);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldReadARecordWrittenWithAnOlderSchema() {
        Schema older =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"FeatureEvent\",\"namespace\":"
                                        + "\"io.streamscorer.avro\",\"fields\":["
                                        + "{\"name\":\"eventId\",\"type\":\"string\"},"
                                        + "{\"name\":\"entityId\",\"type\":\"string\"},"
                                        + "{\"name\":\"eventTime\",\"type\":{\"type\":\"long\","
                                        + "\"logicalType\":\"timestamp-millis\"}},"
                                        + "{\"name\":\"features\",\"type\":{\"type\":\"map\","
                                        + "\"values\":\"double\"}}]}");
        int id = registry.register(SUBJECT, older);
        GenericRecord record = new GenericData.Record(older);
        record.put("eventId", "e-1");
        record.put("entityId", "card-1");
        record.put("eventTime", 1_700_000_000_000L);
        record.put("features", Map.of("amount", 99.0));

        FeatureEvent read =
                serdes.valueSerde(FeatureEvent.class)
                        .deserializer()
                        .deserialize(TOPIC, frame(id, encode(record)));

        assertThat(read.getEventId()).isEqualTo("e-1");
        assertThat(read.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getFeatures()).containsExactly(Map.entry("amount", 99.0));
        assertThat(read.getModelName()).isNull();
        assertThat(read.getAttributes()).isEmpty();
    }

    @Test
    void shouldReadARecordWrittenWithANewerSchemaIgnoringItsNewFields() {
        Schema newer =
                featureEventWith(
                        "{\"name\":\"channel\",\"type\":\"string\",\"default\":\"\"},"
                                + "{\"name\":\"history\",\"type\":{\"type\":\"array\",\"items\":"
                                + "\"long\"},\"default\":[]}");
        registry.register(SUBJECT, FeatureEvent.getClassSchema());
        int id = registry.register(SUBJECT, newer);
        FeatureEvent event = featureEvent(3);
        GenericRecord record = new GenericData.Record(newer);
        record.put("eventId", event.getEventId());
        record.put("entityId", event.getEntityId());
        record.put("eventTime", event.getEventTime().toEpochMilli());
        record.put("features", event.getFeatures());
        record.put("modelName", event.getModelName());
        record.put("attributes", event.getAttributes());
        record.put("channel", "app");
        record.put("history", List.of(1L, 2L, 3L));

        FeatureEvent read =
                serdes.valueSerde(FeatureEvent.class)
                        .deserializer()
                        .deserialize(TOPIC, frame(id, encode(record)));

        assertThat(read).isEqualTo(event);
    }

    @Test
    void shouldLookTheSchemaUpWhenAutoRegisterIsOffAndItIsRegistered() {
        int id = registry.register(SUBJECT, FeatureEvent.getClassSchema());
        Serde<FeatureEvent> serde =
                serdes("auto.register.schemas", false).valueSerde(FeatureEvent.class);

        byte[] bytes = serde.serializer().serialize(TOPIC, featureEvent(1));

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(featureEvent(1));
    }

    @Test
    void shouldRefuseToWriteWhenAutoRegisterIsOffAndTheSchemaIsMissing() {
        Serde<FeatureEvent> serde =
                serdes("auto.register.schemas", "false").valueSerde(FeatureEvent.class);

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, featureEvent(1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(SUBJECT)
                .hasMessageContaining("auto.register.schemas=false")
                .hasMessageContaining("40401");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void shouldWriteWithTheLatestVersionWhenItHasTheSameLayout() {
        Schema documented =
                new Schema.Parser()
                        .parse(
                                FeatureEvent.getClassSchema()
                                        .toString()
                                        .replace(
                                                "One event to score",
                                                "Registered by the producer team: one event"));
        registry.register(SUBJECT, FeatureEvent.getClassSchema());
        registry.setCompatibility(SUBJECT, "NONE");
        int latest = registry.register(SUBJECT, documented);
        Serde<FeatureEvent> serde =
                serdes("auto.register.schemas", false, "use.latest.version", true)
                        .valueSerde(FeatureEvent.class);

        byte[] bytes = serde.serializer().serialize(TOPIC, featureEvent(5));

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latest);
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(featureEvent(5));
    }

    @Test
    void shouldReencodeIntoALatestVersionWithAnExtraField() throws Exception {
        Schema latestSchema =
                featureEventWith("{\"name\":\"channel\",\"type\":\"string\",\"default\":\"pos\"}");
        registry.register(SUBJECT, FeatureEvent.getClassSchema());
        int latest = registry.register(SUBJECT, latestSchema);
        Serde<FeatureEvent> serde =
                serdes("auto.register.schemas", false, "use.latest.version", true)
                        .valueSerde(FeatureEvent.class);
        FeatureEvent event = featureEvent(8);

        byte[] bytes = serde.serializer().serialize(TOPIC, event);

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latest);
        GenericRecord asWritten =
                new GenericDatumReader<GenericRecord>(latestSchema)
                        .read(
                                null,
                                DecoderFactory.get()
                                        .binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(asWritten.get("channel")).hasToString("pos");
        assertThat(asWritten.get("eventId")).hasToString(event.getEventId());
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
    }

    @Test
    void shouldRefuseALatestVersionThatCannotRepresentTheRecord() {
        Schema latestSchema = featureEventWith("{\"name\":\"channel\",\"type\":\"string\"}");
        registry.setCompatibility(SUBJECT, "NONE");
        registry.register(SUBJECT, latestSchema);
        Serde<FeatureEvent> serde =
                serdes("auto.register.schemas", false, "use.latest.version", true)
                        .valueSerde(FeatureEvent.class);

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, featureEvent(1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latest schema of subject '" + SUBJECT + "' (version 1")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void shouldRefuseLatestVersionTogetherWithAutoRegister() {
        assertThatThrownBy(() -> serdes("use.latest.version", true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("use.latest.version")
                .hasMessageContaining("auto.register.schemas=false");
    }

    @Test
    void shouldRefuseAnOutageWaitBeyondThePollIntervalNamingTheKey() {
        assertThatThrownBy(() -> serdes("schema.registry.outage.wait.ms", 300_000L))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.outage.wait.ms");
    }

    @Test
    void shouldNameTheTopicWhenARecordCannotBeWritten() {
        FeatureEvent incomplete = featureEvent(1);
        incomplete.setFeatures(null);

        assertThatThrownBy(
                        () ->
                                serdes.valueSerde(FeatureEvent.class)
                                        .serializer()
                                        .serialize(TOPIC, incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC)
                .hasMessageContaining("FeatureEvent");
    }

    @Test
    void shouldReportAnUnreachableRegistryAsARegistryFailureNotABadRecord() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        // Not waited for here: SchemaLookupTest covers the wait.
        Serde<FeatureEvent> serde =
                AvroSerdes.create(
                                Map.of(
                                        "schema.registry.url",
                                        "http://127.0.0.1:" + closedPort,
                                        "schema.registry.outage.wait.ms",
                                        0L))
                        .valueSerde(FeatureEvent.class);
        byte[] framed = frame(1, plainAvro(featureEvent(1)));

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, framed))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .isNotInstanceOf(WireFormatException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, featureEvent(1)))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(SchemaRegistryUnavailableException.class);
    }

    @Test
    void shouldServeManyThreadsWithOneSerde() throws Exception {
        Serde<FeatureEvent> serde = serdes.valueSerde(FeatureEvent.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 1_000;
                results.add(
                        pool.submit(
                                () -> {
                                    for (int i = offset; i < offset + 1_000; i++) {
                                        FeatureEvent event = featureEvent(i);
                                        byte[] bytes = serde.serializer().serialize(TOPIC, event);
                                        if (!event.equals(
                                                serde.deserializer().deserialize(TOPIC, bytes))) {
                                            return false;
                                        }
                                    }
                                    return true;
                                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
