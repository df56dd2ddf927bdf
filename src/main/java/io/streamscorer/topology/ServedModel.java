package io.streamscorer.topology;

import io.streamscorer.model.ScoringModel;
import java.time.Instant;

/**
 * A model version as an instance serves it: the immutable model and what the control record said
 * about it besides the weights.
 *
 * @param model the model: a logistic model or a network
 * @param learningPaused whether the online learner must leave this model alone
 * @param origin who published the version (operator, learner, rollback, ...)
 * @param createdAt when the version was made
 * @param servedSince when this instance swapped it in
 * @param priorLabels how many labels the version says its weights are worth to the learner, or null
 *     if it does not say
 * @param challengerOf the champion this model challenges, or null for a champion
 * @param share the share of the champion's entities this challenger decides for, in [0, 1]; 0 for a
 *     champion and for a challenger that only shadows
 */
public record ServedModel(
        ScoringModel model,
        boolean learningPaused,
        String origin,
        Instant createdAt,
        Instant servedSince,
        Long priorLabels,
        String challengerOf,
        double share) {

    /** A champion, or a model on its own. */
    public ServedModel(
            ScoringModel model,
            boolean learningPaused,
            String origin,
            Instant createdAt,
            Instant servedSince,
            Long priorLabels) {
        this(model, learningPaused, origin, createdAt, servedSince, priorLabels, null, 0.0);
    }

    /** Whether this model challenges another rather than deciding on its own events. */
    public boolean isChallenger() {
        return challengerOf != null;
    }
}
