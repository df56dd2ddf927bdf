package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {
    private static final String BROKER = "127.0.0.1:9092";

    @Test
    void shouldGiveThePlainClientsKafkaStreamsDefaults() {
        PipelineSettings s = PipelineSettings.of(BROKER, Guarantee.EXACTLY_ONCE, 1, 100, Map.of());

        assertThat(s.producerProperties("tx-1"))
                .containsEntry("linger.ms", "100")
                .containsEntry("transactional.id", "tx-1")
                .containsEntry("transaction.timeout.ms", "10000")
                .containsEntry("bootstrap.servers", BROKER);
        assertThat(s.consumerProperties("group"))
                .containsEntry("max.poll.records", "1000")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("group.id", "group");
    }

    @Test
    void shouldRouteEachOverrideToTheClientsThatDefineIt() {
        PipelineSettings s =
                PipelineSettings.of(
                        BROKER,
                        Guarantee.AT_LEAST_ONCE,
                        2,
                        1000,
                        Map.of("linger.ms", "5", "fetch.max.wait.ms", "50", "client.rack", "r1"));

        assertThat(s.producer())
                .containsEntry("linger.ms", "5")
                .doesNotContainKey("fetch.max.wait.ms");
        assertThat(s.consumer())
                .containsEntry("fetch.max.wait.ms", "50")
                .containsEntry("isolation.level", "read_uncommitted")
                .doesNotContainKey("linger.ms");
        assertThat(s.consumer()).containsEntry("client.rack", "r1");
        assertThat(s.producerProperties(null)).doesNotContainKey("transactional.id");
    }

    @Test
    void shouldRefuseAKeyNoClientKnows() {
        assertThatThrownBy(
                        () ->
                                PipelineSettings.of(
                                        BROKER,
                                        Guarantee.AT_LEAST_ONCE,
                                        1,
                                        1000,
                                        Map.of("num.stream.threads", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num.stream.threads");
    }

    @Test
    void shouldGiveKafkaStreamsTheSameClientSettingsByPrefix() {
        PipelineSettings s =
                PipelineSettings.of(
                        BROKER, Guarantee.EXACTLY_ONCE, 2, 100, Map.of("linger.ms", "5"));

        Properties props = s.streamsProperties("app", Path.of("/tmp/state"));

        assertThat(props)
                .containsEntry("application.id", "app")
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("num.stream.threads", "2")
                .containsEntry("commit.interval.ms", "100")
                .containsEntry("producer.linger.ms", "5")
                .containsEntry("consumer.max.poll.records", "1000")
                .doesNotContainKey("consumer.isolation.level");
    }
}
