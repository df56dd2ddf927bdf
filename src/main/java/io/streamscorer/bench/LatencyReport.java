package io.streamscorer.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency figures as Markdown: percentiles of every run, and per guarantee the medians
 * over the runs against the targets.
 */
public final class LatencyReport {
    private LatencyReport() {}

    /**
     * The latencies of one run, in milliseconds.
     *
     * @param round 1-based round number
     * @param guarantee the processing guarantee
     * @param sent events due within the measurement window
     * @param scored scores of those events received
     * @param p50 median
     * @param p90 90th percentile
     * @param p99 99th percentile
     * @param p999 99.9th percentile
     * @param max the largest
     * @param targetP99 the most the 99th percentile may be
     */
    public record Run(
            int round,
            Guarantee guarantee,
            long sent,
            long scored,
            double p50,
            double p90,
            double p99,
            double p999,
            double max,
            double targetP99) {

        /** The figures of a histogram of microseconds. */
        public static Run of(
                int round,
                Guarantee guarantee,
                long sent,
                long scored,
                Histogram micros,
                double targetP99) {
            return new Run(
                    round,
                    guarantee,
                    sent,
                    scored,
                    millis(micros, 50),
                    millis(micros, 90),
                    millis(micros, 99),
                    millis(micros, 99.9),
                    micros.getTotalCount() == 0 ? Double.NaN : micros.getMaxValue() / 1000.0,
                    targetP99);
        }

        private static double millis(Histogram micros, double percentile) {
            return micros.getTotalCount() == 0
                    ? Double.NaN
                    : micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Writes every run, then the medians per guarantee with the verdict on p99. */
    public static void write(List<Run> runs, PrintWriter out) {
        out.println(
                "| round | guarantee | events in window | scored | p50 (ms) | p90 (ms) | p99 (ms)"
                        + " | p99.9 (ms) | max (ms) |");
        out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Run r : runs) {
            out.printf(
                    Locale.ROOT,
                    "| %d | %s | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    r.round(),
                    r.guarantee().label(),
                    r.sent(),
                    r.scored(),
                    r.p50(),
                    r.p90(),
                    r.p99(),
                    r.p999(),
                    r.max());
        }
        out.println();
        out.println("Medians over the rounds:");
        out.println();
        out.println("| guarantee | p50 (ms) | p99 (ms) | p99.9 (ms) | target p99 | p99 target |");
        out.println("|---|---:|---:|---:|---:|---|");
        Set<Guarantee> guarantees = new LinkedHashSet<>();
        runs.forEach(r -> guarantees.add(r.guarantee()));
        for (Guarantee g : guarantees) {
            List<Run> of = runs.stream().filter(r -> r.guarantee() == g).toList();
            double p99 = median(of, Run::p99);
            double target = of.get(0).targetP99();
            boolean complete = of.stream().allMatch(r -> r.scored() == r.sent());
            out.printf(
                    Locale.ROOT,
                    "| %s | %.1f | %.1f | %.1f | ≤ %.0f | %s |%n",
                    g.label(),
                    median(of, Run::p50),
                    p99,
                    median(of, Run::p999),
                    target,
                    !complete
                            ? "**missed** (scores missing)"
                            : p99 <= target ? "met" : "**missed**");
        }
        out.flush();
    }

    /** The median of one figure over {@code runs}. */
    static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> values.add(figure.applyAsDouble(r)));
        return ThroughputReport.median(values);
    }
}
