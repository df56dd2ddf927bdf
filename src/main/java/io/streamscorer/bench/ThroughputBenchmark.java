package io.streamscorer.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs pipelines one after another over the same pre-loaded input topic and measures each run's
 * throughput: a fresh output topic, consumer group and state directory per run; the run is over
 * when the group has committed the end of every input and any side work is done; its rate is the
 * output records over the broker's append span. Rounds rotate the order of the pipelines so that
 * none always runs first (coldest) or last, and warm-up rounds are run but not reported.
 */
public final class ThroughputBenchmark {
    private final TopicProbe probe;
    private final Path workDir;
    private final PrintWriter progress;

    /**
     * What to run.
     *
     * @param inputTopic the pre-loaded input
     * @param partitions partitions of every output topic
     * @param expectedRecords output records every run must produce, exactly
     * @param guarantees the guarantees to run each pipeline under
     * @param rounds measured rounds
     * @param warmupRounds rounds run first and not reported
     * @param settings the shared Kafka settings of each guarantee
     * @param timeout the longest a run may take
     */
    public record Plan(
            String inputTopic,
            int partitions,
            long expectedRecords,
            List<Guarantee> guarantees,
            int rounds,
            int warmupRounds,
            Function<Guarantee, PipelineSettings> settings,
            Duration timeout) {
        /** Copies the list and checks the counts. */
        public Plan {
            guarantees = List.copyOf(guarantees);
            if (rounds < 1 || warmupRounds < 0) {
                throw new IllegalArgumentException(
                        "need at least one measured round and no negative warm-up rounds");
            }
        }
    }

    /** A benchmark asking {@code probe}, keeping state under {@code workDir}. */
    public ThroughputBenchmark(TopicProbe probe, Path workDir, PrintWriter progress) {
        this.probe = probe;
        this.workDir = workDir;
        this.progress = progress;
    }

    /**
     * The order of {@code count} pipelines in round {@code round}: rotated by one per round.
     *
     * @return pipeline indexes
     */
    static int[] order(int count, int round) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = (i + round) % count;
        }
        return order;
    }

    /** Runs every pipeline under every guarantee, round after round. */
    public List<ThroughputReport.RunResult> run(Plan plan, List<Pipeline> pipelines) {
        List<ThroughputReport.RunResult> results = new ArrayList<>();
        int total = plan.warmupRounds() + plan.rounds();
        for (int round = 0; round < total; round++) {
            boolean warmup = round < plan.warmupRounds();
            int reported = round - plan.warmupRounds() + 1;
            for (Guarantee g : plan.guarantees()) {
                for (int index : order(pipelines.size(), round)) {
                    Pipeline pipeline = pipelines.get(index);
                    String id =
                            String.format(
                                    Locale.ROOT,
                                    "bench-r%d-%s-%d-%d",
                                    round,
                                    g == Guarantee.EXACTLY_ONCE ? "eos" : "alos",
                                    index,
                                    System.currentTimeMillis() % 100_000);
                    ThroughputReport.RunResult r =
                            runOnce(plan, pipeline, g, id, warmup ? 0 : reported);
                    progress.printf(
                            Locale.ROOT,
                            "%s %s, %s: %,d records in %.2f s = %,.0f/s%s%n",
                            warmup ? "warm-up" : "round " + reported,
                            g.label(),
                            pipeline.label(),
                            r.records(),
                            r.spanMs() / 1000.0,
                            r.recordsPerSecond(),
                            r.allWorkMs() > r.spanMs()
                                    ? String.format(
                                            Locale.ROOT,
                                            " (side work done after %.2f s)",
                                            r.allWorkMs() / 1000.0)
                                    : "");
                    progress.flush();
                    if (!warmup) {
                        results.add(r);
                    }
                }
            }
        }
        return results;
    }

    private ThroughputReport.RunResult runOnce(
            Plan plan, Pipeline pipeline, Guarantee g, String id, int round) {
        String output = id + "-out";
        String deadLetters = id + "-dlq";
        probe.createTimedTopic(output, plan.partitions());
        probe.createTopic(deadLetters, plan.partitions());
        Path state = newStateDir(id);
        Pipeline.Run run =
                new Pipeline.Run(
                        plan.inputTopic(),
                        output,
                        deadLetters,
                        id,
                        state,
                        plan.settings().apply(g));
        List<String> inputs = new ArrayList<>(pipeline.sideInputs());
        inputs.add(0, plan.inputTopic());
        long doneAt;
        long pipelineCpu;
        long processCpu = CpuClock.process();
        try (Pipeline.Running running = pipeline.start(run)) {
            doneAt =
                    probe.awaitDone(
                            id, inputs, running::sideWorkDone, running::failure, plan.timeout());
            // Before closing: the threads are gone after, and closing is not processing.
            pipelineCpu = CpuClock.threadsNamedWith(id);
            processCpu = CpuClock.process() - processCpu;
        }
        TopicProbe.AppendSpan span = probe.appendSpan(output);
        long records = probe.countCommitted(output);
        long dead = probe.endOffsetSum(deadLetters);
        if (records != plan.expectedRecords() || dead != 0) {
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "%s under %s wrote %,d records and %,d dead letters; expected %,d"
                                    + " and none",
                            pipeline.label(),
                            g.label(),
                            records,
                            dead,
                            plan.expectedRecords()));
        }
        probe.deleteTopics(List.of(output, deadLetters));
        deleteRecursively(state);
        return new ThroughputReport.RunResult(
                round,
                g,
                pipeline.label(),
                records,
                span.millis(),
                pipeline.sideInputs().isEmpty()
                        ? span.millis()
                        : Math.max(span.lastMs(), doneAt) - span.firstMs(),
                pipelineCpu,
                processCpu);
    }

    private Path newStateDir(String id) {
        try {
            return Files.createTempDirectory(workDir, id + "-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory in " + workDir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
