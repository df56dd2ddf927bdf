package io.streamscorer.bench;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.local.SyntheticFraudStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Offers feature events at a fixed rate on its own thread, each stamped (attribute {@link
 * #SENT_NANOS}) with the {@link System#nanoTime()} it was due to be sent. Events are sent on a
 * fixed schedule and stamped with their due time, not the time they were actually handed over, so a
 * sender or producer that falls behind shows up as latency instead of hiding it (no coordinated
 * omission).
 */
public final class PacedSender implements AutoCloseable {
    /** The attribute carrying the due time, in {@code System.nanoTime()} units of this JVM. */
    public static final String SENT_NANOS = "bench.sent.nanos";

    private static final int DISTINCT_EVENTS = 10_000;
    private static final int CARDS = 50_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final Serializer<FeatureEvent> serializer;
    private final String topic;
    private final long intervalNanos;
    private final List<Map<String, Double>> features = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private final AtomicLong sentInWindow = new AtomicLong();

    /**
     * Starts sending {@code ratePerSecond} events per second to {@code topic}.
     *
     * @param producerProps the producer's settings
     */
    public PacedSender(
            Map<String, Object> producerProps,
            Serializer<FeatureEvent> serializer,
            String topic,
            int ratePerSecond) {
        this.producer =
                new KafkaProducer<>(
                        producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        this.serializer = serializer;
        this.topic = topic;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        // Drawn up front so drawing costs nothing while the clock runs.
        SyntheticFraudStream stream =
                new SyntheticFraudStream(3, 0.01, BenchEvents.FEATURES, Long.MAX_VALUE);
        for (int i = 0; i < DISTINCT_EVENTS; i++) {
            features.add(new HashMap<>(stream.next().features()));
        }
        this.thread = new Thread(this::run, "paced-sender");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long due = System.nanoTime();
        long n = 0;
        while (running) {
            long now = System.nanoTime();
            while (due - now <= 0 && running) {
                send(n++, due);
                due += intervalNanos;
            }
            LockSupport.parkNanos(due - System.nanoTime());
        }
        producer.flush();
    }

    private void send(long n, long due) {
        String card = "card-" + (n * 7919 % CARDS);
        FeatureEvent event =
                FeatureEvent.newBuilder()
                        .setEventId("evt-" + n)
                        .setEntityId(card)
                        .setEventTime(Instant.now())
                        .setFeatures(features.get((int) (n % DISTINCT_EVENTS)))
                        .setAttributes(Map.of(SENT_NANOS, Long.toString(due)))
                        .build();
        var unused =
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                card.getBytes(StandardCharsets.UTF_8),
                                serializer.serialize(topic, event)),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
        sent.incrementAndGet();
        if (due - windowStart >= 0 && due - windowEnd < 0) {
            sentInWindow.incrementAndGet();
        }
    }

    /** Counts events due in [{@code startNanos}, {@code endNanos}) from now on. */
    public void window(long startNanos, long endNanos) {
        windowEnd = endNanos;
        windowStart = startNanos;
    }

    /** Events sent so far. */
    public long sent() {
        return sent.get();
    }

    /** Events due within the window. */
    public long sentInWindow() {
        return sentInWindow.get();
    }

    /** The first failed send, or null. */
    public Exception failure() {
        return failure.get();
    }

    /** Stops sending, flushes and closes the producer. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
