package io.streamscorer.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.registry.MockSchemaRegistry;
import io.streamscorer.serde.AvroSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology in a {@link TopologyTestDriver} with a {@code mock://} registry, the
 * default topic names and the given config overrides, for topology tests.
 */
final class TopologyFixture implements AutoCloseable {
    final ScorerConfig config;
    final ModelRegistry models = new ModelRegistry();
    final ScoringTopologyTest.CollectingSink controlRejects =
            new ScoringTopologyTest.CollectingSink();
    final ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
    final TopologyTestDriver driver;
    private final ScorerServices services;
    final AvroSerdes serdes;
    final TestInputTopic<String, FeatureEvent> features;
    final TestInputTopic<byte[], byte[]> rawFeatures;
    final TestInputTopic<String, byte[]> rawModelCommands;
    final TestInputTopic<String, FeedbackEvent> feedback;
    final TestInputTopic<String, ModelSpec> modelCommands;
    final TestOutputTopic<String, ModelSpec> published;
    final TestOutputTopic<String, ScoreEvent> scores;
    final TestOutputTopic<String, ScoreEvent> shadowScores;
    final TestOutputTopic<String, ModelComparison> comparisons;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final String scope = "fixture-" + UUID.randomUUID();
    private final Path stateDir;

    TopologyFixture(Map<String, String> overrides, Instant start) {
        Map<String, Object> props = new HashMap<>();
        props.put("application.id", "topology-fixture-" + UUID.randomUUID());
        props.put("bootstrap.servers", "unused:9092");
        props.put("schema.registry.url", "mock://" + scope);
        props.putAll(overrides);
        config = new ScorerConfig(props);
        serdes = AvroSerdes.create(config.registryProperties());
        ScorerTopics topics = ScorerTopics.from(config, serdes);
        services =
                new ScorerServices(
                        models,
                        controlRejects,
                        metrics,
                        new LearnerMetrics(metrics.registry()),
                        DriftWatch.from(config, metrics.registry()),
                        new ComparisonBoard(metrics.registry()));
        var topology = ScoringTopology.build(config, serdes, topics, services);
        // The production wiring (dead-letter handler and topic), with a state directory per
        // fixture.
        Properties streams = ScoringTopology.streamsProperties(config, topics, metrics);
        try {
            stateDir = Files.createTempDirectory("topology-fixture-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        streams.put("state.dir", stateDir.toString());
        driver = new TopologyTestDriver(topology, streams, start);
        features =
                driver.createInputTopic(
                        "scorer.features",
                        new StringSerializer(),
                        serdes.valueSerde(FeatureEvent.class).serializer());
        rawFeatures =
                driver.createInputTopic(
                        "scorer.features", new ByteArraySerializer(), new ByteArraySerializer());
        feedback =
                driver.createInputTopic(
                        "scorer.feedback",
                        new StringSerializer(),
                        serdes.valueSerde(FeedbackEvent.class).serializer());
        modelCommands =
                driver.createInputTopic(
                        "scorer.models",
                        new StringSerializer(),
                        serdes.valueSerde(ModelSpec.class).serializer());
        rawModelCommands =
                driver.createInputTopic(
                        "scorer.models", new StringSerializer(), new ByteArraySerializer());
        published =
                driver.createOutputTopic(
                        "scorer.models",
                        new StringDeserializer(),
                        serdes.valueSerde(ModelSpec.class).deserializer());
        scores =
                driver.createOutputTopic(
                        "scorer.scores",
                        new StringDeserializer(),
                        serdes.valueSerde(ScoreEvent.class).deserializer());
        shadowScores =
                driver.createOutputTopic(
                        "scorer.scores.shadow",
                        new StringDeserializer(),
                        serdes.valueSerde(ScoreEvent.class).deserializer());
        comparisons =
                driver.createOutputTopic(
                        "scorer.comparisons",
                        new StringDeserializer(),
                        serdes.valueSerde(ModelComparison.class).deserializer());
        deadLetters =
                driver.createOutputTopic(
                        "scorer.dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** What the topology was built with. */
    ScorerServices services() {
        return services;
    }

    @Override
    public void close() {
        driver.close();
        MockSchemaRegistry.dropScope(scope);
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A label of head {@code fraud} carrying the two features amount and velocity. */
    static FeedbackEvent fraudLabel(String eventId, int label, double amount, double velocity) {
        Map<String, Double> x = new HashMap<>();
        x.put("amount", amount);
        x.put("velocity", velocity);
        return FeedbackEvent.newBuilder()
                .setEventId(eventId)
                .setLabels(Map.of("fraud", label))
                .setFeatures(x)
                .build();
    }
}
