package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.HeadScore;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.NetworkModel;
import io.streamscorer.model.OnlineLearner;
import io.streamscorer.model.OnlineNetworkLearner;
import io.streamscorer.model.OptimizerKind;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.spec.ModelSpecs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Networks through the whole topology: scoring, multi-head decisions and online learning. */
class NetworkTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TopologyFixture fixture;
    private ScorerConfig config;
    private ModelRegistry models;
    private TestInputTopic<String, FeatureEvent> features;
    private TestInputTopic<String, FeedbackEvent> feedback;
    private TestInputTopic<String, ModelSpec> modelCommands;
    private TestOutputTopic<String, ScoreEvent> scores;
    private TestOutputTopic<String, ModelSpec> published;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(String networkOptimizer) {
        fixture =
                new TopologyFixture(
                        Map.of(
                                "scorer.learning.optimizer", "SGD",
                                "scorer.learning.network.optimizer", networkOptimizer,
                                "scorer.learning.gate.enabled", "false",
                                "scorer.learning.publish.every.updates", "3",
                                "scorer.learning.publish.interval.ms", "3600000",
                                "scorer.reasons.top.k", "3"),
                        T0);
        config = fixture.config;
        models = fixture.models;
        features = fixture.features;
        feedback = fixture.feedback;
        modelCommands = fixture.modelCommands;
        scores = fixture.scores;
        published = fixture.published;
        deadLetters = fixture.deadLetters;
    }

    @AfterEach
    void closeDriver() {
        fixture.close();
    }

    private static JsonNode fixture(String name) {
        try (InputStream in = NetworkTopologyTest.class.getResourceAsStream("/network/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's model file as the spec an operator deploys at {@code version}. */
    private static ModelSpec spec(JsonNode fixture, ModelVersion version) {
        return ModelFile.parse(fixture.get("model").toString()).toSpec(version, "operator", T0);
    }

    private void deploy(ModelSpec spec) {
        modelCommands.pipeInput(spec.getName(), spec, T0);
        published.readValuesToList();
    }

    private static Map<String, Double> named(List<String> names, JsonNode values) {
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), values.get(i).asDouble());
        }
        return out;
    }

    private static FeatureEvent event(String id, Map<String, Double> values) {
        return FeatureEvent.newBuilder()
                .setEventId(id)
                .setEntityId("card-1")
                .setEventTime(T0)
                .setModelName("net")
                .setFeatures(values)
                .build();
    }

    private static FeedbackEvent label(
            String id, Map<String, Integer> labels, Map<String, Double> x) {
        return FeedbackEvent.newBuilder()
                .setEventId(id)
                .setLabels(labels)
                .setFeatures(x)
                .setModelName("net")
                .build();
    }

    private static Map<String, Double> x(double... values) {
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            out.put("x" + i, values[i]);
        }
        return out;
    }

    /**
     * Replays {@code labels} through the learner of {@code start}, as the topology applies them.
     */
    private static void replay(OnlineLearner learner, List<FeedbackEvent> labels) {
        FeatureVector v = new FeatureVector();
        for (FeedbackEvent label : labels) {
            List<Integer> heads = new ArrayList<>();
            List<Integer> values = new ArrayList<>();
            label.getLabels()
                    .forEach(
                            (head, value) -> {
                                heads.add(learner.headIndex(head));
                                values.add(value);
                            });
            learner.encodeFeatures(label.getFeatures(), v);
            learner.learn(
                    v.values(),
                    heads.stream().mapToInt(Integer::intValue).toArray(),
                    values.stream().mapToInt(Integer::intValue).toArray(),
                    heads.size(),
                    1.0);
        }
    }

    private static List<FeedbackEvent> sixLabels(String... heads) {
        List<FeedbackEvent> labels = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Integer> y = new LinkedHashMap<>();
            for (int h = 0; h < heads.length; h++) {
                y.put(heads[h], (i + h) % 2);
            }
            labels.add(label("e" + i, y, x(i * 0.5, 1 - i * 0.3, 2, -1, 0.1 * i, 3 - i)));
        }
        return labels;
    }

    @Test
    void shouldScoreTheNetworkWithNumpysProbabilitiesAndDecidePerHead() {
        start("ADAM");
        JsonNode f = fixture("mlp-64-128-2.json");
        ModelSpec deployed = spec(f, new ModelVersion(4, 0));
        deployed.setName("net");
        deploy(deployed);
        List<String> names = new ArrayList<>();
        f.get("model").get("features").forEach(n -> names.add(n.asText()));
        JsonNode inputs = f.get("inputs");

        for (int n = 0; n < inputs.size(); n++) {
            features.pipeInput("card-1", event("e" + n, named(names, inputs.get(n))));
        }

        List<ScoreEvent> scored = scores.readValuesToList();
        assertThat(scored).hasSize(inputs.size());
        int positives = 0;
        for (int n = 0; n < scored.size(); n++) {
            ScoreEvent score = scored.get(n);
            assertThat(score.getModelName()).isEqualTo("net");
            assertThat(ModelSpecs.toVersion(score.getModelVersion()))
                    .isEqualTo(new ModelVersion(4, 0));
            assertThat(score.getHeads())
                    .extracting(HeadScore::getHead)
                    .containsExactly("fraud", "chargeback");
            double[] thresholds = {0.5, 0.2};
            for (int h = 0; h < 2; h++) {
                HeadScore head = score.getHeads().get(h);
                double expected = f.get("probabilities").get(n).get(h).asDouble();
                assertThat(head.getProbability()).isCloseTo(expected, within(1e-9));
                assertThat(head.getThreshold()).isEqualTo(thresholds[h]);
                assertThat(head.getDecision()).isEqualTo(expected >= thresholds[h]);
                positives += head.getDecision() ? 1 : 0;
                JsonNode attributions = f.get("attributions").get(n).get(h);
                int top =
                        IntStream.range(0, attributions.size())
                                .boxed()
                                .max(
                                        Comparator.comparingDouble(
                                                i -> Math.abs(attributions.get(i).asDouble())))
                                .orElseThrow();
                assertThat(head.getReasons()).hasSize(3);
                assertThat(head.getReasons().get(0).getFeature()).isEqualTo(names.get(top));
                assertThat(head.getReasons().get(0).getContribution())
                        .isCloseTo(attributions.get(top).asDouble(), within(1e-9));
            }
        }
        // the fixture has decisions both ways, so the decision assertions can fail
        assertThat(positives).isBetween(1, 2 * scored.size() - 1);
    }

    @Test
    void shouldPublishTheNextNetworkVersionWithTheWeightsOfAnOfflineReplay() {
        start("ADAM");
        ModelSpec deployed = spec(fixture("activation-silu.json"), new ModelVersion(1, 0));
        deployed.setName("net");
        deploy(deployed);
        ScoringModel start = ModelSpecs.toModel(deployed);
        List<FeedbackEvent> labels = sixLabels("left", "right");

        labels.forEach(l -> feedback.pipeInput(l.getEventId(), l, T0));

        List<ModelSpec> versions = published.readValuesToList();
        assertThat(versions).hasSize(2);
        ModelSpec last = versions.get(1);
        assertThat(ModelSpecs.toVersion(last.getVersion())).isEqualTo(new ModelVersion(1, 2));
        assertThat(ModelSpecs.toVersion(last.getParent())).isEqualTo(new ModelVersion(1, 1));
        assertThat(last.getOrigin()).isEqualTo("learner");
        assertThat(last.getMetadata())
                .containsEntry("learner.optimizer", "ADAM")
                .containsEntry("learner.labels", "6");
        assertThat(last.getLayers()).hasSize(2);
        OnlineLearner offline =
                OnlineLearner.startFrom(
                        start, config.learnerSettings(), config.networkLearnerSettings(), 0);
        replay(offline, labels);
        assertThat(offline).isInstanceOf(OnlineNetworkLearner.class);
        assertThat(ModelSpecs.toModel(last)).isEqualTo(offline.snapshot(new ModelVersion(1, 2)));
        assertThat(((NetworkModel) ModelSpecs.toModel(last)).headWeights(0))
                .isNotEqualTo(((NetworkModel) start).headWeights(0));
        assertThat(models.get("net").version()).isEqualTo(new ModelVersion(1, 2));
    }

    @Test
    void shouldTrainOnlyTheHeadsAFeedbackLabels() {
        start("SGD");
        ModelSpec deployed = spec(fixture("activation-relu.json"), new ModelVersion(1, 0));
        deployed.setName("net");
        deploy(deployed);
        NetworkModel start = (NetworkModel) ModelSpecs.toModel(deployed);
        List<FeedbackEvent> labels = sixLabels("right");

        labels.subList(0, 3).forEach(l -> feedback.pipeInput(l.getEventId(), l, T0));

        ModelSpec version = published.readValue();
        NetworkModel learned = (NetworkModel) ModelSpecs.toModel(version);
        assertThat(learned.headWeights(0)).containsExactly(start.headWeights(0));
        assertThat(learned.headBias(0)).isEqualTo(start.headBias(0));
        assertThat(learned.headWeights(1)).isNotEqualTo(start.headWeights(1));
        assertThat(learned.layerBias(1)).isNotEqualTo(start.layerBias(1));
        OnlineNetworkLearner offline =
                OnlineNetworkLearner.startFrom(
                        start, LearnerSettings.networkDefaults(OptimizerKind.SGD));
        replay(offline, labels.subList(0, 3));
        assertThat(learned).isEqualTo(offline.snapshot(new ModelVersion(1, 1)));
    }

    @Test
    void shouldSwitchLearnersWhenANetworkReplacesALogisticModel() {
        start("ADAM");
        LogisticModel logistic =
                LogisticModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("x0", "x1", "x2", "x3", "x4", "x5"))
                        .head("left", new double[6], 0, 0.5)
                        .head("right", new double[6], 0, 0.5)
                        .build();
        deploy(ModelSpecs.toSpec(logistic, "operator", null, T0));
        List<FeedbackEvent> labels = sixLabels("left");
        labels.subList(0, 3).forEach(l -> feedback.pipeInput(l.getEventId(), l, T0));
        ModelSpec learnedLogistic = published.readValue();
        ModelSpec network = spec(fixture("activation-hardsigmoid.json"), new ModelVersion(2, 0));
        network.setName("net");
        deploy(network);

        labels.subList(3, 6).forEach(l -> feedback.pipeInput(l.getEventId(), l, T0));

        ModelSpec learnedNetwork = published.readValue();
        assertThat(learnedLogistic.getLayers()).isEmpty();
        assertThat(learnedLogistic.getMetadata()).containsEntry("learner.optimizer", "SGD");
        assertThat(ModelSpecs.toVersion(learnedNetwork.getVersion()))
                .isEqualTo(new ModelVersion(2, 1));
        assertThat(learnedNetwork.getMetadata()).containsEntry("learner.optimizer", "ADAM");
        OnlineLearner offline =
                OnlineLearner.startFrom(
                        ModelSpecs.toModel(network),
                        config.learnerSettings(),
                        config.networkLearnerSettings(),
                        0);
        replay(offline, labels.subList(3, 6));
        assertThat(ModelSpecs.toModel(learnedNetwork))
                .isEqualTo(offline.snapshot(new ModelVersion(2, 1)));
    }

    @Test
    void shouldDeadLetterALabelWhoseNetworkOutputOverflowsAndKeepLearning() {
        start("ADAM");
        ModelSpec deployed = spec(fixture("activation-identity.json"), new ModelVersion(1, 0));
        deployed.setName("net");
        deploy(deployed);
        FeedbackEvent huge =
                label(
                        "huge",
                        Map.of("left", 1),
                        x(Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, 0, 0, 0));

        feedback.pipeInput("huge", huge, T0);
        sixLabels("left").subList(0, 3).forEach(l -> feedback.pipeInput(l.getEventId(), l, T0));

        List<TestRecord<byte[], byte[]>> letters = deadLetters.readRecordsToList();
        assertThat(letters)
                .extracting(l -> DeadLetters.text(l.headers(), DeadLetters.REASON))
                .containsExactly("UPDATE_REFUSED");
        assertThat(published.readValue().getMetadata()).containsEntry("learner.labels", "3");
    }
}
