package io.streamscorer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin endpoint's keys: defaults and validation. */
class ScorerConfigAdminTest {

    private static ScorerConfig config(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("application.id", "admin-config-test");
        props.put("bootstrap.servers", "localhost:9092");
        props.put("schema.registry.url", "mock://admin-config-test");
        props.putAll(overrides);
        return new ScorerConfig(props);
    }

    @Test
    void shouldServeTheAdminEndpointOnEveryInterfaceAtPort8080ByDefault() {
        ScorerConfig config = config(Map.of());

        assertThat(config.getBoolean(ScorerConfig.ADMIN_ENABLED_CONFIG)).isTrue();
        assertThat(config.getInt(ScorerConfig.ADMIN_PORT_CONFIG)).isEqualTo(8080);
        assertThat(config.getString(ScorerConfig.ADMIN_BIND_CONFIG)).isEqualTo("0.0.0.0");
    }

    @Test
    void shouldTurnTheAdminEndpointOffWithASetting() {
        ScorerConfig config = config(Map.of("scorer.admin.enabled", "false"));

        assertThat(config.getBoolean(ScorerConfig.ADMIN_ENABLED_CONFIG)).isFalse();
    }

    @Test
    void shouldReadTheAdminKeysFromScorerEnvironmentVariables() {
        Map<String, String> overrides =
                ScorerConfig.environmentOverrides(
                        Map.of("SCORER_ADMIN_PORT", "0", "SCORER_ADMIN_BIND", "127.0.0.1"));

        ScorerConfig config = config(overrides);

        assertThat(config.getInt(ScorerConfig.ADMIN_PORT_CONFIG)).isZero();
        assertThat(config.getString(ScorerConfig.ADMIN_BIND_CONFIG)).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldKeepTheAdminKeysAwayFromKafkaStreams() {
        ScorerConfig config = config(Map.of("scorer.admin.port", "9000"));

        assertThat(config.streamsProperties().stringPropertyNames())
                .noneMatch(key -> key.startsWith("scorer.admin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "http"})
    void shouldRefuseAPortOutsideTheTcpRange(String port) {
        assertThatThrownBy(() -> config(Map.of("scorer.admin.port", port)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorer.admin.port");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "127.0.0.1",
                "10.1.2.3",
                "::",
                "::1",
                "[::1]",
                "fe80::1%1",
                "localhost",
                "admin.example.com",
                "scorer-0.scorer.svc.cluster.local."
            })
    void shouldAcceptIpLiteralsAndHostNamesAsTheBindAddress(String address) {
        ScorerConfig config = config(Map.of("scorer.admin.bind", address));

        assertThat(config.getString(ScorerConfig.ADMIN_BIND_CONFIG)).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "256.0.0.1",
                "1.2.3",
                "http://0.0.0.0",
                "0.0.0.0:8080x",
                "host name",
                "-leading-dash.example.com",
                "[::1",
                ":::"
            })
    void shouldRefuseABindAddressThatIsNeitherAnIpLiteralNorAHostName(String address) {
        assertThatThrownBy(() -> config(Map.of("scorer.admin.bind", address)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scorer.admin.bind")
                .hasMessageContaining("must be an IP address or a host name");
    }
}
