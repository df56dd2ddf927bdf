package io.streamscorer.cli;

import io.streamscorer.bench.BenchEnvironment;
import io.streamscorer.bench.BenchEvents;
import io.streamscorer.bench.BenchHeader;
import io.streamscorer.bench.IdentityPipeline;
import io.streamscorer.bench.Pipeline;
import io.streamscorer.bench.PlainPipe;
import io.streamscorer.bench.ScorerPipeline;
import io.streamscorer.bench.ThroughputBenchmark;
import io.streamscorer.bench.ThroughputReport;
import io.streamscorer.config.ScorerConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
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
 * {@code scorer bench pipeline}: the scorer's end-to-end throughput beside a plain consumer and
 * producer and an identity Kafka Streams topology, on the same in-process broker and the same
 * pre-loaded events, under each guarantee.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {
            "End-to-end throughput, side by side in one run: (a) a plain consumer -> producer"
                    + " pipe, (b) an identity Kafka Streams topology and (c) the scorer (learning"
                    + " off), each at-least-once and exactly-once, over the same pre-loaded"
                    + " Confluent-framed FeatureEvents on an in-process KRaft broker. Prints"
                    + " records/s per run, medians, and the ratios c/b and c/a against the targets"
                    + " (>= 0.90, >= 0.55), with the CPU time per record of each pipeline's threads"
                    + " and of the whole process.",
            "Every pipeline gets Kafka Streams' client defaults (printed), the same commit"
                    + " interval and threads; rounds rotate the order of the pipelines."
        },
        footer = {
            "",
            "Example (about 4 minutes): java -Xmx1g -jar target/stream-scorer.jar bench pipeline",
            "The whole benchmark (broker, registry, pipelines) runs in this JVM; results and the"
                    + " load average are printed as Markdown. See docs/benchmarks.md."
        })
final class BenchPipelineCommand implements Callable<Integer> {
    static final double TARGET_VS_STREAMS = 0.90;
    static final double TARGET_VS_PLAIN = 0.55;
    static final double TARGET_DRIFT_ON_VS_OFF = 0.95;
    static final double TARGET_CHALLENGED_VS_NOT = 0.85;

    @Spec CommandSpec spec;

    @Mixin BenchRunOptions options;

    @Option(
            names = "--events",
            defaultValue = "500000",
            description =
                    "Events pre-loaded and processed by every run (default ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Measured rounds; medians are reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--warmup-rounds",
            defaultValue = "1",
            description = "Rounds run first and not reported (default ${DEFAULT-VALUE}).")
    int warmupRounds;

    @Option(
            names = "--drift-off-beside",
            description =
                    "Also run (d), the scorer with scorer.drift.enabled=false, and report c/d"
                            + " (drift on against off, target >= "
                            + TARGET_DRIFT_ON_VS_OFF
                            + ").")
    boolean driftOffBeside;

    @Option(
            names = "--challengers",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Also run (e), the scorer with N shadow challengers of the model (its control"
                            + " topic holds the model and N challengers, as after `scorer model"
                            + " push --challenger-of`), and report e/c (target >= "
                            + TARGET_CHALLENGED_VS_NOT
                            + "; default ${DEFAULT-VALUE}: not run).")
    int challengers;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        double loadBefore = BenchEnvironment.loadAverage();
        try (BenchEnvironment env = BenchEnvironment.start(options.partitions)) {
            out.printf(
                    Locale.ROOT,
                    "Loading %,d events into %d partitions...%n",
                    events,
                    options.partitions);
            out.flush();
            env.load(events, 0);
            Pipeline plain = new PlainPipe();
            Pipeline identity = new IdentityPipeline();
            Pipeline scorer = new ScorerPipeline(env, "(c) scorer", false, 0);
            Pipeline driftOff =
                    new ScorerPipeline(
                            env,
                            "(d) scorer, drift off",
                            false,
                            0,
                            Map.of(ScorerConfig.DRIFT_ENABLED_CONFIG, "false"));
            List<Pipeline> pipelines = new ArrayList<>(List.of(plain, identity, scorer));
            if (driftOffBeside) {
                pipelines.add(driftOff);
            }
            Pipeline challenged =
                    challengers == 0
                            ? null
                            : new ScorerPipeline(
                                    env,
                                    "(e) scorer, " + challengers + " challenger(s)",
                                    false,
                                    0,
                                    env.challengedModels(challengers));
            if (challenged != null) {
                pipelines.add(challenged);
            }
            List<ThroughputReport.Comparison> comparisons =
                    new ArrayList<>(
                            List.of(
                                    new ThroughputReport.Comparison(
                                            "c/b",
                                            scorer.label(),
                                            identity.label(),
                                            TARGET_VS_STREAMS),
                                    new ThroughputReport.Comparison(
                                            "c/a",
                                            scorer.label(),
                                            plain.label(),
                                            TARGET_VS_PLAIN)));
            if (driftOffBeside) {
                comparisons.add(
                        new ThroughputReport.Comparison(
                                "c/d", scorer.label(), driftOff.label(), TARGET_DRIFT_ON_VS_OFF));
            }
            if (challenged != null) {
                comparisons.add(
                        new ThroughputReport.Comparison(
                                "e/c",
                                challenged.label(),
                                scorer.label(),
                                TARGET_CHALLENGED_VS_NOT));
            }
            ThroughputBenchmark.Plan plan =
                    options.throughputPlan(env, events, rounds, warmupRounds);
            Map<String, String> facts = BenchHeader.environment(loadBefore);
            facts.put(
                    "input",
                    String.format(
                            Locale.ROOT,
                            "%,d FeatureEvents (%d features), %d partitions",
                            events,
                            BenchEvents.FEATURES,
                            options.partitions));
            facts.put("rounds", BenchHeader.rounds(rounds, warmupRounds));
            BenchHeader.write(
                    out, facts, options.guarantees.stream().map(plan.settings()).toList());
            List<ThroughputReport.RunResult> results =
                    new ThroughputBenchmark(env.probe(), env.workDir(), out).run(plan, pipelines);
            out.println();
            ThroughputReport.write(results, comparisons, false, out);
            BenchHeader.writeLoadAverage(out, loadBefore);
        }
        return 0;
    }
}
