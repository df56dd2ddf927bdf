package io.streamscorer.model;

/** Why a model version was refused; each reason is counted and written on its dead letter. */
public enum ModelRejection {
    /** The record could not be decoded at all. */
    UNPARSABLE,
    /** No features, no heads, or a blank name. */
    EMPTY_MODEL,
    /** A feature name is null, blank or longer than 1,024 characters. */
    INVALID_FEATURE_NAME,
    /** The same feature name appears twice. */
    DUPLICATE_FEATURE,
    /** Weight, bias, imputation or threshold counts disagree with the feature or layer sizes. */
    DIMENSION_MISMATCH,
    /** A weight, bias, imputation value or threshold is NaN or infinite, or out of range. */
    NON_FINITE_PARAMETER,
    /**
     * An activation or head definition the scorer does not support, more than 64 heads, a model or
     * head name longer than 1,024 characters, or a version with no next version.
     */
    UNSUPPORTED_STRUCTURE,
    /** The version is not newer than every one served under its name before, retired ones too. */
    STALE_VERSION,
    /** Signing is required and the model carries no signature. */
    UNSIGNED,
    /** The signature does not verify with the configured public key. */
    BAD_SIGNATURE,
    /** The record exceeds the configured size limit. */
    TOO_LARGE
}
