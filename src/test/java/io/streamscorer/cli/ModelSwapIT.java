package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.HeadScore;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import io.streamscorer.runtime.ControlTopicClient;
import io.streamscorer.runtime.ModelOperations;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.spec.ModelSpecs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes 50 model versions with different weights through the operator's path ({@link
 * ModelOperations} on the control topic) while events flow through two scorer instances, then
 * re-scores every event offline with the version its score names, read back from the model history,
 * through the same {@code model/} code: the probabilities must be equal, not close. Per partition,
 * versions in offset order must never decrease, and each instance must have swapped in every
 * published version in publish order.
 *
 * <p>{@code -Dfaults.swaps.count=N -Dfaults.swaps.rate=EVENTS_PER_SECOND} scale it, see
 * docs/faults.md.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ModelSwapIT {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSwapIT.class);
    private static final int SWAPS = Integer.getInteger("faults.swaps.count", 50);
    private static final int RATE = Integer.getInteger("faults.swaps.rate", 2_000);
    private static final int TICKS_PER_SECOND = 20;

    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static ModelFile file;

    @BeforeAll
    static void startCluster() {
        file = ModelFile.read(Path.of("config/models/fraud.json"));
    }

    @Test
    void shouldScoreEveryEventWithTheVersionItNamesAndNeverGoBackAVersion() throws Exception {
        ScorerConfig config = cluster.config("swaps", Map.of("scorer.learning.enabled", "false"));
        ModelVersion initial = cluster.pushModel(config, file);
        ScorerInstance a = cluster.startInstance(config);
        ScorerInstance b =
                cluster.startInstance(
                        config.with(
                                Map.of("state.dir", config.originals().get("state.dir") + "-b")));
        await().atMost(Duration.ofSeconds(90))
                .until(() -> running(a, initial) && running(b, initial));
        List<ModelVersion> swappedByA = new CopyOnWriteArrayList<>();
        List<ModelVersion> swappedByB = new CopyOnWriteArrayList<>();
        a.models().onSwap(s -> swappedByA.add(s.model().version()));
        b.models().onSwap(s -> swappedByB.add(s.model().version()));

        AtomicInteger produced = new AtomicInteger();
        List<ModelVersion> published = new ArrayList<>();
        long started = System.nanoTime();
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<String, FeatureEvent> producer = cluster.featureProducer(config);
                ControlTopicClient control =
                        new ControlTopicClient(config, cluster.serdes(config))) {
            String topic = config.getString(ScorerConfig.TOPIC_FEATURES_CONFIG);
            ScheduledFuture<?> ticking =
                    traffic.scheduleAtFixedRate(
                            () -> {
                                for (int i = 0; i < RATE / TICKS_PER_SECOND; i++) {
                                    FeatureEvent e = event(produced.getAndIncrement());
                                    var unused =
                                            producer.send(
                                                    new ProducerRecord<>(
                                                            topic, e.getEntityId(), e));
                                }
                            },
                            0,
                            1000 / TICKS_PER_SECOND,
                            TimeUnit.MILLISECONDS);
            ModelOperations operations = new ModelOperations(control);
            for (int k = 1; k <= SWAPS; k++) {
                published.add(operations.push(variant(k), null, "swap-" + k).model().version());
            }
            ticking.cancel(false);
            traffic.shutdown();
            assertThat(traffic.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            producer.flush();
        } finally {
            traffic.shutdownNow();
        }
        int events = produced.get();
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<ModelVersion, ScoringModel> versions = new HashMap<>();
        try (ControlTopicClient control = new ControlTopicClient(config, cluster.serdes(config))) {
            for (ModelSpec spec : control.history("fraud")) {
                ScoringModel m = ModelSpecs.toModel(spec);
                versions.put(m.version(), m);
            }
        }
        assertThat(versions.keySet()).containsAll(published).contains(initial);

        BitSet scored = new BitSet(events);
        Map<Integer, ModelVersion> lastPerPartition = new HashMap<>();
        TreeSet<ModelVersion> named = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        FeatureVector x = new FeatureVector();
        ScoringWorkspace workspace = new ScoringWorkspace();
        try (CommittedReader<ScoreEvent> reader =
                new CommittedReader<>(
                        config,
                        config.getString(ScorerConfig.TOPIC_SCORES_CONFIG),
                        cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer(),
                        r -> {
                            ScoreEvent s = r.value();
                            int n = Integer.parseInt(s.getEventId().substring(2));
                            if (scored.get(n)) {
                                problems.add("scored twice: " + s.getEventId());
                            }
                            scored.set(n);
                            ModelVersion v = ModelSpecs.toVersion(s.getModelVersion());
                            named.add(v);
                            ModelVersion before = lastPerPartition.put(r.partition(), v);
                            if (before != null && before.isNewerThan(v)) {
                                problems.add(
                                        "partition "
                                                + r.partition()
                                                + " went back from "
                                                + before
                                                + " to "
                                                + v
                                                + " at offset "
                                                + r.offset());
                            }
                            ScoringModel m = versions.get(v);
                            if (m == null) {
                                problems.add(s.getEventId() + " names unknown version " + v);
                                return;
                            }
                            m.encode(event(n).getFeatures(), x);
                            m.score(x.values(), workspace);
                            for (int h = 0; h < m.headCount(); h++) {
                                HeadScore head = s.getHeads().get(h);
                                double p = workspace.probability(h);
                                if (Double.compare(head.getProbability(), p) != 0
                                        || head.getDecision() != (p >= m.threshold(h))
                                        || !head.getHead().equals(m.headName(h))) {
                                    problems.add(
                                            s.getEventId()
                                                    + " at "
                                                    + v
                                                    + ": scored "
                                                    + head.getProbability()
                                                    + ", version "
                                                    + v
                                                    + " gives "
                                                    + p);
                                }
                            }
                        })) {
            await().atMost(Duration.ofSeconds(60 + events / 1_000))
                    .until(() -> reader.poll() >= events);
            a.close();
            b.close();
            long total = reader.readToEnd(Duration.ofSeconds(60));
            assertThat(total).isEqualTo(events);
        }

        LOG.info(
                String.format(
                        Locale.ROOT,
                        "Model swaps: %d versions published in %.1f s while %,d events flowed through two"
                                + " instances; scores name %d distinct versions, %s to %s",
                        SWAPS,
                        seconds,
                        events,
                        named.size(),
                        named.first(),
                        named.last()));
        assertThat(problems).isEmpty();
        assertThat(scored.cardinality()).isEqualTo(events);
        assertThat(swappedByA).isEqualTo(published);
        assertThat(swappedByB).isEqualTo(published);
        assertThat(named)
                .as("events were scored by many of the versions while they were swapped")
                .hasSizeGreaterThanOrEqualTo(Math.min(10, SWAPS));
    }

    private static boolean running(ScorerInstance instance, ModelVersion version) {
        return instance.state() == KafkaStreams.State.RUNNING
                && instance.models().get("fraud") != null
                && version.equals(instance.models().get("fraud").version());
    }

    /** The model file with weights and bias of its own for swap {@code k}. */
    private static ModelFile variant(int k) {
        SplittableRandom random = new SplittableRandom(1_000 + k);
        ModelFile.Head head = file.heads().get(0);
        List<Double> weights = new ArrayList<>();
        for (double w : head.weights()) {
            weights.add(w * random.nextDouble(0.5, 1.5) + random.nextDouble(-0.2, 0.2));
        }
        return new ModelFile(
                file.name(),
                null,
                file.features(),
                file.imputation(),
                List.of(
                        new ModelFile.Head(
                                head.name(),
                                weights,
                                head.bias() + random.nextDouble(-1, 1),
                                head.threshold())),
                null,
                file.metadata(),
                null,
                null,
                null,
                null);
    }

    /** Event {@code n}, the same every time it is made: offline re-scoring rebuilds it. */
    private static FeatureEvent event(int n) {
        return ScorerClusterFixture.randomEvent(file, "s-" + n, new SplittableRandom(n), 500)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + n))
                .build();
    }
}
