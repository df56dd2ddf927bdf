package io.streamscorer.model;

import java.io.DataInputStream;
import java.nio.ByteBuffer;

/**
 * Plain stochastic gradient descent (Bottou, "Large-Scale Machine Learning with Stochastic Gradient
 * Descent", COMPSTAT 2010): {@code w_i −= η_t·(g_i + λ2·w_i)}, then L1 as a proximal soft threshold
 * {@code w_i = sgn(w_i)·max(0, |w_i| − η_t·λ1)} (FOBOS: Duchi &amp; Singer, "Efficient Online and
 * Batch Learning Using Forward Backward Splitting", JMLR 10, 2009). Biases are never regularised.
 * It keeps no state beyond the update count.
 *
 * @param stepSize {@code η_t}
 * @param l1 L1 strength {@code λ1 >= 0}
 * @param l2 L2 strength {@code λ2 >= 0}, weight decay added to the gradient
 */
public record Sgd(StepSize stepSize, double l1, double l2) implements GradientRule {

    /** Validates every value. */
    public Sgd {
        if (stepSize == null) {
            throw new InvalidSettingException("learningRate", "learningRate must not be null");
        }
        SettingRange.nonNegativeFinite("l1", l1);
        SettingRange.nonNegativeFinite("l2", l2);
    }

    /** The tuned defaults for logistic models: {@code η = 0.03}, constant, {@code λ2 = 1e-4}. */
    public static Sgd defaults() {
        return new Sgd(StepSize.constant(0.03), 0.0, 1e-4);
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.SGD;
    }

    @Override
    public GradientState newState(boolean[] regularised) {
        return new State(this, regularised);
    }

    private static final class State extends GradientState {
        private final Sgd rule;

        State(Sgd rule, boolean[] regularised) {
            super(regularised);
            this.rule = rule;
        }

        @Override
        boolean propose(double[] params, double[] gradient, double[] next) {
            double eta = rule.stepSize.at(steps() + 1);
            for (int i = 0; i < size; i++) {
                double wi = params[i];
                if (regularised[i]) {
                    double gi = gradient[i] + rule.l2 * wi;
                    next[i] = softThreshold(wi - eta * gi, eta * rule.l1);
                } else {
                    next[i] = wi - eta * gradient[i];
                }
            }
            return true;
        }

        @Override
        void commitProposal() {}

        @Override
        void resetState(double[] params, long priorLabels) {}

        @Override
        int encodedSize() {
            return 0;
        }

        @Override
        void encode(ByteBuffer out) {}

        @Override
        void decodeState(DataInputStream in) {}
    }
}
