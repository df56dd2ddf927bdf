package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.registry.EmbeddedSchemaRegistry;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.topology.MeterTotals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schema registry goes down while producers start writing with a writer schema the scorer has
 * not seen: those records are neither dead-lettered nor lost, the instance keeps running (the
 * stream thread that needs the registry waits, then is replaced), and once the registry is back
 * every record is scored exactly once.
 */
@Timeout(240)
class RegistryOutageIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int BEFORE = 100;
    private static final int DURING = 60;

    private static EmbeddedSchemaRegistry registry;
    private static int registryPort;

    @RegisterExtension
    static final ScorerClusterFixture cluster =
            ScorerClusterFixture.withRegistryAt(() -> registry.url());

    private static final ModelFile MODEL = ModelFile.read(Path.of("config/models/fraud.json"));

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(cluster.broker().bootstrapServers(), 0);
        registryPort = URI.create(registry.url()).getPort();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    /** FeatureEvent with one more optional field: a newer writer schema, compatible with ours. */
    private static Schema newerWriterSchema() {
        Schema current = FeatureEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(
                new Schema.Field(
                        "channel",
                        Schema.createUnion(
                                Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                        "Where the event came from.",
                        Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(
                current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    /** A Confluent-framed record of {@code schema} (registered as {@code id}). */
    private static byte[] framed(int id, Schema schema, String eventId) {
        GenericRecord record = new GenericData.Record(schema);
        Map<String, Double> features = new HashMap<>();
        MODEL.features().forEach(name -> features.put(name, 0.5));
        record.put("eventId", eventId);
        record.put("entityId", "card-" + Math.floorMod(eventId.hashCode(), 50));
        record.put("eventTime", Instant.now().toEpochMilli());
        record.put("features", features);
        record.put("modelName", null);
        record.put("attributes", Map.of());
        record.put("channel", "mobile");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static KafkaProducer<String, byte[]> rawProducer(ScorerConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void shouldKeepRecordsOfAnUnseenSchemaThroughAnOutageAndScoreEachOnceAfterIt()
            throws Exception {
        ScorerConfig config =
                cluster.config(
                        "registry-outage",
                        Map.of(
                                "processing.guarantee", "exactly_once_v2",
                                "schema.registry.outage.wait.ms", "2000",
                                // A replaced thread's tasks move once the group drops the old
                                // member, after its session timeout (45 s by default).
                                "consumer.session.timeout.ms", "10000"));
        String features = config.getString(ScorerConfig.TOPIC_FEATURES_CONFIG);
        cluster.pushModel(config, MODEL);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ScorerInstance instance = cluster.startInstance(config, meters);
        cluster.produceFeatures(config, MODEL, "before-", BEFORE);
        await().atMost(WAIT).until(() -> MeterTotals.scored(instance.metrics()) >= BEFORE);

        // A producer registers a newer writer schema; then the registry goes down.
        Schema newer = newerWriterSchema();
        int newerId = cluster.serdes(config).client().register(features + "-value", newer);
        registry.close();

        try (KafkaProducer<String, byte[]> producer = rawProducer(config)) {
            for (int i = 0; i < DURING; i++) {
                String id = "during-" + i;
                var unused =
                        producer.send(
                                new ProducerRecord<>(features, id, framed(newerId, newer, id)));
            }
            producer.flush();
        }
        await().atMost(WAIT)
                .until(
                        () ->
                                instance.metrics()
                                                .registry()
                                                .find("scorer.stream.threads.replaced")
                                                .counter()
                                                .count()
                                        >= 1);
        assertThat(instance.state())
                .as("the instance keeps running through the outage")
                .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        assertThat(MeterTotals.deadLetters(instance.metrics())).isZero();
        assertThat(MeterTotals.scored(instance.metrics())).isEqualTo(BEFORE);

        registry = EmbeddedSchemaRegistry.start(cluster.broker().bootstrapServers(), registryPort);
        await().atMost(WAIT).until(() -> MeterTotals.scored(instance.metrics()) >= BEFORE + DURING);
        cluster.stopInstances();

        List<ConsumerRecord<String, ScoreEvent>> scores =
                cluster.readCommitted(
                        config,
                        config.getString(ScorerConfig.TOPIC_SCORES_CONFIG),
                        cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer());
        Set<String> ids = new HashSet<>();
        scores.forEach(r -> ids.add(r.value().getEventId()));
        assertThat(scores).as("one score per event, none duplicated").hasSize(BEFORE + DURING);
        assertThat(ids).hasSize(BEFORE + DURING).contains("during-0", "during-" + (DURING - 1));
        assertThat(
                        cluster.readCommitted(
                                config,
                                config.getString(ScorerConfig.TOPIC_DLQ_CONFIG),
                                new org.apache.kafka.common.serialization.ByteArrayDeserializer()))
                .as("nothing dead-lettered")
                .isEmpty();
    }
}
