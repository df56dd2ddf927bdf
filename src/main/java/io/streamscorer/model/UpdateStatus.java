package io.streamscorer.model;

/** What an {@link OnlineLearner} did with one labelled example. */
public enum UpdateStatus {
    /** The weights and optimizer state were updated. */
    APPLIED,
    /**
     * Some resulting parameter or optimizer state would have been NaN or infinite (a non-finite
     * feature, an overflowing gradient), so nothing changed.
     */
    REFUSED_NON_FINITE,
    /** The example weight was 0: predicted, but nothing to learn. */
    SKIPPED_ZERO_WEIGHT
}
