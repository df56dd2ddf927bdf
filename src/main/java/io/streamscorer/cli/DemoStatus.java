package io.streamscorer.cli;

import io.streamscorer.avro.ScoreEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Tails the scores and dead-letter topics for the demo's status line: scores per second, end-to-end
 * latency percentiles (event time to score arriving here), the model version of the latest score
 * and the dead-letter count. Runs on its own thread.
 */
final class DemoStatus implements AutoCloseable {
    private final Map<String, Object> clientProps;
    private final String scoresTopic;
    private final String deadLetterTopic;
    private final Deserializer<ScoreEvent> scores;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicReference<String> lastModel = new AtomicReference<>("-");
    private final Recorder latency = new Recorder(3);
    private final Thread thread;
    private long lastScored;
    private long lastNanos = System.nanoTime();

    DemoStatus(
            Map<String, Object> clientProps,
            String scoresTopic,
            String deadLetterTopic,
            Deserializer<ScoreEvent> scores) {
        this.clientProps = clientProps;
        this.scoresTopic = scoresTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.scores = scores;
        this.thread = new Thread(this::run, "demo-status");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "scorer-demo-status-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(scoresTopic, deadLetterTopic));
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                // Taken after the poll: the scores arrived by now, not before it began.
                long now = System.currentTimeMillis();
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.topic().equals(deadLetterTopic)) {
                        deadLetters.incrementAndGet();
                        continue;
                    }
                    ScoreEvent score = scores.deserialize(r.topic(), r.value());
                    scored.incrementAndGet();
                    latency.recordValue(Math.max(0, now - score.getEventTime().toEpochMilli()));
                    lastModel.set(
                            score.getModelName()
                                    + " "
                                    + score.getModelVersion().getGeneration()
                                    + "."
                                    + score.getModelVersion().getStep());
                }
            }
        }
    }

    /** One status line covering the time since the previous call. */
    String line() {
        long nowNanos = System.nanoTime();
        long total = scored.get();
        double seconds = (nowNanos - lastNanos) / 1e9;
        double rate = seconds > 0 ? (total - lastScored) / seconds : 0;
        lastScored = total;
        lastNanos = nowNanos;
        Histogram h = latency.getIntervalHistogram();
        return String.format(
                "scored %,d (%,.0f/s)  latency p50 %d ms p99 %d ms  model %s  dead letters %,d",
                total,
                rate,
                h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50),
                h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99),
                lastModel.get(),
                deadLetters.get());
    }

    /** Scores seen so far. */
    long scored() {
        return scored.get();
    }

    /** Dead letters seen so far. */
    long deadLetters() {
        return deadLetters.get();
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
