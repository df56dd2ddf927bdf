package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.Sigmoid;
import io.streamscorer.spec.ModelSpecs;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The publish gate on the scorer's own wiring: a learned version is served only when a frozen
 * candidate beat the served version on the labels after it, a burst of wrong labels gets nothing
 * served, and a drift gets a better version served promptly.
 */
class PublishGateTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int GATE_LABELS = 100;

    // The truth before the drift, p = σ(2·amount − velocity − 1), and after it.
    private static final double[] BEFORE = {2.0, -1.0, -1.0};
    private static final double[] AFTER = {-1.0, 2.0, -1.0};

    private static LogisticModel model(double[] truth) {
        return LogisticModel.builder("fraud", new ModelVersion(1, 0))
                .features(List.of("amount", "velocity"))
                .head("fraud", new double[] {truth[0], truth[1]}, truth[2], 0.5)
                .build();
    }

    private static TopologyFixture fixture(Map<String, String> more) {
        Map<String, String> config = new HashMap<>(more);
        config.put("scorer.learning.gate.labels", Integer.toString(GATE_LABELS));
        return new TopologyFixture(config, T0);
    }

    /** Sends {@code count} labels drawn from {@code truth}, flipped if {@code flip}. */
    private static void send(
            TopologyFixture f,
            SplittableRandom random,
            String prefix,
            int count,
            double[] truth,
            boolean flip) {
        for (int i = 0; i < count; i++) {
            double amount = random.nextDouble(0, 3);
            double velocity = random.nextDouble(0, 3);
            double p = Sigmoid.sigmoid(truth[0] * amount + truth[1] * velocity + truth[2]);
            int y = random.nextDouble() < p ? 1 : 0;
            String id = prefix + i;
            f.feedback.pipeInput(
                    id, TopologyFixture.fraudLabel(id, flip ? 1 - y : y, amount, velocity), T0);
        }
    }

    /** Mean log-loss of {@code model} on fresh draws from {@code truth}. */
    private static double logLoss(ScoringModel model, double[] truth) {
        LogisticModel logistic = (LogisticModel) model;
        SplittableRandom random = new SplittableRandom(99);
        double sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double[] x = {random.nextDouble(0, 3), random.nextDouble(0, 3)};
            double p = Sigmoid.sigmoid(truth[0] * x[0] + truth[1] * x[1] + truth[2]);
            int y = random.nextDouble() < p ? 1 : 0;
            sum += Sigmoid.logLoss(logistic.logit(0, x), y);
        }
        return sum / n;
    }

    private static double gated(TopologyFixture f) {
        return f.metrics.registry().get("scorer.learner.gated").counter().count();
    }

    @Test
    void shouldNeverServeALearnedVersionThatDoesWorseOnTheLabelsAfterIt() {
        // A learner that diverges: SGD far too fast, with no bound on its steps.
        Map<String, String> diverging =
                Map.of(
                        "scorer.learning.optimizer", "SGD",
                        "scorer.learning.rate", "40.0",
                        "scorer.learning.max.weight.change", "100",
                        "scorer.learning.publish.every.updates", "50");
        Map<String, String> open = new HashMap<>(diverging);
        open.put("scorer.learning.gate.enabled", "false");
        try (TopologyFixture unguarded = fixture(open);
                TopologyFixture guarded = fixture(diverging)) {
            for (TopologyFixture f : List.of(unguarded, guarded)) {
                f.modelCommands.pipeInput(
                        "fraud", ModelSpecs.toSpec(model(BEFORE), "operator", null, T0), T0);
                f.published.readValuesToList();
                send(f, new SplittableRandom(5), "g", 1000, BEFORE, false);
            }

            List<ModelSpec> unjudged = unguarded.published.readValuesToList();
            assertThat(unjudged).hasSize(20);
            assertThat(logLoss(ModelSpecs.toModel(unjudged.get(19)), BEFORE))
                    .isGreaterThan(logLoss(model(BEFORE), BEFORE));
            assertThat(guarded.published.readValuesToList()).isEmpty();
            assertThat(guarded.models.get("fraud").version()).isEqualTo(new ModelVersion(1, 0));
            // every candidate judged (one per 100 labels after the first 100) was held back
            assertThat(gated(guarded)).isEqualTo(9.0);
            assertThat(
                            guarded.metrics
                                    .registry()
                                    .get("scorer.learner.gate.difference")
                                    .gauge()
                                    .value())
                    .isPositive();
        }
    }

    @Test
    void shouldServeNoVersionAfterABurstOfFlippedLabels() {
        try (TopologyFixture f = fixture(Map.of())) {
            f.modelCommands.pipeInput(
                    "fraud", ModelSpecs.toSpec(model(BEFORE), "operator", null, T0), T0);
            f.published.readValuesToList();
            SplittableRandom random = new SplittableRandom(11);

            send(f, random, "a", 450, BEFORE, false);
            // half an evaluation of labels that all say the opposite of the truth
            send(f, random, "burst", GATE_LABELS / 2, BEFORE, true);
            send(f, random, "b", 1000, BEFORE, false);

            assertThat(f.published.readValuesToList()).isEmpty();
            assertThat(f.models.get("fraud").version()).isEqualTo(new ModelVersion(1, 0));
            assertThat(gated(f)).isEqualTo(14.0);
        }
    }

    @Test
    void shouldServeABetterVersionWithinThreeEvaluationsOfADrift() {
        try (TopologyFixture f = fixture(Map.of())) {
            f.modelCommands.pipeInput(
                    "fraud", ModelSpecs.toSpec(model(BEFORE), "operator", null, T0), T0);
            f.published.readValuesToList();
            SplittableRandom random = new SplittableRandom(13);
            send(f, random, "a", 300, BEFORE, false);
            f.published.readValuesToList();

            // The drift: the truth changes. A candidate needs an evaluation's worth of labels
            // to learn it and another to be judged; the bound allows one more for a candidate
            // taken just before the drift.
            send(f, random, "b", 3 * GATE_LABELS, AFTER, false);

            List<ModelSpec> published = f.published.readValuesToList();
            assertThat(published).isNotEmpty();
            ScoringModel served = f.models.get("fraud");
            assertThat(served.version())
                    .isEqualTo(
                            ModelSpecs.toVersion(published.get(published.size() - 1).getVersion()));
            assertThat(logLoss(served, AFTER)).isLessThan(logLoss(model(BEFORE), AFTER));
            assertThat(published.get(published.size() - 1).getMetadata())
                    .containsKey("gate.evaluation");
        }
    }
}
