package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.registry.EmbeddedSchemaRegistry;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.topology.MeterTotals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(180)
class ScorerAppIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static ModelFile bootstrapModel;

    @BeforeAll
    static void startCluster() {
        bootstrapModel = ModelFile.read(Path.of("config/models/fraud.json"));
    }

    private static void produce(ScorerConfig config, String idPrefix, int count) {
        cluster.produceFeatures(config, bootstrapModel, idPrefix, count);
    }

    private static ModelVersion push(ScorerConfig config) {
        return cluster.pushModel(config, bootstrapModel);
    }

    /**
     * Waits until {@code expected} scores are committed, stops the instances, and returns every
     * committed score, so that a duplicate written after the first {@code expected} is seen too.
     */
    private static List<ConsumerRecord<String, ScoreEvent>> scores(
            ScorerConfig config, int expected) {
        String topic = config.getString(ScorerConfig.TOPIC_SCORES_CONFIG);
        Deserializer<ScoreEvent> reader =
                cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer();
        cluster.drain(config, topic, reader, records -> records.size() >= expected, WAIT);
        cluster.stopInstances();
        return cluster.readCommitted(config, topic, reader);
    }

    private static Set<String> eventIds(List<ConsumerRecord<String, ScoreEvent>> scores) {
        Set<String> ids = new HashSet<>();
        scores.forEach(r -> ids.add(r.value().getEventId()));
        return ids;
    }

    private static ModelVersion version(ScoreEvent s) {
        return new ModelVersion(s.getModelVersion().getGeneration(), s.getModelVersion().getStep());
    }

    @Test
    void shouldScoreTenThousandEventsExactlyOnceAndUseAModelPushedMidStream() throws Exception {
        ScorerConfig config =
                cluster.config("eos", Map.of("processing.guarantee", "exactly_once_v2"));
        ModelVersion first = push(config);
        ScorerInstance instance = cluster.startInstance(config);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> instance.state() == KafkaStreams.State.RUNNING);

        produce(config, "before-", 5_000);
        ModelVersion second = push(config);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> second.equals(instance.models().get("fraud").version()));
        produce(config, "after-", 5_000);

        List<ConsumerRecord<String, ScoreEvent>> out = scores(config, 10_000);
        assertThat(out).hasSize(10_000);
        assertThat(eventIds(out)).hasSize(10_000);
        assertThat(out)
                .filteredOn(r -> r.value().getEventId().startsWith("after-"))
                .hasSize(5_000)
                .allSatisfy(r -> assertThat(version(r.value())).isEqualTo(second));
        assertThat(out).allSatisfy(r -> assertThat(version(r.value())).isIn(first, second));
        Map<Integer, ModelVersion> lastPerPartition = new HashMap<>();
        for (ConsumerRecord<String, ScoreEvent> r : out) {
            ModelVersion v = version(r.value());
            ModelVersion previous = lastPerPartition.put(r.partition(), v);
            assertThat(previous == null || !previous.isNewerThan(v))
                    .as("partition %d never goes back a version", r.partition())
                    .isTrue();
        }
    }

    @Test
    void shouldSwitchEveryInstanceOfAGroupToAPushedModel() throws Exception {
        ScorerConfig config =
                cluster.config("group", Map.of("processing.guarantee", "exactly_once_v2"));
        push(config);
        ScorerInstance a = cluster.startInstance(config);
        ScorerInstance b =
                cluster.startInstance(
                        config.with(
                                Map.of("state.dir", config.originals().get("state.dir") + "-b")));
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                a.state() == KafkaStreams.State.RUNNING
                                        && b.state() == KafkaStreams.State.RUNNING);

        ModelVersion pushed = push(config);

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                pushed.equals(a.models().get("fraud").version())
                                        && pushed.equals(b.models().get("fraud").version()));
        produce(config, "g-", 2_000);
        List<ConsumerRecord<String, ScoreEvent>> out = scores(config, 2_000);
        assertThat(out)
                .hasSize(2_000)
                .allSatisfy(r -> assertThat(version(r.value())).isEqualTo(pushed));
        assertThat(eventIds(out)).hasSize(2_000);
        assertThat(MeterTotals.scored(a.metrics())).as("instance a scored").isPositive();
        assertThat(MeterTotals.scored(b.metrics())).as("instance b scored").isPositive();
    }

    @Test
    void shouldAskTheRegistryNothingAfterTheFirstRecordOfEachSchema() throws Exception {
        ScorerConfig config = cluster.config("hot-path", Map.of());
        EmbeddedSchemaRegistry registry = cluster.embeddedRegistry();
        String scoresTopic = config.getString(ScorerConfig.TOPIC_SCORES_CONFIG);
        Deserializer<ScoreEvent> reader =
                cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer();
        long before = registry.requestCount();

        push(config);
        ScorerInstance instance = cluster.startInstance(config);
        await().atMost(Duration.ofSeconds(60)).until(() -> instance.models().get("fraud") != null);
        try (KafkaProducer<String, FeatureEvent> producer = cluster.featureProducer(config)) {
            ScorerClusterFixture.produceFeatures(producer, config, bootstrapModel, "first-", 1);
            assertThat(cluster.drain(config, scoresTopic, reader, r -> !r.isEmpty(), WAIT))
                    .hasSize(1);
            long afterFirst = registry.requestCount();

            ScorerClusterFixture.produceFeatures(producer, config, bootstrapModel, "hot-", 10_000);
            List<ConsumerRecord<String, ScoreEvent>> out =
                    cluster.drain(config, scoresTopic, reader, r -> r.size() >= 10_001, WAIT);

            assertThat(out).hasSize(10_001);
            cluster.stopInstances();
            assertThat(cluster.readCommitted(config, scoresTopic, reader)).hasSize(10_001);
            // One request per schema, subject and client, all for the first record: the
            // operator's client registers ModelSpec under the control and the history subjects,
            // the scorer reads it by id; the producer registers FeatureEvent, the scorer reads it
            // by id and registers ScoreEvent; the reader reads ScoreEvent by id.
            assertThat(afterFirst - before).isEqualTo(7);
            // 10,000 more events serialized by the producer, read and scored by the scorer,
            // and read back: not one request.
            assertThat(registry.requestCount()).isEqualTo(afterFirst);
        }
    }

    @Test
    void shouldServeTheModelAlreadyOnTheControlTopicFromTheFirstEventAfterARestart()
            throws Exception {
        ScorerConfig config = cluster.config("restart", Map.of());
        ModelVersion pushed = push(config);
        ScorerInstance first = cluster.startInstance(config);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.models().get("fraud") != null);
        first.close();

        ScorerInstance restarted = cluster.startInstance(config);
        produce(config, "r-", 500);

        List<ConsumerRecord<String, ScoreEvent>> out = scores(config, 500);
        assertThat(out)
                .hasSize(500)
                .allSatisfy(r -> assertThat(version(r.value())).isEqualTo(pushed));
        assertThat(MeterTotals.scored(restarted.metrics())).isEqualTo(500);
    }
}
