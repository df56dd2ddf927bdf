package io.streamscorer.cli;

import io.streamscorer.bench.CsvDataset;
import io.streamscorer.bench.LearningReport;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.topology.LearnerPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scorer bench}: benchmarks of the scorer's own code.
 *
 * <pre>
 * scorer bench learn --data ../shared/data --synthetic
 * scorer bench learn --data spam.csv --set scorer.learning.optimizer=ADAGRAD
 * </pre>
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks of the scorer: learning quality (learn), end-to-end throughput beside a"
                    + " plain pipe and an identity Kafka Streams app (pipeline), latency at a fixed"
                    + " load (latency), and the cost of online learning (learning-load).",
            "The kernels are measured with JMH: mvn -Pjmh -DskipTests package, cp"
                    + " target/benchmarks.jar /tmp/, mvn clean (that build is not the scorer's),"
                    + " then java -jar /tmp/benchmarks.jar ScoringKernelBenchmark -prof gc.",
            "Commands, settings and figures: docs/benchmarks.md."
        },
        subcommands = {
            BenchCommand.Learn.class,
            BenchPipelineCommand.class,
            BenchLatencyCommand.class,
            BenchLearningLoadCommand.class
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Replays labelled data through the scorer's learning and prints Markdown tables. */
    @Command(
            name = "learn",
            mixinStandardHelpOptions = true,
            description = {
                "Replay labelled CSV files (header row, 0/1 label first, numeric features after)"
                        + " in file order, as producers would send them, through the learner and"
                        + " publish gate the scorer builds from its configuration, from a cold"
                        + " start (a zero model) and from a deployed model (an offline L2 fit on"
                        + " the first 50%%, folded into raw units). Reports, over the last 30%%,"
                        + " the learner's progressive log-loss and the log-loss of the versions"
                        + " served as each row arrived, beside an offline L2 fit on the first"
                        + " 70%% (the ceiling).",
                "With --synthetic, also stream synthetic payments (1%% positives, 30 features,"
                        + " concept drift half way) from a model deployed before the drift, and"
                        + " report how soon the served versions recover."
            })
    static final class Learn implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--data",
                paramLabel = "FILE|DIR",
                description =
                        "A CSV file, or a directory whose *.csv files are all used; repeatable.")
        List<Path> data = new ArrayList<>();

        @Option(names = "--synthetic", description = "Also run the synthetic drift benchmark.")
        boolean synthetic;

        @Option(
                names = "--set",
                paramLabel = "KEY=VALUE",
                description =
                        "A scorer.learning.* configuration key to change from its default, as"
                                + " the scorer would run with it; repeatable (for example"
                                + " --set scorer.learning.optimizer=ADAGRAD).")
        Map<String, String> overrides = new LinkedHashMap<>();

        @Option(
                names = "--events",
                defaultValue = "200000",
                description =
                        "Synthetic events per stream; the drift is half way (default ${DEFAULT-VALUE}).")
        int events;

        @Option(
                names = "--window",
                defaultValue = "5000",
                description =
                        "Sliding window for drift recovery, in events (default ${DEFAULT-VALUE}).")
        int window;

        @Option(
                names = "--seeds",
                defaultValue = "5",
                description =
                        "Synthetic streams (seeds 1..N); medians are reported (default ${DEFAULT-VALUE}).")
        int seeds;

        @Override
        public Integer call() throws IOException {
            List<CsvDataset> datasets = new ArrayList<>();
            for (Path path : data) {
                for (Path file : csvFiles(path)) {
                    datasets.add(CsvDataset.read(file));
                }
            }
            if (datasets.isEmpty() && !synthetic) {
                throw new IllegalArgumentException(
                        "Nothing to benchmark: give --data FILE.csv (or a directory of them) or"
                                + " --synthetic");
            }
            if (seeds < 1) {
                throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
            }
            LearningReport.DriftSetup drift =
                    synthetic
                            ? new LearningReport.DriftSetup(
                                    events,
                                    events / 2,
                                    window,
                                    LongStream.rangeClosed(1, seeds).boxed().toList())
                            : null;
            LearningReport.run(datasets, policy(), drift, spec.commandLine().getOut());
            return 0;
        }

        /**
         * The learner policy of a scorer configured with the defaults and {@code --set}: the
         * connection keys are placeholders, since nothing here connects to anything.
         */
        private LearnerPolicy policy() {
            Map<String, Object> props = new HashMap<>();
            props.put(ScorerConfig.APPLICATION_ID_CONFIG, "bench-learn");
            props.put(ScorerConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(ScorerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://bench-learn");
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                if (!e.getKey().startsWith("scorer.learning.")) {
                    throw new IllegalArgumentException(
                            "--set "
                                    + e.getKey()
                                    + ": only scorer.learning.* keys change learning");
                }
                props.put(e.getKey(), e.getValue());
            }
            return LearnerPolicy.from(new ScorerConfig(props));
        }

        private static List<Path> csvFiles(Path path) throws IOException {
            if (!Files.isDirectory(path)) {
                if (!Files.isRegularFile(path)) {
                    throw new IllegalArgumentException("--data " + path + " does not exist");
                }
                return List.of(path);
            }
            try (Stream<Path> files = Files.list(path)) {
                List<Path> csv =
                        files.filter(f -> f.getFileName().toString().endsWith(".csv"))
                                .sorted()
                                .toList();
                if (csv.isEmpty()) {
                    throw new IllegalArgumentException("--data " + path + " has no *.csv files");
                }
                return csv;
            }
        }
    }
}
