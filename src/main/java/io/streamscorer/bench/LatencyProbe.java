package io.streamscorer.bench;

import io.streamscorer.avro.ScoreEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A downstream consumer of the scores topic, as a service acting on scores would run one ({@code
 * read_committed}, so under exactly-once it sees a score only once its transaction commits). For
 * every score of an event due within the window it records the time from the event's due time
 * ({@link PacedSender#SENT_NANOS}) to the poll that returned the score, in microseconds.
 */
public final class LatencyProbe implements AutoCloseable {
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<ScoreEvent> scores;
    private final String topic;
    private final Histogram histogram = new Histogram(MAX_MICROS, 3);
    private final AtomicLong firstReceivedNanos = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private long receivedInWindow;

    /** Starts consuming {@code topic} from its beginning. */
    public LatencyProbe(String bootstrapServers, String topic, Deserializer<ScoreEvent> scores) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-probe");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.scores = scores;
        this.topic = topic;
        this.thread = new Thread(this::run, "latency-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    ScoreEvent score = scores.deserialize(r.topic(), r.headers(), r.value());
                    long due = Long.parseLong(score.getAttributes().get(PacedSender.SENT_NANOS));
                    firstReceivedNanos.compareAndSet(0, now);
                    if (due - windowStart >= 0 && due - windowEnd < 0) {
                        record(TimeUnit.NANOSECONDS.toMicros(now - due));
                    }
                }
            }
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private synchronized void record(long micros) {
        histogram.recordValue(Math.min(Math.max(0, micros), MAX_MICROS));
        receivedInWindow++;
    }

    /** Records scores of events due in [{@code startNanos}, {@code endNanos}) from now on. */
    public void window(long startNanos, long endNanos) {
        windowEnd = endNanos;
        windowStart = startNanos;
    }

    /** When the first score arrived ({@code System.nanoTime()}), or 0 if none has. */
    public long firstReceivedNanos() {
        return firstReceivedNanos.get();
    }

    /** A copy of the latencies recorded, in microseconds. */
    public synchronized Histogram histogram() {
        return histogram.copy();
    }

    /** Scores of events within the window received so far. */
    public synchronized long receivedInWindow() {
        return receivedInWindow;
    }

    /** The failure that stopped the probe, or null. */
    public Exception failure() {
        return failure.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
