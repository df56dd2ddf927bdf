package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.FeatureScaling;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSpecs;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Signed models and the per-update bound against poisoned feedback. */
class ModelSafetyTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final KeyPair OPERATOR = ModelSignatures.generate();
    private static final KeyPair LEARNER = ModelSignatures.generate();
    private static final KeyPair STRANGER = ModelSignatures.generate();

    private static LogisticModel model(long generation, double w0, double w1) {
        return LogisticModel.builder("fraud", new ModelVersion(generation, 0))
                .features(List.of("amount", "velocity"))
                .head("fraud", new double[] {w0, w1}, -1.0, 0.5)
                .build();
    }

    private static ModelSpec spec(LogisticModel model) {
        return ModelSpecs.toSpec(model, "operator", null, T0);
    }

    private static Map<String, String> signing() {
        return Map.of(
                "scorer.model.verify.public-key",
                ModelSignatures.pem(OPERATOR.getPublic())
                        + ","
                        + ModelSignatures.pem(LEARNER.getPublic()),
                "scorer.model.signing.private-key",
                ModelSignatures.pem(LEARNER.getPrivate()),
                "scorer.learning.optimizer",
                "SGD",
                "scorer.learning.gate.enabled",
                "false",
                "scorer.learning.publish.every.updates",
                "2");
    }

    private static FeedbackEvent label(
            String id, int y, double amount, double velocity, String source) {
        FeedbackEvent label = TopologyFixture.fraudLabel(id, y, amount, velocity);
        label.setSource(source);
        return label;
    }

    @Test
    void shouldServeOnlyModelsSignedWithAConfiguredKey() {
        try (TopologyFixture f = new TopologyFixture(signing(), T0)) {
            f.modelCommands.pipeInput(
                    "fraud",
                    ModelSignatures.sign(spec(model(1, 1, 1)), OPERATOR.getPrivate(), "op"),
                    T0);
            f.modelCommands.pipeInput("fraud", spec(model(2, 9, 9)), T0);
            f.modelCommands.pipeInput(
                    "fraud",
                    ModelSignatures.sign(spec(model(3, 9, 9)), STRANGER.getPrivate(), "x"),
                    T0);
            ModelSpec forged =
                    ModelSignatures.sign(spec(model(4, 1, 1)), OPERATOR.getPrivate(), "op");
            forged.getHeads().get(0).getWeights().set(0, 50.0);
            f.modelCommands.pipeInput("fraud", forged, T0);

            assertThat(f.models.get("fraud").version()).isEqualTo(new ModelVersion(1, 0));
            assertThat(f.controlRejects.reasons())
                    .containsExactly("UNSIGNED", "BAD_SIGNATURE", "BAD_SIGNATURE");
        }
    }

    @Test
    void shouldSignWhatTheLearnerPublishesSoInstancesAcceptIt() {
        try (TopologyFixture f = new TopologyFixture(signing(), T0)) {
            f.modelCommands.pipeInput(
                    "fraud",
                    ModelSignatures.sign(spec(model(1, 1, 1)), OPERATOR.getPrivate(), "op"),
                    T0);
            f.feedback.pipeInput("e1", label("e1", 1, 1, 0, "chargebacks"), T0);
            f.feedback.pipeInput("e2", label("e2", 0, 0, 1, "chargebacks"), T0);

            ModelSpec learned = f.published.readValuesToList().get(0);
            assertThat(ModelSignatures.verify(learned, List.of(LEARNER.getPublic()))).isTrue();
            assertThat(f.models.get("fraud").version()).isEqualTo(new ModelVersion(1, 1));
            assertThat(f.controlRejects.reasons()).isEmpty();
        }
    }

    @Test
    void shouldRefuseToStartALearnerThatCannotSignWhenSignaturesAreVerified() {
        Map<String, String> noKey = new HashMap<>(signing());
        noKey.remove("scorer.model.signing.private-key");
        assertThatThrownBy(() -> new TopologyFixture(noKey, T0))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorer.model.signing.private-key");
    }

    @Test
    void shouldBoundEveryWeightChangeDuringABurstOfFlippedLabels() {
        double bound = 0.05;
        try (TopologyFixture f =
                new TopologyFixture(
                        Map.of(
                                "scorer.learning.optimizer", "SGD",
                                "scorer.learning.rate", "5.0",
                                "scorer.learning.max.weight.change", Double.toString(bound),
                                "scorer.learning.gate.enabled", "false",
                                "scorer.learning.publish.every.updates", "1"),
                        T0)) {
            // The bound is on each step of the learned correction in the learner's coordinates;
            // the identity scaling fixes them to the raw values, so it bounds the weights served.
            LogisticModel raw =
                    model(1, 2.0, -1.0).toBuilder()
                            .scaling(FeatureScaling.of(new double[2], new double[] {1, 1}))
                            .build();
            f.modelCommands.pipeInput("fraud", spec(raw), T0);
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < 300; i++) {
                double amount = random.nextDouble(0, 3);
                double velocity = random.nextDouble(0, 3);
                int truth = 2.0 * amount - velocity - 1.0 > 0 ? 1 : 0;
                f.feedback.pipeInput(
                        "p" + i, label("p" + i, 1 - truth, amount, velocity, "attacker"), T0);
            }

            List<ModelSpec> versions = f.published.readValuesToList();
            assertThat(versions).hasSize(300);
            double[] previous = {2.0, -1.0, -1.0};
            double largest = 0;
            for (ModelSpec v : versions) {
                double[] now = {
                    v.getHeads().get(0).getWeights().get(0),
                    v.getHeads().get(0).getWeights().get(1),
                    v.getHeads().get(0).getBias()
                };
                for (int i = 0; i < now.length; i++) {
                    largest = Math.max(largest, Math.abs(now[i] - previous[i]));
                }
                previous = now;
            }
            // The learner clips each step to exactly the bound; reading it back as the difference
            // of two weights near 1 can be off by a few ulps of those weights, no more.
            assertThat(largest)
                    .isLessThanOrEqualTo(bound + 8 * Math.ulp(4.0))
                    .isGreaterThan(bound / 2);
        }
    }
}
