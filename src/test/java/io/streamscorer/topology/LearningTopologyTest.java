package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.OnlineLearner;
import io.streamscorer.model.OnlineLogisticLearner;
import io.streamscorer.spec.ModelSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LearningTopologyTest {
    private static final List<String> FEATURES = List.of("amount", "velocity");
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private TopologyFixture fixture;
    private ScorerConfig config;
    private ModelRegistry models;
    private TestInputTopic<String, FeatureEvent> features;
    private TestInputTopic<String, FeedbackEvent> feedback;
    private TestInputTopic<String, ModelSpec> modelCommands;
    private TestOutputTopic<String, ModelSpec> published;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void startDriver() {
        fixture =
                new TopologyFixture(
                        Map.of(
                                "scorer.learning.optimizer", "SGD",
                                // These tests are about the publishing cadence: no gate.
                                "scorer.learning.gate.enabled", "false",
                                "scorer.learning.publish.every.updates", "3",
                                "scorer.learning.publish.interval.ms", "3600000",
                                "scorer.feedback.remember.features", "true",
                                "scorer.feedback.retention.days", "2"),
                        T0);
        config = fixture.config;
        models = fixture.models;
        features = fixture.features;
        feedback = fixture.feedback;
        modelCommands = fixture.modelCommands;
        published = fixture.published;
        deadLetters = fixture.deadLetters;
    }

    @AfterEach
    void closeDriver() {
        fixture.close();
    }

    private static LogisticModel model(long generation, double w0, double w1) {
        return LogisticModel.builder("fraud", new ModelVersion(generation, 0))
                .features(FEATURES)
                .head("fraud", new double[] {w0, w1}, -1.0, 0.5)
                .build();
    }

    private void deploy(LogisticModel model) {
        modelCommands.pipeInput(model.name(), ModelSpecs.toSpec(model, "operator", null, T0), T0);
        published.readValuesToList();
    }

    private static FeedbackEvent label(String eventId, int label, Map<String, Double> x) {
        return FeedbackEvent.newBuilder()
                .setEventId(eventId)
                .setLabels(Map.of("fraud", label))
                .setFeatures(x)
                .build();
    }

    private static Map<String, Double> x(double amount, double velocity) {
        Map<String, Double> values = new HashMap<>();
        values.put("amount", amount);
        values.put("velocity", velocity);
        return values;
    }

    private String reason(TestRecord<byte[], byte[]> letter) {
        return DeadLetters.text(letter.headers(), DeadLetters.REASON);
    }

    @Test
    void shouldPublishTheNextStepAfterEveryNLabels() {
        deploy(model(1, 0.2, -0.3));

        feedback.pipeInput("e1", label("e1", 1, x(1, 2)), T0);
        feedback.pipeInput("e2", label("e2", 0, x(0.5, 1)), T0);
        assertThat(published.isEmpty()).isTrue();
        feedback.pipeInput("e3", label("e3", 1, x(2, 0)), T0);

        ModelSpec spec = published.readValue();
        assertThat(ModelSpecs.toVersion(spec.getVersion())).isEqualTo(new ModelVersion(1, 1));
        assertThat(spec.getOrigin()).isEqualTo("learner");
        assertThat(ModelSpecs.toVersion(spec.getParent())).isEqualTo(new ModelVersion(1, 0));
        assertThat(spec.getMetadata()).containsEntry("learner.labels", "3");
        assertThat(models.get("fraud").version()).isEqualTo(new ModelVersion(1, 1));
    }

    @Test
    void shouldLearnExactlyWhatAnOfflineReplayOfTheSameLabelsLearns() {
        LogisticModel start = model(1, 0.2, -0.3);
        deploy(start);
        OnlineLearner offline = productLearner(start);
        FeatureVector v = new FeatureVector();
        for (int i = 0; i < 6; i++) {
            Map<String, Double> values = x(i * 0.5, 1 - i * 0.2);
            int y = i % 2;
            feedback.pipeInput("e" + i, label("e" + i, y, values), T0);
            offline.encodeFeatures(values, v);
            offline.learn(v.values(), 0, y, 1.0);
        }

        List<ModelSpec> versions = published.readValuesToList();
        assertThat(versions).hasSize(2);
        ModelSpec last = versions.get(1);
        assertThat(ModelSpecs.toVersion(last.getVersion())).isEqualTo(new ModelVersion(1, 2));
        assertThat(ModelSpecs.toModel(last)).isEqualTo(offline.snapshot(new ModelVersion(1, 2)));
    }

    /** The learner the scorer starts from {@code start}, prior and coordinates included. */
    private OnlineLearner productLearner(LogisticModel start) {
        return ModelLearning.startFrom(
                        new ServedModel(start, false, "operator", T0, T0, null),
                        LearnerPolicy.from(config),
                        0)
                .learner();
    }

    @Test
    void shouldJoinRememberedFeaturesWhenTheLabelCarriesOnlyTheEventId() {
        LogisticModel start = model(1, 0.2, -0.3);
        deploy(start);
        features.pipeInput(
                "card-1",
                FeatureEvent.newBuilder()
                        .setEventId("evt-7")
                        .setEntityId("card-1")
                        .setEventTime(T0)
                        .setFeatures(x(3, 4))
                        .build(),
                T0);
        FeedbackEvent late = label("evt-7", 1, null);
        late.setFeatures(null);
        fixture.driver.advanceWallClockTime(Duration.ofDays(1));

        for (int i = 0; i < 2; i++) {
            feedback.pipeInput("w" + i, label("w" + i, 0, x(0, 0)), T0.plus(Duration.ofDays(1)));
        }
        feedback.pipeInput("evt-7", late, T0.plus(Duration.ofDays(1)));

        assertThat(deadLetters.isEmpty()).isTrue();
        ModelSpec spec = published.readValue();
        assertThat(spec.getMetadata()).containsEntry("learner.labels", "3");
        // The late label must have trained on the remembered x(3, 4), nothing else.
        OnlineLearner offline = productLearner(start);
        FeatureVector v = new FeatureVector();
        for (Map<String, Double> values : List.of(x(0, 0), x(0, 0), x(3, 4))) {
            offline.encodeFeatures(values, v);
            offline.learn(v.values(), 0, values.get("amount") == 3 ? 1 : 0, 1.0);
        }
        assertThat(ModelSpecs.toModel(spec))
                .isEqualTo(offline.snapshot(ModelSpecs.toVersion(spec.getVersion())));
    }

    @Test
    void shouldDeadLetterALabelWithoutFeaturesWhenFeaturesAreNotRemembered() {
        try (TopologyFixture forgetful =
                new TopologyFixture(Map.of("scorer.feedback.remember.features", "false"), T0)) {
            LogisticModel start = model(1, 0.2, -0.3);
            forgetful.modelCommands.pipeInput(
                    start.name(), ModelSpecs.toSpec(start, "operator", null, T0), T0);
            FeedbackEvent bare = label("evt-9", 1, null);
            bare.setFeatures(null);

            forgetful.feedback.pipeInput("evt-9", bare, T0);

            TestRecord<byte[], byte[]> letter = forgetful.deadLetters.readRecord();
            assertThat(reason(letter)).isEqualTo("FEATURES_NOT_REMEMBERED");
            assertThat(DeadLetters.text(letter.headers(), DeadLetters.STAGE))
                    .isEqualTo("prepare-feedback");
            assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL))
                    .contains("scorer.feedback.remember.features");
            assertThat(DeadLetters.text(letter.headers(), DeadLetters.TOPIC))
                    .isEqualTo("scorer.feedback");
            assertThat(forgetful.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldDeadLetterLabelsOfUnknownAndExpiredEvents() {
        deploy(model(1, 0.2, -0.3));
        FeedbackEvent unknown = label("never-seen", 1, null);
        unknown.setFeatures(null);
        FeedbackEvent expired = label("long-ago", 1, null);
        expired.setFeatures(null);
        expired.setEventTime(T0.minus(Duration.ofDays(30)));

        feedback.pipeInput("never-seen", unknown, T0);
        feedback.pipeInput("long-ago", expired, T0);

        List<TestRecord<byte[], byte[]>> letters = deadLetters.readRecordsToList();
        assertThat(letters)
                .extracting(this::reason)
                .containsExactly("UNKNOWN_EVENT", "EXPIRED_EVENT");
        assertThat(letters)
                .allSatisfy(
                        l ->
                                assertThat(DeadLetters.text(l.headers(), DeadLetters.TOPIC))
                                        .isEqualTo("scorer.feedback"));
    }

    @Test
    void shouldRefuseALabelStampedFarInTheFutureAndKeepCatchingDuplicates() {
        deploy(model(1, 0.2, -0.3));
        // A producer writing microseconds where milliseconds belong.
        Instant micros = Instant.ofEpochMilli(T0.toEpochMilli() * 1000);

        feedback.pipeInput("e1", label("e1", 1, x(1, 1)), micros);
        feedback.pipeInput("e2", label("e2", 1, x(1, 1)), T0.plusSeconds(1));
        feedback.pipeInput("e2", label("e2", 1, x(1, 1)), T0.plusSeconds(2));

        List<TestRecord<byte[], byte[]>> letters = deadLetters.readRecordsToList();
        assertThat(letters)
                .extracting(this::reason)
                .containsExactly("FUTURE_TIMESTAMP", "DUPLICATE_LABEL");
        assertThat(DeadLetters.text(letters.get(0).headers(), DeadLetters.DETAIL))
                .contains("more than an hour after");
    }

    @Test
    void shouldApplyADuplicateLabelOnce() {
        deploy(model(1, 0.2, -0.3));

        feedback.pipeInput("e1", label("e1", 1, x(1, 1)), T0);
        feedback.pipeInput("e1", label("e1", 1, x(1, 1)), T0.plusSeconds(60));
        feedback.pipeInput("e2", label("e2", 0, x(1, 1)), T0.plusSeconds(61));
        feedback.pipeInput("e3", label("e3", 0, x(1, 1)), T0.plusSeconds(62));

        assertThat(deadLetters.readRecordsToList())
                .extracting(this::reason)
                .containsExactly("DUPLICATE_LABEL");
        assertThat(published.readValue().getMetadata()).containsEntry("learner.labels", "3");
    }

    @Test
    void shouldRestartLearningFromAnOperatorsNewerGeneration() {
        deploy(model(1, 0.2, -0.3));
        feedback.pipeInput("a1", label("a1", 1, x(1, 1)), T0);
        feedback.pipeInput("a2", label("a2", 1, x(1, 1)), T0);

        LogisticModel deployed = model(2, 5.0, 5.0);
        deploy(deployed);
        OnlineLogisticLearner offline =
                OnlineLogisticLearner.startFrom(deployed, config.learnerSettings());
        FeatureVector v = new FeatureVector();
        for (int i = 0; i < 3; i++) {
            feedback.pipeInput("b" + i, label("b" + i, 0, x(1, 1)), T0);
            offline.encodeFeatures(x(1, 1), v);
            offline.learn(v.values(), 0, 0, 1.0);
        }

        ModelSpec spec = published.readValue();
        assertThat(ModelSpecs.toVersion(spec.getVersion())).isEqualTo(new ModelVersion(2, 1));
        assertThat(spec.getHeads().get(0).getWeights())
                .containsExactly(offline.weights(0)[0], offline.weights(0)[1]);
    }

    @Test
    void shouldNeverServeALearnerVersionFromAnOlderGeneration() {
        deploy(model(3, 1.0, 1.0));
        LogisticModel stale =
                model(2, 0.0, 0.0).toBuilder().version(new ModelVersion(2, 9)).build();

        modelCommands.pipeInput(
                "fraud", ModelSpecs.toSpec(stale, "learner", new ModelVersion(2, 8), T0), T0);

        assertThat(models.get("fraud").version()).isEqualTo(new ModelVersion(3, 0));
        assertThat(fixture.controlRejects.reasons()).containsExactly("STALE_VERSION");
    }

    @Test
    void shouldDeadLetterLabelsWhileLearningIsPaused() {
        ModelSpec paused = ModelSpecs.toSpec(model(1, 0.2, -0.3), "operator", null, T0);
        paused.setLearningPaused(true);
        modelCommands.pipeInput("fraud", paused, T0);

        feedback.pipeInput("e1", label("e1", 1, x(1, 1)), T0);

        assertThat(deadLetters.readRecordsToList())
                .extracting(this::reason)
                .containsExactly("LEARNING_PAUSED");
    }

    @Test
    void shouldDeadLetterMalformedFeedbackWithItsReason() {
        deploy(model(1, 0.2, -0.3));
        FeedbackEvent badHead = label("h", 1, x(1, 1));
        badHead.setLabels(Map.of("chargeback", 1));
        FeedbackEvent badLabel = label("l", 1, x(1, 1));
        badLabel.setLabels(Map.of("fraud", 2));
        FeedbackEvent badWeight = label("w", 1, x(1, 1));
        badWeight.setWeight(-1.0);
        FeedbackEvent nanFeature = label("n", 1, x(Double.NaN, 1));

        feedback.pipeInput("other-key", label("k", 1, x(1, 1)), T0);
        feedback.pipeInput("h", badHead, T0);
        feedback.pipeInput("l", badLabel, T0);
        feedback.pipeInput("w", badWeight, T0);
        feedback.pipeInput("n", nanFeature, T0);

        assertThat(deadLetters.readRecordsToList())
                .extracting(this::reason)
                .containsExactly(
                        "KEY_MISMATCH",
                        "UNKNOWN_HEAD",
                        "INVALID_LABEL",
                        "INVALID_WEIGHT",
                        "NON_FINITE_FEATURE");
    }
}
