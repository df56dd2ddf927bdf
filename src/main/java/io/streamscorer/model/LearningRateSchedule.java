package io.streamscorer.model;

/**
 * How the base learning rate {@code η0} of SGD, AdaGrad and Adam changes with the head's update
 * count {@code t} (1 for the first update). FTRL-Proximal has its own per-coordinate rate and takes
 * no schedule.
 */
public enum LearningRateSchedule {
    /** {@code η_t = η0}. */
    CONSTANT,
    /**
     * {@code η_t = η0 / t^power_t}, scikit-learn's {@code
     * SGDClassifier(learning_rate="invscaling")}
     * (https://scikit-learn.org/stable/modules/sgd.html#mathematical-formulation).
     */
    INVERSE_SCALING
}
