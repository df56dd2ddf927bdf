package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.spec.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a stream of feature events through two scorers under exactly_once_v2, each in its own
 * JVM, and kills one of them with SIGKILL again and again while they work (alternating, so
 * partitions move between the survivor and each replacement); then a verifier reading the scores
 * topic with {@code read_committed}, as any downstream consumer would, finds every input event
 * scored exactly once: none lost, none duplicated.
 *
 * <p>The short version in {@code mvn verify} replays 60,000 events with 3 kills; {@code
 * -Dfaults.crash.events=1000000 -Dfaults.crash.kills=20} is the long one, see docs/faults.md.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class ScoringCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringCrashIT.class);
    private static final int EVENTS = Integer.getInteger("faults.crash.events", 60_000);
    private static final int KILLS = Integer.getInteger("faults.crash.kills", 3);
    private static final int RATE = Integer.getInteger("faults.crash.rate", 3_000);

    /** Set to at_least_once to see the verifier catch the duplicates that guarantee allows. */
    private static final String GUARANTEE =
            System.getProperty("faults.crash.guarantee", "exactly_once_v2");

    private static final int TICKS_PER_SECOND = 20;

    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static ModelFile file;

    @BeforeAll
    static void startCluster() {
        file = ModelFile.read(Path.of("config/models/fraud.json"));
    }

    @Test
    void shouldScoreEveryEventExactlyOnceWhileScorersAreKilled() throws Exception {
        ScorerConfig config =
                cluster.config(
                        "score-crash",
                        Map.of(
                                "processing.guarantee", GUARANTEE,
                                "scorer.learning.enabled", "false",
                                "commit.interval.ms", "100",
                                // A killed member holds its partitions until its session times
                                // out; the broker's minimum keeps each kill's stall short.
                                "consumer.session.timeout.ms", "6000",
                                "consumer.heartbeat.interval.ms", "1000"));
        cluster.pushModel(config, file);
        String stateDir = (String) config.originals().get("state.dir");
        // Each slot keeps its state directory across restarts, as a pod keeps its volume.
        List<ScorerConfig> slots =
                List.of(
                        config.with(Map.of("state.dir", stateDir + "-a")),
                        config.with(Map.of("state.dir", stateDir + "-b")));
        Path logs = Files.createTempDirectory(Path.of("target"), "score-crash-");

        byte[] timesScored = new byte[EVENTS];
        long[] outsideTheStream = new long[1];
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger distinct = new AtomicInteger();
        long committed;
        List<Long> scoredAtKill = new ArrayList<>();
        long started = System.nanoTime();
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        ScorerProcess[] running = new ScorerProcess[2];
        try (KafkaProducer<String, FeatureEvent> producer = cluster.featureProducer(config);
                CommittedReader<ScoreEvent> verifier =
                        new CommittedReader<>(
                                config,
                                config.getString(ScorerConfig.TOPIC_SCORES_CONFIG),
                                cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer(),
                                r -> {
                                    String id = r.value().getEventId();
                                    int n = id.startsWith("c-") ? parse(id) : -1;
                                    if (n < 0 || n >= EVENTS) {
                                        outsideTheStream[0]++;
                                    } else if (timesScored[n] < Byte.MAX_VALUE) {
                                        if (timesScored[n]++ == 0) {
                                            distinct.incrementAndGet();
                                        }
                                    }
                                })) {
            try {
                for (int slot = 0; slot < 2; slot++) {
                    running[slot] =
                            ScorerProcess.start(slots.get(slot), logs, "slot" + slot + "-0");
                }
                ScheduledFuture<?> ticking =
                        traffic.scheduleAtFixedRate(
                                () -> produce(producer, config, produced),
                                0,
                                1000 / TICKS_PER_SECOND,
                                TimeUnit.MILLISECONDS);

                Duration perKill = Duration.ofSeconds(60 + EVENTS / (KILLS + 1) / 500);
                for (int kill = 1; kill <= KILLS; kill++) {
                    long due = (long) EVENTS * kill / (KILLS + 1);
                    await().atMost(perKill)
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> verifier.poll() >= due);
                    int slot = kill % 2;
                    assertThat(running[slot].isAlive())
                            .as("scorer %s was alive until killed", running[slot].log())
                            .isTrue();
                    running[slot].kill();
                    scoredAtKill.add(verifier.poll());
                    running[slot] =
                            ScorerProcess.start(slots.get(slot), logs, "slot" + slot + "-" + kill);
                }
                await().atMost(Duration.ofSeconds(60 + EVENTS / Math.max(1, RATE)))
                        .until(() -> produced.get() == EVENTS);
                ticking.cancel(false);
                producer.flush();
                await().atMost(Duration.ofSeconds(120 + EVENTS / 1_000))
                        .pollInterval(Duration.ofMillis(100))
                        .until(
                                () -> {
                                    verifier.poll();
                                    return distinct.get() == EVENTS;
                                });
                for (ScorerProcess p : running) {
                    assertThat(p.isAlive()).as("scorer %s still running", p.log()).isTrue();
                    p.stop();
                    // SIGTERM must close the scorer before the JVM exits, not cut its close short.
                    assertThat(Files.readString(p.log()))
                            .as("log of %s after SIGTERM", p.log())
                            .contains("Shutdown requested")
                            .contains("Scorer stopped");
                }
                committed = verifier.readToEnd(Duration.ofSeconds(60));
            } finally {
                // Before the producer closes: a tick must not send on a closed producer.
                traffic.shutdownNow();
                traffic.awaitTermination(10, TimeUnit.SECONDS);
            }
        } finally {
            for (ScorerProcess p : running) {
                if (p != null) {
                    p.stop();
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        int lost = 0;
        long duplicates = 0;
        for (byte times : timesScored) {
            if (times == 0) {
                lost++;
            } else {
                duplicates += times - 1;
            }
        }
        long written = allScoreRecordsIncludingAborted(config);
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "Crash under %s: %,d events, %d SIGKILLs (at %s committed scores) in %.1f s;"
                                + " committed: %,d lost, %,d duplicated; %,d score records written in"
                                + " transactions that were aborted, which read_committed filters out",
                        GUARANTEE,
                        EVENTS,
                        KILLS,
                        scoredAtKill,
                        seconds,
                        lost,
                        duplicates,
                        written - committed));
        assertThat(produced).hasValue(EVENTS);
        assertThat(scoredAtKill)
                .as("every kill hit the scorers mid-stream")
                .hasSize(KILLS)
                .allSatisfy(scored -> assertThat(scored).isBetween(1L, EVENTS - 1L));
        assertThat(outsideTheStream[0]).isZero();
        assertThat(lost).as("events never scored").isZero();
        assertThat(duplicates).as("events scored more than once").isZero();
    }

    private static int parse(String id) {
        try {
            return Integer.parseInt(id.substring(2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Sends the next tick's share of the stream, and nothing once all of it is sent. */
    private static void produce(
            KafkaProducer<String, FeatureEvent> producer,
            ScorerConfig config,
            AtomicInteger produced) {
        String topic = config.getString(ScorerConfig.TOPIC_FEATURES_CONFIG);
        for (int i = 0; i < RATE / TICKS_PER_SECOND && produced.get() < EVENTS; i++) {
            int n = produced.get();
            FeatureEvent event =
                    ScorerClusterFixture.randomEvent(file, "c-" + n, new SplittableRandom(n), 2_000)
                            .build();
            var unused = producer.send(new ProducerRecord<>(topic, event.getEntityId(), event));
            produced.incrementAndGet();
        }
    }

    /** Every record on the scores topic, committed or not: what a kill left behind. */
    private static long allScoreRecordsIncludingAborted(ScorerConfig config) {
        try (CommittedReader<byte[]> all =
                new CommittedReader<>(
                        config,
                        config.getString(ScorerConfig.TOPIC_SCORES_CONFIG),
                        new ByteArrayDeserializer(),
                        r -> {},
                        "read_uncommitted")) {
            return all.readToEnd(Duration.ofMinutes(2));
        }
    }
}
