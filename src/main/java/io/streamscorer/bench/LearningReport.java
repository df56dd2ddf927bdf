package io.streamscorer.bench;

import io.streamscorer.topology.LearnerPolicy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Runs the learning benchmark and writes its results as Markdown tables: per dataset, the cold
 * start and the deployed model, learner and served figures, beside the offline ceiling; then the
 * synthetic drift figures per seed and their median.
 *
 * <pre>{@code
 * LearningReport.run(
 *         List.of(CsvDataset.read(Path.of("spam.csv"))),
 *         LearnerPolicy.from(config),
 *         LearningReport.DriftSetup.DEFAULT,
 *         new PrintWriter(System.out, true));
 * }</pre>
 */
public final class LearningReport {
    /** The deployed-model target: served log-loss within this ratio of the model left alone. */
    public static final double DEPLOYED_TARGET = 1.01;

    /** The drift target: events after the drift within which the served window recovers. */
    public static final int RECOVERY_TARGET = 10_000;

    private LearningReport() {}

    /**
     * The synthetic drift run: stream length, drift position, sliding window and seeds.
     *
     * @param events events per stream
     * @param driftAt events before the ground truth changes
     * @param window sliding-window length for the log-loss comparisons
     * @param seeds one stream per seed; figures are reported per seed and as medians
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
     * Benchmarks every dataset from a cold start and from a deployed model, then the synthetic
     * stream unless {@code drift} is null, writing tables to {@code out}.
     */
    public static void run(
            List<CsvDataset> datasets, LearnerPolicy policy, DriftSetup drift, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Learner: %s; publish gate %s%n%n",
                policy.settings().optimizer(),
                policy.gateEnabled()
                        ? String.format(
                                Locale.ROOT,
                                "on (%d labels per candidate, confidence %.2f, margin %.3f)",
                                policy.gateLabels(),
                                policy.gateConfidence(),
                                policy.gateMargin())
                        : "off (a version every " + policy.publishEvery() + " labels)");
        if (!datasets.isEmpty()) {
            writeDatasets(datasets, policy, out);
        }
        if (drift != null) {
            writeDrift(drift, policy, out);
        }
        out.flush();
    }

    static void writeDatasets(List<CsvDataset> datasets, LearnerPolicy policy, PrintWriter out) {
        out.println(
                "Last-30% log-loss. Cold: from a zero model. Deployed: from an offline L2 fit on"
                        + " the first 50%, folded into raw units. Learner: each row scored by the"
                        + " working weights before it is learned; served: by the version served"
                        + " when it arrived.");
        out.println();
        out.println(
                "| dataset | rows | ceiling | cold learner | cold served | deployed alone |"
                        + " deployed learner | deployed served | served / alone (≤ "
                        + DEPLOYED_TARGET
                        + ") | versions published / held (cold; deployed) |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        for (CsvDataset data : datasets) {
            double ceiling = LearningBenchmark.ceiling(data);
            LearningBenchmark.Replay cold = LearningBenchmark.cold(data, policy);
            LearningBenchmark.Replay deployed = LearningBenchmark.deployed(data, policy);
            double ratio = deployed.served() / deployed.deployed();
            out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.3f %s | %d / %d;"
                            + " %d / %d |%n",
                    data.name(),
                    data.size(),
                    ceiling,
                    cold.learner(),
                    cold.served(),
                    deployed.deployed(),
                    deployed.learner(),
                    deployed.served(),
                    ratio,
                    ratio <= DEPLOYED_TARGET ? "met" : "**missed**",
                    cold.published(),
                    cold.held(),
                    deployed.published(),
                    deployed.held());
            out.flush();
        }
        out.println();
    }

    static void writeDrift(DriftSetup setup, LearnerPolicy policy, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Synthetic drift: %,d events, %.0f%% positives, %d features, drift after %,d; a"
                        + " model fitted on the first %,d events is deployed at event %,d."
                        + " Recovery: events after the drift until the %,d-event window's"
                        + " log-loss is within %.0f%% of the true model's (target ≤ %,d).%n%n",
                setup.events(),
                LearningBenchmark.SYNTHETIC_POSITIVE_RATE * 100,
                LearningBenchmark.SYNTHETIC_FEATURES,
                setup.driftAt(),
                setup.driftAt() / 2,
                setup.driftAt() / 2,
                setup.window(),
                (LearningBenchmark.FLOOR_RATIO - 1) * 100,
                RECOVERY_TARGET);
        out.println(
                "| seed | true model (last window) | stale deployed | served | served recovery |"
                        + " stale recovery | versions published |");
        out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<LearningBenchmark.Drift> runs = new ArrayList<>();
        for (long seed : setup.seeds()) {
            LearningBenchmark.Drift r =
                    LearningBenchmark.drift(
                            policy, seed, setup.events(), setup.driftAt(), setup.window());
            runs.add(r);
            out.printf(
                    Locale.ROOT,
                    "| %d | %.5f | %.5f | %.5f | %s | %s | %d |%n",
                    seed,
                    r.floor(),
                    r.stale(),
                    r.served(),
                    events(r.servedRecovery()),
                    events(r.staleRecovery()),
                    r.published());
            out.flush();
        }
        double medianRecovery =
                median(runs, r -> r.servedRecovery() < 0 ? Double.MAX_VALUE : r.servedRecovery());
        out.printf(
                Locale.ROOT,
                "| median | %.5f | %.5f | %.5f | %s %s | %s | %.0f |%n%n",
                median(runs, LearningBenchmark.Drift::floor),
                median(runs, LearningBenchmark.Drift::stale),
                median(runs, LearningBenchmark.Drift::served),
                medianRecovery == Double.MAX_VALUE ? "never" : events((int) medianRecovery),
                medianRecovery <= RECOVERY_TARGET ? "met" : "**missed**",
                events(
                        (int)
                                Math.min(
                                        Integer.MAX_VALUE,
                                        median(
                                                runs,
                                                r ->
                                                        r.staleRecovery() < 0
                                                                ? Integer.MAX_VALUE
                                                                : r.staleRecovery()))),
                median(runs, LearningBenchmark.Drift::published));
    }

    private static String events(int n) {
        return n < 0 || n == Integer.MAX_VALUE ? "never" : String.format(Locale.ROOT, "%,d", n);
    }

    static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
