package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureScalingTest {
    private static final FeatureScaling SCALER =
            FeatureScaling.of(new double[] {250.0, 0.5, -3.0}, new double[] {100.0, 0.02, 4.0});

    private static LogisticModel scaled() {
        return LogisticModel.builder("fraud", new ModelVersion(1, 0))
                .features(List.of("amount", "ratio", "delta"))
                .scaling(SCALER)
                .head("fraud", new double[] {1.5, -0.7, 0.25}, -2.0, 0.5)
                .build();
    }

    @Test
    void shouldScoreWithTheScalingExactlyAsWithTheFoldedWeights() {
        LogisticModel scaled = scaled();
        double[] w = {1.5, -0.7, 0.25};
        LogisticModel folded =
                LogisticModel.builder("fraud", new ModelVersion(1, 0))
                        .features(List.of("amount", "ratio", "delta"))
                        .head("fraud", SCALER.foldWeights(w), SCALER.foldBias(w, -2.0), 0.5)
                        .build();
        SplittableRandom random = new SplittableRandom(1);
        for (int t = 0; t < 1000; t++) {
            double[] x = {
                random.nextDouble(0, 1000), random.nextDouble(0.4, 0.6), random.nextGaussian()
            };
            assertThat(scaled.logit(0, x)).isEqualTo(folded.logit(0, x));
            double standardised =
                    1.5 * (x[0] - 250) / 100 - 0.7 * (x[1] - 0.5) / 0.02 + 0.25 * (x[2] + 3) / 4;
            assertThat(scaled.logit(0, x)).isCloseTo(standardised - 2.0, within(1e-9));
        }
    }

    @Test
    void shouldGiveReasonCodesRelativeToEachFeaturesCenter() {
        int[] indexes = new int[3];
        double[] contributions = new double[3];

        // amount at its center contributes nothing; ratio one scale above contributes −0.7
        scaled().topContributions(0, new double[] {250, 0.52, -3}, 3, indexes, contributions);

        assertThat(indexes[0]).isEqualTo(1);
        assertThat(contributions[0]).isCloseTo(-0.7, within(1e-12));
        assertThat(contributions[1]).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void shouldRefuseAScaleThatIsNotPositiveOrACenterThatIsNotFinite() {
        assertThatThrownBy(() -> FeatureScaling.of(new double[] {0}, new double[] {0}))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("scale at index 0 must be finite and > 0");
        assertThatThrownBy(() -> FeatureScaling.of(new double[] {Double.NaN}, new double[] {1}))
                .hasMessageContaining("center at index 0 is not finite");
        assertThatThrownBy(() -> FeatureScaling.of(new double[] {0, 0}, new double[] {1}))
                .hasMessageContaining("2 centers and 1 scales");
    }

    @Test
    void shouldRefuseAScalingForAnotherNumberOfFeatures() {
        assertThatThrownBy(
                        () ->
                                LogisticModel.builder("fraud", new ModelVersion(1, 0))
                                        .features(List.of("amount"))
                                        .scaling(SCALER)
                                        .head("fraud", new double[] {1}, 0, 0.5)
                                        .build())
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("scaling for 3 features; it has 1");
    }
}
