package io.streamscorer.cli;

import static io.streamscorer.cli.CommandRun.scorer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamscorer.config.ScorerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scorer run} and {@code scorer topics} against a real broker, as an operator runs them: in
 * this JVM, or in a JVM of its own where the exit status is the process's.
 */
@Timeout(180)
class ClusterCommandsIT {
    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    /** A config file like {@code test}'s, with {@code topics} renamed so that they do not exist. */
    private static Path configFile(Path dir, String test, Map<String, String> topics)
            throws Exception {
        return ScorerClusterFixture.propertiesFile(
                cluster.config(test, Map.of()).with(topics), dir.resolve("scorer.properties"));
    }

    @Test
    void shouldCreateTheMissingTopicsWithTheSettingsTheScorerReliesOn(@TempDir Path dir)
            throws Exception {
        String p = "topics-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> topics =
                Map.of(
                        "scorer.topic.features", p + ".features",
                        "scorer.topic.scores", p + ".scores",
                        "scorer.topic.scores.shadow", p + ".scores.shadow",
                        "scorer.topic.comparisons", p + ".comparisons",
                        "scorer.topic.feedback", p + ".feedback",
                        "scorer.topic.models", p + ".models",
                        "scorer.topic.model.history", p + ".models.history",
                        "scorer.topic.dlq", p + ".dlq");
        String file = configFile(dir, "topics", topics).toString();

        String[] createTopics = {
            "topics", "create", "--config", file, "--partitions", "3", "--replication", "1"
        };
        CommandRun create = scorer(createTopics);
        CommandRun again = scorer(createTopics);

        assertThat(create.status()).as(create.err()).isZero();
        assertThat(create.out()).contains(p + ".features").contains(p + ".dlq");
        assertThat(again.out()).contains("Every topic already exists.");
        try (Admin admin = cluster.broker().admin()) {
            Map<String, TopicDescription> described =
                    admin.describeTopics(topics.values()).allTopicNames().get();
            assertThat(described.get(p + ".features").partitions()).hasSize(3);
            assertThat(described.get(p + ".feedback").partitions()).hasSize(3);
            assertThat(described.get(p + ".models").partitions()).hasSize(1);
            assertThat(described.get(p + ".scores.shadow").partitions()).hasSize(3);
            for (String compacted : List.of(p + ".models", p + ".comparisons")) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, compacted);
                assertThat(
                                admin.describeConfigs(List.of(topic))
                                        .all()
                                        .get()
                                        .get(topic)
                                        .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                                        .value())
                        .as(compacted)
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            }
        }
    }

    @Test
    void shouldExitWithStatusZeroWhenSigtermStopsItCleanly(@TempDir Path dir) throws Exception {
        ScorerConfig config = cluster.config("run-sigterm", Map.of());
        try (ScorerProcess scorer = ScorerProcess.start(config, dir, "scorer")) {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () ->
                                    scorer.output()
                                            .contains(
                                                    "Kafka Streams state REBALANCING -> RUNNING"));

            int status = scorer.stop();

            assertThat(status).as("exit status; output:%n%s", scorer.output()).isZero();
            assertThat(scorer.output())
                    .contains("Shutdown requested")
                    .contains("Scorer stopped")
                    .contains("exiting with status 0");
        }
    }

    @Test
    void shouldEndTheProcessWithStatusOneWhenKafkaStreamsStopsOnItsOwn(@TempDir Path dir)
            throws Exception {
        ScorerConfig config =
                cluster.config("run-exit-process", Map.of())
                        .with(Map.of("scorer.topic.features", "run-exit-process-missing.features"));
        try (ScorerProcess scorer = ScorerProcess.start(config, dir, "scorer")) {
            int status = scorer.awaitExit(Duration.ofMinutes(2));

            assertThat(status).as("exit status; output:%n%s", scorer.output()).isEqualTo(1);
            assertThat(scorer.output()).contains("Kafka Streams stopped in state ERROR");
        }
    }

    @Test
    void shouldExitWithStatusOneWhenKafkaStreamsStopsOnItsOwn(@TempDir Path dir) throws Exception {
        // A source topic nobody created: Kafka Streams goes to ERROR at its first rebalance.
        Path file =
                configFile(
                        dir,
                        "run-exit",
                        Map.of("scorer.topic.features", "run-exit-missing.features"));
        StringWriter err = new StringWriter();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> status =
                    runner.submit(
                            () ->
                                    ScorerCommand.execute(
                                            new PrintWriter(new StringWriter(), true),
                                            new PrintWriter(err, true),
                                            "run",
                                            "--config",
                                            file.toString()));

            assertThat(status.get(120, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(err.toString()).contains("Kafka Streams stopped in state ERROR");
        } finally {
            runner.shutdownNow();
        }
    }
}
