package io.streamscorer.model;

import java.util.Comparator;

/**
 * A model version {@code generation.step}, compared in that order. An operator's deploy or rollback
 * starts a new generation at step 0; the online learner publishes steps within the current
 * generation. So a deploy always wins over a learner update computed from an older model.
 */
public record ModelVersion(long generation, long step) implements Comparable<ModelVersion> {
    private static final Comparator<ModelVersion> ORDER =
            Comparator.comparingLong(ModelVersion::generation)
                    .thenComparingLong(ModelVersion::step);

    /** Checks both parts are non-negative. */
    public ModelVersion {
        if (generation < 0 || step < 0) {
            throw new IllegalArgumentException(
                    "Model version parts must be >= 0, got " + generation + "." + step);
        }
    }

    /** Parses {@code "generation.step"}, for example {@code "3.12"}; a bare {@code "3"} is 3.0. */
    public static ModelVersion parse(String text) {
        String trimmed = text.trim();
        int dot = trimmed.indexOf('.');
        try {
            if (dot < 0) {
                return new ModelVersion(Long.parseLong(trimmed), 0);
            }
            return new ModelVersion(
                    Long.parseLong(trimmed.substring(0, dot)),
                    Long.parseLong(trimmed.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Model version must look like generation.step (e.g. 3.12), got '" + text + "'",
                    e);
        }
    }

    /** The next learner step in this generation. */
    public ModelVersion nextStep() {
        return new ModelVersion(generation, step + 1);
    }

    /** The first version of the next generation, as an operator's deploy makes. */
    public ModelVersion nextGeneration() {
        return new ModelVersion(generation + 1, 0);
    }

    /** Whether this version is strictly newer than {@code other}. */
    public boolean isNewerThan(ModelVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(ModelVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return generation + "." + step;
    }
}
