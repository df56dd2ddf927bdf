package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkModelTest {
    // numpy computes the references in float64 as the scorer does, so they agree to rounding;
    // the bar for probabilities is 1e-6, these hold a far tighter one.
    private static final double TOLERANCE = 1e-9;
    private static final int[] NO_INDEXES = new int[0];

    private static NetworkModel.Builder twoByThree() {
        return NetworkModel.builder("net", new ModelVersion(1, 0))
                .features(List.of("a", "b"))
                .layer(new double[][] {{0.5, -1.0}, {1.5, 0.2}, {-0.3, 0.8}}, new double[3], "relu")
                .head("fraud", new double[] {1.0, -0.5, 2.0}, -1.0, 0.5);
    }

    private static void assertMatchesNumpy(String fixture) {
        NetworkFixture f = NetworkFixture.load(fixture);
        ScoringModel model = f.model();
        double[][] inputs = f.matrix("inputs");
        double[][] expected = f.matrix("probabilities");
        assertThat(inputs)
                .as("%s inputs", fixture)
                .isNotEmpty()
                .hasDimensions(expected.length, inputs[0].length);
        ScoringWorkspace ws = new ScoringWorkspace();
        for (int n = 0; n < inputs.length; n++) {
            assertThat(expected[n]).as("%s heads", fixture).hasSize(model.headCount());
            model.score(inputs[n], ws);
            for (int h = 0; h < model.headCount(); h++) {
                assertThat(ws.probability(h))
                        .as("%s input %d head %d", fixture, n, h)
                        .isCloseTo(expected[n][h], within(TOLERANCE));
            }
        }
    }

    @Test
    void shouldMatchNumpyForLinearThreeToTwoAsALogisticModel() {
        assertThat(NetworkFixture.load("linear-3-2.json").model())
                .isInstanceOf(LogisticModel.class);

        assertMatchesNumpy("linear-3-2.json");
    }

    @Test
    void shouldMatchNumpyForTheSixtyFourByOneTwentyEightByTwoReluNetwork() {
        NetworkModel model = (NetworkModel) NetworkFixture.load("mlp-64-128-2.json").model();
        assertThat(model.layerCount()).isEqualTo(1);
        assertThat(model.layerWidth(0)).isEqualTo(128);
        assertThat(model.activation(0)).isEqualTo(Activation.RELU);
        assertThat(model.parameterCount()).isEqualTo(64 * 128 + 128 + 128 * 2 + 2);

        assertMatchesNumpy("mlp-64-128-2.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "sigmoid", "hardsigmoid", "silu", "identity"})
    void shouldMatchNumpyForEachActivation(String activation) {
        assertMatchesNumpy("activation-" + activation + ".json");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "linear-3-2.json",
                "mlp-64-128-2.json",
                "activation-relu.json",
                "activation-sigmoid.json",
                "activation-hardsigmoid.json",
                "activation-silu.json",
                "activation-identity.json"
            })
    void shouldGiveNumpyGradientTimesInputAttributionsAsReasonCodes(String fixture) {
        NetworkFixture f = NetworkFixture.load(fixture);
        ScoringModel model = f.model();
        double[][] inputs = f.matrix("inputs");
        double[][][] expected = f.cube("attributions");
        int k = 4;
        int[] indexes = new int[k];
        double[] contributions = new double[k];
        ScoringWorkspace ws = new ScoringWorkspace();
        for (int n = 0; n < inputs.length; n++) {
            model.score(inputs[n], ws);
            for (int h = 0; h < model.headCount(); h++) {
                double[] all = expected[n][h];
                int[] largest =
                        IntStream.range(0, all.length)
                                .boxed()
                                .sorted(Comparator.comparingDouble(i -> -Math.abs(all[i])))
                                .limit(k)
                                .mapToInt(Integer::intValue)
                                .toArray();

                int count = model.topContributions(h, inputs[n], ws, k, indexes, contributions);

                assertThat(count).isEqualTo(Math.min(k, model.dimension()));
                for (int r = 0; r < count; r++) {
                    assertThat(indexes[r])
                            .as("%s input %d head %d rank %d", fixture, n, h, r)
                            .isEqualTo(largest[r]);
                    assertThat(contributions[r]).isCloseTo(all[largest[r]], within(TOLERANCE));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mlp-64-128-2.json",
                "activation-relu.json",
                "activation-sigmoid.json",
                "activation-hardsigmoid.json",
                "activation-silu.json",
                "activation-identity.json"
            })
    void shouldScoreBitForBitAsTheLearnersRowByRowForwardPass(String fixture) {
        NetworkFixture f = NetworkFixture.load(fixture);
        NetworkModel model = (NetworkModel) f.model();
        DenseNetwork network = model.network();
        ScoringWorkspace rows = new ScoringWorkspace();
        rows.fit(network);
        double[] rowLogits = new double[model.headCount()];
        ScoringWorkspace ws = new ScoringWorkspace();

        for (double[] x : f.matrix("inputs")) {
            network.forward(model.parameters(), x, rows, rowLogits, false);
            model.score(x, ws);

            for (int h = 0; h < model.headCount(); h++) {
                assertThat(ws.logit(h)).isEqualTo(rowLogits[h]);
            }
        }
    }

    @Test
    void shouldScoreBitForBitAsTheRowByRowPassWhenAHeadsBiasIsNegativeZero() {
        // Every unit is dead at x = 0: the row-by-row pass adds +0.0 terms to the bias −0.0 and
        // gets +0.0, which skipping the dead units would not.
        NetworkModel model =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .layer(new double[][] {{0.5, -1.0}, {1.5, 0.2}}, new double[2], "relu")
                        .head("fraud", new double[] {1.0, 2.0}, -0.0, 0.5)
                        .build();
        double[] x = {0.0, 0.0};
        ScoringWorkspace rows = new ScoringWorkspace();
        rows.fit(model.network());
        double[] rowLogits = new double[1];
        ScoringWorkspace ws = new ScoringWorkspace();

        model.network().forward(model.parameters(), x, rows, rowLogits, false);
        model.score(x, ws);

        // By bits: as doubles, −0.0 and +0.0 are equal.
        assertThat(Double.doubleToRawLongBits(ws.logit(0)))
                .isEqualTo(Double.doubleToRawLongBits(rowLogits[0]))
                .isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    void shouldExplainTheEventLastScoredWhenTheWorkspaceIsReused() {
        NetworkFixture f = NetworkFixture.load("mlp-64-128-2.json");
        ScoringModel model = f.model();
        double[][] inputs = f.matrix("inputs");
        ScoringWorkspace fresh = new ScoringWorkspace();
        int[] expectedIndexes = new int[3];
        double[] expectedContributions = new double[3];
        model.score(inputs[1], fresh);
        model.topContributions(1, inputs[1], fresh, 3, expectedIndexes, expectedContributions);
        ScoringWorkspace reused = new ScoringWorkspace();
        int[] indexes = new int[3];
        double[] contributions = new double[3];

        model.score(inputs[0], reused);
        model.topContributions(0, inputs[0], reused, 3, indexes, contributions);
        model.score(inputs[1], reused);
        model.topContributions(1, inputs[1], reused, 3, indexes, contributions);

        assertThat(indexes).containsExactly(expectedIndexes);
        assertThat(contributions).containsExactly(expectedContributions);
    }

    @Test
    void shouldScoreTheSameWhenOneWorkspaceServesSeveralModelsInTurn() {
        ScoringModel big = NetworkFixture.load("mlp-64-128-2.json").model();
        ScoringModel small = NetworkFixture.load("activation-silu.json").model();
        double[] bigX = NetworkFixture.load("mlp-64-128-2.json").matrix("inputs")[0];
        double[] smallX = NetworkFixture.load("activation-silu.json").matrix("inputs")[0];
        ScoringWorkspace fresh = new ScoringWorkspace();
        small.score(smallX, fresh);
        double expected = fresh.logit(1);
        ScoringWorkspace shared = new ScoringWorkspace();

        big.score(bigX, shared);
        small.score(smallX, shared);

        assertThat(shared.logit(1)).isEqualTo(expected);
    }

    @Test
    void shouldRefuseReasonCodesFromAWorkspaceAnotherModelScored() {
        NetworkModel first = twoByThree().build();
        NetworkModel second = twoByThree().build();
        ScoringWorkspace ws = new ScoringWorkspace();
        double[] x = {1.0, 2.0};
        first.score(x, ws);

        assertThatThrownBy(() -> second.topContributions(0, x, ws, 2, new int[2], new double[2]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call score(x, workspace)");
    }

    @Test
    void shouldComputeAHandWorkedExample() {
        // a = relu([0.5·1 − 1·2, 1.5·1 + 0.2·2, −0.3·1 + 0.8·2]) = [0, 1.9, 1.3]
        // z = 1·0 − 0.5·1.9 + 2·1.3 − 1 = 0.65
        // ∂z/∂x = Σ over live units of head weight × row: −0.5·[1.5, 0.2] + 2·[−0.3, 0.8]
        //       = [−1.35, 1.5], so the attributions are x ⊙ ∂z/∂x = [−1.35, 3.0]
        NetworkModel model = twoByThree().build();
        ScoringWorkspace ws = new ScoringWorkspace();
        double[] x = {1.0, 2.0};
        int[] indexes = new int[2];
        double[] contributions = new double[2];

        model.score(x, ws);
        int count = model.topContributions(0, x, ws, 2, indexes, contributions);

        assertThat(ws.logit(0)).isCloseTo(0.65, within(1e-15));
        assertThat(ws.probability(0)).isCloseTo(1 / (1 + Math.exp(-0.65)), within(1e-15));
        assertThat(count).isEqualTo(2);
        assertThat(indexes).containsExactly(1, 0);
        assertThat(contributions[0]).isCloseTo(3.0, within(1e-15));
        assertThat(contributions[1]).isCloseTo(-1.35, within(1e-15));
    }

    @Test
    void shouldGiveWeightTimesInputAsTheLogisticModelsReasonCodes() {
        LogisticModel model =
                LogisticModel.builder("lr", new ModelVersion(1, 0))
                        .features(List.of("a", "b", "c"))
                        .head("h", new double[] {0.5, -2.0, 1.0}, 0.1, 0.5)
                        .build();
        ScoringWorkspace ws = new ScoringWorkspace();
        double[] x = {4.0, 0.5, -3.0};
        int[] indexes = new int[3];
        double[] contributions = new double[3];

        model.score(x, ws);
        model.topContributions(0, x, ws, 3, indexes, contributions);

        assertThat(ws.logit(0)).isEqualTo(model.logit(0, x));
        assertThat(indexes).containsExactly(2, 0, 1);
        assertThat(contributions).containsExactly(-3.0, 2.0, -1.0);
    }

    @Test
    void shouldEncodeEventsLikeTheLogisticModel() {
        NetworkModel model = twoByThree().imputation(new double[] {7.0, 8.0}).build();
        FeatureVector x = new FeatureVector();

        model.encode(Map.of("b", 2.5, "colour", 1.0), x);

        assertThat(x.values()[0]).isEqualTo(7.0);
        assertThat(x.values()[1]).isEqualTo(2.5);
        assertThat(x.imputed()).isEqualTo(1);
        assertThat(x.unknown()).isEqualTo(1);
    }

    @Test
    void shouldNameTheLayerAndBothShapesWhenWeightsDoNotChain() {
        NetworkModel.Builder b =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .layer(new double[4][2], new double[4], "relu")
                        .layer(new double[3][5], new double[3], "silu")
                        .head("h", new double[3], 0, 0.5);

        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.DIMENSION_MISMATCH))
                .hasMessageContaining("Layer 1")
                .hasMessageContaining("shape [3][5]")
                .hasMessageContaining("expected [3][4]");
    }

    @Test
    void shouldNameTheFirstLayerAndTheFeatureCountWhenItsInputsAreWrong() {
        NetworkModel.Builder b =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .layer(new double[4][3], new double[4], "relu")
                        .head("h", new double[4], 0, 0.5);

        assertThatThrownBy(b::build)
                .hasMessageContaining("Layer 0")
                .hasMessageContaining("shape [4][3]")
                .hasMessageContaining("expected [4][2]")
                .hasMessageContaining("2 features");
    }

    @Test
    void shouldNameTheRaggedRow() {
        double[][] weights = {{1, 2}, {3, 4}, {5}};
        NetworkModel.Builder b =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .layer(weights, new double[3], "relu")
                        .head("h", new double[3], 0, 0.5);

        assertThatThrownBy(b::build)
                .hasMessageContaining("Layer 0")
                .hasMessageContaining("[3][1] at row 2")
                .hasMessageContaining("expected [3][2]");
    }

    @Test
    void shouldRefuseABiasOfTheWrongLength() {
        NetworkModel.Builder b =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .layer(new double[3][2], new double[2], "relu")
                        .head("h", new double[3], 0, 0.5);

        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.DIMENSION_MISMATCH))
                .hasMessageContaining("Layer 0")
                .hasMessageContaining("bias of shape [2]; expected [3]");
    }

    @Test
    void shouldRefuseAHeadThatDoesNotMatchTheLastLayer() {
        NetworkModel.Builder b =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .layer(new double[3][2], new double[3], "relu")
                        .head("fraud", new double[2], 0, 0.5);

        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.DIMENSION_MISMATCH))
                .hasMessageContaining("Head 'fraud'")
                .hasMessageContaining("2 weights; expected 3")
                .hasMessageContaining("layer 0");
    }

    @Test
    void shouldRefuseAnUnknownActivationNamingIt() {
        NetworkModel.Builder b =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .layer(new double[3][2], new double[3], "tanh")
                        .head("h", new double[3], 0, 0.5);

        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.UNSUPPORTED_STRUCTURE))
                .hasMessageContaining("'tanh'")
                .hasMessageContaining("Layer 0")
                .hasMessageContaining("relu, sigmoid, hardsigmoid, silu, identity");
    }

    @Test
    void shouldRefuseANonFiniteWeightNamingItsLayerAndPosition() {
        double[][] weights = new double[3][3];
        weights[1][0] = Double.NaN;
        NetworkModel.Builder hidden =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .layer(new double[3][2], new double[3], "relu")
                        .layer(weights, new double[3], "relu")
                        .head("h", new double[3], 0, 0.5);
        NetworkModel.Builder head =
                twoByThree().head("chargeback", new double[3], Double.POSITIVE_INFINITY, 0.5);

        assertThatThrownBy(hidden::build)
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.NON_FINITE_PARAMETER))
                .hasMessageContaining("layer 1 weight [1][0]: NaN");
        assertThatThrownBy(head::build).hasMessageContaining("head 'chargeback' bias: Infinity");
    }

    @Test
    void shouldRefuseANetworkWithoutHiddenLayers() {
        NetworkModel.Builder b =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .head("h", new double[2], 0, 0.5);

        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.UNSUPPORTED_STRUCTURE))
                .hasMessageContaining("logistic model");
    }

    @Test
    void shouldRefuseHeadsAsTheLogisticModelDoes() {
        assertThatThrownBy(() -> twoByThree().head("fraud", new double[3], 0, 0.5).build())
                .hasMessageContaining("two heads named 'fraud'");
        assertThatThrownBy(() -> twoByThree().head("other", new double[3], 0, 1.5).build())
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(
                        () ->
                                NetworkModel.builder("net", new ModelVersion(1, 0))
                                        .features(List.of("a"))
                                        .layer(new double[1][1], new double[1], "relu")
                                        .build())
                .hasMessageContaining("no output heads");
    }

    @Test
    void shouldRoundTripThroughItsBuilder() {
        NetworkModel model = (NetworkModel) NetworkFixture.load("activation-silu.json").model();

        assertThat(model.toBuilder().build()).isEqualTo(model);
        assertThat(model.toBuilder().build().hashCode()).isEqualTo(model.hashCode());
        assertThat(model.layerWeights(1)[2]).hasSize(9);
        assertThat(model.toString()).contains("6-9 silu-5 silu").contains("heads left,right");
    }

    @Test
    void shouldKeepItsParametersWhenTheCallersArraysChange() {
        double[][] weights = {{1.0, 0.0}};
        double[] head = {2.0};
        NetworkModel.Builder b =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .layer(weights, new double[1], "identity")
                        .head("h", head, 0, 0.5);
        NetworkModel model = b.build();

        weights[0][0] = 100;
        head[0] = 100;
        model.layerWeights(0)[0][0] = 100;

        assertThat(model.layerWeights(0)[0][0]).isEqualTo(1.0);
        assertThat(model.headWeights(0)[0]).isEqualTo(2.0);
    }

    @Test
    void shouldScoreAndExplainWithoutAllocatingOnceWarm() {
        NetworkModel model = (NetworkModel) NetworkFixture.load("mlp-64-128-2.json").model();
        double[] x = NetworkFixture.load("mlp-64-128-2.json").matrix("inputs")[3];
        ScoringWorkspace ws = new ScoringWorkspace();
        int[] indexes = new int[3];
        double[] contributions = new double[3];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        // the first call grows the workspace; later ones must reuse it
        model.score(x, ws);
        for (int t = 0; t < 2_000; t++) {
            model.score(x, ws);
            model.topContributions(t & 1, x, ws, 3, indexes, contributions);
        }

        long before = threads.getThreadAllocatedBytes(thread);
        for (int t = 0; t < 2_000; t++) {
            model.score(x, ws);
            model.topContributions(t & 1, x, ws, 3, indexes, contributions);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // -1 where the JVM cannot count, which would make the bound below vacuous; checked
        // after measuring, since the assertion itself allocates.
        assertThat(before).as("allocation counting is available").isNotNegative();

        // one allocation per event would be at least 16 bytes × 2,000
        assertThat(allocated).isLessThan(4096);
    }

    @Test
    void shouldNeverReturnMoreReasonsThanAsked() {
        NetworkModel model = twoByThree().build();
        ScoringWorkspace ws = new ScoringWorkspace();
        double[] x = {1.0, 2.0};
        model.score(x, ws);

        assertThat(model.topContributions(0, x, ws, 0, NO_INDEXES, new double[0])).isZero();
        assertThat(model.topContributions(0, x, ws, 1, new int[1], new double[1])).isEqualTo(1);
    }

    @Test
    void shouldFollowPyTorchActivationDefinitions() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1_000; i++) {
            double z = random.nextDouble(-8, 8);
            double s = 1 / (1 + Math.exp(-z));
            assertThat(Activation.RELU.apply(z)).isEqualTo(Math.max(0, z));
            assertThat(Activation.SIGMOID.apply(z)).isCloseTo(s, within(1e-15));
            assertThat(Activation.HARDSIGMOID.apply(z))
                    .isCloseTo(Math.min(Math.max(z + 3, 0), 6) / 6, within(0.0));
            assertThat(Activation.SILU.apply(z)).isCloseTo(z * s, within(1e-14));
            assertThat(Activation.IDENTITY.apply(z)).isEqualTo(z);
        }
        assertThat(Activation.HARDSIGMOID.apply(-3)).isZero();
        assertThat(Activation.HARDSIGMOID.apply(3)).isEqualTo(1.0);
        assertThat(Activation.HARDSIGMOID.apply(0)).isEqualTo(0.5);
        assertThat(Activation.RELU.derivative(0, 0)).isZero();
        assertThat(Activation.HARDSIGMOID.derivative(3, 1)).isZero();
        assertThat(Activation.HARDSIGMOID.derivative(2.999, 0.9998)).isEqualTo(1.0 / 6);
        assertThat(Activation.forName(" SiLU ")).isEqualTo(Activation.SILU);
        assertThat(Activation.forName("tanh")).isNull();
    }
}
