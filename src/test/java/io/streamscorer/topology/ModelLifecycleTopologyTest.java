package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSpecs;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How served versions move through retires, redeploys and pauses, with the learner publishing
 * beside the operator: versions only move forward, and nothing on the control topic can stop the
 * global thread.
 */
class ModelLifecycleTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final KeyPair OPERATOR = ModelSignatures.generate();
    private static final List<String> FEATURES = List.of("amount", "velocity");

    private static LogisticModel model(long generation, List<String> features, double... w) {
        return LogisticModel.builder("fraud", new ModelVersion(generation, 0))
                .features(features)
                .head("fraud", w, -1.0, 0.5)
                .build();
    }

    private static ModelSpec spec(LogisticModel model) {
        return ModelSpecs.toSpec(model, "operator", null, T0);
    }

    private static ModelSpec signed(LogisticModel model) {
        return ModelSignatures.sign(spec(model), OPERATOR.getPrivate(), "op");
    }

    private static Map<String, String> learning(int publishEvery, long publishIntervalMs) {
        return Map.of(
                "scorer.learning.optimizer",
                "SGD",
                "scorer.learning.gate.enabled",
                "false",
                "scorer.learning.publish.every.updates",
                Integer.toString(publishEvery),
                "scorer.learning.publish.interval.ms",
                Long.toString(publishIntervalMs));
    }

    private static Map<String, String> verifying() {
        return Map.of(
                "scorer.model.verify.public-key",
                ModelSignatures.pem(OPERATOR.getPublic()),
                "scorer.learning.enabled",
                "false");
    }

    @Test
    void shouldNotLetTheLearnersTimerServeARetiredModelAgain() {
        try (TopologyFixture f = new TopologyFixture(learning(1_000, 1_000), T0)) {
            f.modelCommands.pipeInput("fraud", spec(model(1, FEATURES, 1, 1)), T0);
            f.feedback.pipeInput("e1", TopologyFixture.fraudLabel("e1", 1, 1, 0), T0);
            f.rawModelCommands.pipeInput("fraud", (byte[]) null, T0);

            f.driver.advanceWallClockTime(Duration.ofSeconds(5));

            assertThat(f.published.readValuesToList()).isEmpty();
            assertThat(f.models.get("fraud")).isNull();
        }
    }

    @Test
    void shouldRefuseAnOlderVersionAfterARetireAndLetANewerRedeployWinOverTheOldLearner() {
        try (TopologyFixture f = new TopologyFixture(learning(2, 3_600_000), T0)) {
            f.modelCommands.pipeInput("fraud", spec(model(1, FEATURES, 1, 1)), T0);
            f.feedback.pipeInput("e1", TopologyFixture.fraudLabel("e1", 1, 1, 0), T0);
            f.feedback.pipeInput("e2", TopologyFixture.fraudLabel("e2", 0, 0, 1), T0);
            assertThat(f.models.get("fraud").version()).isEqualTo(new ModelVersion(1, 1));
            f.rawModelCommands.pipeInput("fraud", (byte[]) null, T0);
            List<String> wider = List.of("amount", "velocity", "country_risk");

            f.modelCommands.pipeInput("fraud", spec(model(1, wider, 0.5, 0.5, 3.0)), T0);
            assertThat(f.controlRejects.reasons()).containsExactly("STALE_VERSION");
            assertThat(f.models.get("fraud")).isNull();
            // What `scorer model push` now numbers a redeploy after a retire: newer than any.
            f.modelCommands.pipeInput("fraud", spec(model(2, wider, 0.5, 0.5, 3.0)), T0);
            f.feedback.pipeInput("e3", TopologyFixture.fraudLabel("e3", 1, 1, 0), T0);
            f.feedback.pipeInput("e4", TopologyFixture.fraudLabel("e4", 0, 0, 1), T0);

            assertThat(f.models.get("fraud").version()).isEqualTo(new ModelVersion(2, 1));
            assertThat(f.models.get("fraud").features().names()).isEqualTo(wider);
        }
    }

    @Test
    void shouldNotPublishALearnedStepAfterAnOperatorPausedLearning() {
        try (TopologyFixture f = new TopologyFixture(learning(1_000, 1_000), T0)) {
            f.modelCommands.pipeInput("fraud", spec(model(1, FEATURES, 1, 1)), T0);
            f.feedback.pipeInput("e1", TopologyFixture.fraudLabel("e1", 1, 1, 0), T0);
            ModelSpec paused = spec(model(2, FEATURES, 1, 1));
            paused.setLearningPaused(true);
            f.modelCommands.pipeInput("fraud", paused, T0);

            f.driver.advanceWallClockTime(Duration.ofSeconds(5));

            assertThat(f.published.readValuesToList())
                    .as("steps of generation 1 written after the operator's 2.0")
                    .isEmpty();
            assertThat(f.controlRejects.reasons()).isEmpty();
            assertThat(f.models.get("fraud").version()).isEqualTo(new ModelVersion(2, 0));
        }
    }

    @Test
    void shouldStillPublishOnTheTimerWhileItsModelIsServed() {
        try (TopologyFixture f = new TopologyFixture(learning(1_000, 1_000), T0)) {
            f.modelCommands.pipeInput("fraud", spec(model(1, FEATURES, 1, 1)), T0);
            f.feedback.pipeInput("e1", TopologyFixture.fraudLabel("e1", 1, 1, 0), T0);

            f.driver.advanceWallClockTime(Duration.ofSeconds(5));

            assertThat(f.published.readValuesToList())
                    .extracting(s -> ModelSpecs.toVersion(s.getVersion()))
                    .containsExactly(new ModelVersion(1, 1));
        }
    }

    @Test
    void shouldRefuseAnUnsignedRecordWithAnInvalidVersionWithoutStoppingTheGlobalThread() {
        try (TopologyFixture f = new TopologyFixture(verifying(), T0)) {
            ModelSpec hostile = spec(model(1, FEATURES, 1, 1));
            hostile.setVersion(new io.streamscorer.avro.ModelVersion(-1L, 0L));

            assertThatCode(() -> f.modelCommands.pipeInput("fraud", hostile, T0))
                    .doesNotThrowAnyException();

            assertThat(f.controlRejects.reasons()).containsExactly("UNSIGNED");
        }
    }

    @Test
    void shouldRefuseTombstonesWhenSignaturesAreRequiredSoNoOneCanRollAModelBack() {
        try (TopologyFixture f = new TopologyFixture(verifying(), T0)) {
            ModelSpec old = signed(model(1, FEATURES, 9, 9));
            f.modelCommands.pipeInput("fraud", old, T0);
            f.modelCommands.pipeInput("fraud", signed(model(5, FEATURES, 1, 1)), T0);

            f.rawModelCommands.pipeInput("fraud", (byte[]) null, T0);
            f.modelCommands.pipeInput("fraud", old, T0);

            assertThat(f.controlRejects.reasons()).containsExactly("UNSIGNED", "STALE_VERSION");
            assertThat(f.models.get("fraud").version()).isEqualTo(new ModelVersion(5, 0));
        }
    }

    @Test
    void shouldRefuseAVersionThatLeavesNoNextOneSoTheLearnerNeverOverflows() {
        try (TopologyFixture f = new TopologyFixture(learning(1, 3_600_000), T0)) {
            f.modelCommands.pipeInput("fraud", spec(model(1, FEATURES, 1, 1)), T0);
            ModelSpec top = spec(model(1, FEATURES, 1, 1));
            top.setVersion(new io.streamscorer.avro.ModelVersion(1L, Long.MAX_VALUE));

            f.modelCommands.pipeInput("fraud", top, T0);
            f.feedback.pipeInput("e1", TopologyFixture.fraudLabel("e1", 1, 1, 0), T0);

            assertThat(f.controlRejects.reasons()).containsExactly("UNSUPPORTED_STRUCTURE");
            assertThat(f.models.get("fraud").version()).isEqualTo(new ModelVersion(1, 1));
        }
    }
}
