package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.bench.CsvDataset;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.BatchLogisticRegression;
import io.streamscorer.model.FeatureScaling;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.runtime.ControlTopicClient;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.spec.ModelSpecs;
import io.streamscorer.topology.LearnerPolicy;
import io.streamscorer.topology.ModelLearning;
import io.streamscorer.topology.ScoringTopology;
import io.streamscorer.topology.ServedModel;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays a real dataset through the real topology, with the scorer's default learning (NEWTON and
 * the publish gate): a model fitted offline on the first half is pushed with the scaling it was
 * trained with, the second half is sent as labelled feedback, and the learner's state (read back
 * from its changelog) and the versions it served must be exactly those of the same rows replayed in
 * process through {@link ModelLearning}, which is what {@code bench learn} measures.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LearningReplayIT {
    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static CsvDataset breastCancer() throws Exception {
        return CsvDataset.read(dataFile());
    }

    private static Path dataFile() throws URISyntaxException {
        return Path.of(LearningReplayIT.class.getResource("/data/breast_cancer.csv").toURI());
    }

    /** An L2 fit (λ = 1) of the first {@code rows} rows, with the scaling it was fitted in. */
    private static LogisticModel fit(CsvDataset data, int rows) {
        int dim = data.dimension();
        double[] mean = new double[dim];
        double[] scale = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dim; i++) {
                mean[i] += data.row(r)[i] / rows;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dim; i++) {
                double d = data.row(r)[i] - mean[i];
                scale[i] += d * d / rows;
            }
        }
        double[][] z = new double[rows][dim];
        int[] y = new int[rows];
        for (int i = 0; i < dim; i++) {
            scale[i] = scale[i] > 0 ? Math.sqrt(scale[i]) : 1.0;
        }
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dim; i++) {
                z[r][i] = (data.row(r)[i] - mean[i]) / scale[i];
            }
            y[r] = data.label(r);
        }
        BatchLogisticRegression.Fit fit = BatchLogisticRegression.fit(z, y, 1.0);
        return LogisticModel.builder("fraud", new ModelVersion(1, 0))
                .features(data.featureNames())
                .scaling(FeatureScaling.of(mean, scale))
                .head("fraud", fit.weights(), fit.bias(), 0.5)
                .build();
    }

    private static Map<String, Double> features(CsvDataset data, int r) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < data.dimension(); i++) {
            values.put(data.featureNames().get(i), data.row(r)[i]);
        }
        return values;
    }

    @Test
    void shouldLearnAndServeOnTheBrokerExactlyWhatTheInProcessReplayDoes() throws Exception {
        CsvDataset data = breastCancer();
        ScorerConfig config =
                cluster.config(
                        "learn-replay",
                        Map.of("scorer.learning.gate.labels", "50", "num.stream.threads", "1"),
                        1);
        // A model fitted on few rows, which the labels after them can improve.
        int from = 60;
        LogisticModel deployed = fit(data, from);
        cluster.pushModel(
                config, ModelFile.fromSpec(ModelSpecs.toSpec(deployed, "it", null, Instant.now())));

        // In process: the same rows, in the same order, through the same learning.
        LearnerPolicy policy = LearnerPolicy.from(config);
        ModelLearning offline =
                ModelLearning.startFrom(
                        new ServedModel(deployed, false, "it", Instant.EPOCH, Instant.EPOCH, null),
                        policy,
                        0);
        List<ScoringModel> servedOffline = new ArrayList<>();
        FeatureVector v = new FeatureVector();
        int[] heads = {0};
        int[] labels = new int[1];
        for (int r = from; r < data.size(); r++) {
            offline.learner().encodeFeatures(features(data, r), v);
            labels[0] = data.label(r);
            ModelLearning.Step step = offline.learn(v.values(), heads, labels, 1, 1.0);
            if (step.publish() != null) {
                servedOffline.add(step.publish());
            }
        }
        assertThat(servedOffline).as("the gate publishes on this data").isNotEmpty();

        cluster.startInstance(config);
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, FeedbackEvent> producer =
                new KafkaProducer<>(
                        props,
                        new StringSerializer(),
                        cluster.serdes(config).valueSerde(FeedbackEvent.class).serializer())) {
            for (int r = from; r < data.size(); r++) {
                String id = "row-" + r;
                FeedbackEvent label =
                        FeedbackEvent.newBuilder()
                                .setEventId(id)
                                .setLabels(Map.of("fraud", data.label(r)))
                                .setFeatures(features(data, r))
                                .build();
                var unused =
                        producer.send(
                                new ProducerRecord<>(
                                        config.getString(ScorerConfig.TOPIC_FEEDBACK_CONFIG),
                                        id,
                                        label));
            }
        }

        int rows = data.size() - from;
        String changelog =
                config.getString("application.id")
                        + "-"
                        + ScoringTopology.LEARNER_STORE
                        + "-changelog";
        byte[][] last = new byte[1][];
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            last[0] = lastValue(config, changelog);
                            return last[0] != null
                                    && ModelLearning.restore(last[0], deployed, policy)
                                                    .learning()
                                                    .learner()
                                                    .counters()
                                                    .applied()
                                            == rows;
                        });
        cluster.stopInstances();

        ModelLearning online = ModelLearning.restore(last[0], deployed, policy).learning();
        ModelVersion probe = new ModelVersion(1, 999);
        assertThat(online.learner().snapshot(probe)).isEqualTo(offline.learner().snapshot(probe));
        assertThat(online.published()).isEqualTo(offline.published());
        List<ScoringModel> servedOnline = new ArrayList<>();
        try (ControlTopicClient control = new ControlTopicClient(config, cluster.serdes(config))) {
            for (ModelSpec spec : control.history("fraud")) {
                if (spec.getOrigin().equals("learner")) {
                    servedOnline.add(ModelSpecs.toModel(spec));
                }
            }
        }
        assertThat(servedOnline).containsExactlyElementsOf(servedOffline);
    }

    /** The last record of a single-partition topic, read from the start. */
    private static byte[] lastValue(ScorerConfig config, String topic) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            if (consumer.partitionsFor(topic, Duration.ofSeconds(5)).isEmpty()) {
                return null;
            }
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            byte[] value = null;
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    value = r.value();
                }
            }
            return value;
        }
    }
}
