package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The learner learns in its own standardised coordinates, so the units producers send a feature in
 * do not change what it learns or predicts.
 *
 * <p>The bound: multiplying a feature by {@code k} multiplies its running mean, its running
 * standard deviation and every value by {@code k}, so each standardised value {@code (x − c)/s} is
 * the same number. In IEEE arithmetic that is exact when {@code k} is a power of two (scaling by
 * 2^m changes only exponents), so the learner's whole state and every prediction are bit for bit
 * those of the unscaled run. For another {@code k} each of those three quantities is rounded
 * differently, a relative error of at most a few ulps, about 1e-15, per step; the progressive
 * predictions over 3,000 labels stay within 1e-9 of each other, which is what the second test
 * asserts (the largest difference measured is below 1e-12).
 */
class LearnerScaleInvarianceTest {
    private static final List<String> NAMES = List.of("amount", "velocity", "night");

    private static LogisticModel zero() {
        return LogisticModel.builder("fraud", new ModelVersion(1, 0))
                .features(NAMES)
                .head("fraud", new double[3], 0, 0.5)
                .build();
    }

    /** Progressive probabilities over a stream whose first feature is multiplied by {@code k}. */
    private static double[] replay(double k, OptimizerKind kind) {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(zero(), LearnerSettings.defaults(kind));
        SplittableRandom random = new SplittableRandom(3);
        double[] p = new double[3000];
        for (int t = 0; t < p.length; t++) {
            double amount = random.nextDouble(0, 500);
            double velocity = random.nextGaussian();
            double night = random.nextInt(2);
            double z = (amount - 250) / 100 - velocity + 0.5 * night;
            int y = random.nextDouble() < Sigmoid.sigmoid(z) ? 1 : 0;
            UpdateResult r = learner.learn(new double[] {amount * k, velocity, night}, 0, y, 1.0);
            p[t] = r.probability(0);
        }
        return p;
    }

    @Test
    void shouldLearnBitIdenticallyWhenAFeatureIsScaledByAPowerOfTwo() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            assertThat(replay(1024, kind)).as("%s", kind).containsExactly(replay(1, kind));
        }
    }

    @Test
    void shouldPredictTheSameToWithinRoundingWhenAFeatureIsScaledByAThousand() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            double[] raw = replay(1, kind);
            double[] scaled = replay(1000, kind);
            for (int t = 0; t < raw.length; t++) {
                assertThat(scaled[t]).as("%s, label %d", kind, t).isCloseTo(raw[t], within(1e-9));
            }
        }
    }

    @Test
    void shouldScoreWithTheSnapshotsScalingExactlyAsTheLearnerDoes() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        zero(), LearnerSettings.defaults(OptimizerKind.NEWTON));
        SplittableRandom random = new SplittableRandom(4);
        for (int t = 0; t < 500; t++) {
            double[] x = {random.nextDouble(0, 500), random.nextGaussian(), random.nextInt(2)};
            learner.learn(x, 0, random.nextInt(2), 1.0);
        }
        LogisticModel snapshot = learner.snapshot(new ModelVersion(1, 1));

        assertThat(snapshot.scaling()).contains(learner.coordinates());
        for (int t = 0; t < 100; t++) {
            double[] x = {random.nextDouble(0, 500), random.nextGaussian(), random.nextInt(2)};
            // the snapshot folds the scaling into its weights, the learner standardises: the two
            // sums round differently, by a few ulps of the logit
            assertThat(snapshot.logit(0, x)).isCloseTo(learner.logit(0, x), within(1e-12));
        }
    }
}
