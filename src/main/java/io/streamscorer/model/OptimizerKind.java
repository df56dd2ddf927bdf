package io.streamscorer.model;

/**
 * The names of the {@link UpdateRule}s, as configuration and learner state spell them. Each
 * constant carries a stable code, written into the learner's binary state, so reordering or adding
 * constants never changes what a stored state means. The rules themselves, with their settings and
 * state, are {@link Sgd}, {@link AdaGrad}, {@link Adam}, {@link Ftrl} and {@link Newton}.
 */
public enum OptimizerKind {
    /**
     * Plain stochastic gradient descent, with a constant or inverse-scaling learning rate (Bottou,
     * "Large-Scale Machine Learning with Stochastic Gradient Descent", COMPSTAT 2010).
     */
    SGD(1),
    /**
     * Diagonal AdaGrad: per-coordinate rates from the sum of squared gradients (Duchi, Hazan &amp;
     * Singer, JMLR 12, 2011).
     */
    ADAGRAD(2),
    /**
     * Adam with bias-corrected first and second moment estimates (Kingma &amp; Ba, ICLR 2015,
     * arXiv:1412.6980).
     */
    ADAM(3),
    /**
     * FTRL-Proximal with per-coordinate learning rates and native L1/L2 (McMahan et al., "Ad Click
     * Prediction: a View from the Trenches", KDD 2013).
     */
    FTRL(4),
    /**
     * Online Newton: a Gaussian posterior over weights and bias with a full covariance, updated per
     * example by an iterated extended Kalman filter step (Bell &amp; Cathey, IEEE TAC 38(2), 1993),
     * with exponential forgetting for drift. It tracks the L2-regularised batch fit in one pass at
     * O(d²) per update; meant for up to a few hundred features. See {@link Newton} for the update.
     */
    NEWTON(5);

    private final int code;

    OptimizerKind(int code) {
        this.code = code;
    }

    /** The code stored in encoded learner state. */
    int code() {
        return code;
    }

    /** The kind stored under {@code code}, or null if this build does not know it. */
    static OptimizerKind fromCode(int code) {
        for (OptimizerKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
