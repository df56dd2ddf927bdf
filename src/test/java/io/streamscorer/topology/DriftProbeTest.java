package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringWorkspace;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftProbeTest {
    private static LogisticModel model(String name, long generation) {
        return LogisticModel.builder(name, new ModelVersion(generation, 0))
                .features(List.of("amount", "velocity", "age"))
                .head("fraud", new double[] {1.0, 0.5, -0.2}, 0.0, 0.5)
                .head("chargeback", new double[] {0.1, 0.1, 0.1}, 0.0, 0.4)
                .build();
    }

    @Test
    void shouldAllocateNothingPerEventOnceEachModelHasItsWindow() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DriftProbe probe = DriftWatch.watching(meters, 1_000, 1_000, 10).probe();
        LogisticModel fraud = model("fraud", 1);
        LogisticModel aml = model("aml", 1);
        double[] x = {0.3, -0.1, 1.2};
        ScoringWorkspace workspace = new ScoringWorkspace();
        // Two models in turn, so the per-thread map is used as well as the last-model shortcut.
        for (int t = 0; t < 20_000; t++) {
            x[t % 3] = (t % 101) / 50.0 - 1;
            LogisticModel model = (t & 1) == 0 ? fraud : aml;
            model.score(x, workspace);
            probe.observe(model, x, workspace);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(thread);
        for (int t = 0; t < 20_000; t++) {
            x[t % 3] = (t % 89) / 40.0 - 1;
            LogisticModel model = (t & 1) == 0 ? fraud : aml;
            model.score(x, workspace);
            probe.observe(model, x, workspace);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(before).as("allocation counting is available").isNotNegative();

        // one allocation per event would be at least 16 bytes × 20,000
        assertThat(allocated).isLessThan(4096);
    }

    @Test
    void shouldObserveOneEventInSampleEveryAtRandomButCountEveryAlert() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ScorerConfig config =
                new ScorerConfig(
                        Map.of(
                                "application.id", "drift-sample",
                                "bootstrap.servers", "unused:9092",
                                "schema.registry.url", "mock://drift-sample",
                                "scorer.drift.reference.events", "100000",
                                "scorer.drift.sample.every", "4"));
        DriftWatch watch = DriftWatch.from(config, meters);
        DriftProbe probe = watch.probe();
        LogisticModel fraud = model("fraud", 1);
        double[] x = {2.0, 1.0, 0.0};
        ScoringWorkspace workspace = new ScoringWorkspace();
        for (int t = 0; t < 40_000; t++) {
            fraud.score(x, workspace);
            probe.observe(fraud, x, workspace);
        }

        // Binomial(40,000, 1/4): sd 87, so 10,000 +- 400 is over 4.5 sd.
        assertThat(watch.monitor("fraud").orElseThrow().captured()).isBetween(9_600, 10_400);
        assertThat(meters.get("scorer.alerts").tag("head", "fraud").counter().count())
                .as("every positive decision, sampled or not")
                .isEqualTo(40_000);
    }

    @Test
    void shouldStillCountTheAlertsOfAVersionBeingSwappedOut() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DriftWatch watch = DriftWatch.watching(meters, 1_000, 1_000, 10);
        DriftProbe newer = watch.probe();
        DriftProbe older = watch.probe();
        double[] x = {5, 5, 5};
        ScoringWorkspace workspace = new ScoringWorkspace();
        LogisticModel v2 = model("fraud", 2);
        v2.score(x, workspace);
        newer.observe(v2, x, workspace);

        LogisticModel v1 = model("fraud", 1);
        v1.score(x, workspace);
        older.observe(v1, x, workspace);

        assertThat(watch.monitor("fraud").orElseThrow().model()).isSameAs(v2);
        assertThat(meters.get("scorer.alerts").tag("head", "fraud").counter().count())
                .isEqualTo(2.0);
    }
}
