package io.streamscorer.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Diagonal AdaGrad (Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for Online Learning
 * and Stochastic Optimization", JMLR 12, 2011): with {@code g_i} the gradient plus weight decay
 * {@code λ2·w_i}, {@code G_i += g_i²; w_i −= η_t·g_i/(√G_i + ε)}, then L1 as the diagonal
 * composite-mirror-descent soft threshold with the coordinate's rate {@code η_t/(√G_i + ε)}. Biases
 * are never regularised.
 *
 * @param stepSize {@code η_t}
 * @param epsilon the denominator guard, {@code > 0}
 * @param l1 L1 strength {@code λ1 >= 0}
 * @param l2 L2 strength {@code λ2 >= 0}
 */
public record AdaGrad(StepSize stepSize, double epsilon, double l1, double l2)
        implements GradientRule {

    /** Validates every value. */
    public AdaGrad {
        if (stepSize == null) {
            throw new InvalidSettingException("learningRate", "learningRate must not be null");
        }
        SettingRange.positiveFinite("epsilon", epsilon);
        SettingRange.nonNegativeFinite("l1", l1);
        SettingRange.nonNegativeFinite("l2", l2);
    }

    /** The tuned defaults for logistic models: {@code η = 0.1}, {@code λ2 = 1e-4}. */
    public static AdaGrad defaults() {
        return new AdaGrad(StepSize.constant(0.1), 1e-8, 0.0, 1e-4);
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.ADAGRAD;
    }

    @Override
    public GradientState newState(boolean[] regularised) {
        return new State(this, regularised);
    }

    private static final class State extends GradientState {
        private final AdaGrad rule;
        private double[] squares;
        private double[] nextSquares;

        State(AdaGrad rule, boolean[] regularised) {
            super(regularised);
            this.rule = rule;
            this.squares = new double[size];
            this.nextSquares = new double[size];
        }

        @Override
        boolean propose(double[] params, double[] gradient, double[] next) {
            double eta = rule.stepSize.at(steps() + 1);
            boolean finite = true;
            for (int i = 0; i < size; i++) {
                double wi = params[i];
                boolean weight = regularised[i];
                double gi = weight ? gradient[i] + rule.l2 * wi : gradient[i];
                double sum = squares[i] + gi * gi;
                double rate = eta / (Math.sqrt(sum) + rule.epsilon);
                nextSquares[i] = sum;
                finite &= Double.isFinite(sum);
                next[i] = softThreshold(wi - rate * gi, weight ? rate * rule.l1 : 0.0);
            }
            return finite;
        }

        @Override
        void commitProposal() {
            double[] swap = squares;
            squares = nextSquares;
            nextSquares = swap;
        }

        @Override
        void resetState(double[] params, long priorLabels) {
            Arrays.fill(squares, 0.0);
        }

        @Override
        int encodedSize() {
            return size * Double.BYTES;
        }

        @Override
        void encode(ByteBuffer out) {
            putArray(out, squares);
        }

        @Override
        void decodeState(DataInputStream in) throws IOException {
            readArray(in, squares);
        }
    }
}
