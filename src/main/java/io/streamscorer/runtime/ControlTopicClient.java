package io.streamscorer.runtime;

import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.InvalidModelException;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSpecs;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The operator's view of the control topic and the model history: reads every version on them and
 * publishes new ones to both in one transaction. Reads with {@code read_committed}, so versions the
 * learner published in an aborted transaction are never shown.
 */
public final class ControlTopicClient implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final String historyTopic;
    private final Map<String, Object> clientProps;
    private final Serde<ModelSpec> serde;
    private final String comparisonsTopic;
    private final Serde<ModelComparison> comparisons;
    private final List<PublicKey> verifyKeys;
    private KafkaProducer<String, ModelSpec> producer;

    /**
     * One record as it sits on a topic: the decoded version, or why it could not be decoded.
     *
     * @param offset offset on its topic
     * @param key the model name it was published under
     * @param spec the version, or null
     * @param error why {@code spec} is null: a tombstone or an undecodable record
     */
    public record Entry(long offset, String key, ModelSpec spec, String error) {}

    /** A client of the control and history topics named in {@code config}. */
    public ControlTopicClient(ScorerConfig config, AvroSerdes serdes) {
        this.topic = config.getString(ScorerConfig.TOPIC_MODELS_CONFIG);
        this.historyTopic = config.getString(ScorerConfig.TOPIC_MODEL_HISTORY_CONFIG);
        this.clientProps = config.clientProperties();
        this.serde = serdes.valueSerde(ModelSpec.class);
        this.comparisonsTopic = config.getString(ScorerConfig.TOPIC_COMPARISONS_CONFIG);
        this.comparisons = serdes.valueSerde(ModelComparison.class);
        this.verifyKeys = config.modelVerifyKeys();
    }

    /** Every record on the control topic still retained, oldest first. */
    public List<Entry> readAll() {
        return read(topic);
    }

    /**
     * Every valid version of {@code name} ever published through this client or the learner (the
     * history topic), plus any on the control topic that the history lacks, by version.
     */
    public List<ModelSpec> history(String name) {
        Map<ModelVersion, ModelSpec> versions = new TreeMap<>();
        // Only valid models: anyone who can write the control topic can write junk versions too.
        for (Entry e : read(historyTopic)) {
            if (e.spec() != null && name.equals(e.key()) && isValid(e.spec())) {
                versions.putIfAbsent(version(e.spec()), e.spec());
            }
        }
        for (Entry e : readAll()) {
            if (e.spec() != null && name.equals(e.key()) && isValid(e.spec())) {
                versions.putIfAbsent(version(e.spec()), e.spec());
            }
        }
        return new ArrayList<>(versions.values());
    }

    /**
     * The version of each model every instance serves now: the control topic folded as the scorer
     * folds it, taking a record only if it is a valid model (signed with a configured key, when
     * signatures are required) newer than every one served under its name before, retired ones
     * included; tombstones retire a model unless signatures are required.
     */
    public Map<String, ModelSpec> served() {
        return fold().served();
    }

    /**
     * The control topic folded as instances fold it, read once.
     *
     * @param served the version of each model served now
     * @param newest the newest version of each model ever accepted, a retired one included (unless
     *     compaction removed it)
     */
    record Fold(Map<String, ModelSpec> served, Map<String, ModelVersion> newest) {}

    /** Folds the control topic as it stands; see {@link #served()}. */
    Fold fold() {
        Map<String, ModelSpec> served = new LinkedHashMap<>();
        Map<String, ModelVersion> newest = new HashMap<>();
        for (Entry e : readAll()) {
            if (e.spec() == null) {
                if ("tombstone".equals(e.error()) && verifyKeys.isEmpty()) {
                    served.remove(e.key());
                }
                continue;
            }
            if (!e.key().equals(e.spec().getName())
                    || !isValid(e.spec())
                    || (!verifyKeys.isEmpty() && !ModelSignatures.verify(e.spec(), verifyKeys))) {
                continue;
            }
            ModelVersion before = newest.get(e.key());
            if (before == null || version(e.spec()).isNewerThan(before)) {
                served.put(e.key(), e.spec());
                newest.put(e.key(), version(e.spec()));
            }
        }
        return new Fold(served, newest);
    }

    /** The version of {@code name} every instance serves now, if any. */
    public Optional<ModelSpec> served(String name) {
        return Optional.ofNullable(served().get(name));
    }

    /**
     * Publishes {@code spec} under its name to the control topic and the history, atomically, and
     * waits for the broker's acknowledgement.
     *
     * @return where it landed on the control topic
     */
    public RecordMetadata publish(ModelSpec spec) {
        return inTransaction(
                "Publishing",
                spec.getName(),
                p -> {
                    Future<RecordMetadata> control =
                            p.send(new ProducerRecord<>(topic, spec.getName(), spec));
                    var unused = p.send(new ProducerRecord<>(historyTopic, spec.getName(), spec));
                    return control;
                });
    }

    /**
     * Publishes a tombstone for {@code name} to the control topic, so instances stop serving it,
     * and waits until readers see it.
     */
    public void retire(String name) {
        inTransaction("Retiring", name, p -> p.send(new ProducerRecord<>(topic, name, null)));
    }

    /**
     * Runs {@code sends} in one transaction and waits until readers see the control record it
     * returns.
     */
    private RecordMetadata inTransaction(
            String action,
            String name,
            Function<KafkaProducer<String, ModelSpec>, Future<RecordMetadata>> sends) {
        KafkaProducer<String, ModelSpec> p = producer();
        try {
            p.beginTransaction();
            Future<RecordMetadata> control = sends.apply(p);
            p.commitTransaction();
            RecordMetadata published = control.get();
            awaitVisible(published);
            return published;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while " + action.toLowerCase(Locale.ROOT) + " a model", e);
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(
                    action + " model '" + name + "' on " + topic + " failed: " + cause.getMessage(),
                    cause);
        }
    }

    /**
     * Waits until {@code read_committed} readers see the record at {@code published}. A commit
     * returns before the broker has written the transaction's markers, so a read right after it
     * (the next push asking which version is served) could miss the version just published and give
     * the next one the same number, which every instance would then refuse as not newer.
     */
    private void awaitVisible(RecordMetadata published) throws InterruptedException {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        TopicPartition partition = new TopicPartition(published.topic(), published.partition());
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            while (consumer.endOffsets(List.of(partition), READ_TIMEOUT).get(partition)
                    <= published.offset()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "The version published at "
                                    + partition
                                    + "@"
                                    + published.offset()
                                    + " is not visible to readers after "
                                    + READ_TIMEOUT);
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * The latest comparison of champion {@code name} on the comparisons topic, if one was reported.
     */
    public Optional<ModelComparison> comparison(String name) {
        ModelComparison latest = null;
        for (ConsumerRecord<String, byte[]> r : records(comparisonsTopic)) {
            if (name.equals(r.key())) {
                latest =
                        r.value() == null
                                ? null
                                : comparisons
                                        .deserializer()
                                        .deserialize(comparisonsTopic, r.value());
            }
        }
        return Optional.ofNullable(latest);
    }

    private List<Entry> read(String name) {
        List<Entry> entries = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records(name)) {
            entries.add(decode(name, r));
        }
        return entries;
    }

    /** Every committed record of topic {@code name}, oldest first. */
    private List<ConsumerRecord<String, byte[]>> records(String name) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, name);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Timed out reading " + name + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    entries.add(r);
                }
            }
        }
        return entries;
    }

    /**
     * The partitions of {@code name}, waiting a little for a topic created a moment ago to show up
     * in the metadata before calling it missing.
     */
    private static List<TopicPartition> partitions(
            KafkaConsumer<String, byte[]> consumer, String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(name, READ_TIMEOUT).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Topic " + name + " does not exist; create the scorer's topics first");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while looking up " + name, e);
            }
        }
    }

    private KafkaProducer<String, ModelSpec> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientProps);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scorer-cli-" + UUID.randomUUID());
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
            // An operator waiting at a prompt should hear about a missing topic in seconds.
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
            producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
            producer.initTransactions();
        }
        return producer;
    }

    private Entry decode(String name, ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return new Entry(r.offset(), r.key(), null, "tombstone");
        }
        try {
            return new Entry(
                    r.offset(), r.key(), serde.deserializer().deserialize(name, r.value()), null);
        } catch (SerializationException e) {
            return new Entry(r.offset(), r.key(), null, e.getMessage());
        }
    }

    private static boolean isValid(ModelSpec spec) {
        try {
            ModelSpecs.toModel(spec);
            return true;
        } catch (InvalidModelException e) {
            return false;
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
