package io.streamscorer.bench;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ScoreEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Offers events to a pipeline at a fixed rate and measures the time from each event's due send time
 * to its score arriving at a downstream consumer. Every run gets new topics; it warms up for a
 * while after the first score arrives, then measures every event due within the window, then keeps
 * the load on while the last of them drain.
 */
public final class LatencyBenchmark {
    /** The source producer's settings: a latency-minded upstream service. */
    public static final Map<String, Object> SOURCE_PRODUCER =
            Map.of(ProducerConfig.LINGER_MS_CONFIG, "1", ProducerConfig.ACKS_CONFIG, "all");

    private final TopicProbe probe;
    private final Path workDir;
    private final PrintWriter progress;

    /**
     * What to run.
     *
     * @param partitions partitions of the input and scores topics
     * @param ratePerSecond events offered per second
     * @param warmup how long after the first score to wait before measuring
     * @param measure how long events are measured
     * @param drain how long the load stays on after the window, for its last scores to arrive
     * @param guarantees the guarantees to run under
     * @param rounds runs per guarantee
     * @param settings the Kafka settings of each guarantee
     * @param targetP99Ms the most p99 may be under each guarantee, in milliseconds
     */
    public record Plan(
            int partitions,
            int ratePerSecond,
            Duration warmup,
            Duration measure,
            Duration drain,
            List<Guarantee> guarantees,
            int rounds,
            Function<Guarantee, PipelineSettings> settings,
            ToDoubleFunction<Guarantee> targetP99Ms) {
        /** Copies the list. */
        public Plan {
            guarantees = List.copyOf(guarantees);
        }
    }

    /** A benchmark asking {@code probe}, keeping state under {@code workDir}. */
    public LatencyBenchmark(TopicProbe probe, Path workDir, PrintWriter progress) {
        this.probe = probe;
        this.workDir = workDir;
        this.progress = progress;
    }

    /** Runs {@code pipeline} under every guarantee, round after round. */
    public List<LatencyReport.Run> run(
            Plan plan,
            Pipeline pipeline,
            String bootstrapServers,
            Serializer<FeatureEvent> features,
            Deserializer<ScoreEvent> scores) {
        List<LatencyReport.Run> runs = new ArrayList<>();
        for (int round = 1; round <= plan.rounds(); round++) {
            for (Guarantee g : plan.guarantees()) {
                String id =
                        String.format(
                                Locale.ROOT,
                                "latency-r%d-%s-%d",
                                round,
                                g == Guarantee.EXACTLY_ONCE ? "eos" : "alos",
                                System.currentTimeMillis() % 100_000);
                LatencyReport.Run r =
                        runOnce(plan, pipeline, g, id, round, bootstrapServers, features, scores);
                progress.printf(
                        Locale.ROOT,
                        "round %d %s: %,d of %,d scored, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f"
                                + " ms, max %.1f ms%n",
                        round,
                        g.label(),
                        r.scored(),
                        r.sent(),
                        r.p50(),
                        r.p99(),
                        r.p999(),
                        r.max());
                progress.flush();
                runs.add(r);
            }
        }
        return runs;
    }

    private LatencyReport.Run runOnce(
            Plan plan,
            Pipeline pipeline,
            Guarantee g,
            String id,
            int round,
            String bootstrapServers,
            Serializer<FeatureEvent> features,
            Deserializer<ScoreEvent> scores) {
        String input = id + "-in";
        String output = id + "-out";
        String deadLetters = id + "-dlq";
        for (String topic : List.of(input, output, deadLetters)) {
            probe.createTopic(topic, plan.partitions());
        }
        Pipeline.Run run =
                new Pipeline.Run(
                        input, output, deadLetters, id, newStateDir(id), plan.settings().apply(g));
        Map<String, Object> source = new HashMap<>(SOURCE_PRODUCER);
        source.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        LatencyReport.Run result;
        try (Pipeline.Running running = pipeline.start(run);
                LatencyProbe latencies = new LatencyProbe(bootstrapServers, output, scores);
                PacedSender sender =
                        new PacedSender(source, features, input, plan.ratePerSecond())) {
            long firstScore = awaitFirstScore(latencies, running, sender);
            long start = firstScore + plan.warmup().toNanos();
            long end = start + plan.measure().toNanos();
            sender.window(start, end);
            latencies.window(start, end);
            sleepUntil(end + plan.drain().toNanos(), running, sender, latencies);
            result =
                    LatencyReport.Run.of(
                            round,
                            g,
                            sender.sentInWindow(),
                            latencies.receivedInWindow(),
                            latencies.histogram(),
                            plan.targetP99Ms().applyAsDouble(g));
        }
        probe.deleteTopics(List.of(input, output, deadLetters));
        return result;
    }

    private static long awaitFirstScore(
            LatencyProbe latencies, Pipeline.Running running, PacedSender sender) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (latencies.firstReceivedNanos() == 0) {
            check(running, sender, latencies);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no score arrived within 2 minutes");
            }
            sleep(Duration.ofMillis(50));
        }
        return latencies.firstReceivedNanos();
    }

    private static void sleepUntil(
            long nanos, Pipeline.Running running, PacedSender sender, LatencyProbe latencies) {
        while (System.nanoTime() - nanos < 0) {
            check(running, sender, latencies);
            sleep(Duration.ofMillis(200));
        }
        check(running, sender, latencies);
    }

    private static void check(
            Pipeline.Running running, PacedSender sender, LatencyProbe latencies) {
        Throwable failed =
                running.failure() != null
                        ? running.failure()
                        : sender.failure() != null ? sender.failure() : latencies.failure();
        if (failed != null) {
            throw new IllegalStateException("the latency run failed: " + failed, failed);
        }
    }

    private Path newStateDir(String id) {
        try {
            return Files.createTempDirectory(workDir, id + "-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory in " + workDir, e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
