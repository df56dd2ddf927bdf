package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.local.SyntheticFraudStream;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.NetworkModel;
import io.streamscorer.model.OnlineLearner;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.runtime.ControlTopicClient;
import io.streamscorer.runtime.ModelOperations;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.spec.ModelSpecs;
import io.streamscorer.topology.LearnerPolicy;
import io.streamscorer.topology.ModelLearning;
import io.streamscorer.topology.ServedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crashes the learner mid-stream under exactly_once_v2 — the scorer JVM is killed with SIGKILL
 * three times while labels (with duplicates) keep arriving — and checks that the final weights
 * equal those of an offline replay of the same deduplicated labels through the same model code: no
 * label applied twice, none lost. Once for the logistic fraud model, once for a network over the
 * same features.
 */
@Timeout(420)
class LearningCrashIT {
    private static final int LABELS = 16_000;

    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private record Label(String eventId, Map<String, Double> features, int label) {}

    /** The demo fraud model, or a network over its features: 12 → 8 SiLU units → fraud. */
    private static ModelFile model(String kind) {
        ModelFile logistic = ModelFile.read(Path.of("config/models/fraud.json"));
        if (kind.equals("logistic")) {
            return logistic;
        }
        SplittableRandom random = new SplittableRandom(3);
        double[][] hidden = new double[8][12];
        for (double[] row : hidden) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextDouble(-0.3, 0.3);
            }
        }
        double[] head = new double[8];
        for (int j = 0; j < head.length; j++) {
            head[j] = random.nextDouble(-0.35, 0.35);
        }
        NetworkModel network =
                NetworkModel.builder("fraud", new ModelVersion(1, 0))
                        .features(logistic.features())
                        .layer(hidden, new double[8], "silu")
                        .head("fraud", head, -2.0, 0.2)
                        .build();
        return ModelFile.fromSpec(ModelSpecs.toSpec(network, "it", null, Instant.now()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"logistic", "network"})
    void shouldApplyEveryLabelExactlyOnceAcrossHardCrashes(String kind) throws Exception {
        ScorerConfig config =
                cluster.config(
                        "learn-crash-" + kind,
                        Map.of(
                                "processing.guarantee", "exactly_once_v2",
                                // The test checks the learner's state, which the timer publishes
                                // whole without the gate.
                                "scorer.learning.gate.enabled", "false",
                                "scorer.learning.publish.every.updates", "500",
                                "scorer.learning.publish.interval.ms", "1000",
                                "commit.interval.ms", "100",
                                // A killed member holds its partitions until its session times
                                // out; the broker's minimum keeps each restart quick.
                                "consumer.session.timeout.ms", "6000",
                                "consumer.heartbeat.interval.ms", "1000"),
                        1);
        ScoringModel start;
        try (ControlTopicClient control = new ControlTopicClient(config, cluster.serdes(config))) {
            new ModelOperations(control).push(model(kind), null, "it");
            start = ModelSpecs.toModel(control.served("fraud").orElseThrow());
        }
        List<Label> produced = new ArrayList<>();
        // A quarter of the labels goes out as each of the three scorers starts, the last quarter
        // after the third kill: every scorer has new labels to learn from when it is killed, and
        // labels remain after the last kill, however fast or slow the JVMs start on this machine.
        Semaphore quarters = new Semaphore(0);
        ExecutorService traffic = Executors.newSingleThreadExecutor();
        Path dir = Files.createTempDirectory(Path.of("target"), "learn-crash-");
        long[] labelsBeforeKill = new long[3];
        Map<String, Label> unique = new LinkedHashMap<>();
        try {
            Future<?> sending = traffic.submit(() -> produceLabels(config, produced, quarters));
            for (int crash = 0; crash < 3; crash++) {
                try (ScorerProcess scorer = ScorerProcess.start(config, dir, "scorer-" + crash)) {
                    quarters.release();
                    long before = publishedLabels(config);
                    await().atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> publishedLabels(config) > before);
                    scorer.kill();
                    labelsBeforeKill[crash] = publishedLabels(config);
                }
            }
            quarters.release();
            sending.get(120, TimeUnit.SECONDS);
            produced.forEach(l -> unique.putIfAbsent(l.eventId(), l));

            try (ScorerProcess finalScorer = ScorerProcess.start(config, dir, "scorer-final")) {
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> publishedLabels(config) == unique.size());
                finalScorer.stop();
            }
        } finally {
            traffic.shutdownNow();
            traffic.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(labelsBeforeKill[0]).isPositive();
        assertThat(labelsBeforeKill[2]).isLessThan(unique.size());
        // The learner the scorer starts from this model, prior included.
        OnlineLearner offline =
                ModelLearning.startFrom(
                                new ServedModel(
                                        start, false, "test", Instant.EPOCH, Instant.EPOCH, null),
                                LearnerPolicy.from(config),
                                0)
                        .learner();
        FeatureVector v = new FeatureVector();
        for (Label l : unique.values()) {
            offline.encodeFeatures(l.features(), v);
            offline.learn(v.values(), 0, l.label(), 1.0);
        }
        ModelSpec last = latest(config).orElseThrow();
        assertThat(last.getLayers()).hasSize(kind.equals("network") ? 1 : 0);
        ScoringModel learned = ModelSpecs.toModel(last);
        assertThat(learned).isEqualTo(offline.snapshot(learned.version()));
    }

    /**
     * Sends {@link #LABELS} labels, every tenth a duplicate of an earlier one, at about 1,600 a
     * second, a quarter at a time, each after a permit from {@code quarters}.
     */
    private static Void produceLabels(ScorerConfig config, List<Label> produced, Semaphore quarters)
            throws InterruptedException {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        SyntheticFraudStream stream = new SyntheticFraudStream(7, 0.2);
        try (KafkaProducer<String, FeedbackEvent> producer =
                new KafkaProducer<>(
                        props,
                        new StringSerializer(),
                        cluster.serdes(config).valueSerde(FeedbackEvent.class).serializer())) {
            for (int i = 0; i < LABELS; i++) {
                if (i % (LABELS / 4) == 0) {
                    producer.flush();
                    quarters.acquire();
                }
                Label l;
                if (i % 10 == 9) {
                    l = produced.get(i - 7);
                } else {
                    SyntheticFraudStream.Sample s = stream.next();
                    l = new Label("evt-" + i, s.features(), s.fraud() ? 1 : 0);
                }
                produced.add(l);
                FeedbackEvent event =
                        FeedbackEvent.newBuilder()
                                .setEventId(l.eventId())
                                .setLabels(Map.of("fraud", l.label()))
                                .setFeatures(l.features())
                                .build();
                var unused =
                        producer.send(
                                new ProducerRecord<>(
                                        config.getString(ScorerConfig.TOPIC_FEEDBACK_CONFIG),
                                        l.eventId(),
                                        event));
                if (i % 100 == 99) {
                    producer.flush();
                    Thread.sleep(60);
                }
            }
        }
        return null;
    }

    private static Optional<ModelSpec> latest(ScorerConfig config) {
        try (ControlTopicClient control = new ControlTopicClient(config, cluster.serdes(config))) {
            return control.served("fraud");
        }
    }

    private static long publishedLabels(ScorerConfig config) {
        return latest(config)
                .map(spec -> spec.getMetadata().get("learner.labels"))
                .map(Long::parseLong)
                .orElse(0L);
    }
}
