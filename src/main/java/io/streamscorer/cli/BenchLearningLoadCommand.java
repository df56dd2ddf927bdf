package io.streamscorer.cli;

import io.streamscorer.bench.BenchEnvironment;
import io.streamscorer.bench.BenchEvents;
import io.streamscorer.bench.BenchHeader;
import io.streamscorer.bench.Pipeline;
import io.streamscorer.bench.ScorerPipeline;
import io.streamscorer.bench.ThroughputBenchmark;
import io.streamscorer.bench.ThroughputReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorer bench learning-load}: what online learning costs the scorer's throughput, with a
 * share of the events followed by labelled feedback.
 */
@Command(
        name = "learning-load",
        mixinStandardHelpOptions = true,
        description = {
            "Scoring throughput with online learning on and a share of the events (10%% by"
                    + " default) followed by feedback that carries the label and features, versus"
                    + " learning off and no feedback, side by side in one run over the same"
                    + " pre-loaded events on an in-process KRaft broker. A learning run is over"
                    + " when every event is scored and every label applied; both the scoring"
                    + " rate and the rate counting until the last label was applied are printed,"
                    + " with the ratio on/off against the target (>= 0.90).",
            "Learner: the scorer's defaults (NEWTON, the publish gate judging a candidate every 200"
                    + " labels), feedback deduplicated and re-keyed by model name as in production."
        },
        footer = {
            "",
            "Example (about 3 minutes): java -Xmx1g -jar target/stream-scorer.jar bench"
                    + " learning-load",
            "The whole benchmark (broker, registry, loaders, scorers) runs in this JVM; results"
                    + " and the load average are printed as Markdown. See docs/benchmarks.md."
        })
final class BenchLearningLoadCommand implements Callable<Integer> {
    static final double TARGET = 0.90;

    @Spec CommandSpec spec;

    @Mixin BenchRunOptions options;

    @Option(
            names = "--events",
            defaultValue = "500000",
            description = "Feature events pre-loaded (default ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--feedback-share",
            defaultValue = "0.1",
            description = "Share of events followed by feedback (default ${DEFAULT-VALUE}).")
    double feedbackShare;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Measured rounds; medians are reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--warmup-rounds",
            defaultValue = "2",
            description =
                    "Rounds run first and not reported (default ${DEFAULT-VALUE}: the learning"
                            + " path's code is still being compiled by the JIT through the"
                            + " first round).")
    int warmupRounds;

    @Override
    public Integer call() throws InterruptedException {
        if (!(feedbackShare > 0 && feedbackShare <= 1)) {
            throw new IllegalArgumentException(
                    "--feedback-share must be in (0, 1], got " + feedbackShare);
        }
        PrintWriter out = spec.commandLine().getOut();
        double loadBefore = BenchEnvironment.loadAverage();
        try (BenchEnvironment env = BenchEnvironment.start(options.partitions)) {
            out.printf(Locale.ROOT, "Loading %,d events and their feedback...%n", events);
            out.flush();
            BenchEvents.Loaded loaded = env.load(events, feedbackShare);
            Pipeline off = new ScorerPipeline(env, "scorer, learning off", false, 0);
            Pipeline on =
                    new ScorerPipeline(
                            env,
                            String.format(
                                    Locale.ROOT,
                                    "scorer, learning on, %.0f%% feedback",
                                    feedbackShare * 100),
                            true,
                            loaded.feedback());
            ThroughputBenchmark.Plan plan =
                    options.throughputPlan(env, events, rounds, warmupRounds);
            Map<String, String> facts = BenchHeader.environment(loadBefore);
            facts.put(
                    "input",
                    String.format(
                            Locale.ROOT,
                            "%,d FeatureEvents (%d features) and %,d FeedbackEvents carrying"
                                    + " features, %d partitions each",
                            events,
                            BenchEvents.FEATURES,
                            loaded.feedback(),
                            options.partitions));
            facts.put("learner", "the scorer's defaults (NEWTON, publish gate on)");
            facts.put("rounds", BenchHeader.rounds(rounds, warmupRounds));
            BenchHeader.write(
                    out, facts, options.guarantees.stream().map(plan.settings()).toList());
            List<ThroughputReport.RunResult> results =
                    new ThroughputBenchmark(env.probe(), env.workDir(), out)
                            .run(plan, List.of(off, on));
            out.println();
            ThroughputReport.write(
                    results,
                    List.of(
                            new ThroughputReport.Comparison(
                                    "on/off", on.label(), off.label(), TARGET)),
                    true,
                    out);
            BenchHeader.writeLoadAverage(out, loadBefore);
        }
        return 0;
    }
}
