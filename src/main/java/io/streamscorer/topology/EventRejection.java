package io.streamscorer.topology;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Why an input record was not scored or learned from. Written as the {@code scorer.dlq.reason}
 * header of its dead letter and counted per reason.
 */
public enum EventRejection {
    /** The record has no key (entity id, or event id for feedback). */
    MISSING_KEY,
    /** The record has no value. */
    MISSING_VALUE,
    /** No model of the name the record asks for (or of the default name) is loaded. */
    NO_MODEL,
    /** A feature the model uses is NaN or infinite. */
    NON_FINITE_FEATURE,
    /**
     * The features are finite but the model's logit is not defined (contributions overflowing to
     * infinities of both signs), so there is no probability to write.
     */
    NON_FINITE_SCORE,
    /** The bytes are not a decodable record; the detail says which wire-format check failed. */
    UNDESERIALIZABLE,
    /** A feedback record's key differs from its event id, so duplicates could not be found. */
    KEY_MISMATCH,
    /** Feedback without features whose event was never seen within the retention. */
    UNKNOWN_EVENT,
    /** Feedback without features whose event is older than the retention. */
    EXPIRED_EVENT,
    /** Feedback without features while remembering features is off. */
    FEATURES_NOT_REMEMBERED,
    /**
     * Feedback timestamped more than an hour after the scorer's clock; learning from it would
     * expire every label of its partition and so let duplicates through.
     */
    FUTURE_TIMESTAMP,
    /** Every head this feedback labels was already labelled for its event. */
    DUPLICATE_LABEL,
    /** Feedback labels a head the model does not have. */
    UNKNOWN_HEAD,
    /** A label is not 0 or 1, or no head is labelled. */
    INVALID_LABEL,
    /** The example weight is negative or not finite. */
    INVALID_WEIGHT,
    /** Learning is paused for the model; replay the letter after resuming. */
    LEARNING_PAUSED,
    /** The update would have made a weight non-finite, so it was not applied. */
    UPDATE_REFUSED;

    /** The reasons the score processor refuses an event for. */
    public static final Set<EventRejection> SCORING =
            Collections.unmodifiableSet(
                    EnumSet.of(
                            MISSING_KEY,
                            MISSING_VALUE,
                            NO_MODEL,
                            NON_FINITE_FEATURE,
                            NON_FINITE_SCORE));
}
