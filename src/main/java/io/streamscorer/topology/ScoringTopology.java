package io.streamscorer.topology;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.serde.AvroSerdes;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The scorer's whole Kafka Streams topology, readable top-down: the control topic feeds a global
 * model store that swaps validated models into the {@link ModelRegistry}; feature events are scored
 * by a stateless key-preserving processor; scores go to the scores topic and refused records, as
 * their original bytes with reason headers, to the dead-letter topic.
 *
 * <pre>{@code
 * ScorerTopics topics = ScorerTopics.from(config, serdes);
 * Topology topology = ScoringTopology.build(config, serdes, topics, services);
 * new KafkaStreams(topology, config.streamsProperties()).start();
 * }</pre>
 *
 * <p>Node and store names are part of the contract (store names become internal topic names) and
 * never change.
 */
public final class ScoringTopology {
    /**
     * The global store holding the last accepted {@code ModelSpec} bytes per model name. In memory
     * on purpose: every start replays the compacted control topic through the validating processor,
     * so no stale local state from another run or cluster can ever be served.
     */
    public static final String MODEL_STORE = "model-store";

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
        addScoring(builder, config, topics, services);
        return builder.build();
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
        var specs = serdes.valueSerde(ModelSpec.class).deserializer();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(MODEL_STORE),
                                Serdes.String(),
                                Serdes.ByteArray())
                        .withLoggingDisabled(),
                topics.models().name(),
                topics.models().consumed("read-model-commands"),
                () -> new ApplyModelProcessor(MODEL_STORE, specs, maxBytes, services));
    }

    private static void addScoring(
            StreamsBuilder builder,
            ScorerConfig config,
            ScorerTopics topics,
            ScorerServices services) {
        String defaultModel = config.getString(ScorerConfig.MODEL_DEFAULT_CONFIG);
        int topK = config.getInt(ScorerConfig.REASONS_TOP_K_CONFIG);
        Map<String, KStream<String, ScoringOutcome>> routes =
                builder.stream(
                                topics.features().name(),
                                topics.features().consumed("read-features"))
                        .processValues(
                                () ->
                                        new ScoreProcessor(
                                                services.models(),
                                                defaultModel,
                                                topK,
                                                services.metrics()),
                                Named.as("score-features"))
                        .split(Named.as("route-"))
                        .branch((key, outcome) -> outcome.isScore(), Branched.as("scores"))
                        .defaultBranch(Branched.as("rejects"));
        routes.get("route-scores")
                .mapValues(ScoringOutcome::score, Named.as("unwrap-scores"))
                .to(topics.scores().name(), topics.scores().produced("write-scores"));
        routes.get("route-rejects")
                .mapValues(ScoringOutcome::wire, Named.as("unwrap-rejects"))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("write-rejects"));
    }
}
