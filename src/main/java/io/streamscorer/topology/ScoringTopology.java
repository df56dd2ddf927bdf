package io.streamscorer.topology;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.serde.InternalAvroSerde;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The scorer's whole Kafka Streams topology, readable top-down: the control topic feeds a global
 * model store that swaps validated models into the {@link ModelRegistry}; feature events are scored
 * by a stateless key-preserving processor, with the champion's challengers beside it on the shadow
 * topic; labelled feedback is checked, joined to the remembered features, deduplicated, regrouped
 * by model and learned from, and the learner publishes new versions to the control topic. Refused
 * records go, as their original bytes with reason headers, to the dead-letter topic.
 *
 * <pre>{@code
 * ScorerTopics topics = ScorerTopics.from(config, serdes);
 * Topology topology = ScoringTopology.build(config, serdes, topics, services);
 * new KafkaStreams(topology, config.streamsProperties()).start();
 * }</pre>
 *
 * <p>Node and store names are part of the contract (store and repartition names become internal
 * topic names) and never change.
 */
public final class ScoringTopology {
    /**
     * The global store holding the last accepted {@code ModelSpec} bytes per model name. In memory
     * on purpose: every start replays the compacted control topic through the validating processor,
     * so no stale local state from another run or cluster can ever be served.
     */
    public static final String MODEL_STORE = "model-store";

    /** Feature event bytes by event id, kept for the feedback retention. */
    public static final String REMEMBERED_FEATURES_STORE = "remembered-features";

    /** Heads already labelled per event id, kept for the feedback retention. */
    public static final String LABELLED_EVENTS_STORE = "labelled-events";

    /** The latest comparison bytes per champion, read from the comparisons topic. */
    public static final String COMPARISON_STORE = "comparison-store";

    /** Working weights and optimizer state per model name. */
    public static final String LEARNER_STORE = "learner-state";

    /**
     * Kafka Streams' switch that sends global-thread processing failures through the processing
     * exception handler; the constant is deprecated only because 5.0 makes this the default.
     */
    public static final String GLOBAL_PROCESSING_HANDLER_CONFIG =
            "processing.exception.handler.global.enabled";

    private ScoringTopology() {}

    /** Builds the topology of one scorer instance. */
    public static Topology build(
            ScorerConfig config, AvroSerdes serdes, ScorerTopics topics, ScorerServices services) {
        StreamsBuilder builder = new StreamsBuilder(topologyConfig(config));
        addModelStore(builder, config, serdes, topics, services);
        addComparisonBoard(builder, serdes, topics, services);
        KStream<String, Sourced<FeatureEvent>> features =
                builder.stream(
                        topics.features().name(), topics.features().consumed("read-features"));
        addScoring(features, config, topics, services);
        if (config.getBoolean(ScorerConfig.LEARNING_ENABLED_CONFIG)) {
            boolean remember = config.getBoolean(ScorerConfig.FEEDBACK_REMEMBER_FEATURES_CONFIG);
            if (remember) {
                addFeatureMemory(builder, features, config, topics);
            }
            addOnlineLearning(builder, config, serdes, topics, services, remember);
        }
        return builder.build();
    }

