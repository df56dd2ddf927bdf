package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A deployed model is a prior, not a starting guess: the learner refines it, and a learner state
 * written by the previous release still reads.
 */
class LearnerWarmStartTest {
    private static final int ROWS = 2000;

    /** Rows whose features have very different units, labelled by a known logistic model. */
    private static double[][] rows(SplittableRandom random, int[] labels) {
        double[][] x = new double[labels.length][];
        for (int r = 0; r < labels.length; r++) {
            x[r] =
                    new double[] {
                        random.nextDouble(0, 2000), random.nextDouble(0, 0.05), random.nextInt(2)
                    };
            double z = (x[r][0] - 1000) / 400 - (x[r][1] - 0.025) / 0.01 + 0.8 * x[r][2] - 0.5;
            labels[r] = random.nextDouble() < Sigmoid.sigmoid(z) ? 1 : 0;
        }
        return x;
    }

    private static double logLoss(LogisticModel model, double[][] x, int[] y) {
        double sum = 0;
        for (int r = 0; r < x.length; r++) {
            sum += Sigmoid.logLoss(model.logit(0, x[r]), y[r]);
        }
        return sum / x.length;
    }

    /** The offline L2 fit of the rows, standardised and folded into raw units. */
    private static LogisticModel deployed(double[][] x, int[] y) {
        double[] mean = new double[3];
        double[] sd = new double[3];
        for (double[] row : x) {
            for (int i = 0; i < 3; i++) {
                mean[i] += row[i] / x.length;
            }
        }
        for (double[] row : x) {
            for (int i = 0; i < 3; i++) {
                sd[i] += (row[i] - mean[i]) * (row[i] - mean[i]) / x.length;
            }
        }
        double[][] z = new double[x.length][3];
        for (int r = 0; r < x.length; r++) {
            for (int i = 0; i < 3; i++) {
                z[r][i] = (x[r][i] - mean[i]) / Math.sqrt(sd[i]);
            }
        }
        BatchLogisticRegression.Fit fit = BatchLogisticRegression.fit(z, y, 1.0);
        FeatureScaling scaling =
                FeatureScaling.of(
                        mean, new double[] {Math.sqrt(sd[0]), Math.sqrt(sd[1]), Math.sqrt(sd[2])});
        return LogisticModel.builder("fraud", new ModelVersion(1, 0))
                .features(List.of("amount", "ratio", "night"))
                .head(
                        "fraud",
                        scaling.foldWeights(fit.weights()),
                        scaling.foldBias(fit.weights(), fit.bias()),
                        0.5)
                .build();
    }

    @Test
    void shouldMoveTheDeployedModelsLogLossByLessThanOnePercentOnItsOwnTrainingRows() {
        int[] y = new int[ROWS];
        double[][] x = rows(new SplittableRandom(21), y);
        LogisticModel model = deployed(x, y);
        // As the scorer starts it: the default learner, the default worth of an operator's model.
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model, LearnerSettings.defaults(OptimizerKind.NEWTON), 1000);

        for (int r = 0; r < ROWS; r++) {
            learner.learn(x[r], 0, y[r], 1.0);
        }

