package io.streamscorer.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The totals a test reads off a scorer's meters by their published names, as an operator's
 * Prometheus query would: what the scorer reports, not a count it keeps for tests.
 */
public final class MeterTotals {
    private MeterTotals() {}

    /** Events scored ({@code scorer.events.scored}). */
    public static double scored(ScorerMetrics metrics) {
        return sum(metrics.registry(), "scorer.events.scored");
    }

    /** Dead letters over every reason and stage ({@code scorer.dead.letters}). */
    public static double deadLetters(ScorerMetrics metrics) {
        return sum(metrics.registry(), "scorer.dead.letters");
    }

    private static double sum(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
