package io.streamscorer.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Runs the learning benchmark and writes its results as Markdown tables: per dataset, every
 * optimizer's progressive figures beside the offline ceiling; then the synthetic drift figures,
 * medians over several seeds.
 *
 * <pre>{@code
 * LearningReport.run(
 *         List.of(CsvDataset.read(Path.of("spam.csv"))),
 *         List.of(BenchOptimizer.values()),
 *         LearningReport.DriftSetup.DEFAULT,
 *         new PrintWriter(System.out, true));
 * }</pre>
 */
public final class LearningReport {
    /** The target: the best optimizer's last-30% log-loss within this ratio of the ceiling's. */
    public static final double CEILING_TARGET = 1.05;

    /** The target: events after the drift within which the pre-drift log-loss is recovered. */
    public static final int RECOVERY_TARGET = 20_000;

    private LearningReport() {}

    /**
     * The synthetic drift run: stream length, drift position, sliding window and seeds.
     *
     * @param events events per stream
     * @param driftAt events before the ground truth changes
     * @param window sliding-window length for the log-loss comparisons
     * @param seeds one stream per seed; figures are reported as medians over them
     */
    public record DriftSetup(int events, int driftAt, int window, List<Long> seeds) {
        /** 200,000 events, drift at 100,000, 5,000-event window, seeds 1 to 5. */
        public static final DriftSetup DEFAULT =
                new DriftSetup(200_000, 100_000, 5_000, List.of(1L, 2L, 3L, 4L, 5L));

