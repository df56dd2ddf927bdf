package io.streamscorer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamscorer.avro.FeatureScaling;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.InvalidModelException;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelRejection;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.NetworkModel;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A model's scaling and prior strength, from spec to model and back. */
class ModelSpecsScalingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static ModelSpec scaledSpec() {
        LogisticModel model =
                LogisticModel.builder("fraud", new ModelVersion(4, 0))
                        .features(List.of("amount", "velocity", "foreign"))
                        .imputation(new double[] {120.0, 2.0, 0.0})
                        .scaling(
                                io.streamscorer.model.FeatureScaling.of(
                                        new double[] {150.0, 3.0, 0.2},
                                        new double[] {200.0, 1.5, 0.4}))
                        .head("fraud", new double[] {2.0, 0.7, 0.5}, -1.0, 0.5)
                        .build();
        ModelSpec spec = ModelSpecs.toSpec(model, "operator", null, T0);
        spec.setPriorLabels(20_000L);
        return spec;
    }

    private static double probability(ScoringModel model, Map<String, Double> features) {
        FeatureVector x = new FeatureVector();
        ScoringWorkspace ws = new ScoringWorkspace();
        model.encode(features, x);
        model.score(x.values(), ws);
        return ws.probability(0);
    }

    @Test
    void shouldReadTheScalingOfASpecIntoTheModelAndWriteItBack() {
        ModelSpec spec = scaledSpec();

        ScoringModel model = ModelSpecs.toModel(spec);
        ModelSpec again = ModelSpecs.toSpec(model, "operator", null, T0);

        assertThat(spec.getScaling().getCenter()).containsExactly(150.0, 3.0, 0.2);
        assertThat(spec.getScaling().getScale()).containsExactly(200.0, 1.5, 0.4);
        assertThat(model.scaling())
                .hasValueSatisfying(s -> assertThat(s.scale()).containsExactly(200.0, 1.5, 0.4));
        assertThat(((LogisticModel) model).weights(0)).containsExactly(2.0, 0.7, 0.5);
        assertThat(again.getScaling()).isEqualTo(spec.getScaling());
        assertThat(again.getPriorLabels()).as("not part of the model").isNull();
        assertThat(ModelSpecs.toModel(again)).isEqualTo(model);
    }

    @Test
    void shouldScoreAScaledModelAsTheSameWeightsOnHandStandardisedValues() {
        ScoringModel scaled = ModelSpecs.toModel(scaledSpec());
        LogisticModel onStandardised =
                LogisticModel.builder("fraud", new ModelVersion(4, 0))
                        .features(List.of("amount", "velocity", "foreign"))
                        .head("fraud", new double[] {2.0, 0.7, 0.5}, -1.0, 0.5)
                        .build();

        double p = probability(scaled, Map.of("amount", 950.0, "velocity", 6.0, "foreign", 1.0));
        double byHand =
                probability(
                        onStandardised,
                        Map.of(
                                "amount",
                                (950.0 - 150.0) / 200.0,
                                "velocity",
                                (6.0 - 3.0) / 1.5,
                                "foreign",
                                (1.0 - 0.2) / 0.4));

        assertThat(p).isCloseTo(byHand, within(1e-12));
    }

    @Test
    void shouldCarryTheScalingOfANetworkThroughItsSpec() {
        NetworkModel network =
                NetworkModel.builder("net", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .scaling(
                                io.streamscorer.model.FeatureScaling.of(
                                        new double[] {10.0, -1.0}, new double[] {4.0, 0.5}))
                        .layer(
                                new double[][] {{1.0, -1.0}, {0.5, 2.0}},
                                new double[] {0, 0.1},
                                "relu")
                        .head("h", new double[] {1.0, -0.5}, 0.2, 0.5)
                        .build();
        ModelSpec spec = ModelSpecs.toSpec(network, "operator", null, T0);

        ScoringModel model = ModelSpecs.toModel(spec);
        ModelSpec again = ModelSpecs.toSpec(model, "operator", null, T0);

        assertThat(model).isInstanceOf(NetworkModel.class);
        assertThat(model.scaling()).isPresent();
        assertThat(again.getScaling()).isEqualTo(spec.getScaling());
        assertThat(ModelSpecs.toModel(again)).isEqualTo(model);
    }

    @Test
    void shouldRefuseAScaleOfZeroAsAnInvalidModelNamingTheModel() {
        ModelSpec spec = scaledSpec();
        spec.getScaling().getScale().set(1, 0.0);

        assertThatThrownBy(() -> ModelSpecs.toModel(spec))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.NON_FINITE_PARAMETER))
                .hasMessageContaining("Model 'fraud' has an invalid scaling")
                .hasMessageContaining("index 1");
    }

    @Test
    void shouldRefuseANonFiniteCenterAsAnInvalidModel() {
        ModelSpec spec = scaledSpec();
        spec.getScaling().getCenter().set(2, Double.NaN);

        assertThatThrownBy(() -> ModelSpecs.toModel(spec))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.NON_FINITE_PARAMETER))
                .hasMessageContaining("center at index 2");
    }

    @Test
    void shouldRefuseAScalingForAnotherNumberOfFeatures() {
        ModelSpec shorter = scaledSpec();
        shorter.setScaling(new FeatureScaling(List.of(1.0, 2.0), List.of(1.0, 1.0)));
        ModelSpec unequal = scaledSpec();
        unequal.setScaling(new FeatureScaling(List.of(1.0, 2.0, 3.0), List.of(1.0, 1.0)));

        assertThatThrownBy(() -> ModelSpecs.toModel(shorter))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.DIMENSION_MISMATCH))
                .hasMessageContaining("scaling for 2 features");
        assertThatThrownBy(() -> ModelSpecs.toModel(unequal))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.DIMENSION_MISMATCH))
                .hasMessageContaining("3 centers and 2 scales");
    }

    @Test
    void shouldRefuseANegativePriorLabelsSayingWhatItMustBe() {
        ModelSpec spec = scaledSpec();
        spec.setPriorLabels(-1L);

        assertThatThrownBy(() -> ModelSpecs.toModel(spec))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.NON_FINITE_PARAMETER))
                .hasMessageContaining("Model 'fraud' has priorLabels -1; it must be >= 0");
    }

    @Test
    void shouldGiveThePriorLabelsOfASpecAndNoneWhenItLeavesThemToTheScorer() {
        ModelSpec free = scaledSpec();
        free.setPriorLabels(0L);
        ModelSpec unset = scaledSpec();
        unset.setPriorLabels(null);

        assertThat(ModelSpecs.priorLabels(scaledSpec())).isEqualTo(OptionalLong.of(20_000));
        assertThat(ModelSpecs.priorLabels(free)).isEqualTo(OptionalLong.of(0));
        assertThat(ModelSpecs.priorLabels(unset)).isEmpty();
        assertThat(ModelSpecs.toModel(free).scaling()).isPresent();
    }

    @Test
    void shouldDigestTheScalingButNotThePriorLabels() {
        ModelSpec base = scaledSpec();
        ModelSpec otherCenter = scaledSpec();
        otherCenter.getScaling().getCenter().set(0, 151.0);
        ModelSpec swapped = scaledSpec();
        List<Double> both = new ArrayList<>(swapped.getScaling().getCenter());
        both.addAll(swapped.getScaling().getScale());
        swapped.setScaling(new FeatureScaling(both.subList(0, 2), both.subList(2, 6)));
        ModelSpec unscaled = scaledSpec();
        unscaled.setScaling(null);
        ModelSpec otherPrior = scaledSpec();
        otherPrior.setPriorLabels(5L);

        assertThat(ModelSpecs.digest(otherCenter)).isNotEqualTo(ModelSpecs.digest(base));
        assertThat(ModelSpecs.digest(swapped)).isNotEqualTo(ModelSpecs.digest(base));
        assertThat(ModelSpecs.digest(unscaled)).isNotEqualTo(ModelSpecs.digest(base));
        assertThat(ModelSpecs.digest(otherPrior)).isEqualTo(ModelSpecs.digest(base));
    }

    @Test
    void shouldDigestAVersionWithoutScalingAsBeforeScalingExisted() {
        ModelSpec unscaled = scaledSpec();
        unscaled.setScaling(null);
        unscaled.setPriorLabels(null);

        // SHA-256 of the names, imputation and head as digested before scaling existed, by hand.
        assertThat(ModelSpecs.digest(unscaled)).isEqualTo("ab8edf2f0336");
    }
}
