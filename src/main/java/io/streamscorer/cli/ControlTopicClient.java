package io.streamscorer.cli;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.spec.ModelSpecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The operator's view of the control topic: reads every model version on it and publishes new ones.
 * Reads with {@code read_committed}, so versions the learner published in an aborted transaction
 * are never shown.
 */
public final class ControlTopicClient implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Map<String, Object> clientProps;
    private final Serde<ModelSpec> serde;
    private KafkaProducer<String, ModelSpec> producer;

    /** One version as it sits on the topic. */
    public record Entry(long offset, String key, ModelSpec spec, String error) {}

    /** A client of the control topic named in {@code config}. */
    public ControlTopicClient(ScorerConfig config, AvroSerdes serdes) {
        this.topic = config.getString(ScorerConfig.TOPIC_MODELS_CONFIG);
        this.clientProps = config.clientProperties();
        this.serde = serdes.valueSerde(ModelSpec.class);
    }

    /** Every record on the control topic still retained, oldest first, decoded where possible. */
    public List<Entry> readAll() {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("Control topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Timed out reading control topic " + topic + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    entries.add(decode(r));
                }
            }
        }
        return entries;
    }

    /** The latest decodable version of each model name on the topic. */
    public Map<String, ModelSpec> latest() {
        Map<String, ModelSpec> latest = new LinkedHashMap<>();
        for (Entry e : readAll()) {
            if (e.spec() == null) {
                continue;
            }
            ModelSpec held = latest.get(e.key());
            if (held == null || version(e.spec()).isNewerThan(version(held))) {
                latest.put(e.key(), e.spec());
            }
        }
        return latest;
    }

    /** The newest version of {@code name} on the topic, if any. */
    public Optional<ModelSpec> latest(String name) {
        return Optional.ofNullable(latest().get(name));
    }

    /** Publishes {@code spec} under its name and waits for the broker's acknowledgement. */
    public RecordMetadata publish(ModelSpec spec) {
        try {
            return producer().send(new ProducerRecord<>(topic, spec.getName(), spec)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing a model", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Publishing model '"
                            + spec.getName()
                            + "' to "
                            + topic
                            + " failed: "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private KafkaProducer<String, ModelSpec> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientProps);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
            producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
        }
        return producer;
    }

    private Entry decode(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return new Entry(r.offset(), r.key(), null, "tombstone");
        }
        try {
            return new Entry(
                    r.offset(), r.key(), serde.deserializer().deserialize(topic, r.value()), null);
        } catch (SerializationException e) {
            return new Entry(r.offset(), r.key(), null, e.getMessage());
        }
    }

    private static boolean reachedEnd(
            KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static ModelVersion version(ModelSpec spec) {
        return ModelSpecs.toVersion(spec.getVersion());
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
