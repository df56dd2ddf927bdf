package io.streamscorer.cli;

import io.streamscorer.bench.BenchEnvironment;
import io.streamscorer.bench.Guarantee;
import io.streamscorer.bench.PipelineSettings;
import io.streamscorer.bench.ThroughputBenchmark;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The options every broker-backed benchmark shares: topics, threads, guarantees and clients. */
final class BenchRunOptions {
    @Option(
            names = "--partitions",
            defaultValue = "4",
            description = "Partitions of the benchmark's topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description =
                    "Processing threads: num.stream.threads (the plain pipe runs as many"
                            + " consume-produce loops) (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--guarantees",
            split = ",",
            defaultValue = "AT_LEAST_ONCE,EXACTLY_ONCE",
            description = "Comma-separated, from: ${COMPLETION-CANDIDATES}.")
    List<Guarantee> guarantees;

    @Option(
            names = "--alos-commit-interval-ms",
            defaultValue = "1000",
            description =
                    "commit.interval.ms at-least-once (default ${DEFAULT-VALUE}, Kafka Streams'"
                            + " default).")
    long alosCommitIntervalMs;

    @Option(
            names = "--eos-commit-interval-ms",
            defaultValue = "100",
            description =
                    "commit.interval.ms exactly-once (default ${DEFAULT-VALUE}, Kafka Streams'"
                            + " default).")
    long eosCommitIntervalMs;

    @Option(
            names = "--client",
            paramLabel = "KEY=VALUE",
            description =
                    "A producer or consumer setting for everything measured alike, over the"
                            + " defaults; repeatable.")
    Map<String, String> client = new LinkedHashMap<>();

    /**
     * The settings of each guarantee for clients of {@code bootstrapServers}, with {@code client}
     * over {@code defaults}.
     */
    Function<Guarantee, PipelineSettings> settings(
            String bootstrapServers, Map<String, String> defaults) {
        Map<String, String> overrides = new LinkedHashMap<>(defaults);
        overrides.putAll(client);
        return g ->
                PipelineSettings.of(bootstrapServers, g, threads, commitIntervalMs(g), overrides);
    }

    /**
     * A throughput plan over {@code env}'s feature topic: {@code events} records a run, for each
     * guarantee, with the settings these options give.
     */
    ThroughputBenchmark.Plan throughputPlan(
            BenchEnvironment env, long events, int rounds, int warmupRounds) {
        return new ThroughputBenchmark.Plan(
                BenchEnvironment.FEATURES_TOPIC,
                partitions,
                events,
                guarantees,
                rounds,
                warmupRounds,
                settings(env.bootstrapServers(), Map.of()),
                Duration.ofMinutes(10));
    }

    /** The commit interval of {@code guarantee}. */
    long commitIntervalMs(Guarantee guarantee) {
        return guarantee == Guarantee.EXACTLY_ONCE ? eosCommitIntervalMs : alosCommitIntervalMs;
    }
}
