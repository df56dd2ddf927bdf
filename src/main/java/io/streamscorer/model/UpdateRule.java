package io.streamscorer.model;

/**
 * One update rule's hyperparameters, validated on construction, and the factory of the state it
 * keeps for a vector of parameters. Each rule is its own record with its own settings: {@link Sgd},
 * {@link AdaGrad}, {@link Adam}, {@link Ftrl} step on a gradient ({@link GradientRule}) and serve
 * both learners; {@link Newton} updates a logistic model's posterior directly.
 */
public sealed interface UpdateRule permits GradientRule, Newton {

    /** The rule's stable identity, stored with the learner's state. */
    OptimizerKind kind();

    /**
     * Fresh state for a parameter vector of {@code regularised.length} entries, of which those
     * flagged are weights (regularised) and the others biases (never regularised).
     */
    OptimizerState newState(boolean[] regularised);
}
