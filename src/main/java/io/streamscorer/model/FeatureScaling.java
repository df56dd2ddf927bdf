package io.streamscorer.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature centring and scaling, {@code z_i = (x_i − c_i) / s_i}, that a model's weights apply
 * to: what scikit-learn's {@code StandardScaler} does in front of a logistic regression, and what
 * the online learner keeps so that it learns the same whatever units producers send. Producers keep
 * sending raw values; the model applies the scaling. A logistic model folds it into its weights
 * once per version ({@code w_i / s_i} and {@code b − Σ w_i·c_i / s_i}), so scoring costs nothing
 * more; a network standardises its input before the first layer. Immutable.
 */
public final class FeatureScaling {
    private final double[] center;
    private final double[] scale;

    private FeatureScaling(double[] center, double[] scale) {
        this.center = center;
        this.scale = scale;
    }

    /**
     * The scaling {@code (x − center) / scale}, feature by feature.
     *
     * @throws InvalidModelException if the lengths differ, a center is not finite or a scale is not
     *     finite and positive
     */
    public static FeatureScaling of(double[] center, double[] scale) {
        Objects.requireNonNull(center, "center == null");
        Objects.requireNonNull(scale, "scale == null");
        if (center.length != scale.length) {
            throw new InvalidModelException(
                    ModelRejection.DIMENSION_MISMATCH,
                    "Scaling has "
                            + center.length
                            + " centers and "
                            + scale.length
                            + " scales; it needs one of each per feature");
        }
        for (int i = 0; i < center.length; i++) {
            if (!Double.isFinite(center[i])) {
                throw new InvalidModelException(
                        ModelRejection.NON_FINITE_PARAMETER,
                        "Scaling center at index " + i + " is not finite: " + center[i]);
            }
            if (!(scale[i] > 0 && Double.isFinite(scale[i]))) {
                throw new InvalidModelException(
                        ModelRejection.NON_FINITE_PARAMETER,
                        "Scaling scale at index " + i + " must be finite and > 0, got " + scale[i]);
            }
        }
        return new FeatureScaling(center.clone(), scale.clone());
    }

    /** Number of features scaled. */
    public int dimension() {
        return center.length;
    }

    /** A copy of the centers. */
    public double[] center() {
        return center.clone();
    }

    /** A copy of the scales. */
    public double[] scale() {
        return scale.clone();
    }

    /** Standardises the first {@link #dimension()} values of {@code x} in place. */
    public void standardize(double[] x) {
        for (int i = 0; i < center.length; i++) {
            x[i] = (x[i] - center[i]) / scale[i];
        }
    }

    /** The weights on raw values equivalent to {@code weights} on standardised ones. */
    public double[] foldWeights(double[] weights) {
        double[] raw = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            raw[i] = weights[i] / scale[i];
        }
        return raw;
    }

    /**
     * The bias on raw values equivalent to {@code bias} with {@code weights} on standardised ones.
     */
    public double foldBias(double[] weights, double bias) {
        double shift = 0;
        for (int i = 0; i < weights.length; i++) {
            shift += weights[i] * center[i] / scale[i];
        }
        return bias - shift;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaling s
                && Arrays.equals(center, s.center)
                && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(center) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "FeatureScaling[" + center.length + " features]";
    }
}