    /**
     * The Kafka Streams settings the topology runs with, in the scorer and in the topology tests
     * alike: the user's, plus what makes it safe. A record that cannot be decoded goes to the
     * dead-letter topic through {@link DeadLetterDeserializationHandler} (counted in {@code
     * metrics}) instead of stopping the instance, and processing failures of the global thread go
     * through the same handler as those of stream threads.
     */
    public static Properties streamsProperties(
            ScorerConfig config, ScorerTopics topics, ScorerMetrics metrics) {
        Properties props = config.streamsProperties();
        props.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                topics.deadLetters().name());
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        props.put(DeadLetterDeserializationHandler.METRICS_CONFIG, metrics);
        props.put(GLOBAL_PROCESSING_HANDLER_CONFIG, "true");
        // The partition assignor parses the main consumer's settings as a StreamsConfig of its
        // own, which Kafka Streams fills without this switch and then warns that it is off.
        props.put(StreamsConfig.mainConsumerPrefix(GLOBAL_PROCESSING_HANDLER_CONFIG), "true");
        return props;
    }

    /**
     * Topology-level settings: every internal topic and store must be named explicitly (a generated
     * name would change with the topology and turn an upgrade into a migration), and processing
     * failures in the global thread go through the same handler as in stream threads.
     */
    private static TopologyConfig topologyConfig(ScorerConfig config) {
        Properties props = config.streamsProperties();
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(GLOBAL_PROCESSING_HANDLER_CONFIG, true);
        return new TopologyConfig(new StreamsConfig(props));
    }

    private static void addModelStore(
            StreamsBuilder builder,
            ScorerConfig config,
            AvroSerdes serdes,
            ScorerTopics topics,
            ScorerServices services) {
        int maxBytes = config.getInt(ScorerConfig.MODEL_MAX_BYTES_CONFIG);
        List<PublicKey> verifyKeys = config.modelVerifyKeys();
        var specs = serdes.valueSerde(ModelSpec.class).deserializer();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(MODEL_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withLoggingDisabled(),
                topics.models().name(),
                topics.models().consumed("read-model-commands"),
                () -> new ApplyModelProcessor(MODEL_STORE, specs, maxBytes, verifyKeys, services));
    }

    private static void addComparisonBoard(
            StreamsBuilder builder,
            AvroSerdes serdes,
            ScorerTopics topics,
            ScorerServices services) {
        var comparisons = serdes.valueSerde(ModelComparison.class).deserializer();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(COMPARISON_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withLoggingDisabled(),
                topics.comparisonRecords().name(),
                topics.comparisonRecords().consumed("read-comparisons"),
                () ->
                        new ApplyComparisonProcessor(
                                COMPARISON_STORE, comparisons, services.comparisons()));
    }

    private static void addScoring(
            KStream<String, Sourced<FeatureEvent>> features,
            ScorerConfig config,
            ScorerTopics topics,
            ScorerServices services) {
        String defaultModel = config.getString(ScorerConfig.MODEL_DEFAULT_CONFIG);
        int topK = config.getInt(ScorerConfig.REASONS_TOP_K_CONFIG);
        Map<String, KStream<String, Outcome<ScoreEvent>>> routes =
                features.processValues(
                                () ->
                                        new ScoreProcessor(
                                                services.models(),
                                                defaultModel,
                                                topK,
                                                services.metrics(),
                                                services.drift()),
                                Named.as("score-features"))
                        .split(Named.as("route-"))
                        .branch((key, outcome) -> outcome.isAccepted(), Branched.as("scores"))
                        .branch((key, outcome) -> outcome.isShadow(), Branched.as("shadow-scores"))
                        .defaultBranch(Branched.as("rejects"));
        routes.get("route-scores")
                .mapValues(Outcome::value, Named.as("unwrap-scores"))
                .to(topics.scores().name(), topics.scores().produced("write-scores"));
        routes.get("route-shadow-scores")
                .mapValues(Outcome::value, Named.as("unwrap-shadow-scores"))
                .to(
                        topics.shadowScores().name(),
                        topics.shadowScores().produced("write-shadow-scores"));
        toDeadLetters(routes.get("route-rejects"), topics, "rejects");
    }

    private static void addFeatureMemory(
            StreamsBuilder builder,
            KStream<String, Sourced<FeatureEvent>> features,
            ScorerConfig config,
            ScorerTopics topics) {
        Duration retention = retention(config);
        builder.addStateStore(
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(
                                REMEMBERED_FEATURES_STORE, retention, Duration.ofMillis(1), false),
                        Serdes.String(),
                        Serdes.ByteArray()));
        Repartitioned<String, byte[]> byEvent =
                Repartitioned.<String, byte[]>as("features-by-event")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.ByteArray());
        features.filter((key, event) -> event != null, Named.as("keep-decoded-features"))
                .map(
                        (key, event) -> KeyValue.pair(event.value().getEventId(), event.wire()),
                        Named.as("key-by-event"))
                .repartition(
                        topics.feedbackPartitions() > 0
                                ? byEvent.withNumberOfPartitions(topics.feedbackPartitions())
                                : byEvent)
                .process(
                        () -> new RememberFeaturesProcessor(REMEMBERED_FEATURES_STORE),
                        Named.as("remember-features"),
                        REMEMBERED_FEATURES_STORE);
    }

    private static void addOnlineLearning(
            StreamsBuilder builder,
            ScorerConfig config,
            AvroSerdes serdes,
            ScorerTopics topics,
            ScorerServices services,
            boolean remember) {
        Duration retention = retention(config);
        builder.addStateStore(
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(
                                LABELLED_EVENTS_STORE, retention, Duration.ofMillis(1), false),
                        Serdes.String(),
                        Serdes.Long()));
        // Cached: the learner writes its whole state after every label, and the cache turns those
        // writes into one store and changelog write per model per commit, made before the offsets
        // commit, so a restore still matches the committed input exactly.
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(LEARNER_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withCachingEnabled());
        String defaultModel = config.getString(ScorerConfig.MODEL_DEFAULT_CONFIG);
        var featureEvents = serdes.valueSerde(FeatureEvent.class).deserializer();
        String[] stores =
                remember
                        ? new String[] {LABELLED_EVENTS_STORE, REMEMBERED_FEATURES_STORE}
                        : new String[] {LABELLED_EVENTS_STORE};
        Map<String, KStream<String, Outcome<FeedbackEvent>>> labels =
                builder.stream(
                                topics.feedback().name(),
                                topics.feedback().consumed("read-feedback"))
                        .processValues(
                                () ->
                                        new PrepareFeedbackProcessor(
                                                services.models(),
                                                defaultModel,
                                                retention,
                                                remember ? REMEMBERED_FEATURES_STORE : null,
                                                LABELLED_EVENTS_STORE,
                                                featureEvents,
                                                services.metrics()),
                                Named.as("prepare-feedback"),
                                stores)
                        .split(Named.as("route-feedback-"))
                        .branch((key, outcome) -> outcome.isAccepted(), Branched.as("examples"))
                        .defaultBranch(Branched.as("rejects"));
        toDeadLetters(labels.get("route-feedback-rejects"), topics, "feedback-rejects");

        LearnerPolicy policy = LearnerPolicy.from(config);
        var feedbackWire = serdes.valueSerde(FeedbackEvent.class).serializer();
        KStream<String, FeedbackEvent> byModel =
                labels.get("route-feedback-examples")
                        .mapValues(Outcome::value, Named.as("unwrap-examples"))
                        .selectKey(
                                (eventId, example) -> example.getModelName(),
                                Named.as("key-by-model"))
                        .repartition(
                                Repartitioned.<String, FeedbackEvent>as("feedback-by-model")
                                        .withKeySerde(Serdes.String())
                                        .withValueSerde(InternalAvroSerde.of(FeedbackEvent.class)));
        // Added before the learner, so each label is compared before the learner learns it.
        LearnerCandidates candidates = new LearnerCandidates();
        int window = config.getInt(ScorerConfig.COMPARE_WINDOW_LABELS_CONFIG);
        long interval = config.getLong(ScorerConfig.COMPARE_REPORT_INTERVAL_MS_CONFIG);
        AutoPromotion autoPromotion = AutoPromotion.from(config, policy.signer());
        Map<String, KStream<String, CompareResult>> compared =
                byModel.process(
                                () ->
                                        new CompareProcessor(
                                                services.models(),
                                                candidates,
                                                window,
                                                interval,
                                                autoPromotion),
                                Named.as("compare-contenders"))
                        .split(Named.as("route-compared-"))
                        .branch(
                                (key, result) -> result.kind() == CompareResult.Kind.REPORT,
                                Branched.as("reports"))
                        .branch(
                                (key, result) -> result.kind() == CompareResult.Kind.PROMOTION,
                                Branched.as("promotions"))
                        .defaultBranch(Branched.as("retirements"));
        compared.get("route-compared-reports")
                .mapValues(CompareResult::report, Named.as("unwrap-reports"))
                .to(
                        topics.comparisons().name(),
                        topics.comparisons().produced("write-comparisons"));
        KStream<String, ModelSpec> promotions =
                compared.get("route-compared-promotions")
                        .mapValues(CompareResult::promotion, Named.as("unwrap-promotions"));
        promotions.to(
                topics.modelSpecs().name(), topics.modelSpecs().produced("publish-promotion"));
        promotions.to(
                topics.modelHistory().name(),
                topics.modelHistory().produced("record-promotion-history"));
        compared.get("route-compared-retirements")
                .mapValues(CompareResult::promotion, Named.as("unwrap-retirements"))
                .to(
                        topics.modelSpecs().name(),
                        topics.modelSpecs().produced("retire-promoted-challenger"));
        Map<String, KStream<String, Outcome<ModelSpec>>> learned =
                byModel.process(
                                () ->
                                        new LearnProcessor(
                                                LEARNER_STORE,
                                                services.models(),
                                                candidates,
                                                policy,
                                                services.learnerMetrics(),
                                                services.metrics(),
                                                feedbackWire,
                                                topics.feedback().name()),
                                Named.as("learn-from-feedback"),
                                LEARNER_STORE)
                        .split(Named.as("route-learned-"))
                        .branch((key, outcome) -> outcome.isAccepted(), Branched.as("versions"))
                        .defaultBranch(Branched.as("rejects"));
        KStream<String, ModelSpec> versions =
                learned.get("route-learned-versions")
                        .mapValues(Outcome::value, Named.as("unwrap-versions"));
        versions.to(topics.modelSpecs().name(), topics.modelSpecs().produced("publish-model"));
        versions.to(
                topics.modelHistory().name(),
                topics.modelHistory().produced("record-model-history"));
        toDeadLetters(learned.get("route-learned-rejects"), topics, "learner-rejects");
    }

    private static <T> void toDeadLetters(
            KStream<String, Outcome<T>> refused, ScorerTopics topics, String name) {
        refused.process(UnwrapDeadLetterProcessor<T>::new, Named.as("unwrap-" + name))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("write-" + name));
    }

    private static Duration retention(ScorerConfig config) {
        return Duration.ofDays(config.getInt(ScorerConfig.FEEDBACK_RETENTION_DAYS_CONFIG));
    }
}
