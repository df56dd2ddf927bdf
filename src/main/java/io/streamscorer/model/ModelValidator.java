package io.streamscorer.model;

/**
 * The checks every {@link ScoringModel} runs on construction, shared so that a logistic model and a
 * network refuse the same mistakes with the same {@link ModelRejection} and message.
 */
final class ModelValidator {
    /**
     * The longest model, head or feature name, in characters: far beyond any real name, and short
     * enough for every name to fit the learner's checkpoint format.
     */
    static final int MAX_NAME_LENGTH = 1_024;

    private ModelValidator() {}

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidModelException(ModelRejection.EMPTY_MODEL, "Model name is blank");
        }
        requireShort("Model name", name, ModelRejection.UNSUPPORTED_STRUCTURE);
        return name;
    }

    /** Refuses a name longer than {@link #MAX_NAME_LENGTH}, quoting only its start. */
    static void requireShort(String what, String name, ModelRejection reason) {
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidModelException(
                    reason,
                    what
                            + " '"
                            + name.substring(0, 40)
                            + "...' has "
                            + name.length()
                            + " characters, more than "
                            + MAX_NAME_LENGTH);
        }
    }

    /** Checks that there are features and heads at all. */
    static void requireNonEmpty(String model, int features, int heads) {
        if (features == 0) {
            throw new InvalidModelException(
                    ModelRejection.EMPTY_MODEL, "Model '" + model + "' has no features");
        }
        if (heads == 0) {
            throw new InvalidModelException(
                    ModelRejection.EMPTY_MODEL, "Model '" + model + "' has no output heads");
        }
        if (heads > ScoringModel.MAX_HEADS) {
            throw new InvalidModelException(
                    ModelRejection.UNSUPPORTED_STRUCTURE,
                    "Model '"
                            + model
                            + "' has "
                            + heads
                            + " heads, more than "
                            + ScoringModel.MAX_HEADS);
        }
    }

    /** The imputation values, zeros when absent, checked against the features. */
    static double[] imputation(String model, double[] values, FeatureIndex features) {
        int dim = features.size();
        double[] imputation = values == null ? new double[dim] : values.clone();
        if (imputation.length != dim) {
            throw new InvalidModelException(
                    ModelRejection.DIMENSION_MISMATCH,
                    "Model '"
                            + model
                            + "' has "
                            + imputation.length
                            + " imputation values for "
                            + dim
                            + " features");
        }
        requireFinite(model, imputation, "imputation value", features);
        return imputation;
    }

    /** Head {@code index}'s name, checked to be non-blank and unlike the heads before it. */
    static String headName(String model, String[] names, int index, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidModelException(
                    ModelRejection.EMPTY_MODEL, "Head " + index + " has a blank name");
        }
        requireShort("Head name", name, ModelRejection.UNSUPPORTED_STRUCTURE);
        for (int other = 0; other < index; other++) {
            if (names[other].equals(name)) {
                throw new InvalidModelException(
                        ModelRejection.UNSUPPORTED_STRUCTURE,
                        "Model '" + model + "' has two heads named '" + name + "'");
            }
        }
        return name;
    }

    static double bias(String model, String head, double bias) {
        if (!Double.isFinite(bias)) {
            throw new InvalidModelException(
                    ModelRejection.NON_FINITE_PARAMETER,
                    "Model '" + model + "' has a non-finite bias in head '" + head + "'");
        }
        return bias;
    }

    static double threshold(String head, double threshold) {
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new InvalidModelException(
                    ModelRejection.NON_FINITE_PARAMETER,
                    "Threshold of head '" + head + "' must be within [0, 1], got " + threshold);
        }
        return threshold;
    }

    /**
     * Checks {@code values}, indexed like the features, are finite; a failure names the feature.
     */
    static void requireFinite(String model, double[] values, String what, FeatureIndex features) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidModelException(
                        ModelRejection.NON_FINITE_PARAMETER,
                        "Model '"
                                + model
                                + "' has a non-finite "
                                + what
                                + " at index "
                                + i
                                + " ("
                                + features.name(i)
                                + "): "
                                + values[i]);
            }
        }
    }

    /** Checks a model's scaling has one center and one scale per feature; null passes. */
    static FeatureScaling scaling(String model, FeatureScaling scaling, FeatureIndex features) {
        if (scaling != null && scaling.dimension() != features.size()) {
            throw new InvalidModelException(
                    ModelRejection.DIMENSION_MISMATCH,
                    "Model '"
                            + model
                            + "' has a scaling for "
                            + scaling.dimension()
                            + " features; it has "
                            + features.size());
        }
        return scaling;
    }
}
