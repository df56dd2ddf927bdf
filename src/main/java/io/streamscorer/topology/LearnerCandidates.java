package io.streamscorer.topology;

import io.streamscorer.model.ScoringModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The candidate the publish gate is judging for each model, as the learner last left it, so that
 * the comparison can score it beside the champion and the challengers. Written by {@link
 * LearnProcessor} and read by {@link CompareProcessor}; both run in the task that owns the model,
 * the comparison first, so it scores each label before the learner learns it.
 */
final class LearnerCandidates {
    private final Map<String, ScoringModel> candidates = new ConcurrentHashMap<>();

    /** Records {@code candidate} (null: none is being judged) as the candidate of {@code model}. */
    void set(String model, ScoringModel candidate) {
        if (candidate == null) {
            candidates.remove(model);
        } else {
            candidates.put(model, candidate);
        }
    }

    /** The candidate of {@code model}, or null. */
    ScoringModel of(String model) {
        return candidates.get(model);
    }
}
