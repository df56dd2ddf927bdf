package io.streamscorer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.model.Adam;
import io.streamscorer.model.Ftrl;
import io.streamscorer.model.OptimizerKind;
import io.streamscorer.model.Sgd;
import io.streamscorer.model.StepSize;
import io.streamscorer.serde.AvroSerdeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerConfigTest {
    private static Map<String, Object> minimal() {
        Map<String, Object> props = new HashMap<>();
        props.put("application.id", "app");
        props.put("bootstrap.servers", "broker:9092");
        props.put("schema.registry.url", "http://registry:8081");
        return props;
    }

    @Test
    void shouldNameTheMissingRequiredKey() {
        Map<String, Object> props = minimal();
        props.remove("bootstrap.servers");
        assertThatThrownBy(() -> new ScorerConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldNameTheKeyWithAnInvalidValue() {
        Map<String, Object> props = minimal();
        props.put("processing.guarantee", "exactly_once");
        assertThatThrownBy(() -> new ScorerConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee")
                .hasMessageContaining("exactly_once");
        props.put("processing.guarantee", "at_least_once");
        props.put("scorer.reasons.top.k", "-1");
        assertThatThrownBy(() -> new ScorerConfig(props))
                .hasMessageContaining("scorer.reasons.top.k");
    }

    @Test
    void shouldTurnThePublishGateOnByDefaultAndRefuseAnImpossibleConfidenceNamingTheKey() {
        Map<String, Object> props = minimal();
        ScorerConfig defaults = new ScorerConfig(props);
        assertThat(defaults.getBoolean("scorer.learning.gate.enabled")).isTrue();
        assertThat(defaults.getString("scorer.learning.optimizer")).isEqualTo("NEWTON");

        props.put("scorer.learning.gate.confidence", "1.0");
        assertThatThrownBy(() -> new ScorerConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorer.learning.gate.confidence");
        props.put("scorer.learning.gate.confidence", "0.99");
        props.put("scorer.learning.prior.labels", "-1");
        assertThatThrownBy(() -> new ScorerConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorer.learning.prior.labels");
    }

    @Test
    void shouldRefuseALearningValueOutOfRangeWhenTheConfigIsRead() {
        for (String[] bad :
                new String[][] {
                    {"scorer.learning.rate", "-0.1"},
                    {"scorer.learning.l1", "-1"},
                    {"scorer.learning.forgetting", "1.5"},
                    {"scorer.learning.clip.norm", "0"},
                    {"scorer.learning.class.weight.negative", "NaN"},
                    {"scorer.learning.network.rate", "0"}
                }) {
            Map<String, Object> props = minimal();
            props.put(bad[0], bad[1]);
            assertThatThrownBy(() -> new ScorerConfig(props))
                    .as(bad[0])
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(bad[0]);
        }
    }

    @Test
    void shouldNameTheLearningKeyTheConfiguredRuleCannotHonour() {
        assertRuleRefuses("NEWTON", "scorer.learning.l2", "0", "infinite covariance");
        assertRuleRefuses("NEWTON", "scorer.learning.l1", "0.01", "exactly zero");
        assertRuleRefuses("NEWTON", "scorer.learning.schedule", "INVERSE_SCALING", "CONSTANT");
        assertRuleRefuses("FTRL", "scorer.learning.schedule", "INVERSE_SCALING", "already decays");
    }

    private static void assertRuleRefuses(
            String optimizer, String key, String value, String reason) {
        Map<String, Object> props = minimal();
        props.put("scorer.learning.optimizer", optimizer);
        props.put(key, value);
        ScorerConfig config = new ScorerConfig(props);
        assertThatThrownBy(config::learnerSettings)
                .as(key)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(reason);
    }

    @Test
    void shouldBuildLearnerSettingsFromTheKeysThatAreSet() {
        Map<String, Object> props = minimal();
        props.put("scorer.learning.optimizer", "FTRL");
        props.put("scorer.learning.rate", "0.3");
        props.put("scorer.learning.l1", "0.5");
        var settings = new ScorerConfig(props).learnerSettings();
        assertThat(settings.optimizer()).isEqualTo(OptimizerKind.FTRL);
        assertThat(settings.rule()).isEqualTo(new Ftrl(0.3, 1.0, 0.5, 1e-4));
    }

    @Test
    void shouldGiveNetworksPyTorchsAdamAndTheSharedSafetyBounds() {
        Map<String, Object> props = minimal();
        props.put("scorer.learning.optimizer", "FTRL");
        props.put("scorer.learning.l1", "0.5");
        props.put("scorer.learning.max.weight.change", "0.25");
        props.put("scorer.learning.class.weight.positive", "4");

        var settings = new ScorerConfig(props).networkLearnerSettings();

        assertThat(settings.optimizer()).isEqualTo(OptimizerKind.ADAM);
        assertThat(settings.rule())
                .isEqualTo(new Adam(StepSize.constant(0.01), 0.9, 0.999, 1e-8, 0.0, 0.0));
        assertThat(settings.maxWeightChange()).isEqualTo(0.25);
        assertThat(settings.positiveClassWeight()).isEqualTo(4.0);
    }

    @Test
    void shouldBuildNetworkSettingsFromTheNetworkKeys() {
        Map<String, Object> props = minimal();
        props.put("scorer.learning.network.optimizer", "SGD");
        props.put("scorer.learning.network.rate", "0.2");
        props.put("scorer.learning.network.l2", "0.001");

        var settings = new ScorerConfig(props).networkLearnerSettings();

        assertThat(settings.optimizer()).isEqualTo(OptimizerKind.SGD);
        assertThat(settings.rule()).isEqualTo(new Sgd(StepSize.constant(0.2), 0.0, 0.001));
    }

    @Test
    void shouldNameTheNetworkOptimizerKeyANetworkCannotTrainWith() {
        Map<String, Object> props = minimal();
        props.put("scorer.learning.network.optimizer", "FTRL");

        assertThatThrownBy(() -> new ScorerConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorer.learning.network.optimizer");
    }

    @Test
    void shouldMapEnvironmentVariablesToScorerAndKafkaKeys() {
        Map<String, String> overrides =
                ScorerConfig.environmentOverrides(
                        Map.of(
                                "SCORER_TOPIC_FEATURES", "payments",
                                "SCORER_BOOTSTRAP_SERVERS", "kafka:9093",
                                "SCORER_SASL_MECHANISM", "PLAIN",
                                "SCORER_MODEL_VERIFY_PUBLIC_KEY", "/keys/operator.pem",
                                "PATH", "/usr/bin"));
        assertThat(overrides)
                .containsEntry("scorer.topic.features", "payments")
                .containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("scorer.model.verify.public-key", "/keys/operator.pem")
                .hasSize(4);
    }

    @Test
    void shouldRefuseAMisspeltEnvironmentVariableInsteadOfPassingItToKafka() {
        Map<String, String> env =
                Map.of(
                        "SCORER_APPLICATION_ID", "app",
                        "SCORER_BOOTSTRAP_SERVERS", "broker:9092",
                        "SCORER_SCHEMA_REGISTRY_URL", "http://registry:8081",
                        "SCORER_CONSUMER_MAX_POLL_RECORDS", "500",
                        "SCORER_NUM_STREAM_THREADS", "2",
                        "SCORER_CLIENT_TAG_ZONE", "eu-west-1a",
                        // Not settings: read by logback.xml, or set by Kubernetes for a service.
                        "SCORER_LOG_LEVEL", "DEBUG",
                        "SCORER_SERVICE_HOST", "10.0.0.7");
        assertThat(ScorerConfig.environmentOverrides(env))
                .containsEntry("consumer.max.poll.records", "500")
                .containsEntry("num.stream.threads", "2")
                .containsEntry("client.tag.zone", "eu-west-1a")
                .doesNotContainKeys("scorer.log.level", "log.level", "scorer.service.host");
        assertThat(ScorerConfig.load(null, env).streamsProperties())
                .containsEntry("num.stream.threads", "2");

        Map<String, String> typo = new HashMap<>(env);
        typo.put("SCORER_TOPIC_FEATUERS", "payments");
        assertThatThrownBy(() -> ScorerConfig.load(null, typo))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorer.topic.featuers")
                .hasMessageContaining("did you mean scorer.topic.features?");
    }

    @Test
    void shouldRefuseARegistrySettingTheClientDoesNotSupportWithoutShowingItsValue() {
        Map<String, Object> props = minimal();
        props.put("schema.registry.ssl.keystore.password", "secret-value");
        assertThatThrownBy(() -> new ScorerConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.keystore.password")
                .hasMessageContaining("client certificates")
                .hasMessageNotContaining("secret-value");
    }

    @Test
    void shouldRefuseAMisspeltScorerKeyAndSuggestTheNearestOne() {
        Map<String, Object> props = minimal();
        props.put("scorer.topic.featurs", "payments");
        assertThatThrownBy(() -> new ScorerConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorer.topic.featurs")
                .hasMessageContaining("did you mean scorer.topic.features?");
        props.remove("scorer.topic.featurs");
        props.put("scorer.nothing.like.this", "1");
        assertThatThrownBy(() -> new ScorerConfig(props))
                .hasMessageContaining("scorer.nothing.like.this")
                .hasMessageContaining("not a scorer key")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void shouldLetTheEnvironmentOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scorer.properties");
        Files.writeString(
                file,
                "application.id=app\nbootstrap.servers=file:9092\nschema.registry.url=mock://x\n");
        ScorerConfig config =
                ScorerConfig.load(file, Map.of("SCORER_BOOTSTRAP_SERVERS", "env:9092"));
        assertThat(config.getList("bootstrap.servers")).containsExactly("env:9092");
    }

    @Test
    void shouldRefuseAMissingConfigFileByName(@TempDir Path dir) {
        assertThatThrownBy(() -> ScorerConfig.load(dir.resolve("nope.properties"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.properties");
    }

    @Test
    void shouldPassSecurityAndClientSettingsThroughToKafka() {
        Map<String, Object> props = minimal();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "PLAIN");
        props.put("num.stream.threads", "3");
        props.put("basic.auth.user.info", "u:p");
        ScorerConfig config = new ScorerConfig(props);
        assertThat(config.streamsProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("num.stream.threads", "3")
                .doesNotContainKey("basic.auth.user.info")
                .doesNotContainKey("scorer.topic.features");
        assertThat(config.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .doesNotContainKey("num.stream.threads");
        assertThat(config.registryProperties())
                .containsEntry("basic.auth.user.info", "u:p")
                .containsEntry("schema.registry.url", "http://registry:8081");
    }

    @Test
    void shouldDocumentEveryKeyInTheGeneratedTable() {
        String docs = ConfigDocs.markdown(ScorerConfig.configDef());
        for (String key : ScorerConfig.configDef().names()) {
            assertThat(docs).contains("`" + key + "`");
        }
        assertThat(docs).contains("(required)");
    }

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
                                "latest.cache.ttl.sec", "300",
                                "schema.registry.outage.wait.ms", "5000"));

        assertThat(config.registryProperties())
                .containsAllEntriesOf(
                        Map.of(
                                "auto.register.schemas", "false",
                                "use.latest.version", "true",
                                "latest.cache.ttl.sec", "300",
                                "schema.registry.outage.wait.ms", "5000"))
                .containsEntry("schema.registry.url", "http://127.0.0.1:8081");
        assertThat(config.registryProperties().keySet())
                .containsAll(AvroSerdeConfig.configDef().names());
        assertThat(config.streamsProperties())
                .doesNotContainKeys(
                        "auto.register.schemas",
                        "use.latest.version",
                        "latest.cache.ttl.sec",
                        "schema.registry.outage.wait.ms",
                        "schema.registry.url");
        assertThat(new AvroSerdeConfig(config.registryProperties()).latestCacheTtlSeconds())
                .isEqualTo(300);
        assertThat(new AvroSerdeConfig(config.registryProperties()).outageWait())
                .isEqualTo(java.time.Duration.ofSeconds(5));
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
