package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamscorer.bench.ThroughputReport.Comparison;
import io.streamscorer.bench.ThroughputReport.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputReportTest {
    private static final String PIPE = "(a) pipe";
    private static final String STREAMS = "(b) streams";
    private static final String SCORER = "(c) scorer";

    private static RunResult run(int round, Guarantee g, String pipeline, long spanMs) {
        return new RunResult(round, g, pipeline, 100_000, spanMs, spanMs, 300_000_000, 900_000_000);
    }

    @Test
    void shouldTakeTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertThat(ThroughputReport.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(ThroughputReport.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThatThrownBy(() -> ThroughputReport.median(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldComputeRatesFromTheAppendSpan() {
        RunResult r =
                new RunResult(
                        1,
                        Guarantee.AT_LEAST_ONCE,
                        SCORER,
                        200_000,
                        4_000,
                        5_000,
                        1_000_000_000,
                        3_000_000_000L);

        assertThat(r.recordsPerSecond()).isCloseTo(50_000, within(1e-9));
        assertThat(r.allWorkPerSecond()).isCloseTo(40_000, within(1e-9));
        assertThat(r.pipelineCpuMicros()).isCloseTo(5.0, within(1e-9));
        assertThat(r.processCpuMicros()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void shouldPairRatiosByRoundAndGuarantee() {
        List<RunResult> runs =
                List.of(
                        run(1, Guarantee.EXACTLY_ONCE, STREAMS, 1_000),
                        run(1, Guarantee.EXACTLY_ONCE, SCORER, 2_000),
                        run(2, Guarantee.EXACTLY_ONCE, STREAMS, 1_000),
                        run(2, Guarantee.EXACTLY_ONCE, SCORER, 1_250),
                        run(1, Guarantee.AT_LEAST_ONCE, SCORER, 1_000));
        Comparison cb = new Comparison("c/b", SCORER, STREAMS, 0.9);

        assertThat(ThroughputReport.roundRatios(runs, Guarantee.EXACTLY_ONCE, cb, false))
                .containsExactly(0.5, 0.8);
        assertThat(ThroughputReport.roundRatios(runs, Guarantee.AT_LEAST_ONCE, cb, false))
                .isEmpty();
    }

    @Test
    void shouldJudgeTheRatioOfTheMedianRatesAgainstTheTarget() {
        List<RunResult> runs =
                List.of(
                        run(1, Guarantee.AT_LEAST_ONCE, STREAMS, 1_000),
                        run(1, Guarantee.AT_LEAST_ONCE, SCORER, 1_050),
                        run(2, Guarantee.AT_LEAST_ONCE, STREAMS, 1_000),
                        run(2, Guarantee.AT_LEAST_ONCE, SCORER, 1_100),
                        run(3, Guarantee.AT_LEAST_ONCE, STREAMS, 1_000),
                        run(3, Guarantee.AT_LEAST_ONCE, SCORER, 2_000));

        assertThat(
                        ThroughputReport.ratioCell(
                                runs,
                                Guarantee.AT_LEAST_ONCE,
                                new Comparison("c/b", SCORER, STREAMS, 0.9),
                                false))
                .isEqualTo("0.91 (rounds 0.50–0.95) met");
        assertThat(
                        ThroughputReport.ratioCell(
                                runs,
                                Guarantee.AT_LEAST_ONCE,
                                new Comparison("c/b", SCORER, STREAMS, 0.95),
                                false))
                .endsWith("**missed**");
        assertThat(
                        ThroughputReport.ratioCell(
                                runs,
                                Guarantee.EXACTLY_ONCE,
                                new Comparison("c/b", SCORER, STREAMS, 0.9),
                                false))
                .isEqualTo("–");
    }

    @Test
    void shouldWriteEveryRunAndOneMedianRowPerGuarantee() {
        List<RunResult> runs =
                List.of(
                        run(1, Guarantee.AT_LEAST_ONCE, PIPE, 1_000),
                        run(1, Guarantee.AT_LEAST_ONCE, SCORER, 2_000),
                        run(1, Guarantee.EXACTLY_ONCE, PIPE, 1_000),
                        run(1, Guarantee.EXACTLY_ONCE, SCORER, 4_000));
        StringWriter text = new StringWriter();

        ThroughputReport.write(
                runs,
                List.of(new Comparison("c/a", SCORER, PIPE, 0.55)),
                false,
                new PrintWriter(text));

        assertThat(text.toString())
                .contains(
                        "| 1 | exactly-once | (c) scorer | 100,000 | 4.00 | 25,000 | 3.00 | 9.00 |")
                .contains("| at-least-once | 3.00 / 9.00 | 3.00 / 9.00 |")
                .contains("| guarantee | (a) pipe | (c) scorer | c/a (target ≥ 0.55) |")
                .contains("| at-least-once | 100,000 | 50,000 | 0.50 **missed** |")
                .contains("| exactly-once | 100,000 | 25,000 | 0.25 **missed** |")
                .doesNotContain("side work");
    }
}
