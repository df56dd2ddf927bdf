package io.streamscorer.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.model.ModelVersion;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HealthTest {
    private static final Map<String, ModelVersion> SERVING =
            Map.of("fraud", new ModelVersion(2, 7));

    @ParameterizedTest
    @EnumSource(
            value = KafkaStreams.State.class,
            names = {"ERROR", "PENDING_ERROR", "NOT_RUNNING"})
    void shouldReportDeadWhenKafkaStreamsWillNotProcessAgain(KafkaStreams.State state) {
        Health.Report report = Health.liveness(state, SERVING);

        assertThat(report.up()).isFalse();
        assertThat(report.status()).isEqualTo("DOWN");
        assertThat(report.state()).isEqualTo(state.name());
        assertThat(report.reason()).contains(state.name()).contains("restart");
    }

    @ParameterizedTest
    @EnumSource(
            value = KafkaStreams.State.class,
            names = {"CREATED", "REBALANCING", "RUNNING", "PENDING_SHUTDOWN"})
    void shouldReportAliveInEveryOtherState(KafkaStreams.State state) {
        Health.Report report = Health.liveness(state, Map.of());

        assertThat(report.up()).isTrue();
        assertThat(report.reason()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, mode = EnumSource.Mode.EXCLUDE, names = "RUNNING")
    void shouldNotBeReadyUnlessRunning(KafkaStreams.State state) {
        Health.Report report = Health.readiness(state, SERVING);

        assertThat(report.up()).isFalse();
        assertThat(report.reason()).isEqualTo("Kafka Streams is " + state + ", not RUNNING");
    }

    @Test
    void shouldNotBeReadyWhileRunningWithoutAModel() {
        Health.Report report = Health.readiness(KafkaStreams.State.RUNNING, Map.of());

        assertThat(report.up()).isFalse();
        assertThat(report.reason()).startsWith("no model is served yet");
    }

    @Test
    void shouldBeReadyWhileRunningWithAModelAndNameItsVersion() {
        Health.Report report = Health.readiness(KafkaStreams.State.RUNNING, SERVING);

        assertThat(report.up()).isTrue();
        assertThat(report.status()).isEqualTo("UP");
        assertThat(report.models()).containsExactly(Map.entry("fraud", "2.7"));
    }
}
