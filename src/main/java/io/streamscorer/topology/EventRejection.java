package io.streamscorer.topology;

/**
 * Why an input record was not scored or learned from. Written as the {@code scorer.dlq.reason}
 * header of its dead letter and counted per reason.
 */
public enum EventRejection {
    /** The record has no key (entity id or event id). */
    MISSING_KEY,
    /** The record has no value. */
    MISSING_VALUE,
    /** No model of the name the event asks for (or of the default name) is loaded. */
    NO_MODEL,
    /** A feature the model uses is NaN or infinite. */
    NON_FINITE_FEATURE,
    /** The bytes are not a decodable record; the detail says which wire-format check failed. */
    UNDESERIALIZABLE
}
