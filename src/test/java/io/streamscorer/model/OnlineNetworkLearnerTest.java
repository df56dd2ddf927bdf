package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class OnlineNetworkLearnerTest {
    private static final ModelVersion V1 = new ModelVersion(1, 0);

    /** 4 features → 6 units → 5 units → 3 heads, both hidden layers with {@code activation}. */
    private static NetworkModel network(Activation activation, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return NetworkModel.builder("net", V1)
                .features(List.of("a", "b", "c", "d"))
                .layer(
                        randomMatrix(random, 6, 4, 1.0),
                        randomVector(random, 6),
                        activation.wireName())
                .layer(
                        randomMatrix(random, 5, 6, 1.0),
                        randomVector(random, 5),
                        activation.wireName())
                .head("h0", randomVector(random, 5), 0.1, 0.5)
                .head("h1", randomVector(random, 5), -0.2, 0.5)
                .head("h2", randomVector(random, 5), 0.3, 0.5)
                .build();
    }

    private static double[][] randomMatrix(SplittableRandom random, int rows, int cols, double s) {
        double[][] m = new double[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = new double[cols];
            for (int c = 0; c < cols; c++) {
                m[r][c] = random.nextDouble(-s, s);
            }
        }
        return m;
    }

    private static double[] randomVector(SplittableRandom random, int n) {
        return randomMatrix(random, 1, n, 1.0)[0];
    }

    private static TestSettings plain(OptimizerKind kind) {
        return TestSettings.network(kind).maxWeightChange(Double.POSITIVE_INFINITY);
    }

    /** The distance of the nearest pre-activation to a point where the activation has a kink. */
    private static double distanceToKink(NetworkModel model, double[] x) {
        ScoringWorkspace ws = new ScoringWorkspace();
        model.score(x, ws);
        double nearest = Double.POSITIVE_INFINITY;
        for (int l = 0; l < model.layerCount(); l++) {
            for (int o = 0; o < model.layerWidth(l); o++) {
                double z = ws.pre[l][o];
                nearest = Math.min(nearest, Math.abs(z));
                nearest = Math.min(nearest, Math.abs(Math.abs(z) - 3.0));
            }
        }
        return nearest;
    }

    /**
     * The gradient of the learner's loss at {@code model}'s parameters, read off one plain SGD step
     * of rate 1 with no decay, clipping or bound: {@code p' = p − g}.
     */
    private static double[] gradientOfOneStep(
            NetworkModel model,
            double[] x,
            int[] heads,
            int[] labels,
            double weight,
            double positiveClassWeight,
            double negativeClassWeight) {
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        model,
                        new LearnerSettings(
                                new Sgd(StepSize.constant(1.0), 0.0, 0.0),
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                positiveClassWeight,
                                negativeClassWeight));
        double[] before = model.parameters();
        assertThat(learner.learn(x, heads, labels, heads.length, weight).applied()).isTrue();
        double[] after = learner.snapshot(V1).parameters();
        double[] gradient = new double[before.length];
        for (int i = 0; i < before.length; i++) {
            gradient[i] = before[i] - after[i];
        }
        return gradient;
    }

    /**
     * The weighted log-loss of the served {@code model} with parameters {@code p} on the example.
     */
    private static double lossAt(
            NetworkModel model,
            double[] p,
            double[] x,
            int[] heads,
            int[] labels,
            double weight,
            double positiveClassWeight,
            double negativeClassWeight) {
        ScoringWorkspace ws = new ScoringWorkspace();
        model.withParameters(V1, p).score(x, ws);
        double sum = 0.0;
        for (int k = 0; k < heads.length; k++) {
            double classWeight = labels[k] == 1 ? positiveClassWeight : negativeClassWeight;
            sum += weight * classWeight * Sigmoid.logLoss(ws.logit(heads[k]), labels[k]);
        }
        return sum;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void shouldBackpropagateGradientsThatMatchCentralFiniteDifferences(Activation activation) {
        NetworkModel model = network(activation, 11);
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[4];
        // a point away from relu's and hardsigmoid's kinks, where the derivative is defined
        do {
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble(-2.5, 2.5);
            }
        } while (distanceToKink(model, x) < 1e-3);
        int[] heads = {0, 2};
        int[] labels = {1, 0};
        double weight = 1.7;
        double positive = 2.5;
        double negative = 0.5;

        double[] analytic = gradientOfOneStep(model, x, heads, labels, weight, positive, negative);

        double[] p = model.parameters();
        double h = 1e-5;
        int compared = 0;
        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + h;
            double up = lossAt(model, p, x, heads, labels, weight, positive, negative);
            p[i] = saved - h;
            double down = lossAt(model, p, x, heads, labels, weight, positive, negative);
            p[i] = saved;
            double numeric = (up - down) / (2 * h);
            double scale = Math.max(Math.abs(analytic[i]), Math.abs(numeric));
            String where = model.network().describe(i, new String[] {"h0", "h1", "h2"});
            if (scale >= 1e-6) {
                assertThat(Math.abs(analytic[i] - numeric) / scale)
                        .as(
                                "relative error of %s: analytic %s, numeric %s",
                                where, analytic[i], numeric)
                        .isLessThan(1e-5);
                compared++;
            } else {
                // below 1e-6 the difference quotient's rounding error (about 1e-16·loss/h, ~1e-10)
                // dominates a relative error
                assertThat(Math.abs(analytic[i] - numeric)).as(where).isLessThan(1e-9);
            }
        }
        // the unlabelled head h1 has no gradient; relu and hardsigmoid units may be flat
        assertThat(compared).as("components large enough to compare").isGreaterThan(p.length / 2);
    }

    @Test
    void shouldSumTheGradientsOfTheLabelledHeadsOnly() {
        NetworkModel model = network(Activation.SILU, 4);
        double[] x = {0.3, -1.2, 2.0, 0.7};

        double[] both =
                gradientOfOneStep(model, x, new int[] {0, 2}, new int[] {1, 0}, 1.0, 1.0, 1.0);
        double[] first = gradientOfOneStep(model, x, new int[] {0}, new int[] {1}, 1.0, 1.0, 1.0);
        double[] second = gradientOfOneStep(model, x, new int[] {2}, new int[] {0}, 1.0, 1.0, 1.0);

        DenseNetwork net = model.network();
        int heads = net.weightOffset(net.layers());
        for (int i = 0; i < both.length; i++) {
            assertThat(both[i]).isCloseTo(first[i] + second[i], within(1e-15));
        }
        for (int j = 0; j < 5; j++) {
            assertThat(both[heads + 5 + j]).as("h1 row").isZero();
        }
        assertThat(both[net.biasOffset(net.layers()) + 1]).as("h1 bias").isZero();
    }

    private static void assertReproducesNumpyTraining(String fixture) {
        NetworkFixture f = NetworkFixture.load(fixture);
        NetworkModel start = (NetworkModel) f.model();
        OptimizerKind kind = OptimizerKind.valueOf(f.root.get("optimizer").asText());
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        start,
                        plain(kind).learningRate(f.root.get("learningRate").asDouble()).build());
        JsonNode progressive = f.root.get("progressiveLogits");
        int n = 0;
        for (JsonNode example : f.root.get("examples")) {
            List<Integer> heads = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : example.get("labels").properties()) {
                heads.add(start.headIndex(e.getKey()));
                labels.add(e.getValue().asInt());
            }
            UpdateResult result =
                    learner.learn(
                            NetworkFixture.doubles(example.get("x")),
                            heads.stream().mapToInt(Integer::intValue).toArray(),
                            labels.stream().mapToInt(Integer::intValue).toArray(),
                            heads.size(),
                            example.get("weight").asDouble());
            assertThat(result.applied()).isTrue();
            for (int k = 0; k < heads.size(); k++) {
                assertThat(result.logit(k))
                        .as("progressive logit of example %d entry %d", n, k)
                        .isCloseTo(progressive.get(n).get(k).asDouble(), within(1e-9));
            }
            n++;
        }
        NetworkModel trained = (NetworkModel) NetworkFixture.model(f.root.get("trained"));
        double[] expected = trained.parameters();
        double[] actual = learner.snapshot(V1).parameters();
        assertThat(actual).as("parameters").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i])
                    .as(start.network().describe(i, new String[] {"h0", "h1", "h2"}))
                    .isCloseTo(expected[i], within(1e-9));
        }
        assertThat(learner.steps()).isEqualTo(n);
    }

    @Test
    void shouldTrainExactlyAsTheNumpyReferenceOfPyTorchsAdamDoes() {
        assertReproducesNumpyTraining("training-adam.json");
    }

    @Test
    void shouldTrainExactlyAsTheNumpyReferenceOfPlainSgdDoes() {
        assertReproducesNumpyTraining("training-sgd.json");
    }

    /** XOR with noise: label 1 when the two features have the same sign. */
    private static int xor(SplittableRandom random, double[] x) {
        int a = random.nextBoolean() ? 1 : -1;
        int b = random.nextBoolean() ? 1 : -1;
        x[0] = a + random.nextGaussian() * 0.2;
        x[1] = b + random.nextGaussian() * 0.2;
        return a == b ? 1 : 0;
    }

    private static double meanLoss(OnlineLearner learner, double[][] xs, int[] ys) {
        double sum = 0;
        for (int i = 0; i < xs.length; i++) {
            // weight 0 predicts without learning
            sum += learner.learn(xs[i], 0, ys[i], 0.0).logLoss(0);
        }
        return sum / xs.length;
    }

    @Test
    void shouldLearnXorWhichALogisticModelCannotFit() {
        SplittableRandom weights = new SplittableRandom(8);
        NetworkModel network =
                NetworkModel.builder("xor", V1)
                        .features(List.of("x0", "x1"))
                        .layer(randomMatrix(weights, 8, 2, 0.7), randomVector(weights, 8), "relu")
                        .head("same", randomVector(weights, 8), 0, 0.5)
                        .build();
        LogisticModel logistic =
                LogisticModel.builder("xor", V1)
                        .features(List.of("x0", "x1"))
                        .head("same", new double[2], 0, 0.5)
                        .build();
        OnlineLearner net =
                OnlineNetworkLearner.startFrom(
                        network, LearnerSettings.networkDefaults(OptimizerKind.ADAM));
        OnlineLearner lr =
                OnlineLogisticLearner.startFrom(
                        logistic, LearnerSettings.defaults(OptimizerKind.ADAM));
        SplittableRandom data = new SplittableRandom(21);
        double[][] holdout = new double[500][2];
        int[] holdoutLabels = new int[500];
        for (int i = 0; i < holdout.length; i++) {
            holdoutLabels[i] = xor(data, holdout[i]);
        }
        double before = meanLoss(net, holdout, holdoutLabels);

        double[] x = new double[2];
        for (int t = 0; t < 4_000; t++) {
            int y = xor(data, x);
            net.learn(x, 0, y, 1.0);
            lr.learn(x, 0, y, 1.0);
        }

        double after = meanLoss(net, holdout, holdoutLabels);
        double logisticAfter = meanLoss(lr, holdout, holdoutLabels);
        assertThat(before).isGreaterThan(0.6);
        assertThat(after).as("network log-loss after training").isLessThan(0.1);
        // the best linear model of XOR is a coin flip: log-loss ln 2 ≈ 0.693
        assertThat(logisticAfter).as("logistic log-loss after training").isGreaterThan(0.65);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SGD", "ADAM"})
    void shouldContinueBitIdenticallyAfterEncodeAndDecode(OptimizerKind kind) {
        LearnerSettings settings = LearnerSettings.networkDefaults(kind);
        OnlineNetworkLearner original =
                OnlineNetworkLearner.startFrom(network(Activation.SILU, 5), settings);
        SplittableRandom random = new SplittableRandom(9);
        double[] x = new double[4];
        int[] heads = {2, 0};
        int[] labels = new int[2];
        for (int t = 0; t < 200; t++) {
            for (int i = 0; i < 4; i++) {
                x[i] = random.nextDouble(-2, 2);
            }
            labels[0] = x[0] + x[1] > 0 ? 1 : 0;
            labels[1] = x[2] > 0 ? 1 : 0;
            original.learn(x, heads, labels, 1 + t % 2, 1.0);
        }
        original.learn(new double[] {Double.NaN, 0, 0, 0}, 0, 1, 1.0);
        byte[] encoded = original.encode();

        RestoredLearner<OnlineNetworkLearner> restored =
                OnlineNetworkLearner.decode(encoded, settings);

        OnlineNetworkLearner copy = restored.learner();
        assertThat(restored.optimizerStateReset()).isFalse();
        assertThat(copy.encode()).isEqualTo(encoded);
        assertThat(copy.counters().refused()).isEqualTo(1);
        assertThat(copy.steps()).isEqualTo(200);
        for (int t = 0; t < 200; t++) {
            for (int i = 0; i < 4; i++) {
                x[i] = random.nextDouble(-2, 2);
            }
            labels[0] = x[0] * x[1] > 0 ? 1 : 0;
            labels[1] = x[3] > 0 ? 1 : 0;
            original.learn(x, heads, labels, 2, 0.5);
            copy.learn(x, heads, labels, 2, 0.5);
        }
        assertThat(copy.encode()).isEqualTo(original.encode());
        assertThat(copy.snapshot(new ModelVersion(1, 9)))
                .isEqualTo(original.snapshot(new ModelVersion(1, 9)));
    }

    @Test
    void shouldKeepParametersButResetAdamWhenDecodedForSgd() {
        OnlineNetworkLearner adam =
                OnlineNetworkLearner.startFrom(
                        network(Activation.RELU, 2),
                        LearnerSettings.networkDefaults(OptimizerKind.ADAM));
        for (int t = 0; t < 10; t++) {
            adam.learn(new double[] {1, -1, 0.5, 2}, t % 3, t % 2, 1.0);
        }

        RestoredLearner<OnlineNetworkLearner> restored =
                OnlineNetworkLearner.decode(
                        adam.encode(), LearnerSettings.networkDefaults(OptimizerKind.SGD));

        assertThat(restored.optimizerStateReset()).isTrue();
        assertThat(restored.storedOptimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(restored.learner().steps()).isZero();
        assertThat(restored.learner().counters().applied()).isEqualTo(10);
        assertThat(restored.learner().snapshot(V1)).isEqualTo(adam.snapshot(V1));
    }

    @Test
    void shouldRefuseCorruptState() {
        byte[] good =
                OnlineNetworkLearner.startFrom(
                                network(Activation.RELU, 2),
                                LearnerSettings.networkDefaults(OptimizerKind.ADAM))
                        .encode();
        LearnerSettings settings = LearnerSettings.networkDefaults(OptimizerKind.ADAM);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        byte[] future = good.clone();
        future[0] = 9;

        assertThatThrownBy(() -> OnlineNetworkLearner.decode(truncated, settings))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnlineNetworkLearner.decode(longer, settings))
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> OnlineNetworkLearner.decode(future, settings))
                .hasMessageContaining("format version 9");
    }

    @Test
    void shouldRefuseAnUpdateThatWouldOverflowAndChangeNothing() {
        NetworkModel model = network(Activation.IDENTITY, 6);
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        model, plain(OptimizerKind.SGD).learningRate(1e10).build());

        double[] x = {1e300, 1e300, 1e300, 1e300};
        ScoringWorkspace ws = new ScoringWorkspace();
        model.score(x, ws);
        // the wrong label, so that the loss gradient is about 1 and the step about 1e310
        int label = ws.logit(0) > 0 ? 0 : 1;

        UpdateResult result = learner.learn(x, 0, label, 1.0);

        assertThat(result.logit(0)).isFinite();
        assertThat(result.status()).isEqualTo(UpdateStatus.REFUSED_NON_FINITE);
        assertThat(learner.counters().refused()).isEqualTo(1);
        assertThat(learner.steps()).isZero();
        assertThat(learner.snapshot(V1)).isEqualTo(model);
    }

    @Test
    void shouldRefuseAnExampleWhoseForwardPassOverflows() {
        NetworkModel model = network(Activation.SILU, 6);
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        model, LearnerSettings.networkDefaults(OptimizerKind.ADAM));

        UpdateResult result =
                learner.learn(new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, 1, 1}, 0, 1, 1.0);

        assertThat(result.logit(0)).isNotFinite();
        assertThat(result.status()).isEqualTo(UpdateStatus.REFUSED_NON_FINITE);
        assertThat(learner.snapshot(V1)).isEqualTo(model);
        assertThat(learner.steps()).isZero();
    }

    @Test
    void shouldBoundEachParametersChange() {
        NetworkModel model = network(Activation.SIGMOID, 7);
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        model,
                        TestSettings.network(OptimizerKind.SGD)
                                .learningRate(50)
                                .maxWeightChange(1e-3)
                                .build());

        UpdateResult result =
                learner.learn(
                        new double[] {1, 2, -1, 0.5}, new int[] {0, 1}, new int[] {1, 0}, 2, 1.0);

        assertThat(result.applied()).isTrue();
        assertThat(result.weightChangeClipped()).isTrue();
        assertThat(learner.counters().weightChangesClipped()).isEqualTo(1);
        double[] before = model.parameters();
        double[] after = learner.snapshot(V1).parameters();
        double largest = 0;
        for (int i = 0; i < before.length; i++) {
            largest = Math.max(largest, Math.abs(after[i] - before[i]));
        }
        assertThat(largest).isCloseTo(1e-3, within(1e-12));
    }

    @Test
    void shouldClipTheWholeGradientToTheNormAndDecayOnlyWeights() {
        NetworkModel model = network(Activation.SILU, 8);
        double eta = 0.1;
        double l2 = 0.01;
        double clip = 0.05;
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        model,
                        plain(OptimizerKind.SGD).learningRate(eta).l2(l2).clipNorm(clip).build());
        double[] x = {1.5, -0.5, 2.0, 1.0};
        double[] p = model.parameters();
        double[] g = gradientOfOneStep(model, x, new int[] {1}, new int[] {1}, 1.0, 1.0, 1.0);
        double norm = 0;
        for (double gi : g) {
            norm += gi * gi;
        }
        norm = Math.sqrt(norm);
        assertThat(norm).as("the example's gradient must exceed the clip norm").isGreaterThan(clip);

        UpdateResult result = learner.learn(x, 1, 1, 1.0);

        assertThat(result.gradientClipped()).isTrue();
        double[] after = learner.snapshot(V1).parameters();
        DenseNetwork net = model.network();
        for (int l = 0; l <= net.layers(); l++) {
            for (int i = net.weightOffset(l); i < net.biasOffset(l) + net.outputWidth(l); i++) {
                boolean weight = i < net.biasOffset(l);
                double expected = p[i] - eta * (g[i] * clip / norm + (weight ? l2 * p[i] : 0));
                assertThat(after[i])
                        .as(net.describe(i, new String[] {"h0", "h1", "h2"}))
                        .isCloseTo(expected, within(1e-15));
            }
        }
    }

    @Test
    void shouldLeaveAnUnlabelledHeadAloneUnderSgd() {
        NetworkModel model = network(Activation.HARDSIGMOID, 10);
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        model, LearnerSettings.networkDefaults(OptimizerKind.SGD));

        learner.learn(
                new double[] {0.2, -0.4, 1.1, 0.9}, new int[] {2, 0}, new int[] {1, 1}, 2, 1.0);

        NetworkModel after = learner.snapshot(V1);
        assertThat(after.headWeights(1)).containsExactly(model.headWeights(1));
        assertThat(after.headBias(1)).isEqualTo(model.headBias(1));
        assertThat(after.headWeights(0)).isNotEqualTo(model.headWeights(0));
        assertThat(after.headWeights(2)).isNotEqualTo(model.headWeights(2));
        assertThat(after.layerBias(0)).isNotEqualTo(model.layerBias(0));
    }

    @Test
    void shouldOnlyPredictForAZeroWeight() {
        NetworkModel model = network(Activation.RELU, 12);
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        model, LearnerSettings.networkDefaults(OptimizerKind.ADAM));
        double[] x = {1, 1, 1, 1};
        ScoringWorkspace ws = new ScoringWorkspace();
        model.score(x, ws);

        UpdateResult result = learner.learn(x, 1, 1, 0.0);

        assertThat(result.status()).isEqualTo(UpdateStatus.SKIPPED_ZERO_WEIGHT);
        assertThat(result.logit(0)).isCloseTo(ws.logit(1), within(1e-15));
        assertThat(learner.snapshot(V1)).isEqualTo(model);
        assertThat(learner.counters().skipped()).isEqualTo(1);
    }

    @Test
    void shouldRefuseOptimizersAndL1ThatNetworksDoNotTrainWith() {
        NetworkModel model = network(Activation.RELU, 1);

        assertThatThrownBy(
                        () ->
                                OnlineNetworkLearner.startFrom(
                                        model, LearnerSettings.defaults(OptimizerKind.FTRL)))
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("optimizer"))
                .hasMessageContaining("SGD or ADAM");
        assertThatThrownBy(() -> LearnerSettings.networkDefaults(OptimizerKind.ADAGRAD))
                .isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(
                        () ->
                                OnlineNetworkLearner.startFrom(
                                        model,
                                        TestSettings.network(OptimizerKind.ADAM).l1(0.1).build()))
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("l1"));
    }

    @Test
    void shouldUsePyTorchsDefaultsForNetworks() {
        Adam adam = (Adam) LearnerSettings.networkDefaults(OptimizerKind.ADAM).rule();

        assertThat(adam.stepSize()).isEqualTo(StepSize.constant(0.01));
        assertThat(adam.beta1()).isEqualTo(0.9);
        assertThat(adam.beta2()).isEqualTo(0.999);
        assertThat(adam.epsilon()).isEqualTo(1e-8);
        assertThat(adam.l2()).isZero();
    }

    @Test
    void shouldRefuseTheSameBadCallsAsTheLogisticLearner() {
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        network(Activation.RELU, 1),
                        LearnerSettings.networkDefaults(OptimizerKind.ADAM));
        double[] x = {1, 2, 3, 4};

        assertThatThrownBy(() -> learner.learn(new double[3], 0, 1, 1.0))
                .hasMessageContaining("needs 4");
        assertThatThrownBy(() -> learner.learn(x, new int[] {1, 1}, new int[] {0, 1}, 2, 1.0))
                .hasMessageContaining("'h1' is labelled twice");
        assertThatThrownBy(() -> learner.learn(x, 3, 1, 1.0)).hasMessageContaining("outside");
        assertThatThrownBy(() -> learner.learn(x, 0, 2, 1.0))
                .hasMessageContaining("must be 0 or 1");
        assertThatThrownBy(() -> learner.learn(x, 0, 1, -1.0)).hasMessageContaining(">= 0");
        assertThat(learner.steps()).isZero();
    }

    @Test
    void shouldEncodeFeaturesAndNameHeadsAsItsModel() {
        NetworkModel model = network(Activation.RELU, 1);
        OnlineLearner learner =
                OnlineLearner.startFrom(
                        model,
                        LearnerSettings.defaults(OptimizerKind.FTRL),
                        LearnerSettings.networkDefaults(OptimizerKind.ADAM),
                        0);
        FeatureVector x = new FeatureVector();

        learner.encodeFeatures(Map.of("c", 3.0), x);

        assertThat(learner).isInstanceOf(OnlineNetworkLearner.class);
        assertThat(learner.settings().optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(x.values()).startsWith(0.0, 0.0, 3.0, 0.0);
        assertThat(learner.headIndex("h2")).isEqualTo(2);
        assertThat(learner.modelName()).isEqualTo("net");
        assertThat(learner.dimension()).isEqualTo(4);
        assertThat(learner.headCount()).isEqualTo(3);
    }

    @Test
    void shouldLearnWithoutAllocatingOnceWarm() {
        NetworkModel model = (NetworkModel) NetworkFixture.load("mlp-64-128-2.json").model();
        double[] x = NetworkFixture.load("mlp-64-128-2.json").matrix("inputs")[0];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (OptimizerKind kind : new OptimizerKind[] {OptimizerKind.SGD, OptimizerKind.ADAM}) {
            OnlineNetworkLearner learner =
                    OnlineNetworkLearner.startFrom(
                            model,
                            TestSettings.network(kind).learningRate(1e-4).clipNorm(5).build());
            for (int t = 0; t < 2_000; t++) {
                learner.learn(x, t & 1, t & 1, 1.0);
            }

            long before = threads.getThreadAllocatedBytes(thread);
            for (int t = 0; t < 2_000; t++) {
                learner.learn(x, t & 1, t & 1, 1.0);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            // -1 where the JVM cannot count, which would make the bound below vacuous; checked
            // after measuring, since the assertion itself allocates.
            assertThat(before).as("allocation counting is available").isNotNegative();

            assertThat(allocated).as("bytes allocated with %s", kind).isLessThan(4096);
        }
    }

    @Test
    void shouldKeepTheInputScalingThroughAnEncodedCheckpoint() {
        NetworkModel scaled =
                network(Activation.RELU, 4).toBuilder()
                        .scaling(
                                FeatureScaling.of(
                                        new double[] {10, 0, -1, 2}, new double[] {5, 0.1, 1, 3}))
                        .build();
        OnlineNetworkLearner learner =
                OnlineNetworkLearner.startFrom(
                        scaled, LearnerSettings.networkDefaults(OptimizerKind.ADAM));

        OnlineNetworkLearner restored =
                OnlineNetworkLearner.decode(
                                learner.encode(),
                                LearnerSettings.networkDefaults(OptimizerKind.ADAM))
                        .learner();

        ModelVersion next = new ModelVersion(1, 1);
        assertThat(restored.snapshot(next).scaling()).isEqualTo(scaled.scaling());
        assertThat(restored.snapshot(next)).isEqualTo(learner.snapshot(next));
    }
}
