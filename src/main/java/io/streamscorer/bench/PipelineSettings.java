package io.streamscorer.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka settings every compared pipeline runs with, so that a difference in throughput is the
 * pipeline's and not its configuration's. The client settings Kafka Streams applies by default are
 * written out here and given to the plain consumer and producer too; overrides apply to all
 * pipelines alike.
 *
 * @param bootstrapServers the broker
 * @param guarantee at-least-once or exactly-once
 * @param threads processing threads: stream threads, or consume-produce loops of the plain pipe
 * @param commitIntervalMs how often offsets (and, exactly-once, transactions) are committed
 * @param producer every producer setting besides the bootstrap servers and transactional id
 * @param consumer every consumer setting besides the bootstrap servers and group id
 */
public record PipelineSettings(
        String bootstrapServers,
        Guarantee guarantee,
        int threads,
        long commitIntervalMs,
        Map<String, Object> producer,
        Map<String, Object> consumer) {

    /**
     * Kafka Streams' producer defaults, and the client defaults it relies on (idempotence is on by
     * default in both and is left to them: Streams warns when it is set under exactly-once).
     */
    static final Map<String, Object> PRODUCER_DEFAULTS =
            Map.of(
                    ProducerConfig.LINGER_MS_CONFIG, "100",
                    ProducerConfig.BATCH_SIZE_CONFIG, "16384",
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");

    /** What Kafka Streams adds to its producer under exactly-once. */
    static final Map<String, Object> PRODUCER_EXACTLY_ONCE =
            Map.of(
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    String.valueOf(Integer.MAX_VALUE),
                    ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                    "10000");

    /** Kafka Streams' consumer defaults. */
    static final Map<String, Object> CONSUMER_DEFAULTS =
            Map.of(
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                    ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");

    /** Copies the maps. */
    public PipelineSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (commitIntervalMs < 1) {
            throw new IllegalArgumentException(
                    "the commit interval must be at least 1 ms, got " + commitIntervalMs);
        }
        producer = Map.copyOf(producer);
        consumer = Map.copyOf(consumer);
    }

    /**
     * Settings with Kafka Streams' client defaults for {@code guarantee}, then {@code overrides}:
     * each key goes to the producers, the consumers or both, as the clients define it.
     *
     * @throws IllegalArgumentException for a key that is neither a producer nor a consumer setting
     */
    public static PipelineSettings of(
            String bootstrapServers,
            Guarantee guarantee,
            int threads,
            long commitIntervalMs,
            Map<String, String> overrides) {
        Map<String, Object> producer = new HashMap<>(PRODUCER_DEFAULTS);
        if (guarantee == Guarantee.EXACTLY_ONCE) {
            producer.putAll(PRODUCER_EXACTLY_ONCE);
        }
        Map<String, Object> consumer = new HashMap<>(CONSUMER_DEFAULTS);
        consumer.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                guarantee == Guarantee.EXACTLY_ONCE ? "read_committed" : "read_uncommitted");
        List<String> unknown = new ArrayList<>();
        overrides.forEach(
                (key, value) -> {
                    boolean known = false;
                    if (ProducerConfig.configNames().contains(key)) {
                        producer.put(key, value);
                        known = true;
                    }
                    if (ConsumerConfig.configNames().contains(key)) {
                        consumer.put(key, value);
                        known = true;
                    }
                    if (!known) {
                        unknown.add(key);
                    }
                });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "not a producer or consumer setting: " + String.join(", ", unknown));
        }
        return new PipelineSettings(
                bootstrapServers, guarantee, threads, commitIntervalMs, producer, consumer);
    }

    /** A plain producer's settings; {@code transactionalId} is null at-least-once. */
    public Map<String, Object> producerProperties(String transactionalId) {
        Map<String, Object> props = new HashMap<>(producer);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return props;
    }

    /** A plain consumer's settings in group {@code groupId}. */
    public Map<String, Object> consumerProperties(String groupId) {
        Map<String, Object> props = new HashMap<>(consumer);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return props;
    }

    /**
     * Kafka Streams' settings: the guarantee, threads and commit interval, and the same producer
     * and consumer settings as the plain pipe (by their {@code producer.} and {@code consumer.}
     * prefixes, so they win over anything Streams would pick).
     */
    public Properties streamsProperties(String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee.streamsValue());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(threads));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(commitIntervalMs));
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        producer.forEach((key, value) -> props.put(StreamsConfig.producerPrefix(key), value));
        consumer.forEach(
                (key, value) -> {
                    // Streams owns its consumers' isolation level; it matches the guarantee.
                    if (!key.equals(ConsumerConfig.ISOLATION_LEVEL_CONFIG)) {
                        props.put(StreamsConfig.consumerPrefix(key), value);
                    }
                });
        return props;
    }

    /** Every setting, sorted, for the report. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        out.put("processing.guarantee", guarantee.streamsValue());
        out.put("threads (num.stream.threads)", String.valueOf(threads));
        out.put("commit.interval.ms", String.valueOf(commitIntervalMs));
        producer.forEach((k, v) -> out.put("producer " + k, String.valueOf(v)));
        consumer.forEach((k, v) -> out.put("consumer " + k, String.valueOf(v)));
        return out;
    }
}
