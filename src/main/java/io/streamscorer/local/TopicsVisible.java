package io.streamscorer.local;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until topics just created are visible to clients. A controller acknowledges a creation once
 * it is committed to the metadata log; a broker answers metadata requests from its own copy of that
 * log, which can lag, so a describe, produce or Kafka Streams start right after {@code
 * createTopics} may still be told the topic does not exist. Whoever creates a topic for someone
 * else to use waits here first.
 */
public final class TopicsVisible {
    private static final Duration POLL_EVERY = Duration.ofMillis(50);

    private TopicsVisible() {}

    /**
     * Returns once every topic in {@code names} is described with a leader for each partition.
     *
     * @throws IllegalStateException naming the topics still missing after {@code timeout}
     */
    public static void await(Admin admin, Collection<String> names, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> waiting = new TreeSet<>(names);
        while (!waiting.isEmpty()) {
            Map<String, KafkaFuture<TopicDescription>> described =
                    admin.describeTopics(waiting).topicNameValues();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
                if (isReady(topic.getValue())) {
                    waiting.remove(topic.getKey());
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Topics created but not visible to clients after "
                                + timeout.toSeconds()
                                + " s: "
                                + String.join(", ", waiting));
            }
            Thread.sleep(POLL_EVERY.toMillis());
        }
    }

    private static boolean isReady(KafkaFuture<TopicDescription> description)
            throws InterruptedException {
        try {
            for (TopicPartitionInfo partition : description.get().partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException e) {
            // Unknown topic or partition is retriable: exactly the lag this class waits out.
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw new IllegalStateException(
                    "Cannot describe a created topic: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
