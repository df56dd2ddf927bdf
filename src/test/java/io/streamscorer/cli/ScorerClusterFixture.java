package io.streamscorer.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.local.EmbeddedKafkaBroker;
import io.streamscorer.local.TemporaryDirectory;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.registry.EmbeddedSchemaRegistry;
import io.streamscorer.runtime.ControlTopicClient;
import io.streamscorer.runtime.ModelOperations;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.runtime.TopicSetup;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.spec.ModelFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft broker and a schema registry (the embedded one, or any other the test runs) for
 * integration tests, with helpers to give each test its own topics, application id and state
 * directory and to produce and read topics. A JUnit 5 extension, registered on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();
 * }</pre>
 *
 * <p>It starts the broker and the registry before the class's tests, stops the instances a test
 * started after that test, and after the class stops the registry and the broker and deletes the
 * state directories.
 */
final class ScorerClusterFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final Supplier<EmbeddedKafkaBroker> startBroker;
    // Null when the test runs its own registry at externalUrl.
    private final Function<EmbeddedKafkaBroker, EmbeddedSchemaRegistry> startRegistry;
    private final Supplier<String> externalUrl;
    private final List<ScorerInstance> instances = new ArrayList<>();
    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry embeddedRegistry;
    private TemporaryDirectory stateDirs;

    private ScorerClusterFixture(
            Supplier<EmbeddedKafkaBroker> startBroker,
            Function<EmbeddedKafkaBroker, EmbeddedSchemaRegistry> startRegistry,
            Supplier<String> externalUrl) {
        this.startBroker = startBroker;
        this.startRegistry = startRegistry;
        this.externalUrl = externalUrl;
    }

    /** A broker and our embedded registry, storing schemas on that broker. */
    static ScorerClusterFixture withEmbeddedRegistry() {
        return new ScorerClusterFixture(
                EmbeddedKafkaBroker::start,
                broker -> EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0),
                null);
    }

    /**
     * A broker with a SASL_PLAINTEXT listener for {@code kafkaUsers} and the embedded registry
     * requiring HTTP basic authentication as {@code registryUser}:{@code registryPassword}.
     */
    static ScorerClusterFixture secured(
            Map<String, String> kafkaUsers, String registryUser, String registryPassword) {
        return new ScorerClusterFixture(
                () -> EmbeddedKafkaBroker.startWithSaslPlain(kafkaUsers),
                broker ->
                        EmbeddedSchemaRegistry.builder()
                                .kafkaStorage(broker.bootstrapServers())
                                .basicAuth(registryUser, registryPassword)
                                .start(),
                null);
    }

    /**
     * A broker and the registry at {@code url}, which the test starts (in its {@code @BeforeAll},
     * which runs after this extension's: the address is read when a test first needs it) and stops
     * itself.
     */
    static ScorerClusterFixture withRegistryAt(Supplier<String> url) {
        return new ScorerClusterFixture(EmbeddedKafkaBroker::start, null, url);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        stateDirs = new TemporaryDirectory(Files.createTempDirectory("scorer-it-"));
        broker = startBroker.get();
        if (startRegistry != null) {
            embeddedRegistry = startRegistry.apply(broker);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopInstances();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** The broker, started before the class's tests. */
    EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("The cluster starts before the class's tests");
        }
        return broker;
    }

    private String registryUrl() {
        return embeddedRegistry != null ? embeddedRegistry.url() : externalUrl.get();
    }

    /** The embedded registry, for tests that count its requests. */
    EmbeddedSchemaRegistry embeddedRegistry() {
        if (embeddedRegistry == null) {
            throw new IllegalStateException("This fixture uses the registry at " + registryUrl());
        }
        return embeddedRegistry;
    }

    /** A config whose topics (4 partitions each) and application id are unique to {@code test}. */
    ScorerConfig config(String test, Map<String, String> overrides) throws InterruptedException {
        return config(test, overrides, 4);
    }

    /** A config whose topics and application id are unique to {@code test}. */
    ScorerConfig config(String test, Map<String, String> overrides, int partitions)
            throws InterruptedException {
        String prefix = test + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put("application.id", prefix);
        props.put("bootstrap.servers", broker().bootstrapServers());
        props.put("schema.registry.url", registryUrl());
        props.put("scorer.topic.features", prefix + ".features");
        props.put("scorer.topic.scores", prefix + ".scores");
        props.put("scorer.topic.scores.shadow", prefix + ".scores.shadow");
        props.put("scorer.topic.comparisons", prefix + ".comparisons");
        props.put("scorer.topic.feedback", prefix + ".feedback");
        props.put("scorer.topic.models", prefix + ".models");
        props.put("scorer.topic.dlq", prefix + ".dlq");
        props.put("scorer.topic.model.history", prefix + ".models.history");
        props.put("commit.interval.ms", "100");
        props.put("num.stream.threads", "1");
        // Tests that run several instances give each a sibling of this directory (+ "-b").
        props.put("state.dir", stateDirs.path().resolve(prefix).toString());
        // Several instances share this JVM: each admin endpoint gets its own free port.
        props.put("scorer.admin.bind", "127.0.0.1");
        props.put("scorer.admin.port", "0");
        props.putAll(overrides);
        ScorerConfig config = new ScorerConfig(props);
        try (var admin = broker().admin()) {
            TopicSetup.create(admin, config, partitions, (short) 1);
        }
        return config;
    }

    /** Writes {@code config} to {@code file} as the properties file a user passes with --config. */
    static Path propertiesFile(ScorerConfig config, Path file) throws IOException {
        Properties props = new Properties();
        config.originals().forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, null);
        }
        return file;
    }

    /** Starts a scorer instance that is stopped after the test. */
    ScorerInstance startInstance(ScorerConfig config) {
        return startInstance(config, new SimpleMeterRegistry());
    }

    /** Starts a scorer instance recording its meters in {@code meters}. */
    ScorerInstance startInstance(ScorerConfig config, MeterRegistry meters) {
        ScorerInstance instance = new ScorerInstance(config, meters);
        instances.add(instance);
        instance.start();
        return instance;
    }

    AvroSerdes serdes(ScorerConfig config) {
        return AvroSerdes.create(config.registryProperties());
    }

    /** Publishes {@code model} to the control topic as an operator would; returns its version. */
    ModelVersion pushModel(ScorerConfig config, ModelFile model) {
        try (ControlTopicClient control = new ControlTopicClient(config, serdes(config))) {
            return new ModelOperations(control).push(model, null, "it").model().version();
        }
    }

    /**
     * {@code champion}'s file as challenger {@code name} of it, with its biases moved so that it
     * scores differently.
     */
    static ModelFile challenger(ModelFile champion, String name) {
        List<ModelFile.Head> heads = new ArrayList<>();
        for (ModelFile.Head h : champion.heads()) {
            heads.add(new ModelFile.Head(h.name(), h.weights(), h.bias() + 0.7, h.threshold()));
        }
        return new ModelFile(
                        champion.name(),
                        null,
                        champion.features(),
                        champion.imputation(),
                        heads,
                        champion.layers(),
                        champion.metadata(),
                        null,
                        null,
                        null,
                        null)
                .as(name, new ModelFile.Challenge(champion.name(), 0.0));
    }

    /**
     * Produces {@code count} labels of head fraud (30% positive) carrying random values of {@code
     * model}'s features, drawn from {@code seed}, and waits until the broker has them.
     */
    void produceLabels(ScorerConfig config, ModelFile model, int count, long seed) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        SplittableRandom random = new SplittableRandom(seed);
        try (KafkaProducer<String, FeedbackEvent> producer =
                new KafkaProducer<>(
                        props,
                        new StringSerializer(),
                        serdes(config).valueSerde(FeedbackEvent.class).serializer())) {
            for (int i = 0; i < count; i++) {
                Map<String, Double> features = new HashMap<>();
                for (String name : model.features()) {
                    features.put(name, random.nextDouble(-1, 3));
                }
                FeedbackEvent label =
                        FeedbackEvent.newBuilder()
                                .setEventId("label-" + i)
                                .setLabels(Map.of("fraud", random.nextDouble() < 0.3 ? 1 : 0))
                                .setFeatures(features)
                                .build();
                var unused =
                        producer.send(
                                new ProducerRecord<>(
                                        config.getString(ScorerConfig.TOPIC_FEEDBACK_CONFIG),
                                        label.getEventId(),
                                        label));
            }
        }
    }

    /** Produces {@code count} feature events for {@code model}'s features with a new producer. */
    void produceFeatures(ScorerConfig config, ModelFile model, String idPrefix, int count) {
        try (KafkaProducer<String, FeatureEvent> producer = featureProducer(config)) {
            produceFeatures(producer, config, model, idPrefix, count);
        }
    }

    /**
     * Produces {@code count} feature events with event ids {@code idPrefix0, idPrefix1, ...} and
     * random values for {@code model}'s features, and waits until the broker has them.
     */
    static void produceFeatures(
            KafkaProducer<String, FeatureEvent> producer,
            ScorerConfig config,
            ModelFile model,
            String idPrefix,
            int count) {
        SplittableRandom random = new SplittableRandom(idPrefix.hashCode());
        String topic = config.getString(ScorerConfig.TOPIC_FEATURES_CONFIG);
        for (int i = 0; i < count; i++) {
            FeatureEvent event = randomEvent(model, idPrefix + i, random, 500).build();
            var unused = producer.send(new ProducerRecord<>(topic, event.getEntityId(), event));
        }
        producer.flush();
    }

    /**
     * A feature event for {@code model} timed now, its feature values in [-1, 3) and then its
     * entity (one of {@code entities}) drawn from {@code random}, so that the same seed makes the
     * same event.
     */
    static FeatureEvent.Builder randomEvent(
            ModelFile model, String eventId, SplittableRandom random, int entities) {
        Map<String, Double> features = new HashMap<>();
        for (String name : model.features()) {
            features.put(name, random.nextDouble(-1, 3));
        }
        return FeatureEvent.newBuilder()
                .setEventId(eventId)
                .setEntityId("card-" + random.nextInt(entities))
                .setEventTime(Instant.now())
                .setFeatures(features);
    }

    KafkaProducer<String, FeatureEvent> featureProducer(ScorerConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(
                props,
                new StringSerializer(),
                serdes(config).valueSerde(FeatureEvent.class).serializer());
    }

    /** Reads committed records of {@code topic} until {@code done} holds or the timeout passes. */
    <V> List<ConsumerRecord<String, V>> drain(
            ScorerConfig config,
            String topic,
            Deserializer<V> values,
            Predicate<List<ConsumerRecord<String, V>>> done,
            Duration timeout) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "drain-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Every committed record of {@code topic} from the beginning to its current end: what a
     * downstream consumer would read, extra or duplicated records included. Read it after the
     * instances that write the topic have stopped, so that the end is final.
     */
    <V> List<ConsumerRecord<String, V>> readCommitted(
            ScorerConfig config, String topic, Deserializer<V> values) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (CommittedReader<V> reader = new CommittedReader<>(config, topic, values, out::add)) {
            reader.readToEnd(Duration.ofSeconds(60));
        }
        return out;
    }

    /** Stops every instance started so far (each test's own, from an {@code @AfterEach}). */
    void stopInstances() {
        try {
            instances.forEach(ScorerInstance::close);
        } finally {
            instances.clear();
        }
    }

    /** Stops the instances, the registry and the broker, and deletes the state directories. */
    private void close() {
        try {
            stopInstances();
        } finally {
            try {
                if (embeddedRegistry != null) {
                    embeddedRegistry.close();
                }
            } finally {
                try {
                    if (broker != null) {
                        broker.close();
                    }
                } finally {
                    if (stateDirs != null) {
                        stateDirs.close();
                    }
                }
            }
        }
    }
}
