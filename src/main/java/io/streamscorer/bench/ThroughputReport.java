package io.streamscorer.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * The figures of a throughput comparison as Markdown: every run, the median rate of each pipeline
 * per guarantee, and the ratios the targets are stated in, from the medians and, to show the
 * spread, per round (pipelines of one round ran minutes apart under the same machine load).
 */
public final class ThroughputReport {
    private ThroughputReport() {}

    /**
     * One measured run.
     *
     * @param round 1-based round number
     * @param guarantee the processing guarantee
     * @param pipeline the pipeline's label
     * @param records output records counted
     * @param spanMs broker append time from the first output record to the last
     * @param allWorkMs from the first output record until the side work (if any) was done too
     * @param pipelineCpuNanos CPU time of the pipeline's own threads (processing, producer I/O),
     *     start-up included
     * @param processCpuNanos CPU time of the whole process over the run, the broker included
     */
    public record RunResult(
            int round,
            Guarantee guarantee,
            String pipeline,
            long records,
            long spanMs,
            long allWorkMs,
            long pipelineCpuNanos,
            long processCpuNanos) {
        /** Output records per second over the append span. */
        public double recordsPerSecond() {
            return records * 1000.0 / Math.max(1, spanMs);
        }

        /** Output records per second until all work, side work included, was done. */
        public double allWorkPerSecond() {
            return records * 1000.0 / Math.max(1, allWorkMs);
        }

        /** CPU microseconds of the pipeline's threads per output record. */
        public double pipelineCpuMicros() {
            return pipelineCpuNanos / 1000.0 / Math.max(1, records);
        }

        /** CPU microseconds of the whole process per output record. */
        public double processCpuMicros() {
            return processCpuNanos / 1000.0 / Math.max(1, records);
        }
    }

    /**
     * A ratio of two pipelines' rates with the least value the target asks for.
     *
     * @param numerator label of the pipeline on top
     * @param denominator label of the pipeline below
     * @param name how the report names the ratio, e.g. {@code c/b}
     * @param target the least acceptable ratio
     */
    public record Comparison(String name, String numerator, String denominator, double target) {}

