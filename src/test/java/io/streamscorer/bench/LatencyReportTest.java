package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyReportTest {

    private static Histogram microsOneTo(int millis) {
        Histogram h = new Histogram(600_000_000L, 3);
        for (int ms = 1; ms <= millis; ms++) {
            h.recordValue(ms * 1000L);
        }
        return h;
    }

    @Test
    void shouldReadPercentilesInMillisecondsFromMicroseconds() {
        LatencyReport.Run r =
                LatencyReport.Run.of(1, Guarantee.AT_LEAST_ONCE, 1000, 1000, microsOneTo(1000), 25);

        assertThat(r.p50()).isCloseTo(500, within(1.0));
        assertThat(r.p99()).isCloseTo(990, within(1.0));
        assertThat(r.p999()).isCloseTo(999, within(1.0));
        assertThat(r.max()).isCloseTo(1000, within(1.0));
    }

    @Test
    void shouldReportNoPercentilesWithoutSamples() {
        LatencyReport.Run r =
                LatencyReport.Run.of(1, Guarantee.EXACTLY_ONCE, 10, 0, new Histogram(1000, 3), 130);

        assertThat(r.p99()).isNaN();
        assertThat(r.max()).isNaN();
    }

    @Test
    void shouldJudgeTheMedianP99AgainstEachGuaranteesTarget() {
        List<LatencyReport.Run> runs =
                List.of(
                        new LatencyReport.Run(
                                1, Guarantee.AT_LEAST_ONCE, 5, 5, 2, 4, 20, 30, 40, 25),
                        new LatencyReport.Run(
                                2, Guarantee.AT_LEAST_ONCE, 5, 5, 3, 5, 40, 50, 60, 25),
                        new LatencyReport.Run(
                                3, Guarantee.AT_LEAST_ONCE, 5, 5, 2, 4, 22, 30, 40, 25),
                        new LatencyReport.Run(
                                1, Guarantee.EXACTLY_ONCE, 5, 4, 50, 90, 120, 125, 130, 130));
        StringWriter text = new StringWriter();

        LatencyReport.write(runs, new PrintWriter(text));

        assertThat(text.toString())
                .contains("| 2 | at-least-once | 5 | 5 | 3.0 | 5.0 | 40.0 | 50.0 | 60.0 |")
                .contains("| at-least-once | 2.0 | 22.0 | 30.0 | ≤ 25 | met |")
                .contains(
                        "| exactly-once | 50.0 | 120.0 | 125.0 | ≤ 130 | **missed** (scores missing) |");
    }
}