        /** Copies the seeds. */
        public DriftSetup {
            seeds = List.copyOf(seeds);
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("Need at least one seed");
            }
        }
    }

    /**
     * Benchmarks every optimizer on every dataset, then on the synthetic stream unless {@code
     * drift} is null, writing tables to {@code out}.
     */
    public static void run(
            List<CsvDataset> datasets,
            List<BenchOptimizer> optimizers,
            List<Scaling> scalings,
            DriftSetup drift,
            PrintWriter out) {
        for (CsvDataset data : datasets) {
            for (Scaling scaling : scalings) {
                writeDataset(data, optimizers, scaling, out);
            }
        }
        if (drift != null) {
            writeDrift(drift, optimizers, out);
        }
        out.flush();
    }

    /** Benchmarks one dataset and writes its table. */
    static void writeDataset(
            CsvDataset data, List<BenchOptimizer> optimizers, Scaling scaling, PrintWriter out) {
        LearningBenchmark.CeilingResult ceiling = LearningBenchmark.ceiling(data);
        out.printf(
                Locale.ROOT,
                "%n### %s, %s scaling: %d rows, %d features, %d positive (%.1f%%)%n%n",
                data.name(),
                scaling.name().toLowerCase(Locale.ROOT),
                data.size(),
                data.dimension(),
                data.positives(),
                100.0 * data.positives() / data.size());
        out.println(
                "| optimizer | log-loss all | log-loss last 30% | last 30% / ceiling | AUC all"
                        + " | AUC last 30% | accuracy all | accuracy last 30% | refused | clipped |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        LearningBenchmark.ReplayResult best = null;
        for (BenchOptimizer o : optimizers) {
            LearningBenchmark.ReplayResult r =
                    LearningBenchmark.replay(data, o.label(), o.settings(), scaling);
            out.printf(
                    Locale.ROOT,
                    "| %s | %.4f | %.4f | %.3f | %.4f | %.4f | %.4f | %.4f | %d | %d |%n",
                    o.label(),
                    r.logLoss(),
                    r.logLossLast30(),
                    r.logLossLast30() / ceiling.logLoss(),
                    r.auc(),
                    r.aucLast30(),
                    r.accuracy(),
                    r.accuracyLast30(),
                    r.refused(),
                    r.weightChangesClipped());
            if (best == null || r.logLossLast30() < best.logLossLast30()) {
                best = r;
            }
        }
        out.printf(
                Locale.ROOT,
                "| ceiling: batch L2 (λ2=%s) on first %d, tested on last %d%s | | %.4f | 1.000 |"
                        + " | %.4f | | %.4f | | |%n",
                LearningBenchmark.CEILING_L2,
                ceiling.trainRows(),
                ceiling.testRows(),
                ceiling.converged() ? "" : " (not converged)",
                ceiling.logLoss(),
                ceiling.auc(),
                ceiling.accuracy());
        if (best != null) {
            double ratio = best.logLossLast30() / ceiling.logLoss();
            out.printf(
                    Locale.ROOT,
                    "%nBest: %s, last-30%% log-loss %.4f = %.3f × ceiling (target ≤ %.2f): %s%n",
                    best.optimizer(),
                    best.logLossLast30(),
                    ratio,
                    CEILING_TARGET,
                    ratio <= CEILING_TARGET ? "met" : "NOT met");
        }
    }

    /** Runs the synthetic drift benchmark for every optimizer and seed and writes its table. */
    static void writeDrift(DriftSetup setup, List<BenchOptimizer> optimizers, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%n### synthetic fraud stream: %,d events, %.0f%% positives, %d features, drift"
                        + " after %,d; %,d-event windows; medians over seeds %s%n%n",
                setup.events(),
                100 * LearningBenchmark.SYNTHETIC_POSITIVE_RATE,
                LearningBenchmark.SYNTHETIC_FEATURES,
                setup.driftAt(),
                setup.window(),
                setup.seeds());
        out.println(
                "| optimizer | log-loss whole stream | log-loss before drift | Bayes before | worst window after |"
                        + " recovery (events) | per seed | final window | Bayes after |"
                        + " regret recovery (events) |");
        out.println("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        for (BenchOptimizer o : optimizers) {
            List<LearningBenchmark.DriftResult> runs = new ArrayList<>();
            for (long seed : setup.seeds()) {
                runs.add(
                        LearningBenchmark.drift(
                                o.label(),
                                o.settings(),
                                seed,
                                setup.events(),
                                setup.driftAt(),
                                setup.window()));
            }
            StringBuilder perSeed = new StringBuilder();
            for (LearningBenchmark.DriftResult r : runs) {
                perSeed.append(perSeed.length() == 0 ? "" : ", ")
                        .append(events(r.recoveryEvents()));
            }
            out.printf(
                    Locale.ROOT,
                    "| %s | %.4f | %.4f | %.4f | %.4f | %s | %s | %.4f | %.4f | %s |%n",
                    o.label(),
                    median(runs, LearningBenchmark.DriftResult::overallLogLoss),
                    median(runs, LearningBenchmark.DriftResult::preDriftLogLoss),
                    median(runs, LearningBenchmark.DriftResult::bayesPreDrift),
                    median(runs, LearningBenchmark.DriftResult::peakLogLossAfterDrift),
                    events(medianEvents(runs, LearningBenchmark.DriftResult::recoveryEvents)),
                    perSeed,
                    median(runs, LearningBenchmark.DriftResult::finalLogLoss),
                    median(runs, LearningBenchmark.DriftResult::bayesPostDrift),
                    events(
                            medianEvents(
                                    runs, LearningBenchmark.DriftResult::regretRecoveryEvents)));
        }
        out.printf(
                Locale.ROOT,
                "%nRecovery: events after the drift until the mean log-loss of the last %,d"
                        + " post-drift events is at or below the %,d events before it (target ≤"
                        + " %,d; \"never\" if not within the stream). Regret recovery: the same"
                        + " rule on log-loss minus the Bayes log-loss of the generator's true"
                        + " probabilities.%n",
                setup.window(),
                setup.window(),
                RECOVERY_TARGET);
    }

    private static double median(
            List<LearningBenchmark.DriftResult> runs,
            ToDoubleFunction<LearningBenchmark.DriftResult> f) {
        double[] values = runs.stream().mapToDouble(f).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    // "Never" ranks above every finite count, so a median of mostly-unrecovered runs says never.
    private static int medianEvents(
            List<LearningBenchmark.DriftResult> runs,
            java.util.function.ToIntFunction<LearningBenchmark.DriftResult> f) {
        long[] values =
                runs.stream()
                        .mapToLong(r -> f.applyAsInt(r) < 0 ? Long.MAX_VALUE : f.applyAsInt(r))
                        .toArray();
        Arrays.sort(values);
        long m = values[(values.length - 1) / 2];
        return m == Long.MAX_VALUE ? -1 : (int) m;
    }

    private static String events(int count) {
        return count < 0 ? "never" : String.format(Locale.ROOT, "%,d", count);
    }
}
