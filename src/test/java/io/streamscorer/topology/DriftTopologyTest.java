package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.model.DriftMonitor;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.spec.ModelSpecs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftTopologyTest {
    private static final int EVENTS = 1_000;
    private static final Map<String, String> SMALL =
            Map.of(
                    "scorer.drift.reference.events", String.valueOf(EVENTS),
                    "scorer.drift.window.events", String.valueOf(EVENTS),
                    "scorer.drift.sample.every", "1");

    private static LogisticModel model(long generation) {
        return LogisticModel.builder("fraud", new ModelVersion(generation, 0))
                .features(List.of("amount", "velocity"))
                .head("fraud", new double[] {1.0, 0.5}, -1.0, 0.5)
                .build();
    }

    private static void publish(TopologyFixture fixture, LogisticModel model) {
        fixture.modelCommands.pipeInput(
                model.name(), ModelSpecs.toSpec(model, "test", null, Instant.EPOCH));
    }

    private static void send(
            TopologyFixture fixture, SplittableRandom random, int n, double shift) {
        for (int i = 0; i < n; i++) {
            fixture.features.pipeInput(
                    "card-1",
                    FeatureEvent.newBuilder()
                            .setEventId("e" + i)
                            .setEntityId("card-1")
                            .setEventTime(Instant.ofEpochMilli(1_000))
                            .setFeatures(
                                    Map.of(
                                            "amount",
                                            random.nextGaussian() + shift,
                                            "velocity",
                                            random.nextGaussian()))
                            .build());
        }
    }

    private static double psi(MeterRegistry meters, String feature) {
        return meters.get("scorer.drift.psi")
                .tags("model", "fraud", "feature", feature)
                .gauge()
                .value();
    }

    @Test
    void shouldPublishTheIndexOfAShiftedFeatureAboveTheAlertLevelAndOfTheOthersBelow() {
        try (TopologyFixture fixture = new TopologyFixture(SMALL, Instant.now())) {
            MeterRegistry meters = fixture.metrics.registry();
            publish(fixture, model(1));
            SplittableRandom random = new SplittableRandom(15);

            send(fixture, random, EVENTS, 0);
            assertThat(psi(meters, "amount")).as("no window yet").isNaN();
            send(fixture, random, EVENTS, 1.0);

            assertThat(psi(meters, "amount")).isGreaterThan(DriftMonitor.SIGNIFICANT_SHIFT);
            assertThat(psi(meters, "velocity")).isLessThan(DriftMonitor.MODERATE_SHIFT);
            assertThat(psi(meters, "_score.fraud")).isGreaterThan(DriftMonitor.MODERATE_SHIFT);
        }
    }

    @Test
    void shouldCountEveryPositiveDecisionAsAnAlert() {
        try (TopologyFixture fixture = new TopologyFixture(SMALL, Instant.now())) {
            publish(fixture, model(1));

            send(fixture, new SplittableRandom(16), 300, 0);

            long positive =
                    fixture.scores.readValuesToList().stream()
                            .map(ScoreEvent::getHeads)
                            .filter(heads -> heads.get(0).getDecision())
                            .count();
            assertThat(positive).isPositive();
            assertThat(
                            fixture.metrics
                                    .registry()
                                    .get("scorer.alerts")
                                    .tags("model", "fraud", "head", "fraud")
                                    .counter()
                                    .count())
                    .isEqualTo((double) positive);
        }
    }

    @Test
    void shouldCaptureAFreshReferenceForANewVersion() {
        try (TopologyFixture fixture = new TopologyFixture(SMALL, Instant.now())) {
            MeterRegistry meters = fixture.metrics.registry();
            publish(fixture, model(1));
            SplittableRandom random = new SplittableRandom(17);
            send(fixture, random, 2 * EVENTS, 0);
            assertThat(psi(meters, "amount")).isNotNaN();

            publish(fixture, model(2));
            send(fixture, random, 10, 0);

            assertThat(psi(meters, "amount")).as("capturing version 2's reference").isNaN();
        }
    }

    @Test
    void shouldRegisterNoDriftMetersWhenOff() {
        try (TopologyFixture fixture =
                new TopologyFixture(Map.of("scorer.drift.enabled", "false"), Instant.now())) {
            publish(fixture, model(1));

            send(fixture, new SplittableRandom(18), 10, 0);

            assertThat(fixture.scores.readValuesToList()).hasSize(10);
            assertThat(fixture.metrics.registry().find("scorer.drift.psi").gauges()).isEmpty();
            assertThat(fixture.metrics.registry().find("scorer.alerts").counters()).isEmpty();
        }
    }
}
