package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamscorer.model.Sigmoid;
import org.junit.jupiter.api.Test;

class ScoreLogTest {
    private static final double TOL = 1e-12;

    @Test
    void shouldCountTiedPairsAsHalfInExactAuc() {
        // pairs (positive, negative): (0.9 vs 0.1) win, (0.9 vs 0.5) win, (0.5 vs 0.1) win,
        // (0.5 vs 0.5) tie: (3 + 0.5) / 4
        double auc = ScoreLog.exactAuc(new double[] {0.9, 0.5, 0.5, 0.1}, new int[] {1, 1, 0, 0});

        assertThat(auc).isCloseTo(0.875, within(TOL));
    }

    @Test
    void shouldBeUndefinedWithOneClass() {
        assertThat(ScoreLog.exactAuc(new double[] {1, 2}, new int[] {1, 1})).isNaN();
    }

    @Test
    void shouldMeasureAnyStretchOfTheStream() {
        ScoreLog log = new ScoreLog(2);
        log.add(2.0, 1);
        log.add(-1.0, 1);
        log.add(-3.0, 0);

        assertThat(log.size()).isEqualTo(3);
        assertThat(log.meanLogLoss(1, 3))
                .isCloseTo((Sigmoid.logLoss(-1, 1) + Sigmoid.logLoss(-3, 0)) / 2, within(TOL));
        assertThat(log.accuracy(0, 3)).isCloseTo(2.0 / 3, within(TOL));
        assertThat(log.auc(0, 3)).isCloseTo(1.0, within(TOL));
        assertThat(log.auc(1, 3)).isCloseTo(1.0, within(TOL));
    }
}
