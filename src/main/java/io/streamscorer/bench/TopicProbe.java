package io.streamscorer.bench;

import io.streamscorer.local.TopicsVisible;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the benchmarks ask the broker: topics to create and delete, how far a consumer group has
 * committed, how many committed records a topic holds and when its first and last records were
 * appended. Output topics use broker append time ({@code LogAppendTime}), so a run is timed by the
 * broker from its first output record to its last, without a timing consumer competing for the CPU
 * and without the start-up and group join before the first record.
 */
public final class TopicProbe {
    private static final Duration POLL_EVERY = Duration.ofMillis(20);

    private final Admin admin;
    private final String bootstrapServers;

    /** A probe using {@code admin}, and consumers of {@code bootstrapServers} to count. */
    public TopicProbe(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    /** When a topic's first and last committed records were appended, in epoch milliseconds. */
    public record AppendSpan(long firstMs, long lastMs) {
        /** Milliseconds from the first record to the last. */
        public long millis() {
            return lastMs - firstMs;
        }
    }

    /** Creates {@code topic}, stamped with the broker's append time. */
    public void createTimedTopic(String topic, int partitions) {
        createTopic(topic, partitions, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    }

    /** Creates {@code topic} with producer timestamps. */
    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, TopicConfig.CLEANUP_POLICY_CONFIG, "delete");
    }

    private void createTopic(String topic, int partitions, String key, String value) {
        get(
                admin.createTopics(
                                List.of(
                                        new NewTopic(topic, partitions, (short) 1)
                                                .configs(Map.of(key, value))))
                        .all());
        try {
            TopicsVisible.await(admin, List.of(topic), Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating " + topic, e);
        }
    }

    /** Deletes {@code topics}; their data is not needed again. */
    public void deleteTopics(List<String> topics) {
        get(admin.deleteTopics(topics).all());
    }

    /** The end offset of every partition of {@code topic}. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        int partitions =
                get(admin.describeTopics(List.of(topic)).allTopicNames())
                        .get(topic)
                        .partitions()
                        .size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        get(admin.listOffsets(request).all()).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Records in {@code topic} by its end offsets: exact for topics written without transactions.
     */
    public long endOffsetSum(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until group {@code groupId} has committed the end offset of every partition of {@code
     * topics}, and then until {@code sideWorkDone} holds.
     *
     * @return the wall-clock time at which {@code sideWorkDone} was first seen to hold, in epoch
     *     milliseconds (to within the 20 ms polling interval)
     * @throws IllegalStateException if {@code failure} reports one or {@code timeout} passes
     */
    public long awaitDone(
            String groupId,
            List<String> topics,
            BooleanSupplier sideWorkDone,
            Supplier<Throwable> failure,
            Duration timeout) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        topics.forEach(t -> ends.putAll(endOffsets(t)));
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean committed = false;
        long sideDoneAt = 0;
        for (long poll = 0; ; poll++) {
            Throwable failed = failure.get();
            if (failed != null) {
                throw new IllegalStateException("the pipeline failed: " + failed, failed);
            }
            if (sideDoneAt == 0 && sideWorkDone.getAsBoolean()) {
                sideDoneAt = System.currentTimeMillis();
            }
            // The group's offsets are asked for less often: it is a request to the broker.
            if (!committed && poll % 5 == 0) {
                committed = committedUpTo(groupId, ends);
            }
            if (committed && sideDoneAt != 0) {
                return sideDoneAt;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "group " + groupId + " did not finish within " + timeout);
            }
            sleep(POLL_EVERY);
        }
    }

    private boolean committedUpTo(String groupId, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            if (end.getValue() > 0 && (at == null || at.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** When the first and the last committed record of a timed topic were appended. */
    public AppendSpan appendSpan(String topic) {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Map<TopicPartition, OffsetSpec> first = new HashMap<>();
        Map<TopicPartition, OffsetSpec> last = new HashMap<>();
        ends.forEach(
                (tp, end) -> {
                    if (end > 0) {
                        first.put(tp, OffsetSpec.forTimestamp(0));
                        last.put(tp, OffsetSpec.maxTimestamp());
                    }
                });
        if (first.isEmpty()) {
            throw new IllegalStateException(topic + " is empty");
        }
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        long firstMs = Long.MAX_VALUE;
        for (ListOffsetsResultInfo info : get(admin.listOffsets(first, committed).all()).values()) {
            firstMs = Math.min(firstMs, info.timestamp());
        }
        long lastMs = Long.MIN_VALUE;
        for (ListOffsetsResultInfo info : get(admin.listOffsets(last, committed).all()).values()) {
            lastMs = Math.max(lastMs, info.timestamp());
        }
        return new AppendSpan(firstMs, lastMs);
    }

    /** Counts the committed records of {@code topic} by reading it. */
    public long countCommitted(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.copyOf(endOffsets(topic).keySet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Counting " + topic + " took too long");
                }
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
