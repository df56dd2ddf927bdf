package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchLogisticRegressionTest {
    private static final double TOL = 1e-9;

    @Test
    void shouldMatchClosedFormMaximumLikelihoodOfTwoGroups() {
        // x = 0: 2 of 8 positive; x = 1: 7 of 10 positive. Unregularised, the fit reproduces the
        // group log-odds: b = logit(2/8) = −ln 3, w = logit(7/10) − logit(2/8) = ln(7/3) + ln 3.
        double[][] x = new double[18][1];
        int[] y = new int[18];
        for (int i = 0; i < 18; i++) {
            x[i][0] = i < 8 ? 0 : 1;
            y[i] = (i < 2 || (i >= 8 && i < 15)) ? 1 : 0;
        }

        BatchLogisticRegression.Fit fit = BatchLogisticRegression.fit(x, y, 0.0);

        assertThat(fit.converged()).isTrue();
        assertThat(fit.bias()).isCloseTo(-Math.log(3), within(TOL));
        assertThat(fit.weights()[0]).isCloseTo(Math.log(7.0 / 3) + Math.log(3), within(TOL));
    }

    @Test
    void shouldZeroTheRegularisedGradient() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 400;
        double l2 = 2.0;
        double[][] x = new double[n][3];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < 3; i++) {
                x[r][i] = random.nextDouble(-2, 2);
            }
            double p = Sigmoid.sigmoid(2 * x[r][0] - x[r][1] + 0.5);
            y[r] = random.nextDouble() < p ? 1 : 0;
        }

        BatchLogisticRegression.Fit fit = BatchLogisticRegression.fit(x, y, l2);

        double[] w = fit.weights();
        double[] gradient = new double[4];
        for (int r = 0; r < n; r++) {
            double residual = Sigmoid.sigmoid(fit.logit(x[r])) - y[r];
            for (int i = 0; i < 3; i++) {
                gradient[i] += residual * x[r][i];
            }
            gradient[3] += residual;
        }
        for (int i = 0; i < 3; i++) {
            assertThat(gradient[i] + l2 * w[i]).isCloseTo(0.0, within(1e-8));
        }
        assertThat(gradient[3]).isCloseTo(0.0, within(1e-8));
        assertThat(fit.converged()).isTrue();
        assertThat(w[0]).isGreaterThan(1.0);
        assertThat(w[1]).isLessThan(-0.5);
    }

    @Test
    void shouldReachTheSameOptimumWhenRefittedFromAnEarlierFit() {
        SplittableRandom random = new SplittableRandom(4);
        int n = 300;
        double[][] x = new double[n][2];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            x[r][0] = random.nextDouble(-2, 2);
            x[r][1] = random.nextDouble(-2, 2);
            y[r] = random.nextDouble() < Sigmoid.sigmoid(x[r][0] - 2 * x[r][1]) ? 1 : 0;
        }
        BatchLogisticRegression.Fit early =
                BatchLogisticRegression.fit(Arrays.copyOf(x, 250), Arrays.copyOf(y, 250), 1.0);

        BatchLogisticRegression.Fit cold = BatchLogisticRegression.fit(x, y, 1.0);
        BatchLogisticRegression.Fit warm = BatchLogisticRegression.refit(x, y, 1.0, early);

        assertThat(warm.converged()).isTrue();
        assertThat(warm.iterations()).isLessThan(cold.iterations());
        assertThat(warm.bias()).isCloseTo(cold.bias(), within(1e-9));
        for (int i = 0; i < 2; i++) {
            assertThat(warm.weights()[i]).isCloseTo(cold.weights()[i], within(1e-9));
        }
        assertThat(early.weights()[0]).isNotCloseTo(cold.weights()[0], within(1e-6));
    }

    @Test
    void shouldStayFiniteAndReportNoConvergenceOnSeparableDataWithoutL2() {
        double[][] x = {{-2}, {-1}, {1}, {2}};
        int[] y = {0, 0, 1, 1};

        BatchLogisticRegression.Fit fit = BatchLogisticRegression.fit(x, y, 0.0, 30, 1e-12);

        assertThat(fit.weights()[0]).isFinite().isGreaterThan(5);
        assertThat(fit.objective()).isFinite();
        assertThat(BatchLogisticRegression.fit(x, y, 1.0).converged()).isTrue();
    }

    @Test
    void shouldRejectMismatchedInput() {
        assertThatThrownBy(() -> BatchLogisticRegression.fit(new double[][] {{1}}, new int[2], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                BatchLogisticRegression.fit(
                                        new double[][] {{1}, {1, 2}}, new int[2], 1))
                .hasMessageContaining("Row 1");
    }
}
