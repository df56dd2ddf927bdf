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
 * Scores one feature event with the model it names (or the default model) and with each of that
 * champion's challengers, from one {@link Lineup} read once from the {@link ModelRegistry}, so the
 * whole event is scored by one set of versions. The score that decides (the champion's, or for an
 * entity in a challenger's A/B share that challenger's) is the output; the others are shadow
 * scores. Stateless and key-preserving ({@code processValues}): scoring never repartitions. Events
 * without a key, without a model, or with a non-finite value of a feature the model uses are
 * refused with a reason, never dropped. Logistic models and networks score alike; the feature
 * vector and the network activations live in buffers this processor (one per stream thread) reuses
 * for every event.
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
        Lineup lineup = models.lineup(modelName);
        if (lineup == null) {
            refuse(record, EventRejection.NO_MODEL, "no model named '" + modelName + "' is loaded");
            return;
        }
        ScoringModel model = lineup.champion().model();
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
        String overflowing = overflowingHead(model);
        if (overflowing != null) {
            // Finite features whose contributions overflow to +inf and -inf: no score exists,
            // and a NaN would read as "not fraud" downstream.
            refuse(
                    record,
                    EventRejection.NON_FINITE_SCORE,
                    "head '"
                            + overflowing
                            + "' has no score: the features' contributions overflow to"
                            + " infinities of both signs");
            return;
        }
        drift.observe(model, vector.values(), workspace);
        long now = context.currentSystemTimeMs();
        int decider = lineup.decider(record.key());
        // Reason codes only on the score that decides: they are for the analyst acting on the
        // decision; the shadow scores are for comparison, and cheaper without them.
        ScoreEvent championScore = scoreEvent(event, model, null, decider < 0, now);
        metrics.scored(vector.unknown(), vector.imputed(), now - record.timestamp());
        if (!lineup.hasChallengers()) {
            context.forward(record.withValue(Outcome.accept(championScore)));
            return;
        }
        List<ServedModel> challengers = lineup.challengers();
        ScoreEvent[] scores = new ScoreEvent[challengers.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = challengerScore(event, challengers.get(i), i == decider, now);
        }
        boolean challengerDecides = decider >= 0 && scores[decider] != null;
        if (decider >= 0 && !challengerDecides) {
            // The challenger had no score for this entity's event: the champion decides after
            // all, with its reasons.
            model.encode(event.getFeatures(), vector);
            model.score(vector.values(), workspace);
            championScore = scoreEvent(event, model, null, true, now);
        }
        context.forward(
                record.withValue(
                        Outcome.accept(challengerDecides ? scores[decider] : championScore)));
        if (challengerDecides) {
            context.forward(record.withValue(Outcome.shadow(championScore)));
        }
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] != null && !(challengerDecides && i == decider)) {
                context.forward(record.withValue(Outcome.shadow(scores[i])));
            }
        }
    }

    /**
     * {@code challenger}'s score of {@code event}, or null when it has none: a feature it uses is
     * not finite, or its contributions overflow. The champion's score stands for such an event; the
     * challenger's miss is counted, not dead-lettered, since the event itself was scored.
     */
    private ScoreEvent challengerScore(
            FeatureEvent event, ServedModel challenger, boolean decides, long now) {
        ScoringModel model = challenger.model();
        model.encode(event.getFeatures(), vector);
        if (vector.nonFiniteFeature() != null) {
            metrics.shadowSkipped(model.name(), EventRejection.NON_FINITE_FEATURE);
            return null;
        }
        model.score(vector.values(), workspace);
        if (overflowingHead(model) != null) {
            metrics.shadowSkipped(model.name(), EventRejection.NON_FINITE_SCORE);
            return null;
        }
        metrics.shadowScored(model.name());
        return scoreEvent(event, model, challenger.challengerOf(), decides, now);
    }

    /** The first head the workspace holds no score for, or null when every head has one. */
    private String overflowingHead(ScoringModel model) {
        for (int h = 0; h < model.headCount(); h++) {
            if (Double.isNaN(workspace.probability(h))) {
                return model.headName(h);
            }
        }
        return null;
    }

    /** The score event of {@code event}, from the workspace {@code model} just scored it into. */
    private ScoreEvent scoreEvent(
            FeatureEvent event,
            ScoringModel model,
            String challengerOf,
            boolean withReasons,
            long now) {
        return new ScoreEvent(
                event.getEventId(),
                event.getEntityId(),
                event.getEventTime(),
                Instant.ofEpochMilli(now),
                model.name(),
                ModelSpecs.toAvro(model.version()),
                heads(model, vector.values(), withReasons),
                vector.imputed(),
                vector.unknown(),
                event.getAttributes(),
                challengerOf);
    }

    /** The heads' scores, from the workspace {@code model} just scored {@code x} into. */
    private List<HeadScore> heads(ScoringModel model, double[] x, boolean withReasons) {
        int n = model.headCount();
        List<HeadScore> heads = new ArrayList<>(n);
        for (int h = 0; h < n; h++) {
            double p = workspace.probability(h);
            double threshold = model.threshold(h);
            heads.add(
                    new HeadScore(
                            model.headName(h),
                            p,
                            threshold,
                            p >= threshold,
                            withReasons ? reasons(model, h, x) : List.of()));
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
