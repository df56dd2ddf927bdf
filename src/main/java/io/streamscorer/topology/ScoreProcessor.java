package io.streamscorer.topology;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.HeadScore;
import io.streamscorer.avro.ReasonCode;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import io.streamscorer.spec.ModelSpecs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Scores one feature event with the model it names (or the default model), read once from the
 * {@link ModelRegistry} so the whole event is scored by one version. Stateless and key-preserving
 * ({@code processValues}): scoring never repartitions. Events without a key, without a model, or
 * with a non-finite value of a feature the model uses are refused with a reason, never dropped.
 * Logistic models and networks score alike; the feature vector and the network activations live in
 * buffers this processor (one per stream thread) reuses for every event.
 */
final class ScoreProcessor
        implements FixedKeyProcessor<String, Sourced<FeatureEvent>, Outcome<ScoreEvent>> {
    static final String STAGE = "score";

    private final ModelRegistry models;
    private final String defaultModel;
    private final int topK;
    private final ScorerMetrics metrics;
    private final DriftProbe drift;
    private final FeatureVector vector = new FeatureVector();
    private final ScoringWorkspace workspace = new ScoringWorkspace();
    private final int[] reasonIndexes;
    private final double[] reasonContributions;
    private FixedKeyProcessorContext<String, Outcome<ScoreEvent>> context;

    ScoreProcessor(
            ModelRegistry models,
            String defaultModel,
            int topK,
            ScorerMetrics metrics,
            DriftWatch drift) {
        this.models = models;
        this.defaultModel = defaultModel;
        this.topK = topK;
        this.metrics = metrics;
        this.drift = drift.probe();
        this.reasonIndexes = new int[topK];
        this.reasonContributions = new double[topK];
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Outcome<ScoreEvent>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Sourced<FeatureEvent>> record) {
        Sourced<FeatureEvent> input = record.value();
        if (input == null) {
            refuse(record, EventRejection.MISSING_VALUE, "record has no value");
            return;
        }
        if (record.key() == null) {
            refuse(record, EventRejection.MISSING_KEY, "record has no key (entity id)");
            return;
        }
        FeatureEvent event = input.value();
        String modelName = event.getModelName() == null ? defaultModel : event.getModelName();
        ScoringModel model = models.get(modelName);
        if (model == null) {
            refuse(record, EventRejection.NO_MODEL, "no model named '" + modelName + "' is loaded");
            return;
        }
        model.encode(event.getFeatures(), vector);
        if (vector.nonFiniteFeature() != null) {
            refuse(
                    record,
                    EventRejection.NON_FINITE_FEATURE,
                    "feature '"
                            + vector.nonFiniteFeature()
                            + "' is "
                            + event.getFeatures().get(vector.nonFiniteFeature()));
            return;
        }
        model.score(vector.values(), workspace);
        for (int h = 0; h < model.headCount(); h++) {
            if (Double.isNaN(workspace.probability(h))) {
                // Finite features whose contributions overflow to +inf and -inf: no score exists,
                // and a NaN would read as "not fraud" downstream.
                refuse(
                        record,
                        EventRejection.NON_FINITE_SCORE,
                        "head '"
                                + model.headName(h)
                                + "' has no score: the features' contributions overflow to"
                                + " infinities of both signs");
                return;
            }
        }
        drift.observe(model, vector.values(), workspace);
        long now = context.currentSystemTimeMs();
        ScoreEvent score =
                new ScoreEvent(
                        event.getEventId(),
                        event.getEntityId(),
                        event.getEventTime(),
                        Instant.ofEpochMilli(now),
                        model.name(),
                        ModelSpecs.toAvro(model.version()),
                        heads(model, vector.values()),
                        vector.imputed(),
                        vector.unknown(),
                        event.getAttributes());
        metrics.scored(vector.unknown(), vector.imputed(), now - record.timestamp());
        context.forward(record.withValue(Outcome.accept(score)));
    }

    /** The heads' scores, from the workspace {@code model} just scored {@code x} into. */
    private List<HeadScore> heads(ScoringModel model, double[] x) {
        int n = model.headCount();
        List<HeadScore> heads = new ArrayList<>(n);
        for (int h = 0; h < n; h++) {
            double p = workspace.probability(h);
            double threshold = model.threshold(h);
            heads.add(
                    new HeadScore(
                            model.headName(h), p, threshold, p >= threshold, reasons(model, h, x)));
        }
        return heads;
    }

    private List<ReasonCode> reasons(ScoringModel model, int head, double[] x) {
        if (topK == 0) {
            return List.of();
        }
        int count =
                model.topContributions(
                        head, x, workspace, topK, reasonIndexes, reasonContributions);
        List<ReasonCode> reasons = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            reasons.add(
                    new ReasonCode(
                            model.features().name(reasonIndexes[i]), reasonContributions[i]));
        }
        return reasons;
    }

    private void refuse(
            FixedKeyRecord<String, Sourced<FeatureEvent>> record,
            EventRejection reason,
            String detail) {
        metrics.rejected(reason);
        context.forward(
                Outcome.<FeatureEvent, ScoreEvent>refusal(
                        record, context.recordMetadata(), reason, STAGE, detail));
    }
}
