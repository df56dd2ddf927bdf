package io.streamscorer.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013,
 * Algorithm 1), per coordinate: {@code σ_i = (√(n_i+g_i²) − √n_i)/α; z_i += g_i − σ_i·w_i; n_i +=
 * g_i²; w_i = 0} if {@code |z_i| ≤ λ1}, else {@code w_i = −(z_i − sgn(z_i)·λ1) / ((β + √n_i)/α +
 * λ2)}. L1 and L2 are native; biases have neither. Its per-coordinate rate already decays, so it
 * takes no schedule. Reset around non-zero parameters, it sets {@code z_i = −(β/α + λ2)·w_i −
 * λ1·sgn(w_i)}, {@code n_i = 0}, so that its closed form reproduces them.
 *
 * @param alpha {@code α > 0} (the {@code scorer.learning.rate} key sets it)
 * @param beta {@code β >= 0}
 * @param l1 L1 strength {@code λ1 >= 0}
 * @param l2 L2 strength {@code λ2 >= 0}
 */
public record Ftrl(double alpha, double beta, double l1, double l2) implements GradientRule {

    /** Validates every value. */
    public Ftrl {
        SettingRange.positiveFinite("ftrlAlpha", alpha);
        SettingRange.nonNegativeFinite("ftrlBeta", beta);
        SettingRange.nonNegativeFinite("l1", l1);
        SettingRange.nonNegativeFinite("l2", l2);
    }

    /**
     * The tuned defaults for logistic models: {@code α = 0.2}, {@code β = 1}, {@code λ2 = 1e-4}.
     */
    public static Ftrl defaults() {
        return new Ftrl(0.2, 1.0, 0.0, 1e-4);
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.FTRL;
    }

    @Override
    public GradientState newState(boolean[] regularised) {
        return new State(this, regularised);
    }

    private static final class State extends GradientState {
        private final Ftrl rule;
        private double[] accumulated;
        private double[] squares;
        private double[] nextAccumulated;
        private double[] nextSquares;

        State(Ftrl rule, boolean[] regularised) {
            super(regularised);
            this.rule = rule;
            this.accumulated = new double[size];
            this.squares = new double[size];
            this.nextAccumulated = new double[size];
            this.nextSquares = new double[size];
        }

        @Override
        boolean propose(double[] params, double[] gradient, double[] next) {
            double alpha = rule.alpha;
            boolean finite = true;
            for (int i = 0; i < size; i++) {
                boolean weight = regularised[i];
                double l1 = weight ? rule.l1 : 0.0;
                double l2 = weight ? rule.l2 : 0.0;
                double gi = gradient[i];
                double n = squares[i] + gi * gi;
                double sigma = (Math.sqrt(n) - Math.sqrt(squares[i])) / alpha;
                double z = accumulated[i] + gi - sigma * params[i];
                nextAccumulated[i] = z;
                nextSquares[i] = n;
                finite &= Double.isFinite(z) && Double.isFinite(n);
                next[i] =
                        Math.abs(z) <= l1
                                ? 0.0
                                : -(z - Math.copySign(l1, z))
                                        / ((rule.beta + Math.sqrt(n)) / alpha + l2);
            }
            return finite;
        }

        @Override
        void commitProposal() {
            double[] swap = accumulated;
            accumulated = nextAccumulated;
            nextAccumulated = swap;
            swap = squares;
            squares = nextSquares;
            nextSquares = swap;
        }

        @Override
        void resetState(double[] params, long priorLabels) {
            Arrays.fill(squares, 0.0);
            double scale = rule.beta / rule.alpha;
            for (int i = 0; i < size; i++) {
                double wi = params[i];
                double l1 = regularised[i] ? rule.l1 : 0.0;
                double l2 = regularised[i] ? rule.l2 : 0.0;
                accumulated[i] = wi == 0.0 ? 0.0 : -(scale + l2) * wi - Math.copySign(l1, wi);
            }
        }

        @Override
        int encodedSize() {
            return 2 * size * Double.BYTES;
        }

        @Override
        void encode(ByteBuffer out) {
            putArray(out, accumulated);
            putArray(out, squares);
        }

        @Override
        void decodeState(DataInputStream in) throws IOException {
            readArray(in, accumulated);
            readArray(in, squares);
        }
    }
}
