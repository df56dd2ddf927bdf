package io.streamscorer.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.streamscorer.admin.AdminServer;
import io.streamscorer.admin.AdminSources;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.registry.SchemaRegistryUnavailableException;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.topology.ComparisonBoard;
import io.streamscorer.topology.DriftWatch;
import io.streamscorer.topology.LearnerMetrics;
import io.streamscorer.topology.LearnerPolicy;
import io.streamscorer.topology.ModelRegistry;
import io.streamscorer.topology.ScorerMetrics;
import io.streamscorer.topology.ScorerServices;
import io.streamscorer.topology.ScorerTopics;
import io.streamscorer.topology.ScoringTopology;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running scorer: the topology in a {@link KafkaStreams} instance, with its model registry,
 * dead-letter producer and meters. Bugs and unexpected failures are not caught: the instance shuts
 * down ({@code SHUTDOWN_CLIENT}) and the orchestrator restarts it. A schema registry outage is
 * waited out: the stream thread that needs it is replaced until it answers.
 */
public final class ScorerInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScorerInstance.class);

    private final ScorerConfig config;
    private final ScorerMetrics metrics;
    private final DriftWatch drift;
    private final ModelRegistry models = new ModelRegistry();
    private final KafkaProducer<byte[], byte[]> deadLetterProducer;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final MeterRegistry meters;
    private final ComparisonBoard comparisons;
    private volatile AdminServer admin;

    /** Builds (but does not start) an instance; fails on a bad config before touching Kafka. */
    public ScorerInstance(ScorerConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
        this.comparisons = new ComparisonBoard(meters);
        this.metrics = new ScorerMetrics(meters);
        this.drift = DriftWatch.from(config, meters);
        if (config.getBoolean(ScorerConfig.LEARNING_ENABLED_CONFIG)) {
            LearnerPolicy.from(config);
        }
        AvroSerdes serdes =
                AvroSerdes.create(config.registryProperties())
                        .withOutageListener(metrics::registryUnavailable);
        ScorerTopics topics = ScorerTopics.from(config, serdes);
        if (config.getBoolean(ScorerConfig.LEARNING_ENABLED_CONFIG)
                && config.getBoolean(ScorerConfig.FEEDBACK_REMEMBER_FEATURES_CONFIG)) {
            topics = topics.withFeedbackPartitions(partitionsOf(config, topics.feedback().name()));
        }
        Map<String, Object> producerProps = new HashMap<>(config.clientProperties());
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(
                ProducerConfig.CLIENT_ID_CONFIG,
                config.getString(ScorerConfig.APPLICATION_ID_CONFIG) + "-model-dlq");
        this.deadLetterProducer =
                new KafkaProducer<>(
                        producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        ProducerDeadLetterSink sink =
                new ProducerDeadLetterSink(deadLetterProducer, topics.deadLetters().name());
        Topology topology =
                ScoringTopology.build(
                        config,
                        serdes,
                        topics,
                        new ScorerServices(
                                models,
                                sink,
                                metrics,
                                new LearnerMetrics(meters),
                                drift,
                                comparisons));
        LOG.info(
                "Topology built: {} sub-topologies (the whole description is logged at DEBUG)",
                topology.describe().subtopologies().size()
                        + topology.describe().globalStores().size());
        LOG.debug("Topology:\n{}", topology.describe());
        this.streams =
                new KafkaStreams(
                        topology, ScoringTopology.streamsProperties(config, topics, metrics));
        streams.setGlobalStateRestoreListener(sink);
        streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
        streams.setStateListener(
                (now, before) -> LOG.info("Kafka Streams state {} -> {}", before, now));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
    }

    /**
     * A registry outage longer than the deserializers' wait is not a bug: the thread is replaced
     * and resumes from its last commit, reading the record again, so nothing is lost or
     * dead-lettered and the instance stays up. Anything else stops the instance.
     */
    private StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryUnavailableException) {
                LOG.warn(
                        "A stream thread waited out its time for the schema registry; restarting"
                                + " it from its last commit: {}",
                        cause.getMessage());
                metrics.threadReplaced();
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        LOG.error("Unexpected failure in a stream thread; shutting this instance down", e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /**
     * The partition count of {@code topic}: the remembered features are repartitioned to it, so a
     * label and the event it labels always meet in the same task.
     */
    private static int partitionsOf(ScorerConfig config, String topic) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(60, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot describe the feedback topic "
                            + topic
                            + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out describing the feedback topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted describing " + topic, e);
        }
    }

    /**
     * Starts the admin endpoint (unless {@code scorer.admin.enabled=false}), then processing.
     * Global stores are restored before any event is scored; the endpoint starts first so that
     * health is answered and every model swap is seen from the beginning.
     */
    public void start() {
        admin =
                AdminServer.startIfEnabled(
                                config,
                                new AdminSources(
                                        config.getString(ScorerConfig.APPLICATION_ID_CONFIG),
                                        streams::state,
                                        models,
                                        meters,
                                        drift,
                                        comparisons))
                        .orElse(null);
        LOG.info(
                "Starting scorer '{}' against {} with {}",
                config.getString(ScorerConfig.APPLICATION_ID_CONFIG),
                config.getList(ScorerConfig.BOOTSTRAP_SERVERS_CONFIG),
                config.getString(ScorerConfig.PROCESSING_GUARANTEE_CONFIG));
        streams.start();
    }

    /** The Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The admin endpoint's base URL (the dashboard), while it runs. */
    public Optional<String> adminUrl() {
        return Optional.ofNullable(admin).map(AdminServer::url);
    }

    /** The models this instance serves. */
    public ModelRegistry models() {
        return models;
    }

    /** This instance's meters. */
    public ScorerMetrics metrics() {
        return metrics;
    }

    /** Stops cleanly: commits, closes stores, leaves the group. */
    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
        deadLetterProducer.close(Duration.ofSeconds(10));
        LOG.info("Scorer stopped");
    }
}
