package io.streamscorer.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, arXiv:1412.6980,
 * Algorithm 1): with {@code g_i} the gradient plus weight decay {@code λ2·w_i}, {@code m_i = β1·m_i
 * + (1−β1)·g_i; v_i = β2·v_i + (1−β2)·g_i²; w_i −= η_t·m̂_i/(√v̂_i + ε)} with {@code m̂ =
 * m/(1−β1^t)}, {@code v̂ = v/(1−β2^t)}, then L1 as a soft threshold with the coordinate's rate
 * {@code η_t/(√v̂_i + ε)}, the same diagonal-metric argument as AdaGrad's. Biases are never
 * regularised. The powers {@code β^t} are kept by repeated multiplication: exact to replay, and no
 * {@code pow}.
 *
 * @param stepSize {@code η_t}
 * @param beta1 the first-moment decay, in {@code [0, 1)}
 * @param beta2 the second-moment decay, in {@code [0, 1)}
 * @param epsilon the denominator guard, {@code > 0}
 * @param l1 L1 strength {@code λ1 >= 0}
 * @param l2 L2 strength {@code λ2 >= 0}
 */
public record Adam(
        StepSize stepSize, double beta1, double beta2, double epsilon, double l1, double l2)
        implements GradientRule {

    /** Validates every value. */
    public Adam {
        if (stepSize == null) {
            throw new InvalidSettingException("learningRate", "learningRate must not be null");
        }
        SettingRange.unitInterval("beta1", beta1);
        SettingRange.unitInterval("beta2", beta2);
        SettingRange.positiveFinite("epsilon", epsilon);
        SettingRange.nonNegativeFinite("l1", l1);
        SettingRange.nonNegativeFinite("l2", l2);
    }

    /**
     * The tuned defaults for logistic models: {@code η = 0.01}, β and ε as in the paper, {@code λ2
     * = 1e-4}.
     */
    public static Adam defaults() {
        return new Adam(StepSize.constant(0.01), 0.9, 0.999, 1e-8, 0.0, 1e-4);
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.ADAM;
    }

    @Override
    public GradientState newState(boolean[] regularised) {
        return new State(this, regularised);
    }

    // The same products commit() accumulates; they reach 0 after at most ~7·10⁵ factors for
    // β < 0.999, so the loop stays short however long the learner has run.
    static double power(double base, long count) {
        double product = 1.0;
        for (long i = 0; i < count && product != 0.0; i++) {
            product *= base;
        }
        return product;
    }

    private static final class State extends GradientState {
        private final Adam rule;
        private double[] moments;
        private double[] squares;
        private double[] nextMoments;
        private double[] nextSquares;
        private double beta1Power = 1.0;
        private double beta2Power = 1.0;

        State(Adam rule, boolean[] regularised) {
            super(regularised);
            this.rule = rule;
            this.moments = new double[size];
            this.squares = new double[size];
            this.nextMoments = new double[size];
            this.nextSquares = new double[size];
        }

        @Override
        boolean propose(double[] params, double[] gradient, double[] next) {
            double eta = rule.stepSize.at(steps() + 1);
            double beta1 = rule.beta1;
            double beta2 = rule.beta2;
            double correction1 = 1 - beta1Power * beta1;
            double correction2 = 1 - beta2Power * beta2;
            boolean finite = true;
            for (int i = 0; i < size; i++) {
                double wi = params[i];
                boolean weight = regularised[i];
                double gi = weight ? gradient[i] + rule.l2 * wi : gradient[i];
                double m = beta1 * moments[i] + (1 - beta1) * gi;
                double v = beta2 * squares[i] + (1 - beta2) * gi * gi;
                double rate = eta / (Math.sqrt(v / correction2) + rule.epsilon);
                nextMoments[i] = m;
                nextSquares[i] = v;
                finite &= Double.isFinite(m) && Double.isFinite(v);
                next[i] = softThreshold(wi - rate * (m / correction1), weight ? rate * rule.l1 : 0);
            }
            return finite;
        }

        @Override
        void commitProposal() {
            double[] swap = moments;
            moments = nextMoments;
            nextMoments = swap;
            swap = squares;
            squares = nextSquares;
            nextSquares = swap;
            beta1Power *= rule.beta1;
            beta2Power *= rule.beta2;
        }

        @Override
        void resetState(double[] params, long priorLabels) {
            Arrays.fill(moments, 0.0);
            Arrays.fill(squares, 0.0);
            beta1Power = 1.0;
            beta2Power = 1.0;
        }

        @Override
        void restoredSteps(long stepCount) {
            beta1Power = power(rule.beta1, stepCount);
            beta2Power = power(rule.beta2, stepCount);
        }

        @Override
        int encodedSize() {
            return 2 * size * Double.BYTES;
        }

        @Override
        void encode(ByteBuffer out) {
            putArray(out, moments);
            putArray(out, squares);
        }

        @Override
        void decodeState(DataInputStream in) throws IOException {
            readArray(in, moments);
            readArray(in, squares);
        }
    }
}
