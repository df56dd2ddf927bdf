package io.streamscorer.local;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
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
 * thread, for the embedded demo; a small share carry a NaN feature, so the demo also shows refused
 * events reaching the dead-letter topic. A share of events later get their true label on the
 * feedback topic, carrying only the event id, as a chargeback feed would, so the demo's online
 * learner has something to learn from.
 */
public final class DemoTraffic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    /** Where the events and the labels go. */
    public record Topics(String features, String feedback) {}

    /**
     * How much traffic.
     *
     * @param ratePerSecond events per second
     * @param badShare share of events given a NaN feature, in [0, 1)
     * @param labelShare share of events labelled later, in [0, 1]
     * @param labelDelay how long after its event a label arrives
     * @param seed fixes the whole sequence
     */
    public record Shape(
            int ratePerSecond,
            double badShare,
            double labelShare,
            Duration labelDelay,
            long seed) {}

    private record DueLabel(long dueNanos, String eventId, int label) {}

    private final Producer<String, FeatureEvent> events;
    private final Producer<String, FeedbackEvent> labels;
    private final Topics topics;
    private final Shape shape;
    private final SyntheticFraudStream stream;
    private final SplittableRandom random;
    private final ArrayDeque<DueLabel> pending = new ArrayDeque<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sentBad = new AtomicLong();
    private final AtomicLong labelled = new AtomicLong();
    private final Thread thread;

    /** Starts publishing; {@code labels} may be null when {@code shape} asks for no labels. */
    public DemoTraffic(
            Producer<String, FeatureEvent> events,
            Producer<String, FeedbackEvent> labels,
            Topics topics,
            Shape shape) {
        this.events = events;
        this.labels = labels;
        this.topics = topics;
        this.shape = shape;
        this.stream = new SyntheticFraudStream(shape.seed(), 0.01);
        this.random = new SplittableRandom(shape.seed() + 7);
        this.thread = new Thread(this::run, "demo-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    /** Traffic with events only, no labels (tests of scoring). */
    public static DemoTraffic eventsOnly(
            Producer<String, FeatureEvent> events,
            String featuresTopic,
            int ratePerSecond,
            double badShare,
            long seed) {
        return new DemoTraffic(
                events,
                null,
                new Topics(featuresTopic, null),
                new Shape(ratePerSecond, badShare, 0.0, Duration.ZERO, seed));
    }

    private void run() {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, shape.ratePerSecond());
        long next = System.nanoTime();
        while (running.get()) {
            sendEvent();
            sendDueLabels();
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                // Fell a second behind (GC, slow broker): drop the backlog rather than burst.
                next = System.nanoTime();
            }
        }
        events.flush();
        if (labels != null) {
            labels.flush();
        }
    }

    private void sendEvent() {
        String eventId = "evt-" + sent.get();
        SyntheticFraudStream.Sample sample = stream.next();
        Map<String, Double> features = new HashMap<>(sample.features());
        boolean bad = random.nextDouble() < shape.badShare();
        if (bad) {
            features.put("amount_log", Double.NaN);
            sentBad.incrementAndGet();
        }
        String entity = "card-" + random.nextInt(50_000);
        FeatureEvent event =
                FeatureEvent.newBuilder()
                        .setEventId(eventId)
                        .setEntityId(entity)
                        .setEventTime(Instant.now())
                        .setFeatures(features)
                        .build();
        var unused = events.send(new ProducerRecord<>(topics.features(), entity, event));
        sent.incrementAndGet();
        if (!bad && random.nextDouble() < shape.labelShare()) {
            pending.add(
                    new DueLabel(
                            System.nanoTime() + shape.labelDelay().toNanos(),
                            eventId,
                            sample.fraud() ? 1 : 0));
        }
    }

    private void sendDueLabels() {
        long now = System.nanoTime();
        while (!pending.isEmpty() && pending.peek().dueNanos() <= now) {
            DueLabel due = pending.poll();
            FeedbackEvent label =
                    FeedbackEvent.newBuilder()
                            .setEventId(due.eventId())
                            .setLabels(Map.of("fraud", due.label()))
                            .setSource("demo-chargebacks")
                            .setLabeledAt(Instant.now())
                            .build();
            var unused = labels.send(new ProducerRecord<>(topics.feedback(), due.eventId(), label));
            labelled.incrementAndGet();
        }
    }

    /** Events published so far. */
    public long sent() {
        return sent.get();
    }

    /** Events published with a NaN feature so far. */
    public long sentBad() {
        return sentBad.get();
    }

    /** Labels published so far. */
    public long labelled() {
        return labelled.get();
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
        LOG.info(
                "Demo traffic stopped after {} events ({} with a NaN feature) and {} labels",
                sent(),
                sentBad(),
                labelled());
    }
}
