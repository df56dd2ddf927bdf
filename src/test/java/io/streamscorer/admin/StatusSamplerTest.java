package io.streamscorer.admin;

import static io.streamscorer.admin.AdminFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.admin.AdminFixtures.ManualClock;
import io.streamscorer.topology.EventRejection;
import io.streamscorer.topology.ModelRegistry;
import io.streamscorer.topology.ScorerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StatusSamplerTest {
    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScorerMetrics metrics = new ScorerMetrics(meters);
    private final ModelRegistry models = new ModelRegistry();
    private final ManualClock clock = new ManualClock(T0);
    private final StatusSampler sampler =
            new StatusSampler(
                    new AdminSources("app", () -> KafkaStreams.State.RUNNING, models, meters),
                    clock);

    private void score(int events, long latencyMs) {
        for (int i = 0; i < events; i++) {
            metrics.scored(0, 0, latencyMs);
        }
    }

    @Test
    void shouldComputeThroughputFromTheScoredCounterBetweenSamples() {
        score(10, 5);
        StatusSampler.Sample first = sampler.sample();
        score(30, 5);
        clock.advanceMillis(2_000);

        StatusSampler.Sample second = sampler.sample();

        assertThat(first.time()).isEqualTo(T0.toEpochMilli());
        assertThat(first.scored()).isEqualTo(10);
        assertThat(first.scoredPerSecond()).as("no previous sample").isNull();
        assertThat(second.time()).isEqualTo(T0.toEpochMilli() + 2_000);
        assertThat(second.scored()).isEqualTo(40);
        assertThat(second.scoredPerSecond()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void shouldComputeTheAlertRatePerMinuteOverTheLastMinute() {
        Counter alerts =
                Counter.builder("scorer.alerts")
                        .tag("model", "fraud")
                        .tag("head", "fraud")
                        .register(meters);
        StatusSampler.Sample first = sampler.sample();
        for (int s = 0; s < 90; s++) {
            alerts.increment(s < 30 ? 1 : 2);
            clock.advanceMillis(1_000);
            sampler.sample();
        }

        StatusSampler.Sample last = sampler.samples().get(sampler.samples().size() - 1);

        assertThat(first.alertsPerMinute()).as("no previous sample").isNull();
        assertThat(last.alerts()).isEqualTo(150);
        // the oldest sample within the minute is 60 s back: 60 increments of 2
        assertThat(last.alertsPerMinute()).isCloseTo(120.0, within(1e-9));
    }

    @Test
    void shouldReportNoLatencyBeforeTheFirstEventAndThePercentilesAfter() {
        StatusSampler.Sample idle = sampler.sample();
        for (int ms = 1; ms <= 100; ms++) {
            metrics.scored(0, 0, ms);
        }
        clock.advanceMillis(1_000);

        StatusSampler.Sample busy = sampler.sample();

        assertThat(idle.latencyMs()).isEqualTo(new StatusSampler.Latency(null, null, null));
        // Micrometer's percentiles are approximate (bucketed); 50 ms and 99-100 ms within 10%.
        assertThat(busy.latencyMs().p50()).isCloseTo(50.0, within(5.0));
        assertThat(busy.latencyMs().p99()).isCloseTo(99.0, within(10.0));
        assertThat(busy.latencyMs().p999()).isCloseTo(100.0, within(10.0));
    }

    @Test
    void shouldReadLatencyPercentilesFromThePrometheusRegistryToo() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScorerMetrics prometheusMetrics = new ScorerMetrics(prometheus);
        StatusSampler prometheusSampler =
                new StatusSampler(
                        new AdminSources(
                                "app", () -> KafkaStreams.State.RUNNING, models, prometheus),
                        clock);
        for (int ms = 1; ms <= 100; ms++) {
            prometheusMetrics.scored(0, 0, ms);
        }

        StatusSampler.Sample sample = prometheusSampler.sample();

        assertThat(sample.scored()).isEqualTo(100);
        assertThat(sample.latencyMs().p50()).isCloseTo(50.0, within(5.0));
        assertThat(sample.latencyMs().p99()).isCloseTo(99.0, within(10.0));
        assertThat(sample.latencyMs().p999()).isCloseTo(100.0, within(10.0));
    }

    @Test
    void shouldSumDeadLettersOverStagesByReason() {
        metrics.rejected(EventRejection.NON_FINITE_FEATURE);
        metrics.rejected(EventRejection.NON_FINITE_FEATURE);
        metrics.deadLettered("TRUNCATED", "deserialize");
        metrics.deadLettered("TOO_LARGE", "deserialize");
        metrics.deadLettered("TOO_LARGE", "apply-model");

        Map<String, Long> byReason = StatusSampler.deadLettersByReason(meters);

        assertThat(byReason)
                .containsEntry("NON_FINITE_FEATURE", 2L)
                .containsEntry("TRUNCATED", 1L)
                .containsEntry("TOO_LARGE", 2L)
                .containsEntry("NO_MODEL", 0L);
        assertThat(sampler.sample().deadLetters()).isEqualTo(5);
    }

    @Test
    void shouldRecordTheVersionServedOfEveryModelInEachSample() {
        StatusSampler.Sample before = sampler.sample();
        models.offer(served("fraud", 1, 0, clock.instant()));
        clock.advanceMillis(1_000);
        StatusSampler.Sample afterFirst = sampler.sample();
        models.offer(served("fraud", 1, 1, clock.instant()));
        models.offer(served("aml", 3, 0, clock.instant()));
        clock.advanceMillis(1_000);

        StatusSampler.Sample afterSwap = sampler.sample();

        assertThat(before.models()).isEmpty();
        assertThat(afterFirst.models()).containsExactly(Map.entry("fraud", "1.0"));
        assertThat(afterSwap.models())
                .containsExactly(Map.entry("aml", "3.0"), Map.entry("fraud", "1.1"));
    }

    @Test
    void shouldLeaveTheLogLossSeriesEmptyWhileNoLearnerReportsOne() {
        StatusSampler.Sample sample = sampler.sample();

        assertThat(sample.logLoss()).isEmpty();
        assertThat(sampler.learner()).isEmpty();
    }

    @Test
    void shouldSampleTheLearnersLogLossPerModelWhenItsMeterExists() {
        AtomicReference<Double> logLoss = new AtomicReference<>(0.69);
        Gauge.builder("scorer.learner.logloss", logLoss, AtomicReference::get)
                .tag("model", "fraud")
                .register(meters);
        Counter applied =
                Counter.builder("scorer.learner.labels.applied")
                        .tag("model", "fraud")
                        .register(meters);
        applied.increment(120);
        StatusSampler.Sample first = sampler.sample();
        logLoss.set(0.31);
        clock.advanceMillis(1_000);

        StatusSampler.Sample second = sampler.sample();

        assertThat(first.logLoss()).containsExactly(Map.entry("fraud", 0.69));
        assertThat(second.logLoss()).containsExactly(Map.entry("fraud", 0.31));
        assertThat(sampler.learner())
                .containsExactly(
                        Map.entry("fraud", Map.of("logloss", 0.31, "labels.applied", 120.0)));
    }

    @Test
    void shouldKeyLearnerSeriesByTheirOtherTagsAndHideNonFiniteValues() {
        Gauge.builder("scorer.learner.logloss", () -> 0.2)
                .tags("model", "fraud", "head", "chargeback")
                .register(meters);
        Gauge.builder("scorer.learner.auc", () -> Double.NaN)
                .tag("model", "fraud")
                .register(meters);

        StatusSampler.Sample sample = sampler.sample();

        assertThat(sample.logLoss()).containsExactly(Map.entry("fraud{head=chargeback}", 0.2));
        Map<String, Double> fraud = sampler.learner().get("fraud");
        assertThat(fraud).containsEntry("logloss{head=chargeback}", 0.2).containsKey("auc");
        assertThat(fraud.get("auc")).isNull();
    }

    @Test
    void shouldKeepOnlyTheMostRecentSamples() {
        for (int i = 0; i < StatusSampler.CAPACITY + 25; i++) {
            sampler.sample();
            clock.advanceMillis(1_000);
        }

        List<StatusSampler.Sample> kept = sampler.samples();

        assertThat(kept).hasSize(StatusSampler.CAPACITY);
        assertThat(kept.get(0).time()).isEqualTo(T0.toEpochMilli() + 25_000);
        assertThat(kept.get(kept.size() - 1).time())
                .isEqualTo(T0.toEpochMilli() + (StatusSampler.CAPACITY + 24) * 1_000L);
    }

    @Test
    void shouldSampleEverySecondOnOneDaemonThreadUntilClosed() throws InterruptedException {
        StatusSampler running =
                new StatusSampler(
                        new AdminSources("app", () -> KafkaStreams.State.RUNNING, models, meters),
                        InstantSource.system());
        running.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> running.samples().size() >= 3);
            assertThat(samplerThreads()).hasSize(1).allMatch(Thread::isDaemon);
        } finally {
            running.close();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> samplerThreads().isEmpty());
        int afterClose = running.samples().size();
        Thread.sleep(1_500); // longer than one interval: a sampler still running would add one
        assertThat(running.samples()).hasSize(afterClose);
    }

    private static List<Thread> samplerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("scorer-admin-sampler") && t.isAlive())
                .toList();
    }
}
