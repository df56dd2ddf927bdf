package io.streamscorer.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamscorer.model.ProgressiveMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The online learner's meters per model: labels applied, updates refused, versions published, and
 * the progressive log-loss, AUC and accuracy over the recent labels, each label scored with the
 * working weights before it is learned (so they measure generalisation, not memory).
 */
public final class LearnerMetrics {
    private final MeterRegistry registry;
    private final Map<String, ModelMeters> models = new ConcurrentHashMap<>();

    /** Meters registered in {@code registry}, created per model on first use. */
    public LearnerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of {@code model}. */
    public ModelMeters of(String model) {
        return models.computeIfAbsent(model, this::create);
    }

    private ModelMeters create(String model) {
        ProgressiveMetrics progressive = new ProgressiveMetrics();
        Gauge.builder("scorer.learner.logloss", progressive, ProgressiveMetrics::windowLogLoss)
                .description("Progressive log-loss over the recent labels")
                .tag("model", model)
                .register(registry);
        Gauge.builder("scorer.learner.auc", progressive, ProgressiveMetrics::windowAuc)
                .description("Progressive AUC over the recent labels")
                .tag("model", model)
                .register(registry);
        Gauge.builder("scorer.learner.accuracy", progressive, ProgressiveMetrics::windowAccuracy)
                .description("Progressive accuracy at 0.5 over the recent labels")
                .tag("model", model)
                .register(registry);
        AtomicLong difference = new AtomicLong(Double.doubleToLongBits(Double.NaN));
        Gauge.builder(
                        "scorer.learner.gate.difference",
                        difference,
                        bits -> Double.longBitsToDouble(bits.get()))
                .description(
                        "The publish gate's last decided evaluation: the candidate's mean log-loss"
                                + " minus the served version's on the same labels (below 0: better)")
                .tag("model", model)
                .register(registry);
        return new ModelMeters(
                progressive,
                counter("scorer.learner.labels", "Labels applied", model),
                counter("scorer.learner.refused", "Updates refused as non-finite", model),
                counter("scorer.learner.clipped", "Updates whose weight change was clipped", model),
                counter("scorer.learner.published", "Model versions published", model),
                counter(
                        "scorer.learner.gated",
                        "Candidates the publish gate held back: not shown better than the served"
                                + " version",
                        model),
                difference);
    }

    private Counter counter(String name, String description, String model) {
        return Counter.builder(name)
                .description(description)
                .tag("model", model)
                .register(registry);
    }

    /**
     * The meters of one model.
     *
     * @param progressive progressive metrics over the labels
     * @param labels labels applied
     * @param refused updates refused
     * @param clipped updates whose weight change was clipped to the bound
     * @param published versions published
     * @param gated candidates the publish gate held back
     * @param gateDifferenceBits the last decided evaluation's mean difference, as double bits
     */
    public record ModelMeters(
            ProgressiveMetrics progressive,
            Counter labels,
            Counter refused,
            Counter clipped,
            Counter published,
            Counter gated,
            AtomicLong gateDifferenceBits) {

        /** Records the mean log-loss difference of an evaluation the gate decided. */
        public void gateDifference(double value) {
            gateDifferenceBits.set(Double.doubleToLongBits(value));
        }
    }
}
