package io.streamscorer.model;

/**
 * The update rule an {@link OnlineLogisticLearner} applies. Each constant carries a stable code,
 * written into the learner's binary state, so reordering or adding constants never changes what a
 * stored state means.
 */
public enum OptimizerKind {
    /**
     * Plain stochastic gradient descent, with a constant or inverse-scaling learning rate (Bottou,
     * "Large-Scale Machine Learning with Stochastic Gradient Descent", COMPSTAT 2010).
     */
    SGD(1, 0),
    /**
     * Diagonal AdaGrad: per-coordinate rates from the sum of squared gradients (Duchi, Hazan &amp;
     * Singer, JMLR 12, 2011).
     */
    ADAGRAD(2, 1),
    /**
     * Adam with bias-corrected first and second moment estimates (Kingma &amp; Ba, ICLR 2015,
     * arXiv:1412.6980).
     */
    ADAM(3, 2),
    /**
     * FTRL-Proximal with per-coordinate learning rates and native L1/L2 (McMahan et al., "Ad Click
     * Prediction: a View from the Trenches", KDD 2013).
     */
    FTRL(4, 2),
    /**
     * Online Newton: a Gaussian posterior over weights and bias with a full covariance, updated per
     * example by an iterated extended Kalman filter step (Bell &amp; Cathey, IEEE TAC 38(2), 1993),
     * with exponential forgetting for drift. It tracks the L2-regularised batch fit in one pass at
     * O(d²) per update; meant for up to a few hundred features. See {@link OnlineLogisticLearner}
     * for the update.
     */
    NEWTON(5, 0);

    private final int code;
    private final int stateArrays;

    OptimizerKind(int code, int stateArrays) {
        this.code = code;
        this.stateArrays = stateArrays;
    }

    /** The code stored in encoded learner state. */
    int code() {
        return code;
    }

    /**
     * How many per-coordinate state vectors the rule keeps (AdaGrad: Σg²; Adam: m, v; FTRL: z, n).
     * NEWTON keeps none; its state is a covariance matrix instead.
     */
    int stateArrays() {
        return stateArrays;
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
