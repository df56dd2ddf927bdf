package io.streamscorer.model;

import java.util.Objects;

/**
 * What an online learner updates with: its {@link UpdateRule} (which carries the rule's own
 * hyperparameters) and the safety bounds and class weights every rule shares. Every value is
 * checked on construction; a bad one raises an {@link InvalidSettingException} naming the setting.
 *
 * <pre>{@code
 * LearnerSettings settings = LearnerSettings.of(Adam.defaults().withStepSize(StepSize.constant(0.005)))
 *         .withClassWeights(5.0, 1.0);
 * }</pre>
 *
 * @param rule the update rule and its hyperparameters
 * @param clipNorm the largest Euclidean norm of one example's log-loss gradient (weights and bias
 *     of one head, or all a network's parameters) before it is scaled down; {@code +∞} turns
 *     clipping off
 * @param maxWeightChange the largest change of any single weight or bias in one update; {@code +∞}
 *     means unbounded
 * @param positiveClassWeight loss scale of examples labelled 1; {@code > 0}
 * @param negativeClassWeight loss scale of examples labelled 0; {@code > 0}
 */
public record LearnerSettings(
        UpdateRule rule,
        double clipNorm,
        double maxWeightChange,
        double positiveClassWeight,
        double negativeClassWeight) {

    /** Validates every value. */
    public LearnerSettings {
        if (rule == null) {
            throw new InvalidSettingException("optimizer", "optimizer must not be null");
        }
        SettingRange.positiveOrInfinite("clipNorm", clipNorm);
        SettingRange.positiveOrInfinite("maxWeightChange", maxWeightChange);
        SettingRange.positiveFinite("positiveClassWeight", positiveClassWeight);
        SettingRange.positiveFinite("negativeClassWeight", negativeClassWeight);
    }

    /**
     * {@code rule} with the default bounds: no gradient clipping, each weight's change per update
     * at most 1, both classes weighted 1.
     */
    public static LearnerSettings of(UpdateRule rule) {
        return new LearnerSettings(rule, Double.POSITIVE_INFINITY, 1.0, 1.0, 1.0);
    }

    /** The tuned defaults of {@code optimizer} for logistic models. */
    public static LearnerSettings defaults(OptimizerKind optimizer) {
        return of(defaultRule(optimizer));
    }

    /** The tuned logistic defaults of the rule {@code optimizer} names. */
    public static UpdateRule defaultRule(OptimizerKind optimizer) {
        Objects.requireNonNull(optimizer, "optimizer == null");
        return switch (optimizer) {
            case SGD -> Sgd.defaults();
            case ADAGRAD -> AdaGrad.defaults();
            case ADAM -> Adam.defaults();
            case FTRL -> Ftrl.defaults();
            case NEWTON -> Newton.defaults();
        };
    }

    /**
     * The defaults for training a {@link NetworkModel} with {@code optimizer}: PyTorch's, learning
     * rate 0.01 (the rate of {@code torch.optim.Adam(lr=0.01)}) and no weight decay; the safety
     * bounds are the logistic defaults.
     *
     * @throws InvalidSettingException unless {@code optimizer} is SGD or ADAM, the rules {@link
     *     OnlineNetworkLearner} trains with
     */
    public static LearnerSettings networkDefaults(OptimizerKind optimizer) {
        StepSize rate = StepSize.constant(0.01);
        return switch (optimizer) {
            case SGD -> of(new Sgd(rate, 0.0, 0.0));
            case ADAM -> of(new Adam(rate, 0.9, 0.999, 1e-8, 0.0, 0.0));
            default ->
                    throw new InvalidSettingException(
                            "optimizer", "networks train with SGD or ADAM, got " + optimizer);
        };
    }

    /** The rule's identity. */
    public OptimizerKind optimizer() {
        return rule.kind();
    }

    /** These settings with another rule. */
    public LearnerSettings withRule(UpdateRule value) {
        return new LearnerSettings(
                value, clipNorm, maxWeightChange, positiveClassWeight, negativeClassWeight);
    }

    /** These settings with another gradient-norm bound ({@code +∞}: off). */
    public LearnerSettings withClipNorm(double value) {
        return new LearnerSettings(
                rule, value, maxWeightChange, positiveClassWeight, negativeClassWeight);
    }

    /**
     * These settings with another per-update bound on any one weight's change ({@code +∞}: off).
     */
    public LearnerSettings withMaxWeightChange(double value) {
        return new LearnerSettings(rule, clipNorm, value, positiveClassWeight, negativeClassWeight);
    }

    /** These settings with other class weights. */
    public LearnerSettings withClassWeights(double positive, double negative) {
        return new LearnerSettings(rule, clipNorm, maxWeightChange, positive, negative);
    }

    /** The class weight of {@code label} (0 or 1). */
    double classWeight(int label) {
        return label == 1 ? positiveClassWeight : negativeClassWeight;
    }
}
