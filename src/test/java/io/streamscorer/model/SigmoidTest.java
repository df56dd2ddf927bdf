package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SigmoidTest {
    private static final double REFERENCE_TOLERANCE = 1e-4;

    @Test
    void shouldMatchPyTorchReferenceValuesForPositiveInputs() {
        double[] z = {1, 2, 3, 4};
        double[] expected = {0.7311, 0.8808, 0.9526, 0.9820};
        for (int i = 0; i < z.length; i++) {
            assertThat(Sigmoid.sigmoid(z[i])).isCloseTo(expected[i], within(REFERENCE_TOLERANCE));
        }
    }

    @Test
    void shouldMatchPyTorchReferenceValuesAroundZero() {
        double[] z = {-2, -1, 0, 1, 2};
        double[] expected = {0.1192, 0.2689, 0.5, 0.7311, 0.8808};
        for (int i = 0; i < z.length; i++) {
            assertThat(Sigmoid.sigmoid(z[i])).isCloseTo(expected[i], within(REFERENCE_TOLERANCE));
        }
    }

    @Test
    void shouldSaturateWithoutNaNAtPlusMinusThousand() {
        assertThat(Sigmoid.sigmoid(1000)).isEqualTo(1.0);
        assertThat(Sigmoid.sigmoid(-1000)).isEqualTo(0.0);
        assertThat(Sigmoid.sigmoid(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Sigmoid.sigmoid(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
    }

    @Test
    void shouldKeepTinyProbabilitiesAboveZero() {
        assertThat(Sigmoid.sigmoid(-40)).isGreaterThan(0.0);
        assertThat(Sigmoid.sigmoid(-40)).isCloseTo(4.248354255291589e-18, within(1e-30));
        assertThat(Sigmoid.sigmoid(-700)).isGreaterThan(0.0);
    }

    @Test
    void shouldBeSymmetric() {
        for (double z = -50; z <= 50; z += 0.37) {
            assertThat(Sigmoid.sigmoid(z) + Sigmoid.sigmoid(-z)).isCloseTo(1.0, within(1e-15));
        }
    }

    @Test
    void shouldKeepLogSigmoidFiniteAtPlusMinusThousand() {
        assertThat(Sigmoid.logSigmoid(1000)).isFinite().isCloseTo(0.0, within(1e-300));
        assertThat(Sigmoid.logSigmoid(-1000)).isFinite().isCloseTo(-1000.0, within(1e-9));
        assertThat(Sigmoid.logSigmoid(0)).isCloseTo(Math.log(0.5), within(1e-15));
    }

    @Test
    void shouldAgreeWithLogOfSigmoidWhereThatIsAccurate() {
        for (double z = -30; z <= 30; z += 0.5) {
            assertThat(Sigmoid.logSigmoid(z))
                    .isCloseTo(Math.log(Sigmoid.sigmoid(z)), within(1e-12));
        }
    }

    @Test
    void shouldKeepLogLossFiniteForConfidentWrongPredictions() {
        assertThat(Sigmoid.logLoss(-1000, 1)).isCloseTo(1000.0, within(1e-9));
        assertThat(Sigmoid.logLoss(1000, 0)).isCloseTo(1000.0, within(1e-9));
        assertThat(Sigmoid.logLoss(0, 1)).isCloseTo(Math.log(2), within(1e-15));
        assertThat(Sigmoid.logLoss(40, 1)).isGreaterThanOrEqualTo(0.0).isLessThan(1e-16);
    }
}
