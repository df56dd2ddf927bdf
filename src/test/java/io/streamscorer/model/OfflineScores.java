package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The comparison numbers computed the plain way (every positive–negative pair for the AUC, the log
 * of the probability for the loss), to check {@link ScoreSummary} against.
 */
public final class OfflineScores {
    private static final double EXACT = 1e-9;

    private OfflineScores() {}

    /**
     * Asserts that {@code summary} holds, to 1e-9, the numbers of {@code logits[from, to)} against
     * {@code labels} at {@code threshold}.
     */
    public static void assertMatches(
            ScoreSummary summary,
            double[] logits,
            int[] labels,
            int from,
            int to,
            double threshold) {
        int n = to - from;
        double loss = 0;
        long positives = 0;
        long alerts = 0;
        long truePositives = 0;
        double[] binPredicted = new double[10];
        long[] binCount = new long[10];
        long[] binPositives = new long[10];
        for (int i = from; i < to; i++) {
            double p = 1 / (1 + Math.exp(-logits[i]));
            loss += labels[i] == 1 ? -Math.log(p) : -Math.log(1 - p);
            positives += labels[i];
            if (p >= threshold) {
                alerts++;
                truePositives += labels[i];
            }
            int b = Math.min(9, (int) Math.floor(p * 10));
            binPredicted[b] += p;
            binCount[b]++;
            binPositives[b] += labels[i];
        }
        double pairs = 0;
        for (int i = from; i < to; i++) {
            for (int j = from; j < to; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs += logits[i] > logits[j] ? 1 : logits[i] == logits[j] ? 0.5 : 0;
                }
            }
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            assertThat(summary.reliability().get(b).count()).isEqualTo(binCount[b]);
            if (binCount[b] > 0) {
                ece +=
                        binCount[b]
                                / (double) n
                                * Math.abs(
                                        binPredicted[b] / binCount[b]
                                                - binPositives[b] / (double) binCount[b]);
                assertThat(summary.reliability().get(b).observedRate())
                        .isCloseTo(binPositives[b] / (double) binCount[b], within(EXACT));
            }
        }
        assertThat(summary.labels()).isEqualTo(n);
        assertThat(summary.logLoss()).isCloseTo(loss / n, within(EXACT));
        assertThat(summary.auc())
                .isCloseTo(pairs / (positives * (double) (n - positives)), within(EXACT));
        assertThat(summary.calibrationError()).isCloseTo(ece, within(EXACT));
        assertThat(summary.alertRate()).isCloseTo(alerts / (double) n, within(EXACT));
        if (alerts > 0) {
            assertThat(summary.precision())
                    .isCloseTo(truePositives / (double) alerts, within(EXACT));
        }
        assertThat(summary.recall()).isCloseTo(truePositives / (double) positives, within(EXACT));
    }
}