    /** The median of {@code values}; the mean of the middle two for an even count. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The median rate of {@code pipeline} under {@code guarantee}, if it ran. */
    static OptionalDouble medianRate(
            List<RunResult> runs, Guarantee guarantee, String pipeline, boolean allWork) {
        List<Double> rates = new ArrayList<>();
        for (RunResult r : runs) {
            if (r.guarantee() == guarantee && r.pipeline().equals(pipeline)) {
                rates.add(allWork ? r.allWorkPerSecond() : r.recordsPerSecond());
            }
        }
        return rates.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(rates));
    }

    /** The ratio of {@code c} in each round where both pipelines ran, in round order. */
    static List<Double> roundRatios(
            List<RunResult> runs, Guarantee guarantee, Comparison c, boolean allWork) {
        List<Double> ratios = new ArrayList<>();
        for (RunResult top : runs) {
            if (top.guarantee() != guarantee || !top.pipeline().equals(c.numerator())) {
                continue;
            }
            for (RunResult bottom : runs) {
                if (bottom.guarantee() == guarantee
                        && bottom.round() == top.round()
                        && bottom.pipeline().equals(c.denominator())) {
                    ratios.add(
                            allWork
                                    ? top.allWorkPerSecond() / bottom.allWorkPerSecond()
                                    : top.recordsPerSecond() / bottom.recordsPerSecond());
                }
            }
        }
        return ratios;
    }

    /**
     * Writes every run, the medians and the comparisons. With {@code allWork}, a second set of
     * medians and ratios counts the time until the side work was done as well.
     */
    public static void write(
            List<RunResult> runs, List<Comparison> comparisons, boolean allWork, PrintWriter out) {
        Set<Guarantee> guarantees = new TreeSet<>();
        Set<String> pipelines = new TreeSet<>();
        runs.forEach(
                r -> {
                    guarantees.add(r.guarantee());
                    pipelines.add(r.pipeline());
                });
        out.println(
                "| round | guarantee | pipeline | records | span (s) | records/s | pipeline CPU"
                        + " µs/record | process CPU µs/record |"
                        + (allWork
                                ? " until side work done (s) | records/s incl. side work |"
                                : ""));
        out.println("|---:|---|---|---:|---:|---:|---:|---:|" + (allWork ? "---:|---:|" : ""));
        for (RunResult r : runs) {
            out.printf(
                    Locale.ROOT,
                    "| %d | %s | %s | %,d | %.2f | %,.0f | %.2f | %.2f |%s%n",
                    r.round(),
                    r.guarantee().label(),
                    r.pipeline(),
                    r.records(),
                    r.spanMs() / 1000.0,
                    r.recordsPerSecond(),
                    r.pipelineCpuMicros(),
                    r.processCpuMicros(),
                    allWork
                            ? String.format(
                                    Locale.ROOT,
                                    " %.2f | %,.0f |",
                                    r.allWorkMs() / 1000.0,
                                    r.allWorkPerSecond())
                            : "");
        }
        writeMedians(runs, guarantees, pipelines, comparisons, false, out);
        if (allWork) {
            writeMedians(runs, guarantees, pipelines, comparisons, true, out);
        }
        writeCpu(runs, guarantees, pipelines, out);
        out.flush();
    }

    /** Median CPU per record: machine load inflates wall time far more than CPU time. */
    private static void writeCpu(
            List<RunResult> runs,
            Set<Guarantee> guarantees,
            Set<String> pipelines,
            PrintWriter out) {
        out.println();
        out.println(
                "Median CPU µs per record, pipeline threads / whole process (broker included):");
        out.println();
        StringBuilder header = new StringBuilder("| guarantee |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String p : pipelines) {
            header.append(' ').append(p).append(" |");
            rule.append("---:|");
        }
        out.println(header);
        out.println(rule);
        for (Guarantee g : guarantees) {
            StringBuilder row = new StringBuilder("| ").append(g.label()).append(" |");
            for (String p : pipelines) {
                List<Double> threads = new ArrayList<>();
                List<Double> process = new ArrayList<>();
                for (RunResult r : runs) {
                    if (r.guarantee() == g && r.pipeline().equals(p)) {
                        threads.add(r.pipelineCpuMicros());
                        process.add(r.processCpuMicros());
                    }
                }
                row.append(
                        threads.isEmpty()
                                ? " – |"
                                : String.format(
                                        Locale.ROOT,
                                        " %.2f / %.2f |",
                                        median(threads),
                                        median(process)));
            }
            out.println(row);
        }
    }

    private static void writeMedians(
            List<RunResult> runs,
            Set<Guarantee> guarantees,
            Set<String> pipelines,
            List<Comparison> comparisons,
            boolean allWork,
            PrintWriter out) {
        out.println();
        out.println(
                allWork
                        ? "Median records/s, counting until the side work was done:"
                        : "Median records/s:");
        out.println();
        StringBuilder header = new StringBuilder("| guarantee |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String p : pipelines) {
            header.append(' ').append(p).append(" |");
            rule.append("---:|");
        }
        for (Comparison c : comparisons) {
            header.append(' ')
                    .append(c.name())
                    .append(" (target ≥ ")
                    .append(String.format(Locale.ROOT, "%.2f", c.target()))
                    .append(") |");
            rule.append("---|");
        }
        out.println(header);
        out.println(rule);
        for (Guarantee g : guarantees) {
            StringBuilder row = new StringBuilder("| ").append(g.label()).append(" |");
            for (String p : pipelines) {
                OptionalDouble rate = medianRate(runs, g, p, allWork);
                row.append(
                        rate.isPresent()
                                ? String.format(Locale.ROOT, " %,.0f |", rate.getAsDouble())
                                : " – |");
            }
            for (Comparison c : comparisons) {
                row.append(' ').append(ratioCell(runs, g, c, allWork)).append(" |");
            }
            out.println(row);
        }
    }

    /** {@code 0.93 (rounds 0.90–0.95) met}: the ratio of the medians, its spread, the verdict. */
    static String ratioCell(List<RunResult> runs, Guarantee g, Comparison c, boolean allWork) {
        OptionalDouble top = medianRate(runs, g, c.numerator(), allWork);
        OptionalDouble bottom = medianRate(runs, g, c.denominator(), allWork);
        if (top.isEmpty() || bottom.isEmpty()) {
            return "–";
        }
        double ratio = top.getAsDouble() / bottom.getAsDouble();
        List<Double> rounds = roundRatios(runs, g, c, allWork);
        String spread =
                rounds.size() < 2
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " (rounds %.2f–%.2f)",
                                rounds.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                                rounds.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        return String.format(
                Locale.ROOT,
                "%.2f%s %s",
                ratio,
                spread,
                ratio >= c.target() ? "met" : "**missed**");
    }
}
