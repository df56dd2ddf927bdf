package io.streamscorer.cli;

import io.streamscorer.config.ScorerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every partition of one topic from the beginning, as a downstream consumer would see it
 * ({@code read_committed} unless asked otherwise), handing each record to a sink as it arrives so
 * that a verifier of a million records keeps only what it counts. Not thread-safe: one test thread
 * polls it.
 */
final class CommittedReader<V> implements AutoCloseable {
    private final KafkaConsumer<String, V> consumer;
    private final List<TopicPartition> partitions;
    private final Consumer<ConsumerRecord<String, V>> sink;
    private long read;

    CommittedReader(
            ScorerConfig config,
            String topic,
            Deserializer<V> values,
            Consumer<ConsumerRecord<String, V>> sink) {
        this(config, topic, values, sink, "read_committed");
    }

    CommittedReader(
            ScorerConfig config,
            String topic,
            Deserializer<V> values,
            Consumer<ConsumerRecord<String, V>> sink,
            String isolation) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        this.partitions =
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.sink = sink;
    }

    /** Polls once, hands what arrived to the sink; returns the records read so far in total. */
    long poll() {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
            sink.accept(r);
            read++;
        }
        return read;
    }

    /**
     * Reads until every partition is at its end as this reader's isolation level sees it now (the
     * last stable offset under {@code read_committed}); returns the records read in total.
     *
     * @throws IllegalStateException if the end is not reached within {@code timeout}
     */
    long readToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!atEnd(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Did not reach the end " + end + " within " + timeout);
            }
            poll();
        }
        return read;
    }

    private boolean atEnd(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
