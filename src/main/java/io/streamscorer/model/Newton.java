package io.streamscorer.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * NEWTON, the default rule for logistic models: an online Newton method, assumed-density filtering
 * (Opper, "A Bayesian approach to on-line learning", in Saad (ed.), <i>On-Line Learning in Neural
 * Networks</i>, CUP 1998; for logistic models Spiegelhalter &amp; Lauritzen, "Sequential updating
 * of conditional probabilities on directed graphical structures", Networks 20, 1990) that keeps a
 * Gaussian {@code N(θ, P)} over one head's weights and bias {@code θ = (w, b)}, with a full
 * covariance {@code P}, starting from the prior {@code N(0, I/(λ2 + n0/4))} around the starting
 * model: {@code n0} is how many labels the starting model is worth, each adding at most the
 * log-loss curvature {@code 1/4} per standardised coordinate. With {@code x̄ = (x, 1)} and {@code
 * a} the example's weight, per example:
 *
 * <ol>
 *   <li>forget: {@code P ← P/γ}, as the exponentially weighted recursive least-squares filter does
 *       (Haykin, <i>Adaptive Filter Theory</i>), then {@code P ← D·P·D} with {@code D_ii = min(1,
 *       1/√(λ2·P_ii))} so no variance exceeds the prior's {@code 1/λ2} (a feature that stays 0
 *       would otherwise see its variance grow as {@code γ^−t} until it overflows); the congruence
 *       keeps {@code P} symmetric positive definite;
 *   <li>{@code k = P·x̄}, {@code v = x̄ᵀ·k}, {@code z = θ·x̄};
 *   <li>move to the mode of the one-example posterior: {@code θ ← θ + c·k} with {@code c = a·(y −
 *       σ(z + c·v))}, solved by a bracketed Newton iteration in one dimension. Its first iterate is
 *       the extended Kalman filter step {@code c = a·(y − p)/(1 + a·p(1−p)·v)}; its fixed point is
 *       the iterated extended Kalman filter's (Bell &amp; Cathey, "The iterated Kalman filter
 *       update as a Gauss-Newton method", IEEE TAC 38(2), 1993), the implicit update of Kulis &amp;
 *       Bartlett ("Implicit online learning", ICML 2010) in the metric {@code P⁻¹};
 *   <li>{@code P ← P − k·kᵀ·a·s'/(1 + a·s'·v)} with {@code s' = p'(1−p')} at the new logit {@code z
 *       + c·v}: the Sherman–Morrison form of adding the log-loss curvature {@code a·s'·x̄x̄ᵀ} to
 *       the precision {@code P⁻¹}, a Laplace approximation at the mode.
 * </ol>
 *
 * <p>With {@code γ = 1} the mean tracks the minimiser of {@code Σ a_t·ℓ_t + (λ2/2)·‖θ − θ0‖²} in
 * one pass, {@link BatchLogisticRegression}'s objective except that the prior also holds the bias.
 * Because {@code P} is the inverse of the accumulated curvature this is an online Newton step
 * (Hazan, Agarwal &amp; Kale, "Logarithmic regret algorithms for online convex optimization",
 * Machine Learning 69, 2007; Ollivier, "Online natural gradient as a Kalman filter", Electronic
 * Journal of Statistics 12, 2018). Each update costs O(d²) time and the state is O(d²) per head, so
 * it is meant for up to a few hundred features. No L1 (a Gaussian posterior cannot set weights to
 * exactly zero); no learning rate (the step comes from the covariance).
 *
 * @param l2 the prior precision {@code λ2 > 0} over the standardised correction's weights and bias:
 *     the {@code λ2} of the summed objective above; NaN (the default) means {@link #precision(int)
 *     (d+1)/16}
 * @param forgetting {@code γ} in {@code (0, 1]}: an example's weight in the fit decays as {@code
 *     γ^age} (memory about {@code 1/(1−γ)} examples); 1 forgets nothing
 */
public record Newton(double l2, double forgetting) implements UpdateRule {
    // The default prior gives the logit this variance (a standard deviation of 4).
    private static final double PRIOR_LOGIT_VARIANCE = 16.0;
    // The one-dimensional solve converges quadratically in a handful of iterations; the cap only
    // bounds the rare case where rounding keeps it alternating between neighbouring values.
    private static final int MAX_MODE_ITERATIONS = 50;
    private static final double MODE_TOLERANCE = 1e-10;

    /** Validates every value. */
    public Newton {
        if (!Double.isNaN(l2)) {
            SettingRange.nonNegativeFinite("l2", l2);
            if (l2 == 0) {
                throw new InvalidSettingException(
                        "l2",
                        "l2 must be > 0 for NEWTON: it is the precision of the prior, and 0 would"
                                + " start from an infinite covariance");
            }
        }
        if (!(forgetting > 0 && forgetting <= 1)) {
            throw new InvalidSettingException(
                    "forgetting", "forgetting must be in (0, 1], got " + forgetting);
        }
    }

    /** The defaults: the prior sized to the dimension, a memory of about 5,000 labels. */
    public static Newton defaults() {
        return new Newton(Double.NaN, 0.9998);
    }

    /**
     * The prior precision for a model of {@code dimension} features: {@link #l2()} if set, else
     * {@code (d+1)/16}, at which the prior's logit {@code θ·z̄} over {@code d} standardised
     * features and the bias has a standard deviation of 4 (probabilities from about 2% to 98%
     * within one standard deviation), whatever the number of features. A fixed precision would let
     * the prior's logit spread grow with every feature added, so wide models would overfit their
     * first labels and narrow ones learn too slowly.
     */
    public double precision(int dimension) {
        return Double.isNaN(l2) ? (dimension + 1) / PRIOR_LOGIT_VARIANCE : l2;
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.NEWTON;
    }

    @Override
    public State newState(boolean[] regularised) {
        return new State(this, regularised);
    }

    /**
     * One head's covariance and the step that updates it. The covariance is symmetric, so only its
     * lower triangle is kept, row by row (entry (i, j), j ≤ i, at i(i+1)/2 + j): half the memory
     * and half the arithmetic of the full matrix, and symmetric by construction. The proposal keeps
     * only {@code k}, the forgetting factors and the downdate's scale; {@link #commit} applies them
     * in place, so the matrix is neither copied nor written twice.
     */
    static final class State extends OptimizerState {
        private final double prior;
        private final double forget;
        private final double precision;
        private final double[] covariance;
        // The proposal: k = P'·x̄, the forgetting step's scale factors, the downdate's scale.
        private final double[] gain;
        private final double[] shrink;
        private final double[] scaled;
        private boolean shrinking;
        private double downdate;
        // σ at the last iterate of the one-dimensional solve; see modeStep.
        private double modeProbability;

        State(Newton rule, boolean[] regularised) {
            super(regularised);
            this.precision = rule.precision(size - 1);
            this.prior = 1.0 / precision;
            this.forget = 1.0 / rule.forgetting;
            this.covariance = new double[size * (size + 1) / 2];
            this.gain = new double[size];
            this.shrink = new double[size];
            this.scaled = new double[size];
        }

        /**
         * Proposes the update for the standardised example {@code x} (without the bias's 1) whose
         * logit is {@code logit} and probability {@code predicted}, label {@code y} and weight
         * {@code a}: fills {@link #gain(int) k} and returns the step {@code c} that moves the
         * parameters to {@code θ + c·k}, or NaN if anything is not finite.
         *
         * <p>The forgotten covariance is {@code P' = D·P·D/γ} with {@code D = diag(s)}, so {@code k
         * = P'·x̄ = s ∘ (P·(s ∘ x̄))/γ}: one pass over the stored triangle computes {@code P·(s ∘
         * x̄)}, each entry below the diagonal feeding its row and, by symmetry, its column.
         */
        double propose(double[] x, double logit, double predicted, int y, double a) {
            int n = size;
            double[] p = covariance;
            shrinking = false;
            for (int i = 0; i < n; i++) {
                double variance = p[i * (i + 3) / 2] * forget;
                double s = variance > prior ? Math.sqrt(prior / variance) : 1.0;
                shrinking |= s != 1.0;
                shrink[i] = s;
                scaled[i] = s * (i < n - 1 ? x[i] : 1.0);
            }
            Arrays.fill(gain, 0.0);
            for (int i = 0; i < n; i++) {
                gain[i] += rowProduct(p, i * (i + 1) / 2, scaled, i, gain);
            }
            double v = 0;
            for (int i = 0; i < n; i++) {
                gain[i] *= shrink[i] * forget;
                v += gain[i] * (i < n - 1 ? x[i] : 1.0);
            }
            if (!(Double.isFinite(v) && Double.isFinite(logit))) {
                return Double.NaN;
            }
            double c = modeStep(logit, predicted, y, a, v);
            double moved = modeProbability;
            double curvature = a * (moved * (1 - moved));
            downdate = curvature / (1 + curvature * v);
            // Every entry of P is bounded by the prior variance (|P_ij| ≤ √(P_ii·P_jj) ≤ 1/λ2),
            // so the downdate is finite whenever the gain and its scale are.
            double largest = 0;
            for (int i = 0; i < n; i++) {
                largest = Math.max(largest, Math.abs(gain[i]));
            }
            boolean finite =
                    Double.isFinite(c) && Double.isFinite(largest * largest * Math.abs(downdate));
            return finite ? c : Double.NaN;
        }

        /** Entry {@code i} of the last proposal's {@code k = P'·x̄}. */
        double gain(int i) {
            return gain[i];
        }

        /** {@code P ← D·P·D/γ − k·kᵀ·a·s'/(1 + a·s'·v)}, forgetting and update together. */
        @Override
        void commitProposal() {
            double[] p = covariance;
            double[] k = gain;
            for (int i = 0; i < size; i++) {
                int row = i * (i + 1) / 2;
                double kd = k[i] * downdate;
                if (shrinking) {
                    double si = shrink[i] * forget;
                    for (int j = 0; j <= i; j++) {
                        p[row + j] = p[row + j] * (si * shrink[j]) - kd * k[j];
                    }
                } else {
                    // the line above with every shrink factor 1, a multiplication fewer
                    for (int j = 0; j <= i; j++) {
                        p[row + j] = p[row + j] * forget - kd * k[j];
                    }
                }
            }
        }

        /**
         * Row {@code i} of the stored triangle times {@code u}: adds {@code p[i][j]·u[i]} to {@code
         * gain[j]} for every {@code j < i} (the entries above the diagonal, by symmetry) and
         * returns {@code Σ_{j≤i} p[i][j]·u[j]}. Each entry is read once, and the sum runs in four
         * interleaved partial sums, so consecutive additions do not wait on each other (a single
         * running sum makes the pass as slow as one addition's latency per entry); the order is
         * fixed, so the result is the same on every JVM.
         */
        private static double rowProduct(double[] p, int row, double[] u, int i, double[] gain) {
            double ui = u[i];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int j = 0;
            for (; j + 3 < i; j += 4) {
                double p0 = p[row + j];
                double p1 = p[row + j + 1];
                double p2 = p[row + j + 2];
                double p3 = p[row + j + 3];
                s0 += p0 * u[j];
                s1 += p1 * u[j + 1];
                s2 += p2 * u[j + 2];
                s3 += p3 * u[j + 3];
                gain[j] += p0 * ui;
                gain[j + 1] += p1 * ui;
                gain[j + 2] += p2 * ui;
                gain[j + 3] += p3 * ui;
            }
            for (; j < i; j++) {
                double pj = p[row + j];
                s0 += pj * u[j];
                gain[j] += pj * ui;
            }
            return ((s0 + s1) + (s2 + s3)) + p[row + i] * ui;
        }

        /**
         * The root of {@code f(c) = c + a·(σ(z + c·v) − y)}, which is increasing with {@code f' = 1
         * + a·v·σ'} and changes sign on {@code [a·(y−1), a·y]}: Newton's method from 0, whose first
         * iterate is the extended Kalman filter step, kept inside the shrinking bracket by
         * bisection. {@code predicted} is σ(z), known already; each later iterate costs one
         * exponential, the dearest operation here, so the last one computed is left in {@link
         * #modeProbability} for the curvature rather than computed again at a root it agrees with
         * to ten digits.
         */
        private double modeStep(double z, double predicted, int y, double a, double v) {
            double lo = a * (y - 1);
            double hi = a * y;
            double c = 0.0;
            double p = predicted;
            for (int i = 0; i < MAX_MODE_ITERATIONS; i++) {
                if (i > 0) {
                    p = Sigmoid.strict(z + c * v);
                }
                modeProbability = p;
                double f = c + a * (p - y);
                if (f > 0) {
                    hi = c;
                } else {
                    lo = c;
                }
                double next = c - f / (1 + a * v * (p * (1 - p)));
                if (!(next > lo && next < hi)) {
                    next = 0.5 * (lo + hi);
                }
                // c lies in a bracket of width a, so this is ten significant digits of it
                if (Math.abs(next - c) <= MODE_TOLERANCE * a) {
                    return next;
                }
                c = next;
            }
            return c;
        }

        @Override
        void resetState(double[] params, long priorLabels) {
            Arrays.fill(covariance, 0.0);
            double variance = 1.0 / (precision + priorLabels / 4.0);
            for (int i = 0; i < size; i++) {
                covariance[i * (i + 3) / 2] = variance;
            }
        }

        @Override
        int encodedSize() {
            return covariance.length * Double.BYTES;
        }

        @Override
        void encode(ByteBuffer out) {
            putArray(out, covariance);
        }

        @Override
        void decodeState(DataInputStream in) throws IOException {
            readArray(in, covariance);
        }
    }
}
