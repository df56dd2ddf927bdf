package io.streamscorer.cli;

import io.streamscorer.bench.BenchOptimizer;
import io.streamscorer.bench.CsvDataset;
import io.streamscorer.bench.LearningReport;
import io.streamscorer.bench.Scaling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * scorer bench learn --data spam.csv --optimizers adam,ftrl
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

    /** Replays labelled data through the online learners and prints Markdown tables. */
    @Command(
            name = "learn",
            mixinStandardHelpOptions = true,
            description = {
                "Replay labelled CSV files (header row, 0/1 label first, numeric features after)"
                        + " in file order through the online learners with progressive"
                        + " validation, features standardised online; compare with an offline"
                        + " L2 logistic regression trained on the first 70%% and tested on the"
                        + " last 30%%.",
                "With --synthetic, also stream a synthetic fraud-like stream (1%% positives, 30"
                        + " features, concept drift half way) and report drift recovery."
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
                names = "--optimizers",
                split = ",",
                paramLabel = "NAME",
                defaultValue = "sgd,sgd-invscaling,adagrad,adam,ftrl,newton",
                description = "Comma-separated, from: ${DEFAULT-VALUE}.")
        List<String> optimizers;

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
                names = "--scaling",
                split = ",",
                defaultValue = "ONLINE,TRAIN",
                description =
                        "How CSV features are standardised: online (running statistics, no look"
                                + " ahead) and/or train (the first 70%%'s statistics, as the"
                                + " ceiling uses) (default ${DEFAULT-VALUE}).")
        List<Scaling> scalings;

        @Option(
                names = "--refit-bound",
                description =
                        "Also report the refit bound: the ceiling's regression refitted on every"
                                + " earlier row before each of the last 30%%, the best any"
                                + " single-pass learner with its prior can expect (one fit per"
                                + " test row: seconds on small files, minutes on large ones).")
        boolean refitBound;

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
            List<BenchOptimizer> chosen = new ArrayList<>();
            for (String name : optimizers) {
                chosen.add(BenchOptimizer.parse(name));
            }
            LearningReport.DriftSetup drift =
                    synthetic
                            ? new LearningReport.DriftSetup(
                                    events,
                                    events / 2,
                                    window,
                                    LongStream.rangeClosed(1, seeds).boxed().toList())
                            : null;
            LearningReport.run(
                    datasets, chosen, scalings, refitBound, drift, spec.commandLine().getOut());
            return 0;
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
