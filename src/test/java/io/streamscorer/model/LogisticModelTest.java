package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogisticModelTest {
    private static final double TOLERANCE = 1e-12;

    private static LogisticModel.Builder twoFeatureModel() {
        return LogisticModel.builder("fraud", new ModelVersion(1, 0))
                .features(List.of("amount", "velocity"))
                .imputation(new double[] {0.5, 0.0})
                .head("fraud", new double[] {0.8, 1.5}, -2.0, 0.5);
    }

    @Test
    void shouldComputeSigmoidOfDotProductPlusBias() {
        LogisticModel model = twoFeatureModel().build();
        FeatureVector x = new FeatureVector();
        model.encode(Map.of("amount", 1.2, "velocity", 0.3), x);
        double z = 0.8 * 1.2 + 1.5 * 0.3 - 2.0;
        assertThat(model.logit(0, x.values())).isCloseTo(z, within(TOLERANCE));
        assertThat(model.probability(0, x.values()))
                .isCloseTo(1 / (1 + Math.exp(-z)), within(TOLERANCE));
        assertThat(x.imputed()).isZero();
        assertThat(x.unknown()).isZero();
        assertThat(x.nonFiniteFeature()).isNull();
    }

    @Test
    void shouldSumTheLogitOfEveryFeatureCountToWithinRounding() {
        for (int dim : new int[] {1, 3, 4, 5, 30, 1000}) {
            List<String> names = new ArrayList<>();
            double[] w = new double[dim];
            double[] x = new double[dim + 2];
            BigDecimal exact = BigDecimal.valueOf(0.25);
            for (int i = 0; i < dim; i++) {
                names.add("f" + i);
                w[i] = Math.sin(i + 1.0);
                x[i] = Math.cos(3.0 * i);
                exact = exact.add(new BigDecimal(w[i]).multiply(new BigDecimal(x[i])));
            }
            LogisticModel model =
                    LogisticModel.builder("wide", new ModelVersion(1, 0))
                            .features(names)
                            .head("fraud", w, 0.25, 0.5)
                            .build();

            assertThat(model.logit(0, x)).isCloseTo(exact.doubleValue(), within(TOLERANCE * dim));
        }
    }

    @Test
    void shouldEncodeAnyStringInstanceOfAName() {
        LogisticModel model = twoFeatureModel().build();
        FeatureVector x = new FeatureVector();
        String decoded = new String("velocity".toCharArray());
        for (int event = 0; event < 3; event++) {
            String fresh = new String("amount".toCharArray());
            model.encode(Map.of(fresh, 2.0 + event, decoded, 1.0), x);

            assertThat(x.values()[0]).isEqualTo(2.0 + event);
            assertThat(x.values()[1]).isEqualTo(1.0);
            assertThat(x.unknown()).isZero();
        }
    }

    @Test
    void shouldImputeMissingFeaturesAndCountUnknownOnes() {
        LogisticModel model = twoFeatureModel().build();
        FeatureVector x = new FeatureVector();
        model.encode(Map.of("velocity", 1.0, "colour", 3.0, "size", 1.0), x);
        assertThat(x.values()[0]).isEqualTo(0.5);
        assertThat(x.values()[1]).isEqualTo(1.0);
        assertThat(x.imputed()).isEqualTo(1);
        assertThat(x.unknown()).isEqualTo(2);
    }

    @Test
    void shouldFlagNonFiniteValuesOfKnownFeatures() {
        LogisticModel model = twoFeatureModel().build();
        FeatureVector x = new FeatureVector();
        Map<String, Double> features = new HashMap<>();
        features.put("amount", Double.NaN);
        features.put("other", Double.POSITIVE_INFINITY);
        model.encode(features, x);
        assertThat(x.nonFiniteFeature()).isEqualTo("amount");
    }

    @Test
    void shouldScoreEveryHeadIndependently() {
        LogisticModel model =
                LogisticModel.builder("multi", new ModelVersion(1, 0))
                        .features(List.of("a", "b", "c"))
                        .head("fraud", new double[] {1, 0, 0}, 0, 0.5)
                        .head("chargeback", new double[] {0, -1, 2}, 0.25, 0.9)
                        .build();
        double[] x = {1, 2, 3};
        assertThat(model.logit(0, x)).isCloseTo(1.0, within(TOLERANCE));
        assertThat(model.logit(1, x)).isCloseTo(4.25, within(TOLERANCE));
        assertThat(model.headIndex("chargeback")).isEqualTo(1);
        assertThat(model.threshold(1)).isEqualTo(0.9);
    }

    @Test
    void shouldRankContributionsByMagnitude() {
        LogisticModel model =
                LogisticModel.builder("m", new ModelVersion(1, 0))
                        .features(List.of("a", "b", "c", "d"))
                        .head("h", new double[] {1, -3, 0.5, 2}, 0, 0.5)
                        .build();
        double[] x = {1, 1, 1, 1};
        int[] idx = new int[3];
        double[] contrib = new double[3];
        int n = model.topContributions(0, x, 3, idx, contrib);
        assertThat(n).isEqualTo(3);
        assertThat(idx).containsExactly(1, 3, 0);
        assertThat(contrib).containsExactly(-3, 2, 1);
    }

    @Test
    void shouldRejectNonFiniteWeights() {
        assertThatThrownBy(
                        () ->
                                twoFeatureModel()
                                        .clearHeads()
                                        .head("fraud", new double[] {1, Double.NaN}, 0, 0.5)
                                        .build())
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.NON_FINITE_PARAMETER))
                .hasMessageContaining("velocity");
    }

    @Test
    void shouldRejectNamesTooLongForTheLearnersCheckpoint() {
        String tooLong = "f".repeat(ModelValidator.MAX_NAME_LENGTH + 1);
        assertThatThrownBy(
                        () ->
                                LogisticModel.builder("fraud", new ModelVersion(1, 0))
                                        .features(List.of("amount", tooLong))
                                        .head("fraud", new double[] {1, 2}, 0, 0.5)
                                        .build())
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.INVALID_FEATURE_NAME))
                .hasMessageContaining("1025 characters");
        assertThatThrownBy(
                        () ->
                                twoFeatureModel()
                                        .clearHeads()
                                        .head(tooLong, new double[] {1, 2}, 0, 0.5)
                                        .build())
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(ModelRejection.UNSUPPORTED_STRUCTURE));
        assertThatThrownBy(
                        () ->
                                LogisticModel.builder(tooLong, new ModelVersion(1, 0))
                                        .features(List.of("amount", "velocity"))
                                        .head("fraud", new double[] {1, 2}, 0, 0.5)
                                        .build())
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(ModelRejection.UNSUPPORTED_STRUCTURE));
        String longest = "f".repeat(ModelValidator.MAX_NAME_LENGTH);
        assertThat(
                        LogisticModel.builder("fraud", new ModelVersion(1, 0))
                                .features(List.of("amount", longest))
                                .head("fraud", new double[] {1, 2}, 0, 0.5)
                                .build()
                                .features()
                                .names())
                .contains(longest);
    }

    @Test
    void shouldRejectMoreHeadsThanOneLabelCanName() {
        LogisticModel.Builder builder = twoFeatureModel().clearHeads();
        for (int h = 0; h <= ScoringModel.MAX_HEADS; h++) {
            builder.head("head-" + h, new double[] {1, 2}, 0, 0.5);
        }
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.UNSUPPORTED_STRUCTURE))
                .hasMessageContaining("65 heads, more than 64");
    }

    @Test
    void shouldRejectWrongDimension() {
        assertThatThrownBy(
                        () ->
                                twoFeatureModel()
                                        .clearHeads()
                                        .head("fraud", new double[] {1, 2, 3}, 0, 0.5)
                                        .build())
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.DIMENSION_MISMATCH))
                .hasMessageContaining("3 weights for 2 features");
    }

    @Test
    void shouldRejectModelsWithoutFeaturesOrHeads() {
        assertThatThrownBy(
                        () ->
                                LogisticModel.builder("m", new ModelVersion(1, 0))
                                        .head("h", new double[0], 0, 0.5)
                                        .build())
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.EMPTY_MODEL));
        assertThatThrownBy(twoFeatureModel().clearHeads()::build)
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("no output heads");
    }

    @Test
    void shouldRejectThresholdOutsideUnitInterval() {
        assertThatThrownBy(
                        () ->
                                twoFeatureModel()
                                        .clearHeads()
                                        .head("fraud", new double[] {1, 2}, 0, 1.5)
                                        .build())
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("[0, 1]");
    }

    @Test
    void shouldNotShareWeightArraysWithCallers() {
        double[] weights = {1, 2};
        LogisticModel model = twoFeatureModel().clearHeads().head("fraud", weights, 0, 0.5).build();
        weights[0] = 100;
        model.weights(0)[1] = 100;
        assertThat(model.weights(0)).containsExactly(1, 2);
    }
}
