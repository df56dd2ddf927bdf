package io.streamscorer.model;

import java.util.Objects;

/**
 * The validated hyperparameters of an {@link OnlineLogisticLearner}: which update rule, its rates,
 * regularisation, safety bounds and class weights. Every value is checked on construction; a bad
 * one raises an {@link InvalidSettingException} naming the setting.
 *
 * <p>Start from {@link #defaults(OptimizerKind)}, the per-rule defaults tuned once, with the same
 * values for every benchmark dataset, on standardised features:
 *
 * <pre>{@code
 * LearnerSettings settings = LearnerSettings.builder(OptimizerKind.ADAM)
 *         .learningRate(0.005)
 *         .positiveClassWeight(5.0)
 *         .build();
 * }</pre>
 *
 * @param optimizer the update rule
 * @param learningRate {@code η0} of SGD, AdaGrad and Adam (FTRL uses {@code ftrlAlpha}; NEWTON
 *     takes no rate, its step comes from the covariance); {@code > 0}
 * @param schedule how {@code η0} decays with the update count; FTRL and NEWTON take only {@code
 *     CONSTANT}
 * @param powerT the exponent of {@link LearningRateSchedule#INVERSE_SCALING}; {@code >= 0}
 * @param l1 L1 strength {@code λ1 >= 0}, on weights only, never the bias; NEWTON takes none
 * @param l2 L2 strength {@code λ2 >= 0}, on weights only, never the bias. For NEWTON it is the
 *     precision of the Gaussian prior {@code N(0, I/λ2)} over the standardised correction's weights
 *     and bias, so {@code > 0}: the {@code λ2} of the summed objective {@code Σℓ + (λ2/2)·‖w‖²}
 *     that {@link BatchLogisticRegression} minimises, where the other rules add {@code λ2·w} to
 *     every example's gradient. NEWTON's default is NaN, which means {@link #newtonPrecision(int)
 *     (d+1)/16}
 * @param clipNorm the largest Euclidean norm of one example's log-loss gradient (weights and bias
 *     of one head) before it is scaled down; {@code +∞} turns clipping off
 * @param maxWeightChange the largest change of any single weight or bias in one update; {@code +∞}
 *     means unbounded
 * @param beta1 Adam's first-moment decay, in {@code [0, 1)}
 * @param beta2 Adam's second-moment decay, in {@code [0, 1)}
 * @param epsilon AdaGrad's and Adam's denominator guard; {@code > 0}
 * @param ftrlAlpha FTRL's {@code α > 0}
 * @param ftrlBeta FTRL's {@code β >= 0}
 * @param forgetting NEWTON's forgetting factor {@code γ} in {@code (0, 1]}: the covariance is
 *     divided by {@code γ} before each update, so an example's weight in the fit decays as {@code
 *     γ^age} (memory about {@code 1/(1−γ)} examples); 1 forgets nothing
 * @param positiveClassWeight gradient scale of examples labelled 1; {@code > 0}
 * @param negativeClassWeight gradient scale of examples labelled 0; {@code > 0}
 */
