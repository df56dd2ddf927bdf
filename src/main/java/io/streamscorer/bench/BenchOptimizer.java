package io.streamscorer.bench;

import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.LearningRateSchedule;
import io.streamscorer.model.OptimizerKind;
import java.util.Locale;

/**
 * The optimizer configurations the learning benchmark compares, each by a short name for the
 * command line. All but {@code sgd-invscaling} are exactly {@link LearnerSettings#defaults}, so the
 * benchmark measures what the scorer runs with.
 */
public enum BenchOptimizer {
    /** SGD with a constant learning rate. */
    SGD("sgd"),
    /** SGD with η0/√t, scikit-learn's {@code invscaling} with its default {@code power_t = 0.5}. */
    SGD_INVSCALING("sgd-invscaling"),
    /** Diagonal AdaGrad. */
    ADAGRAD("adagrad"),
    /** Adam. */
    ADAM("adam"),
    /** FTRL-Proximal. */
    FTRL("ftrl"),
    /** Online Newton (iterated extended Kalman filter with forgetting). */
    NEWTON("newton");

    /**
     * {@code η0} of {@code sgd-invscaling}: larger than constant SGD's, as it decays from there.
     */
    public static final double INVSCALING_ETA0 = 0.5;

    private final String label;

    BenchOptimizer(String label) {
        this.label = label;
    }

    /** The command-line name. */
    public String label() {
        return label;
    }

    /** The settings this configuration learns with. */
    public LearnerSettings settings() {
        return switch (this) {
            case SGD -> LearnerSettings.defaults(OptimizerKind.SGD);
            case SGD_INVSCALING ->
                    LearnerSettings.builder(OptimizerKind.SGD)
                            .schedule(LearningRateSchedule.INVERSE_SCALING)
                            .learningRate(INVSCALING_ETA0)
                            .powerT(0.5)
                            .build();
            case ADAGRAD -> LearnerSettings.defaults(OptimizerKind.ADAGRAD);
            case ADAM -> LearnerSettings.defaults(OptimizerKind.ADAM);
            case FTRL -> LearnerSettings.defaults(OptimizerKind.FTRL);
            case NEWTON -> LearnerSettings.defaults(OptimizerKind.NEWTON);
        };
    }

    /**
     * The configuration called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static BenchOptimizer parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (BenchOptimizer o : values()) {
            if (o.label.equals(wanted)) {
                return o;
            }
        }
        StringBuilder known = new StringBuilder();
        for (BenchOptimizer o : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(o.label);
        }
        throw new IllegalArgumentException("Unknown optimizer '" + name + "'; known: " + known);
    }
}
