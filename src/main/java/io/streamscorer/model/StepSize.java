package io.streamscorer.model;

/**
 * The step size {@code η_t} of the rules that take one (SGD, AdaGrad, Adam): {@code η0} and how it
 * decays with the update count {@code t} (1 for the first update).
 *
 * @param initial {@code η0}, finite and {@code > 0}
 * @param schedule constant, or {@code η0/t^power_t}
 * @param powerT the exponent of {@link LearningRateSchedule#INVERSE_SCALING}; {@code >= 0}
 */
public record StepSize(double initial, LearningRateSchedule schedule, double powerT) {

    /** Validates every value, naming the bad one as its {@code scorer.learning.*} setting. */
    public StepSize {
        SettingRange.positiveFinite("learningRate", initial);
        if (schedule == null) {
            throw new InvalidSettingException("schedule", "schedule must not be null");
        }
        SettingRange.nonNegativeFinite("powerT", powerT);
    }

    /** A constant step size {@code η0}. */
    public static StepSize constant(double initial) {
        return new StepSize(initial, LearningRateSchedule.CONSTANT, 0.5);
    }

    /** This step size with {@code η0} replaced. */
    public StepSize withInitial(double value) {
        return new StepSize(value, schedule, powerT);
    }

    /** {@code η_t} at update {@code t}. */
    double at(long t) {
        // η0/t^power_t as η0·e^(−power_t·ln t): StrictMath.pow allocates until the JIT has
        // compiled it, exp and log do not, and both are reproducible on every JVM.
        return schedule == LearningRateSchedule.CONSTANT
                ? initial
                : initial * StrictMath.exp(-powerT * StrictMath.log((double) t));
    }
}
