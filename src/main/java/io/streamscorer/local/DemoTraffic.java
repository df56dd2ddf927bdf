package io.streamscorer.local;

import io.streamscorer.avro.FeatureEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes synthetic card-payment events to the features topic at a steady rate, on its own
 * thread, for the embedded demo. A small share of events carry a NaN feature, so the demo also
 * shows refused events reaching the dead-letter topic.
 */
public final class DemoTraffic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    private final Producer<String, FeatureEvent> producer;
    private final String topic;
    private final int ratePerSecond;
    private final double badShare;
    private final SyntheticFraudStream stream;
    private final SplittableRandom random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sentBad = new AtomicLong();
    private final Thread thread;

    /**
     * Starts publishing.
     *
     * @param ratePerSecond events per second
     * @param badShare share of events given a NaN feature, in [0, 1)
     */
    public DemoTraffic(
            Producer<String, FeatureEvent> producer,
            String topic,
            int ratePerSecond,
            double badShare,
            long seed) {
        this.producer = producer;
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
        this.badShare = badShare;
        this.stream = new SyntheticFraudStream(seed, 0.01);
        this.random = new SplittableRandom(seed + 7);
        this.thread = new Thread(this::run, "demo-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, ratePerSecond);
        long next = System.nanoTime();
        while (running.get()) {
            long n = sent.get();
            SyntheticFraudStream.Sample sample = stream.next();
            Map<String, Double> features = new HashMap<>(sample.features());
            if (random.nextDouble() < badShare) {
                features.put("amount_log", Double.NaN);
                sentBad.incrementAndGet();
            }
            String entity = "card-" + random.nextInt(50_000);
            FeatureEvent event =
                    FeatureEvent.newBuilder()
                            .setEventId("evt-" + n)
                            .setEntityId(entity)
                            .setEventTime(Instant.now())
                            .setFeatures(features)
                            .build();
            var unused = producer.send(new ProducerRecord<>(topic, entity, event));
            sent.incrementAndGet();
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                // Fell a second behind (GC, slow broker): drop the backlog rather than burst.
                next = System.nanoTime();
            }
        }
        producer.flush();
    }

    /** Events published so far. */
    public long sent() {
        return sent.get();
    }

    /** Events published with a NaN feature so far. */
    public long sentBad() {
        return sentBad.get();
    }

    /** Stops publishing and waits for the thread to end. */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Demo traffic stopped after {} events ({} with a NaN feature)", sent(), sentBad());
    }
}
