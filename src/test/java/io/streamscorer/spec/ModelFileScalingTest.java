package io.streamscorer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The optional {@code scaling} and {@code priorLabels} of a model file, read and written back. */
class ModelFileScalingTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static String file(String scaling, String more) {
        return """
                {
                  "name": "fraud",
                  "features": ["amount", "velocity", "foreign", "age"],
                  "scaling": %s,
                  "heads": [{"name": "fraud", "weights": [2.0, 0.7, 0.5, -0.1], "bias": -1.0}]%s
                }
                """
                .formatted(scaling, more);
    }

    private static final String GOOD_SCALING =
            "{\"center\": [150.0, 3.0, 0.2, 40.0], \"scale\": [200.0, 1.5, 0.4, 12.0]}";

    @Test
    void shouldReadTheScalingAndPriorLabelsIntoTheSpec() {
        ModelSpec spec =
                ModelFile.parse(file(GOOD_SCALING, ", \"priorLabels\": 5000"))
                        .toSpec(new ModelVersion(1, 0), "operator", T0);

        assertThat(spec.getScaling().getCenter()).containsExactly(150.0, 3.0, 0.2, 40.0);
        assertThat(spec.getScaling().getScale()).containsExactly(200.0, 1.5, 0.4, 12.0);
        assertThat(spec.getPriorLabels()).isEqualTo(5000L);
    }

    @Test
    void shouldCarryTheScalingFromModelFileThroughSpecAndModelBackToTheSameFile() {
        ModelFile file = ModelFile.parse(file(GOOD_SCALING, ", \"priorLabels\": 5000"));
        ModelSpec spec = file.toSpec(new ModelVersion(2, 0), "operator", T0);

        ScoringModel model = ModelSpecs.toModel(spec);
        ModelSpec again = ModelSpecs.toSpec(model, "operator", null, T0);
        again.setPriorLabels(ModelSpecs.priorLabels(spec).orElseThrow());
        ModelFile exported = ModelFile.fromSpec(again);

        assertThat(model.scaling()).isPresent();
        assertThat(((LogisticModel) model).weights(0)).containsExactly(2.0, 0.7, 0.5, -0.1);
        assertThat(again.getScaling()).isEqualTo(spec.getScaling());
        assertThat(ModelSpecs.toModel(again)).isEqualTo(model);
        assertThat(exported.scaling()).isEqualTo(file.scaling());
        assertThat(exported.heads().get(0).weights()).isEqualTo(file.heads().get(0).weights());
        assertThat(exported.priorLabels()).isEqualTo(5000L);
    }

    @Test
    void shouldExportTheScalingAndPriorLabelsSoThatAPushOfTheExportIsTheSameVersion() {
        ModelSpec published =
                ModelFile.parse(file(GOOD_SCALING, ", \"priorLabels\": 0"))
                        .toSpec(new ModelVersion(3, 0), "operator", T0);

        String exported = ModelFile.fromSpec(published).toJson();
        ModelFile read = ModelFile.parse(exported);

        assertThat(exported).contains("\"scaling\"").contains("\"priorLabels\" : 0");
        assertThat(read.scaling().center()).containsExactly(150.0, 3.0, 0.2, 40.0);
        assertThat(read.priorLabels()).isZero();
        assertThat(read.toSpec(new ModelVersion(3, 0), "operator", T0)).isEqualTo(published);
    }

    @Test
    void shouldLeaveBothOutOfAFileWithoutThem() {
        ModelSpec spec =
                ModelFile.parse(
                                """
                                {"name": "fraud", "features": ["a"],
                                 "heads": [{"name": "fraud", "weights": [1.0]}]}
                                """)
                        .toSpec(new ModelVersion(1, 0), "operator", T0);

        assertThat(spec.getScaling()).isNull();
        assertThat(spec.getPriorLabels()).isNull();
        assertThat(ModelFile.fromSpec(spec).toJson())
                .doesNotContain("scaling")
                .doesNotContain("priorLabels");
    }

    @Test
    void shouldRefuseAScalingOfTheWrongLengthNamingTheKey() {
        String shortScale = "{\"center\": [150.0, 3.0, 0.2, 40.0], \"scale\": [200.0, 1.5, 0.4]}";

        assertThatThrownBy(() -> ModelFile.parse(file(shortScale, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaling.scale has 3 values for 4 features");
    }

    @Test
    void shouldRefuseAScaleOfZeroNamingTheKey() {
        String zero = "{\"center\": [150.0, 3.0, 0.2, 40.0], \"scale\": [200.0, 1.5, 0.4, 0]}";

        assertThatThrownBy(() -> ModelFile.parse(file(zero, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaling.scale[3] must be finite and > 0, got 0.0");
    }

    @Test
    void shouldRefuseANaNCenterNamingTheKey() {
        String nan = "{\"center\": [150.0, NaN, 0.2, 40.0], \"scale\": [200.0, 1.5, 0.4, 12.0]}";

        assertThatThrownBy(() -> ModelFile.parse(file(nan, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaling.center[1] is NaN, not a finite number");
    }

    @Test
    void shouldRefuseAScalingWithoutScalesNamingTheKey() {
        String centerOnly = "{\"center\": [150.0, 3.0, 0.2, 40.0]}";

        assertThatThrownBy(() -> ModelFile.parse(file(centerOnly, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaling")
                .hasMessageContaining("scale");
    }

    @Test
    void shouldRefuseNegativePriorLabelsNamingTheKey() {
        assertThatThrownBy(() -> ModelFile.parse(file(GOOD_SCALING, ", \"priorLabels\": -3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("priorLabels");
    }
}