        double before = logLoss(model, x, y);
        double after = logLoss(learner.snapshot(new ModelVersion(1, 1)), x, y);
        assertThat(after / before).isCloseTo(1.0, within(0.01));
    }

    @Test
    void shouldRefineTheDeployedModelRatherThanUndoItOnTheFirstLabels() {
        int[] y = new int[ROWS];
        double[][] x = rows(new SplittableRandom(22), y);
        LogisticModel model = deployed(x, y);
        int[] fresh = new int[ROWS];
        double[][] test = rows(new SplittableRandom(23), fresh);
        OnlineLogisticLearner prior =
                OnlineLogisticLearner.startFrom(
                        model, LearnerSettings.defaults(OptimizerKind.NEWTON), 1000);
        OnlineLogisticLearner none =
                OnlineLogisticLearner.startFrom(
                        model, LearnerSettings.defaults(OptimizerKind.NEWTON), 0);

        for (int r = 0; r < 20; r++) {
            prior.learn(test[r], 0, fresh[r], 1.0);
            none.learn(test[r], 0, fresh[r], 1.0);
        }

        double deployed = logLoss(model, test, fresh);
        double refined = logLoss(prior.snapshot(new ModelVersion(1, 1)), test, fresh);
        double restarted = logLoss(none.snapshot(new ModelVersion(1, 1)), test, fresh);
        // 20 labels barely move a model worth 1,000; a learner that ignores what the model knows
        // is pulled far off by them
        assertThat(refined / deployed).isCloseTo(1.0, within(0.01));
        assertThat(restarted).isGreaterThan(refined);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LearnerWarmStartTest.class.getResourceAsStream("/learner/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldReadALearnerStateOfThePreviousFormatAndContinueFromItsWeights() throws IOException {
        // Written by the release before the learner kept its own coordinates: a model with
        // features amount, velocity, night and heads fraud, chargeback, after 50 ADAGRAD labels.
        RestoredLearner<OnlineLogisticLearner> restored =
                OnlineLogisticLearner.decode(
                        resource("learner-v1-adagrad.bin"),
                        LearnerSettings.defaults(OptimizerKind.ADAGRAD));

        OnlineLogisticLearner learner = restored.learner();
        assertThat(restored.optimizerStateReset()).isTrue();
        assertThat(learner.baseVersion()).isEqualTo(new ModelVersion(3, 2));
        assertThat(learner.counters().applied()).isEqualTo(50);
        assertThat(learner.weights(0))
                .containsExactly(0.007779707717019259, 0.48032228011986106, -0.30798288171265437);
        assertThat(learner.bias(0)).isEqualTo(-1.3978292748218129);
        assertThat(learner.bias(1)).isEqualTo(-1.8741835718240054);
        assertThat(learner.learn(new double[] {100, 0.5, 1}, 0, 1, 1.0).applied()).isTrue();

        RestoredLearner<OnlineLogisticLearner> newton =
                OnlineLogisticLearner.decode(
                        resource("learner-v1-newton.bin"),
                        LearnerSettings.defaults(OptimizerKind.NEWTON));
        assertThat(newton.learner().weights(1))
                .containsExactly(0.0037319661983748103, 0.07925784029169523, -0.4026629981211177);
        assertThat(newton.learner().bias(0)).isEqualTo(0.2883107767752643);
    }

    @ParameterizedTest
    @EnumSource(
            value = OptimizerKind.class,
            names = {"NEWTON", "ADAM"})
    void shouldContinueACheckpointOfThePreviousReleaseBitIdentically(OptimizerKind kind)
            throws IOException {
        // Written by the release before the update rules became their own classes: a model of
        // amount, velocity and night with heads fraud and chargeback, worth 200 labels, after 50
        // labels drawn from SplittableRandom(7); the expected weights are what that release
        // reached after the next 10.
        RestoredLearner<OnlineLogisticLearner> restored =
                OnlineLogisticLearner.decode(
                        resource("learner-v2-" + kind.name().toLowerCase(Locale.ROOT) + ".bin"),
                        LearnerSettings.defaults(kind));
        OnlineLogisticLearner learner = restored.learner();
        assertThat(restored.optimizerStateReset()).isFalse();
        assertThat(learner.steps(0)).isEqualTo(50);
        assertThat(learner.priorLabels()).isEqualTo(200);

        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 60; i++) {
            double[] x = {random.nextDouble() * 500, random.nextDouble() * 3, random.nextInt(2)};
            int[] labels = {random.nextInt(2), random.nextDouble() < 0.2 ? 1 : 0};
            if (i >= 50) {
                learner.learn(x, new int[] {0, 1}, labels, 2, 1.0);
            }
        }

        if (kind == OptimizerKind.NEWTON) {
            assertThat(learner.weights(0))
                    .containsExactly(
                            0.001923022579487778, 0.16084272499882157, -0.10839058089607828);
            assertThat(learner.bias(1)).isEqualTo(-2.0677240366418124);
        } else {
            assertThat(learner.weights(0))
                    .containsExactly(
                            0.002115770388668696, 0.10812826257803984, -0.14105557718407963);
            assertThat(learner.bias(1)).isEqualTo(-2.190283513900478);
        }
        assertThat(learner.steps(0)).isEqualTo(60);
    }
}
