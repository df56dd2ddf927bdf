package io.streamscorer.registry;

import static io.streamscorer.registry.MockSchemaRegistryTest.OTHER;
import static io.streamscorer.registry.MockSchemaRegistryTest.V1;
import static io.streamscorer.registry.MockSchemaRegistryTest.V2_WITH_DEFAULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.local.EmbeddedKafkaBroker;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedded registry's storage in a compacted Kafka topic, on a real KRaft broker. */
@Timeout(180)
class EmbeddedSchemaRegistryIT {
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static HttpSchemaRegistryClient client(EmbeddedSchemaRegistry registry) {
        return new HttpSchemaRegistryClient(Map.of("schema.registry.url", registry.url()));
    }

    @Test
    void shouldFindTheSameIdsVersionsAndLevelsAfterARestartOnTheSameBroker() {
        int v1;
        int other;
        int v2;
        try (EmbeddedSchemaRegistry first =
                EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0)) {
            HttpSchemaRegistryClient client = client(first);
            v1 = client.register("cards-value", V1);
            other = client.register("devices-value", OTHER);
            v2 = client.register("cards-value", V2_WITH_DEFAULT);
            client.setCompatibility("cards-value", "FULL");
            client.register("retired-value", OTHER);
            client.deleteSubject("retired-value", false);
        }

        try (EmbeddedSchemaRegistry second =
                EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0)) {
            HttpSchemaRegistryClient client = client(second);

            assertThat(List.of(v1, other, v2)).containsExactly(1, 2, 3);
            assertThat(client.getById(v1)).isEqualTo(V1);
            assertThat(client.getById(other)).isEqualTo(OTHER);
            assertThat(client.latest("cards-value"))
                    .isEqualTo(new RegisteredSchema("cards-value", v2, 2, V2_WITH_DEFAULT));
            assertThat(client.version("cards-value", 1).id()).isEqualTo(v1);
            assertThat(client.subjects()).containsExactly("cards-value", "devices-value");
            assertThat(client.compatibility("cards-value")).isEqualTo("FULL");
            assertThat(client.register("archive-value", V1)).isEqualTo(v1);
            assertThat(client.register("new-value", MockSchemaRegistryTest.V2_WITHOUT_DEFAULT))
                    .isEqualTo(4);
        }
    }

    @Test
    void shouldStoreSchemasInACompactedSinglePartitionTopic() throws Exception {
        String topic = "_schemas-compacted-it";
        try (EmbeddedSchemaRegistry registry =
                        EmbeddedSchemaRegistry.builder()
                                .kafkaStorage(broker.bootstrapServers())
                                .topic(topic)
                                .start();
                Admin admin = broker.admin()) {
            client(registry).register("cards-value", V1);

            TopicDescription description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

            assertThat(description.partitions()).hasSize(1);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void shouldRefuseASchemaTopicWithSeveralPartitions() {
        String topic = "_schemas-partitioned-it";
        broker.createTopic(
                topic,
                3,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

        assertThatThrownBy(
                        () ->
                                EmbeddedSchemaRegistry.builder()
                                        .kafkaStorage(broker.bootstrapServers())
                                        .topic(topic)
                                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("3 partitions");
    }

    @Test
    void shouldRefuseASchemaTopicThatDeletesOldRecords() {
        String topic = "_schemas-retention-it";
        broker.createTopic(topic, 1, Map.of());

        assertThatThrownBy(
                        () ->
                                EmbeddedSchemaRegistry.builder()
                                        .kafkaStorage(broker.bootstrapServers())
                                        .topic(topic)
                                        .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cleanup.policy=delete");
    }
}
