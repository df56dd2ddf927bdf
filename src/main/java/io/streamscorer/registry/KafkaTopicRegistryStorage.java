package io.streamscorer.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps registry events in a compacted, single-partition Kafka topic ({@code _schemas} by default),
 * as Confluent's registry does: opening reads the topic to its end before the registry serves
 * anything, and every write is produced and then read back before it is acknowledged, so a registry
 * restarted on the same cluster finds the same ids and versions. One registry writes to a topic at
 * a time; there is no leader election.
 */
final class KafkaTopicRegistryStorage implements RegistryStorage {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicRegistryStorage.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final String topic;
    private final TopicPartition partition;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private Consumer<RegistryEvent> apply;

    KafkaTopicRegistryStorage(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
    }

    @Override
    public void open(Consumer<RegistryEvent> apply) {
        this.apply = apply;
        ensureTopic();
        consumer =
                new KafkaConsumer<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest",
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "schema-registry-reader-" + topic),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
        readUpTo(end);
        producer =
                new KafkaProducer<>(
                        Map.<String, Object>of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.LINGER_MS_CONFIG,
                                0,
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "schema-registry-writer-" + topic),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
        LOG.info("Schema registry storage read {} up to offset {}", topic, end);
    }

    @Override
    public void append(RegistryEvent event) {
        long offset;
        try {
            offset =
                    producer.send(SchemasTopicFormat.encode(topic, event))
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .offset();
        } catch (ExecutionException | TimeoutException e) {
            throw storeError("Cannot write to the schema topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeError("Interrupted while writing to the schema topic " + topic, e);
        }
        readUpTo(offset + 1);
    }

    private void readUpTo(long target) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(partition, TIMEOUT) < target) {
            if (System.nanoTime() > deadline) {
                throw storeError(
                        "Reading the schema topic "
                                + topic
                                + " did not reach offset "
                                + target
                                + " within "
                                + TIMEOUT.toSeconds()
                                + " s",
                        null);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                decode(record).ifPresent(apply);
            }
        }
    }

    private Optional<RegistryEvent> decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return Optional.empty();
        }
        try {
            return SchemasTopicFormat.decode(record.key(), record.value());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn(
                    "Skipping unreadable record at offset {} of the schema topic {}",
                    record.offset(),
                    topic,
                    e);
            return Optional.empty();
        }
    }

    private void ensureTopic() {
        try (Admin admin =
                Admin.create(
                        Map.<String, Object>of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                (int) TIMEOUT.toMillis()))) {
            Optional<TopicDescription> existing = describe(admin);
            if (existing.isEmpty()) {
                create(admin);
                return;
            }
            int partitions = existing.get().partitions().size();
            if (partitions != 1) {
                throw new IllegalStateException(
                        "The schema topic "
                                + topic
                                + " has "
                                + partitions
                                + " partitions; the registry needs exactly one, so that every"
                                + " reader sees the writes in the order they were made");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                    || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
                throw new IllegalStateException(
                        "The schema topic "
                                + topic
                                + " has cleanup.policy="
                                + policy
                                + "; it must be compact only, or retention would delete schemas"
                                + " that records still refer to");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot prepare the schema topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while preparing the schema topic " + topic, e);
        }
    }

    private Optional<TopicDescription> describe(Admin admin)
            throws ExecutionException, InterruptedException {
        try {
            return Optional.of(
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void create(Admin admin) throws ExecutionException, InterruptedException {
        NewTopic newTopic =
                new NewTopic(topic, Optional.of(1), Optional.empty())
                        .configs(
                                Map.of(
                                        TopicConfig.CLEANUP_POLICY_CONFIG,
                                        TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get();
            LOG.info("Created the compacted schema topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static SchemaRegistryException storeError(String message, Throwable cause) {
        return new SchemaRegistryException(
                message, 500, SchemaRegistryException.STORE_ERROR, null, null, cause);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
        }
        if (consumer != null) {
            consumer.close();
        }
    }
}
