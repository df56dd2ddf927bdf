package io.streamscorer.cli;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.bench.BenchEnvironment;
import io.streamscorer.bench.BenchEvents;
import io.streamscorer.bench.BenchHeader;
import io.streamscorer.bench.Guarantee;
import io.streamscorer.bench.LatencyBenchmark;
import io.streamscorer.bench.LatencyReport;
import io.streamscorer.bench.ScorerPipeline;
import java.io.PrintWriter;
import java.time.Duration;
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
 * {@code scorer bench latency}: end-to-end latency of the scorer at a fixed offered load, from an
 * event's due send time to its score arriving at a downstream consumer.
 */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        description = {
            "End-to-end latency at a fixed offered load: events are sent on a fixed schedule to"
                    + " an in-process KRaft broker, scored by the scorer (learning off), and read"
                    + " by a read_committed consumer; the time from each event's due send time to"
                    + " its score's arrival is recorded. Warm-up starts at the first score."
                    + " Prints p50/p90/p99/p99.9/max per run and the medians against the targets"
                    + " (p99 <= 25 ms at-least-once, <= commit.interval.ms + 30 ms exactly-once).",
            "Scorer settings unless overridden: producer linger.ms=5, other client settings as"
                    + " Kafka Streams sets them. The source producer lingers 1 ms. Under"
                    + " exactly-once a score is visible only once its transaction commits, so"
                    + " latency there is bounded below by the commit interval."
        },
        footer = {
            "",
            "Example (about 6 minutes): java -Xmx1g -Xms1g -jar target/stream-scorer.jar bench"
                    + " latency",
            "The whole benchmark (broker, registry, sender, scorer, probe) runs in this JVM, so"
                    + " its GC pauses and any other load on the machine show in the tail. See"
                    + " docs/benchmarks.md."
        })
final class BenchLatencyCommand implements Callable<Integer> {
    static final double TARGET_P99_AT_LEAST_ONCE_MS = 25;
    static final double TARGET_P99_ABOVE_COMMIT_MS = 30;

    /** Low-latency producer batching: Kafka Streams' own default lingers 100 ms. */
    static final Map<String, String> LATENCY_CLIENT_DEFAULTS = Map.of("linger.ms", "5");

    @Spec CommandSpec spec;

    @Mixin BenchRunOptions options;

    @Option(
            names = "--rate",
            defaultValue = "10000",
            description = "Events offered per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "20",
            description = "Warm-up after the first score (default ${DEFAULT-VALUE}).")
    long warmupSeconds;

    @Option(
            names = "--measure-seconds",
            defaultValue = "30",
            description = "Measurement window (default ${DEFAULT-VALUE}).")
    long measureSeconds;

    @Option(
            names = "--drain-seconds",
            defaultValue = "5",
            description =
                    "Load kept on after the window for its last scores (default ${DEFAULT-VALUE}).")
    long drainSeconds;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Runs per guarantee; medians are reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        double loadBefore = BenchEnvironment.loadAverage();
        try (BenchEnvironment env = BenchEnvironment.start(options.partitions)) {
            LatencyBenchmark.Plan plan =
                    new LatencyBenchmark.Plan(
                            options.partitions,
                            rate,
                            Duration.ofSeconds(warmupSeconds),
                            Duration.ofSeconds(measureSeconds),
                            Duration.ofSeconds(drainSeconds),
                            options.guarantees,
                            rounds,
                            options.settings(env.bootstrapServers(), LATENCY_CLIENT_DEFAULTS),
                            g ->
                                    g == Guarantee.EXACTLY_ONCE
                                            ? options.commitIntervalMs(g)
                                                    + TARGET_P99_ABOVE_COMMIT_MS
                                            : TARGET_P99_AT_LEAST_ONCE_MS);
            Map<String, String> facts = BenchHeader.environment(loadBefore);
            facts.put(
                    "load",
                    String.format(
                            Locale.ROOT,
                            "%,d FeatureEvents/s (%d features) offered to %d partitions;"
                                    + " source producer %s",
                            rate,
                            BenchEvents.FEATURES,
                            options.partitions,
                            LatencyBenchmark.SOURCE_PRODUCER));
            facts.put(
                    "timing",
                    String.format(
                            Locale.ROOT,
                            "%d s warm-up after the first score, %d s measured, %d s drain; %d"
                                    + " rounds",
                            warmupSeconds,
                            measureSeconds,
                            drainSeconds,
                            rounds));
            BenchHeader.write(
                    out, facts, options.guarantees.stream().map(plan.settings()).toList());
            List<LatencyReport.Run> runs =
                    new LatencyBenchmark(env.probe(), env.workDir(), out)
                            .run(
                                    plan,
                                    new ScorerPipeline(env, "scorer", false, 0),
                                    env.bootstrapServers(),
                                    env.serdes().valueSerde(FeatureEvent.class).serializer(),
                                    env.serdes().valueSerde(ScoreEvent.class).deserializer());
            out.println();
            LatencyReport.write(runs, out);
            BenchHeader.writeLoadAverage(out, loadBefore);
        }
        return 0;
    }
}
