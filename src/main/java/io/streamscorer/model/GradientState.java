package io.streamscorer.model;

/**
 * The state of a {@link GradientRule} for one parameter vector, and its step: given the parameters
 * and one example's loss gradient (without regularisation, which the rule adds to the weights), it
 * proposes the parameters after the step.
 */
abstract class GradientState extends OptimizerState {

    GradientState(boolean[] regularised) {
        super(regularised);
    }

    /**
     * Writes the parameters after one step from {@code params} along {@code gradient} to {@code
     * next}, and proposes the rule's own state.
     *
     * @return whether the proposed state is finite (the parameters are checked by the caller)
     */
    abstract boolean propose(double[] params, double[] gradient, double[] next);

    /** {@code value} shrunk towards 0 by {@code threshold}: the proximal step of L1. */
    static double softThreshold(double value, double threshold) {
        if (threshold == 0.0) {
            return value;
        }
        return Math.abs(value) <= threshold ? 0.0 : value - Math.copySign(threshold, value);
    }
}