public record LearnerSettings(
        OptimizerKind optimizer,
        double learningRate,
        LearningRateSchedule schedule,
        double powerT,
        double l1,
        double l2,
        double clipNorm,
        double maxWeightChange,
        double beta1,
        double beta2,
        double epsilon,
        double ftrlAlpha,
        double ftrlBeta,
        double forgetting,
        double positiveClassWeight,
        double negativeClassWeight) {

    // NEWTON's default prior gives the logit this variance (a standard deviation of 4).
    private static final double PRIOR_LOGIT_VARIANCE = 16.0;

    /** Validates every value. */
    public LearnerSettings {
        if (optimizer == null) {
            throw new InvalidSettingException("optimizer", "optimizer must not be null");
        }
        if (schedule == null) {
            throw new InvalidSettingException("schedule", "schedule must not be null");
        }
        positiveFinite("learningRate", learningRate);
        nonNegativeFinite("powerT", powerT);
        nonNegativeFinite("l1", l1);
        if (!(optimizer == OptimizerKind.NEWTON && Double.isNaN(l2))) {
            nonNegativeFinite("l2", l2);
        }
        positiveOrInfinite("clipNorm", clipNorm);
        positiveOrInfinite("maxWeightChange", maxWeightChange);
        unitInterval("beta1", beta1);
        unitInterval("beta2", beta2);
        positiveFinite("epsilon", epsilon);
        positiveFinite("ftrlAlpha", ftrlAlpha);
        nonNegativeFinite("ftrlBeta", ftrlBeta);
        if (!(forgetting > 0 && forgetting <= 1)) {
            throw new InvalidSettingException(
                    "forgetting", "forgetting must be in (0, 1], got " + forgetting);
        }
        positiveFinite("positiveClassWeight", positiveClassWeight);
        positiveFinite("negativeClassWeight", negativeClassWeight);
        if (optimizer == OptimizerKind.FTRL && schedule != LearningRateSchedule.CONSTANT) {
            throw new InvalidSettingException(
                    "schedule",
                    "schedule must be CONSTANT for FTRL, got "
                            + schedule
                            + ": FTRL's per-coordinate rate α/(β+√n) already decays");
        }
        if (optimizer == OptimizerKind.NEWTON) {
            checkNewton(schedule, l1, l2);
        }
    }

    private static void checkNewton(LearningRateSchedule schedule, double l1, double l2) {
        if (schedule != LearningRateSchedule.CONSTANT) {
            throw new InvalidSettingException(
                    "schedule",
                    "schedule must be CONSTANT for NEWTON, got "
                            + schedule
                            + ": its steps shrink with the covariance, not with a rate");
        }
        if (l1 != 0) {
            throw new InvalidSettingException(
                    "l1",
                    "l1 must be 0 for NEWTON, got "
                            + l1
                            + ": a Gaussian posterior cannot set weights to exactly zero");
        }
        if (l2 == 0) {
            throw new InvalidSettingException(
                    "l2",
                    "l2 must be > 0 for NEWTON: it is the precision of the prior, and 0 would"
                            + " start from an infinite covariance");
        }
    }

    /** The tuned defaults of {@code optimizer}. */
    public static LearnerSettings defaults(OptimizerKind optimizer) {
        return builder(optimizer).build();
    }

    /** A builder starting from the tuned defaults of {@code optimizer}. */
    public static Builder builder(OptimizerKind optimizer) {
        Objects.requireNonNull(optimizer, "optimizer == null");
        Builder b = new Builder();
        b.optimizer = optimizer;
        b.learningRate =
                switch (optimizer) {
                    case SGD -> 0.03;
                    case ADAGRAD -> 0.1;
                    case ADAM -> 0.01;
                    case FTRL -> 0.1;
                    case NEWTON -> 1.0;
                };
        // NEWTON's λ2 weighs the prior against the summed log-loss, so it is the ceiling's λ2.
        // NEWTON's prior is sized to the model's dimension when it starts: see newtonPrecision.
        b.l2 = optimizer == OptimizerKind.NEWTON ? Double.NaN : 1e-4;
        return b;
    }

    /**
     * A builder starting from the defaults for training a {@link NetworkModel} with {@code
     * optimizer}: PyTorch's, learning rate 0.01 (the rate of {@code torch.optim.Adam(lr=0.01)}) and
     * no weight decay; the safety bounds are the logistic defaults.
     *
     * @throws InvalidSettingException unless {@code optimizer} is SGD or ADAM, the rules {@link
     *     OnlineNetworkLearner} implements
     */
    public static Builder networkBuilder(OptimizerKind optimizer) {
        requireNetworkOptimizer(optimizer);
        Builder b = builder(optimizer);
        b.learningRate = 0.01;
        b.l2 = 0.0;
        return b;
    }

    /** The network defaults of {@code optimizer}; see {@link #networkBuilder}. */
    public static LearnerSettings networkDefaults(OptimizerKind optimizer) {
        return networkBuilder(optimizer).build();
    }

    static void requireNetworkOptimizer(OptimizerKind optimizer) {
        if (optimizer != OptimizerKind.SGD && optimizer != OptimizerKind.ADAM) {
            throw new InvalidSettingException(
                    "optimizer", "networks train with SGD or ADAM, got " + optimizer);
        }
    }

    /** A builder holding these settings, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.optimizer = optimizer;
        b.learningRate = learningRate;
        b.schedule = schedule;
        b.powerT = powerT;
        b.l1 = l1;
        b.l2 = l2;
        b.clipNorm = clipNorm;
        b.maxWeightChange = maxWeightChange;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.epsilon = epsilon;
        b.ftrlAlpha = ftrlAlpha;
        b.ftrlBeta = ftrlBeta;
        b.forgetting = forgetting;
        b.positiveClassWeight = positiveClassWeight;
        b.negativeClassWeight = negativeClassWeight;
        return b;
    }

    /** The class weight of {@code label} (0 or 1). */
    /**
     * NEWTON's prior precision for a model of {@code dimension} features: {@link #l2()} if set,
     * else {@code (d+1)/16}, the precision at which the prior's logit {@code θ·z̄} over {@code d}
     * standardised features and the bias has a standard deviation of 4 (probabilities from about 2%
     * to 98% within one standard deviation), whatever the number of features. A fixed precision
     * would let the prior's logit spread grow with every feature added, so wide models would
     * overfit their first labels and narrow ones learn too slowly.
     */
    public double newtonPrecision(int dimension) {
        return Double.isNaN(l2) ? (dimension + 1) / PRIOR_LOGIT_VARIANCE : l2;
    }

    double classWeight(int label) {
        return label == 1 ? positiveClassWeight : negativeClassWeight;
    }

    private static void positiveFinite(String name, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new InvalidSettingException(name, name + " must be finite and > 0, got " + value);
        }
    }

    private static void nonNegativeFinite(String name, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new InvalidSettingException(
                    name, name + " must be finite and >= 0, got " + value);
        }
    }

    private static void positiveOrInfinite(String name, double value) {
        if (!(value > 0)) {
            throw new InvalidSettingException(
                    name, name + " must be > 0 (Infinity turns the bound off), got " + value);
        }
    }

    private static void unitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidSettingException(name, name + " must be in [0, 1), got " + value);
        }
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {
        private OptimizerKind optimizer;
        private double learningRate;
        private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
        private double powerT = 0.5;
        private double l1;
        private double l2;
        private double clipNorm = Double.POSITIVE_INFINITY;
        private double maxWeightChange = 1.0;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double ftrlAlpha = 0.2;
        private double ftrlBeta = 1.0;
        // NEWTON's memory of about 5,000 labels; the other rules ignore it
        private double forgetting = 0.9998;
        private double positiveClassWeight = 1.0;
        private double negativeClassWeight = 1.0;

        private Builder() {}

        /** Switches the update rule, keeping every other value. */
        public Builder optimizer(OptimizerKind value) {
            this.optimizer = value;
            return this;
        }

        /** Sets {@code η0}. */
        public Builder learningRate(double value) {
            this.learningRate = value;
            return this;
        }

        /** Sets the learning-rate schedule. */
        public Builder schedule(LearningRateSchedule value) {
            this.schedule = value;
            return this;
        }

        /** Sets the inverse-scaling exponent. */
        public Builder powerT(double value) {
            this.powerT = value;
            return this;
        }

        /** Sets the L1 strength. */
        public Builder l1(double value) {
            this.l1 = value;
            return this;
        }

        /** Sets the L2 strength. */
        public Builder l2(double value) {
            this.l2 = value;
            return this;
        }

        /** Sets the gradient-norm bound ({@code +∞}: off). */
        public Builder clipNorm(double value) {
            this.clipNorm = value;
            return this;
        }

        /** Sets the per-update bound on any one weight's change ({@code +∞}: off). */
        public Builder maxWeightChange(double value) {
            this.maxWeightChange = value;
            return this;
        }

        /** Sets Adam's first-moment decay. */
        public Builder beta1(double value) {
            this.beta1 = value;
            return this;
        }

        /** Sets Adam's second-moment decay. */
        public Builder beta2(double value) {
            this.beta2 = value;
            return this;
        }

        /** Sets AdaGrad's and Adam's denominator guard. */
        public Builder epsilon(double value) {
            this.epsilon = value;
            return this;
        }

        /** Sets FTRL's α. */
        public Builder ftrlAlpha(double value) {
            this.ftrlAlpha = value;
            return this;
        }

        /** Sets FTRL's β. */
        public Builder ftrlBeta(double value) {
            this.ftrlBeta = value;
            return this;
        }

        /** Sets NEWTON's forgetting factor {@code γ} (1: no forgetting). */
        public Builder forgetting(double value) {
            this.forgetting = value;
            return this;
        }

        /** Sets the gradient scale of positive (label 1) examples. */
        public Builder positiveClassWeight(double value) {
            this.positiveClassWeight = value;
            return this;
        }

        /** Sets the gradient scale of negative (label 0) examples. */
        public Builder negativeClassWeight(double value) {
            this.negativeClassWeight = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidSettingException naming the first bad setting
         */
        public LearnerSettings build() {
            return new LearnerSettings(
                    optimizer,
                    learningRate,
                    schedule,
                    powerT,
                    l1,
                    l2,
                    clipNorm,
                    maxWeightChange,
                    beta1,
                    beta2,
                    epsilon,
                    ftrlAlpha,
                    ftrlBeta,
                    forgetting,
                    positiveClassWeight,
                    negativeClassWeight);
        }
    }
}
