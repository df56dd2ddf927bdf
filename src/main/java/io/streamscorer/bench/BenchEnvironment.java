package io.streamscorer.bench;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.local.EmbeddedKafkaBroker;
import io.streamscorer.registry.EmbeddedSchemaRegistry;
import io.streamscorer.runtime.ControlTopicClient;
import io.streamscorer.runtime.ModelOperations;
import io.streamscorer.runtime.TopicSetup;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.spec.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The benchmarks' world in this JVM: a real KRaft broker, the embedded schema registry, the
 * scorer's topics and the 30-feature benchmark model on its control topic. Every scorer a benchmark
 * starts is configured here, so they differ only in what the benchmark varies.
 */
public final class BenchEnvironment implements AutoCloseable {
    public static final String FEATURES_TOPIC = "bench.features";
    static final String FEEDBACK_TOPIC = "bench.feedback";
    private static final String MODELS_TOPIC = "bench.models";
    private static final String HISTORY_TOPIC = "bench.models.history";

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final Admin admin;
    private final AvroSerdes serdes;
    private final Path workDir;
    private final TopicProbe probe;

    private BenchEnvironment(
            EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, Path workDir) {
        this.broker = broker;
        this.registry = registry;
        this.admin = broker.admin();
        this.workDir = workDir;
        this.probe = new TopicProbe(admin, broker.bootstrapServers());
        ScorerConfig base = baseConfig();
        this.serdes = AvroSerdes.create(base.registryProperties());
    }

    /** Starts the broker and registry, creates the topics and publishes the model. */
    public static BenchEnvironment start(int partitions) throws InterruptedException {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("scorer-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory", e);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        EmbeddedSchemaRegistry registry =
                EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0);
        BenchEnvironment env = new BenchEnvironment(broker, registry, workDir);
        TopicSetup.create(env.admin, env.baseConfig(), partitions, (short) 1);
        try (ControlTopicClient control = new ControlTopicClient(env.baseConfig(), env.serdes)) {
            new ModelOperations(control).push(BenchEvents.model(), null, "bench");
        }
        return env;
    }

    private ScorerConfig baseConfig() {
        Map<String, Object> props = new HashMap<>();
        props.put(ScorerConfig.APPLICATION_ID_CONFIG, "bench-setup");
        props.put(ScorerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ScorerConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        props.put(ScorerConfig.TOPIC_FEATURES_CONFIG, FEATURES_TOPIC);
        props.put(ScorerConfig.TOPIC_FEEDBACK_CONFIG, FEEDBACK_TOPIC);
        props.put(ScorerConfig.TOPIC_SCORES_CONFIG, "bench.scores");
        props.put(ScorerConfig.TOPIC_SHADOW_SCORES_CONFIG, "bench.scores.shadow");
        props.put(ScorerConfig.TOPIC_COMPARISONS_CONFIG, "bench.comparisons");
        props.put(ScorerConfig.TOPIC_DLQ_CONFIG, "bench.dlq");
        props.put(ScorerConfig.TOPIC_MODELS_CONFIG, MODELS_TOPIC);
        props.put(ScorerConfig.TOPIC_MODEL_HISTORY_CONFIG, HISTORY_TOPIC);
        props.put(ScorerConfig.MODEL_DEFAULT_CONFIG, BenchEvents.MODEL);
        props.put(ScorerConfig.ADMIN_ENABLED_CONFIG, false);
        return new ScorerConfig(props);
    }

    /**
     * A scorer reading {@code run}'s input and writing its output and dead-letter topics, with the
     * run's Kafka settings; learning from the feedback topic if {@code learning}.
     */
    ScorerConfig scorerConfig(Pipeline.Run run, boolean learning, Map<String, String> overrides) {
        Map<String, Object> props = new HashMap<>(baseConfig().originals());
        run.settings()
                .streamsProperties(run.groupId(), run.stateDir())
                .forEach((key, value) -> props.put((String) key, value));
        props.put(ScorerConfig.TOPIC_FEATURES_CONFIG, run.inputTopic());
        props.put(ScorerConfig.TOPIC_SCORES_CONFIG, run.outputTopic());
        props.put(ScorerConfig.TOPIC_DLQ_CONFIG, run.deadLetterTopic());
        props.put(ScorerConfig.LEARNING_ENABLED_CONFIG, learning);
        props.putAll(overrides);
        return new ScorerConfig(props);
    }

    /**
     * A control topic of its own holding the benchmark model and {@code challengers} shadow
     * challengers of it (copies of its weights under other names), as {@code scorer model push
     * --challenger-of} leaves one; returns the scorer settings that read it.
     */
    public Map<String, String> challengedModels(int challengers) throws InterruptedException {
        String models = MODELS_TOPIC + ".challenged-" + challengers;
        Map<String, String> overrides =
                Map.of(
                        ScorerConfig.TOPIC_MODELS_CONFIG,
                        models,
                        ScorerConfig.TOPIC_MODEL_HISTORY_CONFIG,
                        models + ".history");
        ScorerConfig config = baseConfig().with(overrides);
        TopicSetup.create(admin, config, 1, (short) 1);
        try (ControlTopicClient control = new ControlTopicClient(config, serdes)) {
            ModelOperations operations = new ModelOperations(control);
            operations.push(BenchEvents.model(), null, "bench");
            for (int i = 1; i <= challengers; i++) {
                operations.push(
                        BenchEvents.model()
                                .as(
                                        BenchEvents.MODEL + "-challenger-" + i,
                                        new ModelFile.Challenge(BenchEvents.MODEL, 0.0)),
                        null,
                        "bench");
            }
        }
        return overrides;
    }

    /**
     * Loads {@code events} feature events into the features topic and feedback for {@code
     * feedbackShare} of them into the feedback topic.
     */
    public BenchEvents.Loaded load(long events, double feedbackShare) {
        Serializer<FeatureEvent> features = serdes.valueSerde(FeatureEvent.class).serializer();
        Serializer<FeedbackEvent> feedback = serdes.valueSerde(FeedbackEvent.class).serializer();
        return BenchEvents.load(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                features,
                FEATURES_TOPIC,
                events,
                feedback,
                feedbackShare > 0 ? FEEDBACK_TOPIC : null,
                feedbackShare);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public AvroSerdes serdes() {
        return serdes;
    }

    public TopicProbe probe() {
        return probe;
    }

    public Path workDir() {
        return workDir;
    }

    /** The one-minute load average of the machine, as the benchmarks report it. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    @Override
    public void close() {
        admin.close();
        registry.close();
        broker.close();
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + workDir, e);
        }
    }
}
