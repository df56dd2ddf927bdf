package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunningStandardizerTest {
    private static final double TOL = 1e-9;

    @Test
    void shouldScaleEachRowByTheStatisticsOfTheRowsSoFar() {
        SplittableRandom random = new SplittableRandom(4);
        double[][] rows = new double[50][2];
        for (double[] row : rows) {
            row[0] = 1000 + 250 * random.nextDouble(-1, 1);
            row[1] = 0.01 * random.nextDouble();
        }
        RunningStandardizer standardizer = new RunningStandardizer(2);
        double[] out = new double[2];

        for (int t = 0; t < rows.length; t++) {
            standardizer.observeAndStandardize(rows[t], out);

            for (int i = 0; i < 2; i++) {
                double mean = 0;
                for (int s = 0; s <= t; s++) {
                    mean += rows[s][i] / (t + 1);
                }
                double variance = 0;
                for (int s = 0; s <= t; s++) {
                    variance += (rows[s][i] - mean) * (rows[s][i] - mean) / (t + 1);
                }
                double expected =
                        variance > 0
                                ? (rows[t][i] - mean) / Math.sqrt(variance)
                                : rows[t][i] - mean;
                assertThat(out[i]).isCloseTo(expected, within(TOL));
            }
        }
        assertThat(standardizer.count()).isEqualTo(50);
    }

    @Test
    void shouldMapTheFirstRowToZero() {
        RunningStandardizer standardizer = new RunningStandardizer(2);
        double[] out = new double[2];

        standardizer.observeAndStandardize(new double[] {12345, -3}, out);

        assertThat(out).containsExactly(0.0, 0.0);
    }
}
