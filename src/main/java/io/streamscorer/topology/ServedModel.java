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
 */
public record ServedModel(
        ScoringModel model,
        boolean learningPaused,
        String origin,
        Instant createdAt,
        Instant servedSince,
        Long priorLabels) {}
