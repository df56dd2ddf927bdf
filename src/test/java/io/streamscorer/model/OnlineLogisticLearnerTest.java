package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnlineLogisticLearnerTest {
    private static final double TOL = 1e-12;
    private static final double[] X = {2.0, 1.0};

    // w = (0.5, −1), b = 0.25, x = (2, 1): z = 0.25, p = σ(0.25) = 0.5621765008857981, and for
    // label 1 the log-loss gradient scale is g = p − 1 = −0.43782349911420193. The identity
    // scaling fixes the learner's coordinates to the raw values, so the hand-computed steps of
    // each rule apply to the features as written; the model's weights are the anchor and the
    // learned correction starts at zero.
    private static LogisticModel model() {
        return LogisticModel.builder("fraud", new ModelVersion(3, 7))
                .features(List.of("amount", "velocity"))
                .imputation(new double[] {1.5, 0.0})
                .scaling(IDENTITY)
                .head("fraud", new double[] {0.5, -1.0}, 0.25, 0.7)
                .build();
    }

    private static final FeatureScaling IDENTITY = identity(2);

    private static FeatureScaling identity(int features) {
        double[] ones = new double[features];
        Arrays.fill(ones, 1.0);
        return FeatureScaling.of(new double[features], ones);
    }

    private static TestSettings plain(OptimizerKind kind) {
        return TestSettings.builder(kind).l2(0).maxWeightChange(Double.POSITIVE_INFINITY);
    }

    // NEWTON with the prior N(θ0, I) (λ2 = 1), no forgetting and no bound on the step.
    private static TestSettings newton() {
        return TestSettings.builder(OptimizerKind.NEWTON)
                .l2(1.0)
                .forgetting(1.0)
                .maxWeightChange(Double.POSITIVE_INFINITY);
    }

    private static double[] params(OnlineLogisticLearner learner, int head) {
        double[] w = learner.weights(head);
        double[] all = Arrays.copyOf(w, w.length + 1);
        all[w.length] = learner.bias(head);
        return all;
    }

    private static void assertParams(OnlineLogisticLearner learner, double... expected) {
        double[] actual = params(learner, 0);
        assertThat(actual).as("parameters").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(TOL));
        }
    }

    @Test
    void shouldStepAlongFiniteDifferenceGradientOfWeightedLogLoss() {
        double eta = 0.01;
        double exampleWeight = 1.7;
        double positiveWeight = 2.5;
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(),
                        plain(OptimizerKind.SGD)
                                .learningRate(eta)
                                .positiveClassWeight(positiveWeight)
                                .build());
        double[] x = {0.8, -1.3};
        double[] before = params(learner, 0);

        learner.learn(x, 0, 1, exampleWeight);

        double[] after = params(learner, 0);
        double h = 1e-6;
        for (int i = 0; i < before.length; i++) {
            double[] up = before.clone();
            double[] down = before.clone();
            up[i] += h;
            down[i] -= h;
            double numeric =
                    exampleWeight * positiveWeight * (loss(up, x, 1) - loss(down, x, 1)) / (2 * h);
            assertThat((before[i] - after[i]) / eta)
                    .as("gradient %d", i)
                    .isCloseTo(numeric, within(1e-7));
        }
    }

    private static double loss(double[] theta, double[] x, int y) {
        return Sigmoid.logLoss(theta[0] * x[0] + theta[1] * x[1] + theta[2], y);
    }

    @Test
    void shouldTakeHandComputedSgdStep() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), plain(OptimizerKind.SGD).learningRate(0.1).build());

        UpdateResult r = learner.learn(X, 0, 1, 1.0);

        assertThat(r.status()).isEqualTo(UpdateStatus.APPLIED);
        assertThat(r.probability(0)).isCloseTo(0.5621765008857981, within(TOL));
        assertThat(r.logLoss(0)).isCloseTo(-Math.log(0.5621765008857981), within(TOL));
        // w −= η·g·x, b −= η·g
        assertParams(learner, 0.5875646998228404, -0.9562176500885798, 0.2937823499114202);
    }

    @Test
    void shouldPullTheLearnedCorrectionButNotTheStartingModelOrTheBiasTowardsZeroWithL2() {
        double eta = 0.1;
        double l2 = 0.2;
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), plain(OptimizerKind.SGD).learningRate(eta).l2(l2).build());

        learner.learn(X, 0, 1, 1.0);
        // the correction starts at 0, so the first step has nothing to pull: the model is a prior
        assertParams(learner, 0.5875646998228404, -0.9562176500885798, 0.2937823499114202);
        double[] first = learner.correction(0);
        double[] x = {-1.0, 0.5};
        UpdateResult r = learner.learn(x, 0, 0, 1.0);

        // θ −= η·(g·x + λ2·θ) on the weights; the bias step has no λ2 term
        double g = r.probability(0);
        double[] second = learner.correction(0);
        for (int i = 0; i < 2; i++) {
            assertThat(second[i])
                    .as("correction %d", i)
                    .isCloseTo(first[i] - eta * (g * x[i] + l2 * first[i]), within(TOL));
        }
        assertThat(second[2]).isCloseTo(first[2] - eta * g, within(TOL));
    }

    @Test
    void shouldShrinkSgdStepAsInverseScaling() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(),
                        plain(OptimizerKind.SGD)
                                .learningRate(0.1)
                                .schedule(LearningRateSchedule.INVERSE_SCALING)
                                .powerT(0.5)
                                .build());

        learner.learn(X, 0, 1, 1.0);
        learner.learn(X, 0, 1, 1.0);

        // step 1 with η = 0.1, step 2 with η = 0.1/√2
        assertParams(learner, 0.6405357910862347, -0.9297321044568827, 0.32026789554311735);
        assertThat(learner.steps(0)).isEqualTo(2);
    }

    @Test
    void shouldTakeHandComputedAdaGradSteps() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), plain(OptimizerKind.ADAGRAD).learningRate(0.1).build());

        learner.learn(X, 0, 1, 1.0);
        // first step: G = g², so each coordinate moves by η·sgn(g) (less ε)
        assertParams(learner, 0.5999999988579873, -0.9000000022840253, 0.3499999977159746);
        learner.learn(X, 0, 1, 1.0);
        assertParams(learner, 0.6616692932100515, -0.8383307084863659, 0.41166929151363396);
    }

    @Test
    void shouldTakeHandComputedBiasCorrectedAdamSteps() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), plain(OptimizerKind.ADAM).learningRate(0.01).build());

        learner.learn(X, 0, 1, 1.0);
        // bias correction makes m̂ = g and v̂ = g² on the first step: a move of η·sgn(g)
        assertParams(learner, 0.5099999998857987, -0.9900000002284025, 0.2599999997715975);
        learner.learn(X, 0, 1, 1.0);
        assertParams(learner, 0.519993444658558, -0.9800065555710572, 0.2699934444289428);
    }

    @Test
    void shouldTakeHandComputedFtrlStepsFromZero() {
        LogisticModel zero =
                model().toBuilder().clearHeads().head("fraud", new double[] {0, 0}, 0, 0.5).build();
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        zero,
                        plain(OptimizerKind.FTRL)
                                .learningRate(0.1)
                                .ftrlBeta(1.0)
                                .l1(0.1)
                                .l2(0.5)
                                .build());

        learner.learn(X, 0, 1, 1.0);
        // g = −0.5·x; n = g², z = g; w = −(z − sgn(z)·λ1)/((β + √n)/α + λ2), bias without λ1, λ2
        assertParams(learner, 0.04390243902439025, 0.025806451612903226, 0.03333333333333333);
        learner.learn(X, 0, 1, 1.0);
        assertParams(learner, 0.0822998178536029, 0.05256268661400981, 0.06088509388500299);
    }

    @Test
    void shouldContinueFtrlFromTheStartingModelsWeights() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), plain(OptimizerKind.FTRL).learningRate(0.1).ftrlBeta(1.0).build());

        learner.learn(X, 0, 1, 1.0);

        // with z seeded from w0, the first step is w0 − α·g_i/(β + |g_i|), not a restart from 0
        assertParams(learner, 0.5466850638236019, -0.9695495657579716, 0.2804504342420284);
    }

    // The expected values below come from mpmath at 40 digits: its root finder on the mode
    // equation and plain matrix algebra for P, independently of the learner's own iteration.
    @Test
    void shouldTakeHandComputedNewtonSteps() {
        OnlineLogisticLearner learner = OnlineLogisticLearner.startFrom(model(), newton().build());

        UpdateResult r = learner.learn(X, 0, 1, 1.0);

        // P = I, x̄ = (2, 1, 1), v = 6, z = 0.25: θ += c·x̄ with c = 1 − σ(0.25 + 6c) ≈ 0.1948256
        assertThat(r.probability(0)).isCloseTo(0.5621765008857981, within(TOL));
        assertParams(learner, 0.8896512808912789, -0.8051743595543606, 0.44482564044563944);
        // the second step goes along P1·x̄ with P1 = I − x̄x̄ᵀ·s'/(1 + 6s'), s' = σ'(z + 6c): it
        // checks the covariance, off-diagonal terms included
        learner.learn(new double[] {-1.0, 0.5}, 0, 0, 1.0);
        assertParams(learner, 1.0837129648730168, -0.9192659268636614, 0.22517286848625379);
    }

    @Test
    void shouldForgetWeighAndCapNewtonVariancesAtThePrior() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(model(), newton().forgetting(0.5).build());
        learner.learn(X, 0, 1, 1.0);

        learner.learn(new double[] {-1.0, 0.5}, 0, 0, 2.0);

        // P0/γ = 2·I is capped straight back to I, so the first step is the one without
        // forgetting. Before the second, P1/γ has variances 1.35, 1.84, 1.84 > 1/λ2, and
        // D·(P1/γ)·D brings each back to 1; that log-loss term counts twice (example weight 2)
        assertParams(learner, 1.2924977810966196, -0.9952935938431495, 0.08709442544347278);
    }

    @Test
    void shouldClipNewtonByScalingTheExamplesWeight() {
        double clip = 0.5;
        // g = p − 1 = −0.43782349911420193 at z = 0.25, ‖x̄‖ = √6
        double scale = clip / (0.43782349911420193 * Math.sqrt(6));
        OnlineLogisticLearner clipped =
                OnlineLogisticLearner.startFrom(model(), newton().clipNorm(clip).build());
        OnlineLogisticLearner lighter = OnlineLogisticLearner.startFrom(model(), newton().build());

        boolean wasClipped = clipped.learn(X, 0, 1, 1.0).gradientClipped();
        lighter.learn(X, 0, 1, scale);
        clipped.learn(new double[] {-1.0, 0.5}, 0, 0, 1.0);
        lighter.learn(new double[] {-1.0, 0.5}, 0, 0, 1.0);

        assertThat(wasClipped).isTrue();
        double[] expected = params(lighter, 0);
        assertParams(clipped, expected);
    }

    @Test
    void shouldConvergeToTheBatchFitOnAWellSpecifiedProblem() {
        int n = 20_000;
        double[] truth = {1.0, -2.0, 0.5};
        SplittableRandom random = new SplittableRandom(1);
        double[][] rows = new double[n][3];
        int[] labels = new int[n];
        for (int t = 0; t < n; t++) {
            double z = -0.5;
            for (int i = 0; i < 3; i++) {
                rows[t][i] = random.nextGaussian();
                z += truth[i] * rows[t][i];
            }
            labels[t] = random.nextDouble() < Sigmoid.sigmoid(z) ? 1 : 0;
        }
        LogisticModel zero =
                LogisticModel.builder("m", new ModelVersion(1, 0))
                        .features(List.of("a", "b", "c"))
                        .scaling(identity(3))
                        .head("h", new double[3], 0, 0.5)
                        .build();
        OnlineLogisticLearner learner = OnlineLogisticLearner.startFrom(zero, newton().build());

        for (int t = 0; t < n; t++) {
            learner.learn(rows[t], 0, labels[t], 1.0);
        }
        BatchLogisticRegression.Fit batch = BatchLogisticRegression.fit(rows, labels, 1.0);

        // One pass against the converged fit of the same objective (the filter's prior also
        // holds the bias, which moves it by about λ2·b/(n·p(1−p)) ≈ 2e-4). The batch estimate's
        // own standard errors here, √diag(H⁻¹), are 0.020 to 0.030, so a filter within 0.01 is
        // closer to it than the data can tell apart; observed gaps are 0.001 to 0.004, and they
        // shrink faster than the standard errors as n grows.
        double tolerance = 0.01;
        for (int i = 0; i < 3; i++) {
            assertThat(learner.weights(0)[i])
                    .as("weight %d", i)
                    .isCloseTo(batch.weights()[i], within(tolerance));
        }
        assertThat(learner.bias(0)).isCloseTo(batch.bias(), within(tolerance));
        assertThat(learner.counters().weightChangesClipped()).isZero();
    }

    @Test
    void shouldRefuseNonFiniteNewtonUpdatesWithoutTouchingTheCovariance() {
        LearnerSettings settings = LearnerSettings.defaults(OptimizerKind.NEWTON);
        OnlineLogisticLearner refused = OnlineLogisticLearner.startFrom(model(), settings);
        OnlineLogisticLearner untouched = OnlineLogisticLearner.startFrom(model(), settings);
        refused.learn(X, 0, 1, 1.0);
        untouched.learn(X, 0, 1, 1.0);

        UpdateResult nan = refused.learn(new double[] {Double.NaN, 1.0}, 0, 1, 1.0);
        // finite features whose x̄ᵀ·P·x̄ overflows
        UpdateResult overflow = refused.learn(new double[] {1e200, 0.0}, 0, 0, 1.0);

        assertThat(nan.status()).isEqualTo(UpdateStatus.REFUSED_NON_FINITE);
        assertThat(overflow.status()).isEqualTo(UpdateStatus.REFUSED_NON_FINITE);
        assertThat(refused.counters().refused()).isEqualTo(2);
        assertThat(refused.steps(0)).isEqualTo(1);
        // the same next step from the same state: the weights and the covariance are as they were
        double[] x = {-1.0, 0.5};
        refused.learn(x, 0, 0, 1.0);
        untouched.learn(x, 0, 0, 1.0);
        refused.learn(X, 0, 1, 1.0);
        untouched.learn(X, 0, 1, 1.0);
        assertThat(params(refused, 0)).containsExactly(params(untouched, 0));
    }

    @Test
    void shouldRefuseWholeMultiHeadNewtonUpdateWhenOneHeadWouldOverflow() {
        LogisticModel twoHeads =
                LogisticModel.builder("m", new ModelVersion(1, 0))
                        .features(List.of("a"))
                        .scaling(identity(1))
                        .head("fraud", new double[] {1e300}, 0, 0.5)
                        .head("chargeback", new double[] {0.0}, 0, 0.5)
                        .build();
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        twoHeads, LearnerSettings.defaults(OptimizerKind.NEWTON));
        // the fraud head's logit 1e310 overflows; the chargeback head's update alone is fine
        double[] x = {1e10};

        UpdateResult r = learner.learn(x, new int[] {1, 0}, new int[] {0, 1}, 2, 1.0);

        assertThat(r.status()).isEqualTo(UpdateStatus.REFUSED_NON_FINITE);
        assertThat(learner.steps(0)).isZero();
        assertThat(learner.steps(1)).isZero();
        assertThat(learner.weights(1)).containsExactly(0.0);
        assertThat(learner.learn(x, 1, 1, 1.0).status()).isEqualTo(UpdateStatus.APPLIED);
    }

    @Test
    void shouldKeepLearningWhenForgettingMeetsAFeatureThatIsAlwaysZero() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(model(), newton().forgetting(0.9).build());
        double[] seen = {1.0, 0.0};

        // without the cap the variance of "velocity" would grow as 0.9^−t and overflow near t =
        // 6,700
        for (int t = 0; t < 10_000; t++) {
            learner.learn(seen, 0, t % 3 == 0 ? 1 : 0, 1.0);
        }
        double before = learner.weights(0)[1];
        UpdateResult r = learner.learn(new double[] {0.0, 1.0}, 0, 1, 1.0);

        assertThat(learner.counters().refused()).isZero();
        assertThat(learner.counters().applied()).isEqualTo(10_001);
        assertThat(r.status()).isEqualTo(UpdateStatus.APPLIED);
        // at most the prior's variance 1/λ2 times |c| ≤ 1, plus what the bias's correlation adds
        assertThat(Math.abs(learner.weights(0)[1] - before)).isPositive().isLessThanOrEqualTo(1.0);
    }

    @Test
    void shouldStartNewtonFromThePriorAroundDecodedWeights() {
        OnlineLogisticLearner adam =
                OnlineLogisticLearner.startFrom(
                        model(), LearnerSettings.defaults(OptimizerKind.ADAM));
        for (int t = 0; t < 10; t++) {
            adam.learn(X, 0, t % 2, 1.0);
        }
        LearnerSettings settings = LearnerSettings.defaults(OptimizerKind.NEWTON);

        RestoredLearner<OnlineLogisticLearner> restored =
                OnlineLogisticLearner.decode(adam.encode(), settings);
        OnlineLogisticLearner fresh =
                OnlineLogisticLearner.startFrom(adam.snapshot(new ModelVersion(3, 8)), settings);
        restored.learner().learn(X, 0, 1, 1.0);
        fresh.learn(X, 0, 1, 1.0);

        assertThat(restored.optimizerStateReset()).isTrue();
        assertThat(params(restored.learner(), 0)).containsExactly(params(fresh, 0));
    }

    @ParameterizedTest
    @EnumSource(value = OptimizerKind.class, names = "NEWTON", mode = EnumSource.Mode.EXCLUDE)
    void shouldSetUninformativeWeightsToExactlyZeroWithL1(OptimizerKind kind) {
        LogisticModel zero =
                LogisticModel.builder("m", new ModelVersion(1, 0))
                        .features(List.of("signal", "noise"))
                        .scaling(identity(2))
                        .head("h", new double[] {0, 0}, 0, 0.5)
                        .build();
        // |g_i| < 0.1 ≤ λ1 for the noise feature (|x| < 0.1), so its prox step always lands on 0;
        // FTRL's z for it is a random walk that stays well inside λ1 = 2 here.
        double l1 = kind == OptimizerKind.FTRL ? 2.0 : 0.1;
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(zero, TestSettings.builder(kind).l1(l1).build());
        SplittableRandom random = new SplittableRandom(42);
        double[] x = new double[2];

        for (int t = 0; t < 2000; t++) {
            int y = random.nextBoolean() ? 1 : 0;
            x[0] = (y == 1 ? 2.0 : -2.0) + random.nextDouble(-0.5, 0.5);
            x[1] = random.nextDouble(-0.1, 0.1);
            learner.learn(x, 0, y, 1.0);
        }

        assertThat(learner.weights(0)[1]).isEqualTo(0.0);
        assertThat(learner.weights(0)[0]).isGreaterThan(0.1);
        assertThat(learner.snapshot(new ModelVersion(1, 1)).weights(0)[1]).isEqualTo(0.0);
    }

    @Test
    void shouldScaleGradientDownToClipNorm() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), plain(OptimizerKind.SGD).learningRate(1.0).clipNorm(0.1).build());
        double[] before = params(learner, 0);

        // p ≈ 1 for label 0: g ≈ 1 and the gradient norm is about ‖(30, −40, 1)‖ ≈ 50
        UpdateResult r = learner.learn(new double[] {30.0, -40.0}, 0, 0, 1.0);

        double[] after = params(learner, 0);
        double squared = 0;
        for (int i = 0; i < after.length; i++) {
            squared += (after[i] - before[i]) * (after[i] - before[i]);
        }
        // with η = 1 the SGD step is the clipped gradient itself
        assertThat(Math.sqrt(squared)).isCloseTo(0.1, within(TOL));
        assertThat(r.gradientClipped()).isTrue();
        assertThat(learner.counters().gradientsClipped()).isEqualTo(1);
    }

    @Test
    void shouldLeaveSmallGradientsUnclipped() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), plain(OptimizerKind.SGD).learningRate(0.1).clipNorm(10).build());

        UpdateResult r = learner.learn(X, 0, 1, 1.0);

        assertThat(r.gradientClipped()).isFalse();
        assertParams(learner, 0.5875646998228404, -0.9562176500885798, 0.2937823499114202);
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void shouldBoundEveryWeightChangeToTheMaximum(OptimizerKind kind) {
        double max = 0.001;
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(),
                        TestSettings.builder(kind).learningRate(5.0).maxWeightChange(max).build());
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[2];
        long clipped = 0;
        for (int t = 0; t < 200; t++) {
            x[0] = random.nextDouble(-10, 10);
            x[1] = random.nextDouble(-10, 10);
            double[] before = learner.correction(0);

            UpdateResult r = learner.learn(x, 0, random.nextInt(2), 1.0);

            double[] after = learner.correction(0);
            for (int i = 0; i < after.length; i++) {
                // the bound is on the step added to the learned correction, so allow the rounding
                // of correction + step itself
                assertThat(Math.abs(after[i] - before[i]))
                        .isLessThanOrEqualTo(max + Math.ulp(before[i]));
            }
            clipped += r.weightChangeClipped() ? 1 : 0;
        }
        assertThat(clipped).isPositive();
        assertThat(learner.counters().weightChangesClipped()).isEqualTo(clipped);
    }

    @Test
    void shouldRefuseUpdateFromNonFiniteFeatureAndKeepLearningAfterwards() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), LearnerSettings.defaults(OptimizerKind.ADAM));
        UpdateResult r = learner.learn(new double[] {Double.NaN, 1.0}, 0, 1, 1.0);

        assertThat(r.status()).isEqualTo(UpdateStatus.REFUSED_NON_FINITE);
        assertThat(learner.counters().refused()).isEqualTo(1);
        assertThat(learner.counters().applied()).isZero();
        assertThat(learner.steps(0)).isZero();
        assertParams(learner, 0.5, -1.0, 0.25);
        assertThat(learner.learn(X, 0, 1, 1.0).status()).isEqualTo(UpdateStatus.APPLIED);
        assertThat(learner.steps(0)).isEqualTo(1);
    }

    @Test
    void shouldRefuseWholeMultiHeadUpdateWhenOneHeadWouldOverflow() {
        LogisticModel twoHeads =
                LogisticModel.builder("m", new ModelVersion(1, 0))
                        .features(List.of("a"))
                        .scaling(identity(1))
                        .head("fraud", new double[] {1.0}, 0, 0.5)
                        .head("chargeback", new double[] {1.0}, 0, 0.5)
                        .build();
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        twoHeads, LearnerSettings.defaults(OptimizerKind.ADAGRAD));
        // logit 1e200: p = 1, so the label-1 head has g = 0 (a finite no-op) while the label-0
        // head's squared gradient 1e400 overflows the AdaGrad accumulator
        double[] x = {1e200};

        UpdateResult r = learner.learn(x, new int[] {0, 1}, new int[] {1, 0}, 2, 1.0);

        assertThat(r.status()).isEqualTo(UpdateStatus.REFUSED_NON_FINITE);
        assertThat(learner.steps(0)).isZero();
        assertThat(learner.steps(1)).isZero();
        assertThat(learner.counters().refused()).isEqualTo(1);
    }

    @Test
    void shouldUpdateOnlyTheLabelledHeads() {
        LogisticModel twoHeads =
                LogisticModel.builder("m", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .scaling(identity(2))
                        .head("fraud", new double[] {0.5, -1.0}, 0.25, 0.5)
                        .head("chargeback", new double[] {0.1, 0.2}, -1, 0.5)
                        .build();
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        twoHeads, plain(OptimizerKind.SGD).learningRate(0.1).build());

        UpdateResult r = learner.learn(X, 0, 1, 1.0);

        assertThat(r.count()).isEqualTo(1);
        assertParams(learner, 0.5875646998228404, -0.9562176500885798, 0.2937823499114202);
        assertThat(learner.weights(1)).containsExactly(0.1, 0.2);
        assertThat(learner.bias(1)).isEqualTo(-1.0);
        assertThat(learner.steps(1)).isZero();
    }

    @Test
    void shouldRejectAHeadLabelledTwiceInOneExample() {
        LogisticModel twoHeads =
                LogisticModel.builder("m", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .scaling(identity(2))
                        .head("fraud", new double[] {0.5, -1.0}, 0.25, 0.5)
                        .head("chargeback", new double[] {0.1, 0.2}, -1, 0.5)
                        .build();
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        twoHeads, LearnerSettings.defaults(OptimizerKind.SGD));

        assertThatThrownBy(() -> learner.learn(X, new int[] {1, 1}, new int[] {1, 0}, 2, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chargeback' is labelled twice");
        assertThat(learner.counters().applied()).isZero();
    }

    @Test
    void shouldScaleSgdStepByClassAndExampleWeights() {
        LearnerSettings weighted =
                plain(OptimizerKind.SGD)
                        .learningRate(0.1)
                        .positiveClassWeight(3.0)
                        .negativeClassWeight(0.5)
                        .build();
        LearnerSettings unweighted = plain(OptimizerKind.SGD).learningRate(0.1).build();

        double[] positive = stepOf(weighted, 1, 2.0);
        double[] positiveReference = stepOf(unweighted, 1, 1.0);
        double[] negative = stepOf(weighted, 0, 1.0);
        double[] negativeReference = stepOf(unweighted, 0, 1.0);

        for (int i = 0; i < positive.length; i++) {
            assertThat(positive[i]).isCloseTo(6.0 * positiveReference[i], within(TOL));
            assertThat(negative[i]).isCloseTo(0.5 * negativeReference[i], within(TOL));
        }
    }

    private static double[] stepOf(LearnerSettings settings, int label, double exampleWeight) {
        OnlineLogisticLearner learner = OnlineLogisticLearner.startFrom(model(), settings);
        double[] before = params(learner, 0);
        learner.learn(X, 0, label, exampleWeight);
        double[] after = params(learner, 0);
        for (int i = 0; i < after.length; i++) {
            after[i] -= before[i];
        }
        return after;
    }

    @Test
    void shouldOnlyPredictForZeroExampleWeight() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), LearnerSettings.defaults(OptimizerKind.SGD));

        UpdateResult r = learner.learn(X, 0, 1, 0.0);

        assertThat(r.status()).isEqualTo(UpdateStatus.SKIPPED_ZERO_WEIGHT);
        assertThat(r.probability(0)).isCloseTo(0.5621765008857981, within(TOL));
        assertThat(learner.counters().skipped()).isEqualTo(1);
        assertParams(learner, 0.5, -1.0, 0.25);
    }

    @Test
    void shouldRejectBadCallsWithoutChangingState() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), LearnerSettings.defaults(OptimizerKind.SGD));

        assertThatThrownBy(() -> learner.learn(X, 0, 2, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be 0 or 1");
        assertThatThrownBy(() -> learner.learn(X, 1, 1, 1.0))
                .hasMessageContaining("outside the model's 1 heads");
        assertThatThrownBy(() -> learner.learn(X, 0, 1, -1.0))
                .hasMessageContaining("Example weight");
        assertThatThrownBy(() -> learner.learn(new double[] {1.0}, 0, 1, 1.0))
                .hasMessageContaining("needs 2");
        assertThatThrownBy(() -> learner.learn(X, new int[] {0, 0}, new int[] {1, 1}, 2, 1.0))
                .hasMessageContaining("count");
        assertThat(learner.counters().applied()).isZero();
        assertParams(learner, 0.5, -1.0, 0.25);
    }

    @Test
    void shouldSnapshotCurrentWeightsWithTheModelsDefinition() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), plain(OptimizerKind.SGD).learningRate(0.1).build());
        learner.learn(X, 0, 1, 1.0);

        LogisticModel snapshot = learner.snapshot(new ModelVersion(3, 8));

        assertThat(snapshot.name()).isEqualTo("fraud");
        assertThat(snapshot.version()).isEqualTo(new ModelVersion(3, 8));
        assertThat(snapshot.features().names()).containsExactly("amount", "velocity");
        assertThat(snapshot.imputation()).containsExactly(1.5, 0.0);
        assertThat(snapshot.threshold(0)).isEqualTo(0.7);
        assertThat(snapshot.weights(0)).containsExactly(learner.weights(0));
        assertThat(snapshot.bias(0)).isEqualTo(learner.bias(0));
        assertThat(snapshot.logit(0, X)).isEqualTo(learner.logit(0, X));
    }

    @Test
    void shouldEncodeFeaturesWithTheModelsImputation() {
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(
                        model(), LearnerSettings.defaults(OptimizerKind.SGD));
        FeatureVector x = new FeatureVector();

        learner.encodeFeatures(Map.of("velocity", 2.0), x);

        assertThat(x.values()[0]).isEqualTo(1.5);
        assertThat(x.values()[1]).isEqualTo(2.0);
        assertThat(learner.headIndex("fraud")).isZero();
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void shouldContinueBitIdenticallyAfterEncodeAndDecode(OptimizerKind kind) {
        LearnerSettings settings =
                TestSettings.builder(kind).l1(kind == OptimizerKind.NEWTON ? 0.0 : 0.001).build();
        OnlineLogisticLearner original = OnlineLogisticLearner.startFrom(model(), settings);
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[2];
        for (int t = 0; t < 300; t++) {
            x[0] = random.nextDouble(-3, 3);
            x[1] = random.nextDouble(-3, 3);
            original.learn(x, 0, x[0] + x[1] > 0 ? 1 : 0, 1.0);
        }
        original.learn(new double[] {Double.NaN, 0}, 0, 1, 1.0);
        byte[] encoded = original.encode();

        RestoredLearner<OnlineLogisticLearner> restored =
                OnlineLogisticLearner.decode(encoded, settings);

        OnlineLogisticLearner copy = restored.learner();
        assertThat(restored.optimizerStateReset()).isFalse();
        assertThat(restored.storedOptimizer()).isEqualTo(kind);
        assertThat(copy.encode()).isEqualTo(encoded);
        assertThat(copy.counters().refused()).isEqualTo(1);
        assertThat(copy.baseVersion()).isEqualTo(new ModelVersion(3, 7));
        for (int t = 0; t < 300; t++) {
            x[0] = random.nextDouble(-3, 3);
            x[1] = random.nextDouble(-3, 3);
            int y = x[0] - x[1] > 0 ? 1 : 0;
            original.learn(x, 0, y, 1.0);
            copy.learn(x, 0, y, 1.0);
        }
        assertThat(copy.encode()).isEqualTo(original.encode());
        assertThat(copy.snapshot(new ModelVersion(3, 9)))
                .isEqualTo(original.snapshot(new ModelVersion(3, 9)));
    }

    @Test
    void shouldKeepWeightsButResetOptimizerStateWhenDecodedForAnotherOptimizer() {
        OnlineLogisticLearner adam =
                OnlineLogisticLearner.startFrom(
                        model(), LearnerSettings.defaults(OptimizerKind.ADAM));
        for (int t = 0; t < 10; t++) {
            adam.learn(X, 0, t % 2, 1.0);
        }

        RestoredLearner<OnlineLogisticLearner> restored =
                OnlineLogisticLearner.decode(
                        adam.encode(), LearnerSettings.defaults(OptimizerKind.FTRL));

        OnlineLogisticLearner ftrl = restored.learner();
        assertThat(restored.optimizerStateReset()).isTrue();
        assertThat(restored.storedOptimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(ftrl.settings().optimizer()).isEqualTo(OptimizerKind.FTRL);
        assertThat(ftrl.weights(0)).containsExactly(adam.weights(0));
        assertThat(ftrl.bias(0)).isEqualTo(adam.bias(0));
        assertThat(ftrl.steps(0)).isZero();
        assertThat(ftrl.counters().applied()).isEqualTo(10);
    }

    @Test
    void shouldRejectCorruptState() {
        byte[] encoded =
                OnlineLogisticLearner.startFrom(
                                model(), LearnerSettings.defaults(OptimizerKind.SGD))
                        .encode();
        LearnerSettings settings = LearnerSettings.defaults(OptimizerKind.SGD);

        byte[] truncated = Arrays.copyOf(encoded, encoded.length - 3);
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        byte[] future = encoded.clone();
        future[0] = 9;
        byte[] unknownOptimizer = encoded.clone();
        unknownOptimizer[1] = 77;

        assertThatThrownBy(() -> OnlineLogisticLearner.decode(truncated, settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> OnlineLogisticLearner.decode(longer, settings))
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> OnlineLogisticLearner.decode(future, settings))
                .hasMessageContaining("format version 9");
        assertThatThrownBy(() -> OnlineLogisticLearner.decode(unknownOptimizer, settings))
                .hasMessageContaining("unknown optimizer code 77");
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void shouldDriveLogLossDownOnSeparableData(OptimizerKind kind) {
        LogisticModel zero =
                LogisticModel.builder("m", new ModelVersion(1, 0))
                        .features(List.of("a", "b", "c"))
                        .scaling(identity(3))
                        .head("h", new double[3], 0, 0.5)
                        .build();
        OnlineLogisticLearner learner =
                OnlineLogisticLearner.startFrom(zero, LearnerSettings.defaults(kind));
        SplittableRandom random = new SplittableRandom(5);
        double[] x = new double[3];
        // NEWTON's loss is already below 0.2 over its first 50 examples (0.19), so its "early"
        // is its first 20
        int earlyWindow = kind == OptimizerKind.NEWTON ? 20 : 500;
        double early = 0;
        double late = 0;
        for (int t = 0; t < 4000; t++) {
            double margin;
            do {
                for (int i = 0; i < 3; i++) {
                    x[i] = random.nextDouble(-2, 2);
                }
                margin = 1.5 * x[0] - x[1] + 0.5 * x[2] + 0.3;
            } while (Math.abs(margin) < 0.2);
            UpdateResult r = learner.learn(x, 0, margin > 0 ? 1 : 0, 1.0);
            if (t < earlyWindow) {
                early += r.logLoss(0) / earlyWindow;
            } else if (t >= 3500) {
                late += r.logLoss(0) / 500;
            }
        }

        assertThat(early).isGreaterThan(0.2);
        assertThat(late).isLessThan(0.2).isLessThan(early / 2);
    }

    @Test
    void shouldNotAllocatePerUpdateOnceWarm() {
        String[] names = new String[30];
        for (int i = 0; i < names.length; i++) {
            names[i] = "f" + i;
        }
        LogisticModel dense =
                LogisticModel.builder("m", new ModelVersion(1, 0))
                        .features(List.of(names))
                        .head("h", new double[30], 0, 0.5)
                        .build();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<LearnerSettings> all = new ArrayList<>();
        for (OptimizerKind kind : OptimizerKind.values()) {
            all.add(
                    TestSettings.builder(kind)
                            .clipNorm(5)
                            .l1(kind == OptimizerKind.NEWTON ? 0.0 : 1e-4)
                            .build());
        }
        all.add(
                TestSettings.builder(OptimizerKind.SGD)
                        .schedule(LearningRateSchedule.INVERSE_SCALING)
                        .powerT(0.25)
                        .build());
        for (LearnerSettings settings : all) {
            OnlineLogisticLearner learner = OnlineLogisticLearner.startFrom(dense, settings);
            double[] x = new double[30];
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble(-1, 1);
            }
            // warm-up first, so one-off class loading and JIT work are not counted; the kernel
            // itself allocates nothing even interpreted (this test also passes under -Xint)
            for (int t = 0; t < 50_000; t++) {
                learner.learn(x, 0, t & 1, 1.0);
            }

            long before = threads.getThreadAllocatedBytes(thread);
            for (int t = 0; t < 10_000; t++) {
                learner.learn(x, 0, t & 1, 1.0);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            // -1 where the JVM cannot count, which would make the bound below vacuous; checked
            // after measuring, since the assertion itself allocates.
            assertThat(before).as("allocation counting is available").isNotNegative();

            // one allocation per update would be at least 16 bytes × 10,000
            assertThat(allocated).as("bytes allocated with %s", settings).isLessThan(4096);
        }
    }
}
