package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.spec.ModelFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scorer against a broker that requires SASL/PLAIN and a registry that requires HTTP basic
 * authentication: the security settings in the scorer's config reach every Kafka client (Kafka
 * Streams, the CLI's producer and consumers) and the registry client; wrong credentials fail with a
 * message that says so.
 */
@Timeout(180)
class SecuritySettingsIT {
    @RegisterExtension
    static final ScorerClusterFixture cluster =
            ScorerClusterFixture.secured(Map.of("scorer", "scorer-secret"), "ops", "ops-secret");

    private static final ModelFile MODEL = ModelFile.read(Path.of("config/models/fraud.json"));

    private static Map<String, String> security(String kafkaPassword, String registryPassword) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.broker().saslBootstrapServers());
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "PLAIN");
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"scorer\" password=\""
                        + kafkaPassword
                        + "\";");
        props.put("basic.auth.credentials.source", "USER_INFO");
        props.put("basic.auth.user.info", "ops:" + registryPassword);
        return props;
    }

    @Test
    void shouldScoreThroughSaslAndAnAuthenticatedRegistry() throws Exception {
        ScorerConfig config = cluster.config("sasl", security("scorer-secret", "ops-secret"));
        cluster.pushModel(config, MODEL);
        cluster.startInstance(config);

        cluster.produceFeatures(config, MODEL, "secure-", 300);

        String topic = config.getString(ScorerConfig.TOPIC_SCORES_CONFIG);
        var reader = cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer();
        cluster.drain(config, topic, reader, r -> r.size() >= 300, Duration.ofSeconds(90));
        cluster.stopInstances();
        assertThat(cluster.readCommitted(config, topic, reader))
                .extracting(r -> r.value().getEventId())
                .hasSize(300)
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldSayWhenTheBrokerRefusesTheCredentials() throws Exception {
        ScorerConfig config = cluster.config("sasl-wrong", security("wrong", "ops-secret"));

        assertThatThrownBy(() -> cluster.pushModel(config, MODEL))
                .hasStackTraceContaining("Authentication failed");
    }

    @Test
    void shouldSayWhenTheRegistryRefusesTheCredentials() throws Exception {
        ScorerConfig config = cluster.config("registry-wrong", security("scorer-secret", "wrong"));

        assertThatThrownBy(() -> cluster.pushModel(config, MODEL))
                .hasStackTraceContaining("credentials")
                .hasStackTraceContaining("401");
    }
}
