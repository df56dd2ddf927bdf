package io.streamscorer.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamscorer.model.ProgressiveMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
        return new ModelMeters(
                progressive,
                counter("scorer.learner.labels", "Labels applied", model),
                counter("scorer.learner.refused", "Updates refused as non-finite", model),
                counter("scorer.learner.clipped", "Updates whose weight change was clipped", model),
                counter("scorer.learner.published", "Model versions published", model),
                counter(
                        "scorer.learner.gated",
                        "Times the publish gate held a version back",
                        model));
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
     * @param gated times the publish gate held a version back
     */
    public record ModelMeters(
            ProgressiveMetrics progressive,
            Counter labels,
            Counter refused,
            Counter clipped,
            Counter published,
            Counter gated) {}
}
