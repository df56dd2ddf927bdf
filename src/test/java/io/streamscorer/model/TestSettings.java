package io.streamscorer.model;

/**
 * Learner settings for tests that vary one hyperparameter across every rule: starts from a rule's
 * defaults and overrides what is set, each value going to the rule that takes it (a learning rate
 * to FTRL is its α). Production code builds rules directly, or from configuration.
 */
final class TestSettings {
    private final UpdateRule base;
    private double learningRate = Double.NaN;
    private LearningRateSchedule schedule;
    private double powerT = Double.NaN;
    private double l1 = Double.NaN;
    private double l2 = Double.NaN;
    private double forgetting = Double.NaN;
    private double ftrlBeta = Double.NaN;
    private double clipNorm = Double.POSITIVE_INFINITY;
    private double maxWeightChange = 1.0;
    private double positiveClassWeight = 1.0;
    private double negativeClassWeight = 1.0;

    private TestSettings(UpdateRule base) {
        this.base = base;
    }

    /** The logistic defaults of {@code kind}. */
    static TestSettings builder(OptimizerKind kind) {
        return new TestSettings(LearnerSettings.defaultRule(kind));
    }

    /** The network defaults of {@code kind}. */
    static TestSettings network(OptimizerKind kind) {
        return new TestSettings(LearnerSettings.networkDefaults(kind).rule());
    }

    TestSettings learningRate(double value) {
        learningRate = value;
        return this;
    }

    TestSettings schedule(LearningRateSchedule value) {
        schedule = value;
        return this;
    }

    TestSettings powerT(double value) {
        powerT = value;
        return this;
    }

    TestSettings l1(double value) {
        l1 = value;
        return this;
    }

    TestSettings l2(double value) {
        l2 = value;
        return this;
    }

    TestSettings forgetting(double value) {
        forgetting = value;
        return this;
    }

    TestSettings ftrlBeta(double value) {
        ftrlBeta = value;
        return this;
    }

    TestSettings clipNorm(double value) {
        clipNorm = value;
        return this;
    }

    TestSettings maxWeightChange(double value) {
        maxWeightChange = value;
        return this;
    }

    TestSettings positiveClassWeight(double value) {
        positiveClassWeight = value;
        return this;
    }

    TestSettings negativeClassWeight(double value) {
        negativeClassWeight = value;
        return this;
    }

    LearnerSettings build() {
        return new LearnerSettings(
                rule(), clipNorm, maxWeightChange, positiveClassWeight, negativeClassWeight);
    }

    private UpdateRule rule() {
        if (base instanceof Sgd d) {
            return new Sgd(step(d.stepSize()), or(l1, d.l1()), or(l2, d.l2()));
        }
        if (base instanceof AdaGrad d) {
            return new AdaGrad(step(d.stepSize()), d.epsilon(), or(l1, d.l1()), or(l2, d.l2()));
        }
        if (base instanceof Adam d) {
            return new Adam(
                    step(d.stepSize()),
                    d.beta1(),
                    d.beta2(),
                    d.epsilon(),
                    or(l1, d.l1()),
                    or(l2, d.l2()));
        }
        if (base instanceof Ftrl d) {
            return new Ftrl(
                    or(learningRate, d.alpha()),
                    or(ftrlBeta, d.beta()),
                    or(l1, d.l1()),
                    or(l2, d.l2()));
        }
        Newton d = (Newton) base;
        return new Newton(or(l2, d.l2()), or(forgetting, d.forgetting()));
    }

    private StepSize step(StepSize d) {
        return new StepSize(
                or(learningRate, d.initial()),
                schedule == null ? d.schedule() : schedule,
                or(powerT, d.powerT()));
    }

    private static double or(double value, double fallback) {
        return Double.isNaN(value) ? fallback : value;
    }
}
