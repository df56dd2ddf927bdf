package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The comparison numbers against a plain offline computation over the same labels. */
class ScoreTableTest {

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

        OfflineScores.assertMatches(
                table.summary("champion", null, 0.3), champion, labels, 0, n, 0.3);
        OfflineScores.assertMatches(
                table.summary("challenger:b", null, 0.3), challenger, labels, 1_000, n, 0.3);
        OfflineScores.assertMatches(
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
        OfflineScores.assertMatches(
                table.summary("champion", null, 0.5), logits, labels, 150, 250, 0.5);
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
}
