package io.streamscorer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.serde.AvroSerdeConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which settings reach the registry client and serdes, and which reach Kafka Streams. */
class ScorerConfigTest {
    private static ScorerConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("application.id", "config-test");
        props.put("bootstrap.servers", "127.0.0.1:9092");
        props.put("schema.registry.url", "http://127.0.0.1:8081");
        props.putAll(extra);
        return new ScorerConfig(props);
    }

    @Test
    void shouldPassEverySerdeKeyToTheRegistryAndNoneToKafkaStreams() {
        ScorerConfig config =
                config(
                        Map.of(
                                "auto.register.schemas", "false",
                                "use.latest.version", "true",
                                "latest.cache.ttl.sec", "300"));

        assertThat(config.registryProperties())
                .containsAllEntriesOf(
                        Map.of(
                                "auto.register.schemas", "false",
                                "use.latest.version", "true",
                                "latest.cache.ttl.sec", "300"))
                .containsEntry("schema.registry.url", "http://127.0.0.1:8081");
        assertThat(config.registryProperties().keySet())
                .containsAll(AvroSerdeConfig.configDef().names());
        assertThat(config.streamsProperties())
                .doesNotContainKeys(
                        "auto.register.schemas",
                        "use.latest.version",
                        "latest.cache.ttl.sec",
                        "schema.registry.url");
        assertThat(new AvroSerdeConfig(config.registryProperties()).latestCacheTtlSeconds())
                .isEqualTo(300);
    }

    @Test
    void shouldPassRegistryCredentialsToTheRegistryOnly() {
        ScorerConfig config =
                config(
                        Map.of(
                                "basic.auth.credentials.source", "USER_INFO",
                                "basic.auth.user.info", "scorer:secret",
                                "schema.registry.request.timeout.ms", "2000"));

        assertThat(config.registryProperties())
                .containsKeys(
                        "basic.auth.credentials.source",
                        "basic.auth.user.info",
                        "schema.registry.request.timeout.ms");
        assertThat(config.streamsProperties())
                .doesNotContainKeys("basic.auth.user.info", "schema.registry.request.timeout.ms");
    }
}
