package io.streamscorer.runtime;

import io.streamscorer.config.ScorerConfig;
import io.streamscorer.local.TopicsVisible;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the scorer's topics with the settings it relies on: the control topic compacted with one
 * partition (one total order of model versions), the data topics with the requested partitions, the
 * dead-letter topic kept for 30 days. Existing topics are left alone.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    private TopicSetup() {}

    /** The topics a scorer with {@code config} needs. */
    static List<NewTopic> topics(ScorerConfig config, int partitions, short replication) {
        List<NewTopic> topics = new ArrayList<>();
        for (String key :
                List.of(
                        ScorerConfig.TOPIC_FEATURES_CONFIG,
                        ScorerConfig.TOPIC_SCORES_CONFIG,
                        ScorerConfig.TOPIC_SHADOW_SCORES_CONFIG,
                        ScorerConfig.TOPIC_FEEDBACK_CONFIG)) {
            topics.add(new NewTopic(config.getString(key), partitions, replication));
        }
        topics.add(
                new NewTopic(config.getString(ScorerConfig.TOPIC_MODELS_CONFIG), 1, replication)
                        .configs(
                                Map.of(
                                        TopicConfig.CLEANUP_POLICY_CONFIG,
                                        TopicConfig.CLEANUP_POLICY_COMPACT,
                                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                        String.valueOf(16 * 1024 * 1024))));
        topics.add(
                new NewTopic(
                                config.getString(ScorerConfig.TOPIC_COMPARISONS_CONFIG),
                                1,
                                replication)
                        .configs(
                                Map.of(
                                        TopicConfig.CLEANUP_POLICY_CONFIG,
                                        TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(
                new NewTopic(
                                config.getString(ScorerConfig.TOPIC_MODEL_HISTORY_CONFIG),
                                1,
                                replication)
                        .configs(
                                Map.of(
                                        TopicConfig.CLEANUP_POLICY_CONFIG,
                                        TopicConfig.CLEANUP_POLICY_DELETE,
                                        TopicConfig.RETENTION_MS_CONFIG,
                                        "-1",
                                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                        String.valueOf(16 * 1024 * 1024))));
        topics.add(
                new NewTopic(
                                config.getString(ScorerConfig.TOPIC_DLQ_CONFIG),
                                partitions,
                                replication)
                        .configs(
                                Map.of(
                                        TopicConfig.RETENTION_MS_CONFIG,
                                        String.valueOf(30L * 24 * 3600 * 1000))));
        return topics;
    }

    /**
     * Creates the missing ones and waits until clients can see them, so a scorer started next finds
     * every topic; returns the names created.
     */
    public static List<String> create(
            Admin admin, ScorerConfig config, int partitions, short replication)
            throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing =
                    topics(config, partitions, replication).stream()
                            .filter(t -> !existing.contains(t.name()))
                            .toList();
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get();
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    // Created meanwhile (by another instance, or just before and not yet listed
                    // by the broker that answered): it exists, which is all this asks.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            TopicsVisible.await(
                    admin, missing.stream().map(NewTopic::name).toList(), VISIBLE_WITHIN);
            LOG.info("Created topics {}", created);
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Creating topics failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
