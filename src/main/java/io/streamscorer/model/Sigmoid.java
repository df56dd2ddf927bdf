package io.streamscorer.model;

/**
 * The logistic function and its logarithms, computed so that they neither overflow nor round small
 * probabilities to zero.
 *
 * <p>{@code σ(z) = 1/(1+e^(−z))} is evaluated branch-on-sign: for {@code z ≥ 0} as {@code
 * 1/(1+e^(−z))}, otherwise as {@code e^z/(1+e^z)}, so {@code e^x} is only ever taken of a
 * non-positive {@code x}. The naive {@code 1 − 1/(1+e^z)} returns exactly 0 at {@code z = −40},
 * where the true value is about 4.2e−18, and the log-loss of a positive label then becomes −∞.
 * {@code log σ(z)} is {@code −log1p(e^(−z))} for {@code z ≥ 0} and {@code z − log1p(e^z)}
 * otherwise, finite for every finite {@code z}.
 */
public final class Sigmoid {
    private Sigmoid() {}

    /** σ(z), in [0, 1]; never NaN for a non-NaN argument. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /**
     * σ(z) branch-on-sign as {@link #sigmoid}, through {@link StrictMath}, so what a learner feeds
     * its state from is bit-for-bit the same on every JVM and CPU.
     */
    static double strict(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1.0 + e);
    }

    /** log σ(z), finite for every finite z (about z for very negative z). */
    public static double logSigmoid(double z) {
        if (z >= 0) {
            return -Math.log1p(Math.exp(-z));
        }
        return z - Math.log1p(Math.exp(z));
    }

    /**
     * Binary cross-entropy of label {@code y} (0 or 1, or a soft label in between) for the logit
     * {@code z}: {@code −[y·log σ(z) + (1−y)·log σ(−z)]}, through log-sigmoid so it stays finite.
     */
    public static double logLoss(double z, double y) {
        return -(y * logSigmoid(z) + (1.0 - y) * logSigmoid(-z));
    }
}
