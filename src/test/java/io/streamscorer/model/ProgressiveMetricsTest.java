package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProgressiveMetricsTest {
    private static final double TOL = 1e-12;

    @Test
    void shouldBeUndefinedBeforeAnyLabel() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();

        assertThat(metrics.count()).isZero();
        assertThat(metrics.logLoss()).isNaN();
        assertThat(metrics.accuracy()).isNaN();
        assertThat(metrics.auc()).isNaN();
    }

    @Test
    void shouldAverageLogLossAndAccuracyAtHalf() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();

        metrics.record(2.0, 1);
        metrics.record(-1.0, 1);
        metrics.record(0.0, 0);

        double expected =
                (Sigmoid.logLoss(2.0, 1) + Sigmoid.logLoss(-1.0, 1) + Sigmoid.logLoss(0.0, 0)) / 3;
        assertThat(metrics.logLoss()).isCloseTo(expected, within(TOL));
        // logit 0 is p = 0.5, which decides positive
        assertThat(metrics.accuracy()).isCloseTo(1.0 / 3, within(TOL));
    }

    @Test
    void shouldMatchExactAucWithinBinResolution() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 5000;
        double[] logits = new double[n];
        int[] labels = new int[n];
        ProgressiveMetrics metrics = new ProgressiveMetrics(n);
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.05 ? 1 : 0;
            logits[i] = -4 + 1.5 * labels[i] + 2 * random.nextDouble(-1, 1);
            metrics.record(logits[i], labels[i]);
        }

        double exact = exactAuc(logits, labels, 0, n);
        assertThat(exact).isBetween(0.6, 0.95);
        assertThat(metrics.auc()).isCloseTo(exact, within(1e-3));
        assertThat(metrics.windowAuc()).isCloseTo(exact, within(1e-3));
    }

    @Test
    void shouldForgetLabelsOlderThanTheWindow() {
        SplittableRandom random = new SplittableRandom(2);
        int window = 1000;
        int n = 3500;
        double[] logits = new double[n];
        int[] labels = new int[n];
        ProgressiveMetrics metrics = new ProgressiveMetrics(window);
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
            // the model goes from useless to good half way
            double signal = i < n / 2 ? 0 : 3 * (labels[i] - 0.5);
            logits[i] = signal + random.nextDouble(-1, 1);
            metrics.record(logits[i], labels[i]);
        }

        double recentLoss = 0;
        int recentCorrect = 0;
        for (int i = n - window; i < n; i++) {
            recentLoss += Sigmoid.logLoss(logits[i], labels[i]);
            recentCorrect += (logits[i] >= 0) == (labels[i] == 1) ? 1 : 0;
        }
        assertThat(metrics.count()).isEqualTo(n);
        assertThat(metrics.windowCount()).isEqualTo(window);
        assertThat(metrics.windowLogLoss()).isCloseTo(recentLoss / window, within(1e-9));
        assertThat(metrics.windowAccuracy())
                .isCloseTo(recentCorrect / (double) window, within(TOL));
        assertThat(metrics.windowAuc())
                .isCloseTo(exactAuc(logits, labels, n - window, n), within(1e-3));
        assertThat(metrics.windowAuc()).isGreaterThan(metrics.auc());
    }

    @Test
    void shouldRejectNonFiniteLogitsAndBadLabels() {
        ProgressiveMetrics metrics = new ProgressiveMetrics();

        assertThatThrownBy(() -> metrics.record(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.record(1.0, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(metrics.count()).isZero();
    }

    private static double exactAuc(double[] logits, int[] labels, int from, int to) {
        double won = 0;
        long positives = 0;
        long negatives = 0;
        for (int i = from; i < to; i++) {
            if (labels[i] == 1) {
                positives++;
            } else {
                negatives++;
            }
        }
        for (int i = from; i < to; i++) {
            if (labels[i] != 1) {
                continue;
            }
            for (int j = from; j < to; j++) {
                if (labels[j] == 0) {
                    won += logits[i] > logits[j] ? 1 : logits[i] == logits[j] ? 0.5 : 0;
                }
            }
        }
        return won / (positives * (double) negatives);
    }
}
