package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The comparison numbers against a plain offline computation over the same labels. */
class ScoreTableTest {
    private static final double EXACT = 1e-9;

    /** Logits rounded to a coarse grid, so ties occur and the midrank rule is exercised. */
    private static double logit(SplittableRandom random, int label, double separation) {
        return Math.round((random.nextGaussian() + separation * label) * 20) / 20.0;
    }

    @Test
    void shouldMatchAnOfflineComputationOfEveryNumberToWithinOneBillionth() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 3_000;
        ScoreTable table = new ScoreTable(10_000);
        double[] champion = new double[n];
        double[] challenger = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.1 ? 1 : 0;
            champion[i] = logit(random, labels[i], 1.0) - 2;
            challenger[i] = logit(random, labels[i], 2.0) - 2.5;
            table.addRow(labels[i]);
            table.put("champion", champion[i]);
            if (i >= 1_000) {
                table.put("challenger:b", challenger[i]);
            }
        }

        assertOffline(table.summary("champion", null, 0.3), champion, labels, 0, n, 0.3);
        assertOffline(table.summary("challenger:b", null, 0.3), challenger, labels, 1_000, n, 0.3);
        assertOffline(
                table.summary("champion", "challenger:b", 0.3), champion, labels, 1_000, n, 0.3);
    }

    @Test
    void shouldKeepOnlyTheLastCapacityLabels() {
        ScoreTable table = new ScoreTable(100);
        double[] logits = new double[250];
        int[] labels = new int[250];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 250; i++) {
            labels[i] = i % 3 == 0 ? 1 : 0;
            logits[i] = logit(random, labels[i], 1.5);
            table.addRow(labels[i]);
            table.put("champion", logits[i]);
        }

        assertThat(table.seen()).isEqualTo(250);
        assertOffline(table.summary("champion", null, 0.5), logits, labels, 150, 250, 0.5);
    }

    @Test
    void shouldLeaveNumbersUndefinedWhereTheyAreNot() {
        ScoreTable table = new ScoreTable(10);
        table.addRow(0);
        table.put("champion", -5);
        table.put("challenger:b", Double.NaN);

        ScoreSummary champion = table.summary("champion", null, 0.5);
        assertThat(champion.labels()).isEqualTo(1);
        assertThat(champion.auc()).isNaN();
        assertThat(champion.precision()).isNaN();
        assertThat(champion.recall()).isNaN();
        assertThat(champion.alertRate()).isZero();
        assertThat(table.summary("challenger:b", null, 0.5).labels()).isZero();
        assertThat(table.summary("unknown", null, 0.5).logLoss()).isNaN();
    }

    private static void assertOffline(
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
            if (binCount[b] > 0) {
                ece +=
                        binCount[b]
                                / (double) n
                                * Math.abs(
                                        binPredicted[b] / binCount[b]
                                                - binPositives[b] / (double) binCount[b]);
                assertThat(summary.reliability().get(b).count()).isEqualTo(binCount[b]);
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
        assertThat(summary.precision()).isCloseTo(truePositives / (double) alerts, within(EXACT));
        assertThat(summary.recall()).isCloseTo(truePositives / (double) positives, within(EXACT));
    }
}
