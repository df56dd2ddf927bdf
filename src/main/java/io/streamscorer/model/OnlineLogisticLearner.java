package io.streamscorer.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mutable working state of one multi-head logistic model being trained online: weights and bias
 * per head, the optimizer's per-coordinate state and step counts. It starts from an immutable
 * {@link LogisticModel}, learns one labelled example per {@link #learn} call, and hands out
 * immutable {@link #snapshot(ModelVersion) snapshots} to serve.
 *
 * <p><b>What it learns, and in which units.</b> The starting model's function on raw values is kept
 * as an <i>anchor</i>, and the learner learns a correction to it over standardised features {@code
 * z = (x − c)/s} ({@link LearnerScaling}: the model's own scaling if it carries one, else running
 * statistics of the labelled examples): {@code logit(x) = w0·x + b0 + θ·z + θ_b}, with {@code θ =
 * 0} at the start. Every rule below updates {@code θ}, so its steps, its L2 (a pull towards the
 * starting model, not towards zero), its clipping and its bounds mean the same whatever units the
 * producers send; a starting model is a prior, not a first guess that the first labels overwrite. A
 * {@link #snapshot} carries the coordinates as its {@link FeatureScaling}, with weights {@code w0·s
 * + θ} and bias {@code b0 + w0·c + θ_b} in them: the same function the learner scores with.
 *
 * <p>Each call scores the example with the current weights first (progressive validation, Blum,
 * Kalai &amp; Langford, "Beating the hold-out", COLT 1999), then updates every labelled head with
 * the binary cross-entropy gradient {@code ∂ℓ/∂w = c_y·s·(σ(w·x+b) − y)·x}, {@code ∂ℓ/∂b =
 * c_y·s·(σ(w·x+b) − y)}, where {@code s} is the example weight and {@code c_y} the class weight of
 * label {@code y}. Per head, in this order:
 *
 * <ol>
 *   <li><b>Gradient clipping</b> by norm (Pascanu, Mikolov &amp; Bengio, "On the difficulty of
 *       training recurrent neural networks", ICML 2013): if the norm of the log-loss gradient over
 *       weights and bias exceeds {@code clipNorm}, it is scaled to {@code clipNorm}.
 *   <li><b>L2</b> (SGD, AdaGrad, Adam) is weight decay added to the gradient, {@code g_i +=
 *       λ2·w_i}; the bias is never regularised. NEWTON has it as its prior instead (below).
 *   <li><b>The step</b>, with {@code η_t} from the {@link LearningRateSchedule} and {@code t} the
 *       head's update count:
 *       <ul>
 *         <li>SGD (Bottou, "Large-Scale Machine Learning with Stochastic Gradient Descent",
 *             COMPSTAT 2010): {@code w_i −= η_t·g_i}.
 *         <li>AdaGrad, diagonal (Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for
 *             Online Learning and Stochastic Optimization", JMLR 12, 2011): {@code G_i += g_i²; w_i
 *             −= η_t·g_i/(√G_i + ε)}.
 *         <li>Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
 *             arXiv:1412.6980, Algorithm 1): {@code m_i = β1·m_i + (1−β1)·g_i; v_i = β2·v_i +
 *             (1−β2)·g_i²; w_i −= η_t·m̂_i/(√v̂_i + ε)} with {@code m̂ = m/(1−β1^t)}, {@code v̂ =
 *             v/(1−β2^t)}.
 *         <li>FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD
 *             2013, Algorithm 1), per coordinate: {@code σ_i = (√(n_i+g_i²) − √n_i)/α; z_i += g_i −
 *             σ_i·w_i; n_i += g_i²; w_i = 0} if {@code |z_i| ≤ λ1}, else {@code w_i = −(z_i −
 *             sgn(z_i)·λ1) / ((β + √n_i)/α + λ2)}. L1 and L2 are native; the bias has neither.
 *         <li>NEWTON (the default), an online Newton method: assumed-density filtering (Opper, "A
 *             Bayesian approach to on-line learning", in Saad (ed.), <i>On-Line Learning in Neural
 *             Networks</i>, CUP 1998; for logistic models Spiegelhalter &amp; Lauritzen,
 *             "Sequential updating of conditional probabilities on directed graphical structures",
 *             Networks 20, 1990) that keeps a Gaussian {@code N(θ, P)} over the head's weights and
 *             bias {@code θ = (w, b)}, with a full covariance {@code P}, starting from the prior
 *             {@code N(0, I/(λ2 + n0/4))} around the starting model: {@code n0} is how many labels
 *             the starting model is worth ({@link #startFrom(LogisticModel, LearnerSettings,
 *             long)}), each adding at most the log-loss curvature {@code 1/4} per standardised
 *             coordinate. {@code λ2} defaults to {@code (d+1)/16}: the prior then gives the logit a
 *             standard deviation of 4 whatever the number of features {@code d}. With {@code x̄ =
 *             (x, 1)} and {@code a = s·c_y} (times the clipping factor), per example:
 *             <ol>
 *               <li>forget: {@code P ← P/γ}, as the exponentially weighted recursive least-squares
 *                   filter does (Haykin, <i>Adaptive Filter Theory</i>), then {@code P ← D·P·D}
 *                   with {@code D_ii = min(1, 1/√(λ2·P_ii))} so no variance exceeds the prior's
 *                   {@code 1/λ2} (a feature that stays 0 would otherwise see its variance grow as
 *                   {@code γ^−t} until it overflows), so a starting model's stronger prior relaxes
 *                   towards the cold one as labels stop confirming it; the congruence keeps {@code
 *                   P} symmetric positive definite;
 *               <li>{@code k = P·x̄}, {@code v = x̄ᵀ·k}, {@code z = θ·x̄};
 *               <li>move to the mode of the one-example posterior: {@code θ ← θ + c·k} with {@code
 *                   c = a·(y − σ(z + c·v))}, solved by a bracketed Newton iteration in one
 *                   dimension. Its first iterate is the extended Kalman filter step {@code c = a·(y
 *                   − p)/(1 + a·p(1−p)·v)}; its fixed point is the iterated extended Kalman
 *                   filter's (Bell &amp; Cathey, "The iterated Kalman filter update as a
 *                   Gauss-Newton method", IEEE TAC 38(2), 1993), the implicit update of Kulis &amp;
 *                   Bartlett ("Implicit online learning", ICML 2010) in the metric {@code P⁻¹};
 *               <li>{@code P ← P − k·kᵀ·a·s'/(1 + a·s'·v)} with {@code s' = p'(1−p')} at the new
 *                   logit {@code z + c·v}: the Sherman–Morrison form of adding the log-loss
 *                   curvature {@code a·s'·x̄x̄ᵀ} to the precision {@code P⁻¹}, a Laplace
 *                   approximation at the mode.
 *             </ol>
 *             With {@code γ = 1} the mean tracks the minimiser of {@code Σ a_t·ℓ_t + (λ2/2)·‖θ −
 *             θ0‖²} in one pass, {@link BatchLogisticRegression}'s objective except that the prior
 *             also holds the bias (a Gaussian needs a finite variance everywhere; the data
 *             outweighs it after a few dozen examples). Because {@code P} is the inverse of the
 *             accumulated curvature this is an online Newton step (Hazan, Agarwal &amp; Kale,
 *             "Logarithmic regret algorithms for online convex optimization", Machine Learning 69,
 *             2007, take the same step with gradient outer products in place of the curvature;
 *             Ollivier, "Online natural gradient as a Kalman filter", Electronic Journal of
 *             Statistics 12, 2018, shows the extended Kalman filter step is one). Each update costs
 *             O(d²) time, and the state is O(d²) per head, so it is meant for up to a few hundred
 *             features. No L1; no learning rate.
 *       </ul>
 *   <li><b>L1</b> (SGD, AdaGrad, Adam) is a proximal soft-threshold step after the gradient step,
 *       {@code w_i = sgn(w_i)·max(0, |w_i| − r_i·λ1)} with {@code r_i} the coordinate's effective
 *       rate: {@code η_t} for SGD (FOBOS: Duchi &amp; Singer, "Efficient Online and Batch Learning
 *       Using Forward Backward Splitting", JMLR 10, 2009), {@code η_t/(√G_i + ε)} for AdaGrad (the
 *       diagonal composite-mirror-descent ℓ1 update of Duchi, Hazan &amp; Singer 2011), and by the
 *       same diagonal-metric argument {@code η_t/(√v̂_i + ε)} for Adam. It sets weights to exactly
 *       zero.
 *   <li><b>Safety</b>: each weight's and the bias's change is cut to {@code maxWeightChange}
 *       (counted; FTRL's {@code z} and {@code n} and NEWTON's {@code P} advance as usual, so a cut
 *       weight keeps moving towards the solution over the next updates); if any resulting weight or
 *       optimizer state is NaN or infinite, the whole call is refused and nothing changes
 *       (counted).
 * </ol>
 *
 * <p>A call that labels several heads is applied to all of them or to none. When the optimizer
 * state is reset around a non-zero correction (a state restored under another rule), FTRL's {@code
 * z} is set so that its closed form reproduces it ({@code z_i = −(β/α + λ2)·θ_i − λ1·sgn(θ_i)},
 * {@code n_i = 0}).
 *
 * <p>The arithmetic that feeds the state uses {@link StrictMath} and plain IEEE operations only, so
 * replaying the same examples from the same {@link #encode() encoded} state gives bit-identical
 * weights on any JVM, which lets an exactly-once pipeline be checked against an offline replay.
 * Updates allocate nothing: scratch buffers are preallocated and swapped in on success. Not
 * thread-safe; one learner belongs to one stream thread.
 *
 * <pre>{@code
 * OnlineLogisticLearner learner =
 *         OnlineLogisticLearner.startFrom(model, LearnerSettings.defaults(OptimizerKind.ADAM));
 * FeatureVector x = new FeatureVector();
 * learner.encodeFeatures(event.features(), x);
 * UpdateResult r = learner.learn(x.values(), learner.headIndex("fraud"), 1, 1.0);
 * metrics.record(r.logit(0), r.label(0));
 * LogisticModel next = learner.snapshot(model.version().nextStep());
 * }</pre>
 */
public final class OnlineLogisticLearner implements OnlineLearner {
    // 2 added the anchor, the scaling and the prior; 1 (weights on raw values) is still read.
    private static final int FORMAT_VERSION = 2;
    private static final int RAW_FORMAT_VERSION = 1;
    // Outcomes of proposing one head's update.
    private static final int UNCLIPPED = 0;
    private static final int CLIPPED = 1;
    private static final int NON_FINITE = 2;
    // NEWTON's one-dimensional solve converges quadratically in a handful of iterations; the cap
    // only bounds the rare case where rounding keeps it alternating between neighbouring values.
    private static final int MAX_MODE_ITERATIONS = 50;
    private static final double MODE_TOLERANCE = 1e-10;

    private final LogisticModel base;
    private final LearnerSettings settings;
    private final OptimizerKind kind;
    private final int dim;
    private final int heads;
    private final long priorLabels;
    private final LearnerScaling scaling;
    // The starting model's function on raw values, which the learned correction is added to.
    private final double[][] anchorWeights;
    private final double[] anchorBias;
    // The example standardised in the learner's coordinates, for the update being proposed.
    private final double[] z;
    // Per head, length dim + 1: the correction's weights then its bias, over standardised values.
    // First/second hold the optimizer state
    // (AdaGrad Σg²; Adam m, v; FTRL z, n).
    private final double[][] params;
    private final double[][] first;
    private final double[][] second;
    private final long[] steps;
    // Adam's β1^t and β2^t per head, kept by repeated multiplication: exact to replay, and no pow.
    private final double[] beta1Power;
    private final double[] beta2Power;
    // Proposals are written here and swapped in whole, so a refused update leaves no trace.
    private final double[][] nextParams;
    private final double[][] nextFirst;
    private final double[][] nextSecond;
    // NEWTON only, else empty: per head the covariance of weights then bias, symmetric, so only
    // its lower triangle is kept, row by row (entry (i, j), j <= i, at i(i+1)/2 + j): half the
    // memory and half the arithmetic of the full matrix, and symmetric by construction.
    // Every operation on it is symmetric in i and j, so it stays exactly symmetric.
    private final double[][] covariance;
    private final double[][] nextCovariance;
    // NEWTON's scratch for the head being proposed: P·x̄, the forgetting step's scale factors and
    // the example scaled by them.
    private final double[] gain;
    private final double[] shrink;
    private final double[] scaled;
    private final boolean[] labelled;
    private final int[] singleHead = new int[1];
    private final int[] singleLabel = new int[1];
    private final UpdateResult result;
    // σ at the last iterate of NEWTON's one-dimensional solve; see modeStep.
    private double modeProbability;

    // What encode() writes before the numbers, made on first use: the model never changes.
    private byte[] definition;
    private byte[][] headDefinitions;

    private long updatesApplied;
    private long updatesRefused;
    private long updatesSkipped;
    private long weightChangesClipped;
    private long gradientsClipped;

    private OnlineLogisticLearner(
            LogisticModel base,
            LearnerSettings settings,
            long priorLabels,
            LearnerScaling scaling) {
        this.base = base;
        this.settings = settings;
        this.kind = settings.optimizer();
        this.dim = base.dimension();
        this.heads = base.headCount();
        this.priorLabels = priorLabels;
        this.scaling = scaling;
        this.anchorWeights = new double[heads][];
        this.anchorBias = new double[heads];
        this.z = new double[dim];
        this.params = new double[heads][dim + 1];
        this.first = new double[heads][dim + 1];
        this.second = new double[heads][dim + 1];
        this.nextParams = new double[heads][dim + 1];
        this.nextFirst = new double[heads][dim + 1];
        this.nextSecond = new double[heads][dim + 1];
        int matrix = kind == OptimizerKind.NEWTON ? (dim + 1) * (dim + 2) / 2 : 0;
        this.covariance = new double[heads][matrix];
        this.nextCovariance = new double[heads][matrix];
        this.gain = new double[dim + 1];
        this.shrink = new double[dim + 1];
        this.scaled = new double[dim + 1];
        this.steps = new long[heads];
        this.beta1Power = new double[heads];
        this.beta2Power = new double[heads];
        this.labelled = new boolean[heads];
        this.result = new UpdateResult(heads);
        for (int h = 0; h < heads; h++) {
            anchorWeights[h] = base.rawWeights(h);
            anchorBias[h] = base.rawBias(h);
        }
    }

    /**
     * A learner that starts from {@code model} worth no labels: the first ones move it as freely as
     * they would move a zero model. See {@link #startFrom(LogisticModel, LearnerSettings, long)}.
     */
    public static OnlineLogisticLearner startFrom(LogisticModel model, LearnerSettings settings) {
        return startFrom(model, settings, 0);
    }

    /**
     * A learner whose function, names, imputation and thresholds are {@code model}'s, with fresh
     * optimizer state, in {@code model}'s scaling if it has one and else in running statistics.
     *
     * @param priorLabels how many labels {@code model}'s weights are worth: NEWTON's prior around
     *     them is that much stronger, so the first labels refine the model rather than undo it; the
     *     first-order rules ignore it
     */
    public static OnlineLogisticLearner startFrom(
            LogisticModel model, LearnerSettings settings, long priorLabels) {
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(settings, "settings == null");
        if (priorLabels < 0) {
            throw new IllegalArgumentException("priorLabels must be >= 0, got " + priorLabels);
        }
        OnlineLogisticLearner learner =
                new OnlineLogisticLearner(
                        model, settings, priorLabels, LearnerScaling.startFrom(model));
        learner.resetOptimizerState();
        return learner;
    }

    /** Learns one example for one head; see {@link #learn(double[], int[], int[], int, double)}. */
    @Override
    public UpdateResult learn(double[] x, int head, int label, double exampleWeight) {
        singleHead[0] = head;
        singleLabel[0] = label;
        return learn(x, singleHead, singleLabel, 1, exampleWeight);
    }

    /**
     * Scores {@code x} with each of the first {@code count} heads in {@code headIndexes}, then
     * updates them towards their {@code labels}, all or none.
     *
     * @param x the dense features, in weight order; only the first {@link #dimension()} count
     * @param headIndexes distinct head indexes
     * @param labels 0 or 1, one per head
     * @param count how many entries of {@code headIndexes} and {@code labels} to use, at least 1
     * @param exampleWeight scales this example's gradient; finite and {@code >= 0}, 0 only predicts
     * @return this learner's reused result, valid until the next call
     * @throws IllegalArgumentException for a short {@code x}, a bad head index or label, a repeated
     *     head, or a negative or non-finite example weight; the state is then unchanged
     */
    @Override
    public UpdateResult learn(
            double[] x, int[] headIndexes, int[] labels, int count, double exampleWeight) {
        LabelledExample.check(base, x, headIndexes, labels, count, exampleWeight, labelled);
        // The features are known before the label, so the coordinates may include them.
        scaling.propose(x);
        scaling.standardize(x, z);
        result.start(count);
        for (int k = 0; k < count; k++) {
            int h = headIndexes[k];
            result.prediction(k, h, labels[k], workingLogit(h, x, z));
        }
        if (exampleWeight == 0.0) {
            updatesSkipped++;
            result.finish(UpdateStatus.SKIPPED_ZERO_WEIGHT, false, false);
            return result;
        }
        double squaredNorm = 1.0;
        for (int i = 0; i < dim; i++) {
            squaredNorm += z[i] * z[i];
        }
        boolean finite = scaling.proposalFinite();
        boolean gradientClipped = false;
        boolean weightClipped = false;
        for (int k = 0; k < count; k++) {
            int h = headIndexes[k];
            int y = labels[k];
            double predicted = strictSigmoid(result.logit(k));
            double g = (predicted - y) * exampleWeight * settings.classWeight(y);
            // NEWTON weighs the whole log-loss term, curvature included, rather than the gradient
            double weight = exampleWeight * settings.classWeight(y);
            double norm = Math.abs(g) * Math.sqrt(squaredNorm);
            if (norm > settings.clipNorm()) {
                g *= settings.clipNorm() / norm;
                weight *= settings.clipNorm() / norm;
                gradientClipped = true;
            }
            double newtonStep =
                    kind == OptimizerKind.NEWTON
                            ? proposeNewton(h, z, result.logit(k), predicted, y, weight)
                            : 0.0;
            int proposal = propose(h, z, g, newtonStep);
            finite &= proposal != NON_FINITE;
            weightClipped |= proposal == CLIPPED;
        }
        if (!finite) {
            updatesRefused++;
            result.finish(UpdateStatus.REFUSED_NON_FINITE, false, false);
            return result;
        }
        for (int k = 0; k < count; k++) {
            commit(headIndexes[k]);
        }
        scaling.commit();
        updatesApplied++;
        if (gradientClipped) {
            gradientsClipped++;
        }
        if (weightClipped) {
            weightChangesClipped++;
        }
        result.finish(UpdateStatus.APPLIED, gradientClipped, weightClipped);
        return result;
    }

    /**
     * Writes head {@code h}'s proposed weights and state for loss gradient scale {@code g}, or for
     * NEWTON the step {@code newtonStep} along {@link #gain}.
     */
    private int propose(int h, double[] x, double g, double newtonStep) {
        double[] w = params[h];
        double[] s1 = first[h];
        double[] s2 = second[h];
        double[] nw = nextParams[h];
        double[] n1 = nextFirst[h];
        double[] n2 = nextSecond[h];
        long t = steps[h] + 1;
        // η0/t^power_t as η0·e^(−power_t·ln t): StrictMath.pow allocates until the JIT has
        // compiled it, exp and log do not, and both are reproducible on every JVM.
        double eta =
                settings.schedule() == LearningRateSchedule.CONSTANT
                        ? settings.learningRate()
                        : settings.learningRate()
                                * StrictMath.exp(-settings.powerT() * StrictMath.log((double) t));
        double maxChange = settings.maxWeightChange();
        double beta1 = settings.beta1();
        double beta2 = settings.beta2();
        double eps = settings.epsilon();
        double alpha = settings.ftrlAlpha();
        double beta = settings.ftrlBeta();
        double correction1 = 1 - beta1Power[h] * beta1;
        double correction2 = 1 - beta2Power[h] * beta2;
        boolean finite = true;
        boolean clipped = false;
        for (int i = 0; i <= dim; i++) {
            boolean weight = i < dim;
            double xi = weight ? x[i] : 1.0;
            double l1 = weight ? settings.l1() : 0.0;
            double l2 = weight ? settings.l2() : 0.0;
            double wi = w[i];
            double next =
                    switch (kind) {
                        case SGD -> {
                            double gi = g * xi + l2 * wi;
                            yield softThreshold(wi - eta * gi, eta * l1);
                        }
                        case ADAGRAD -> {
                            double gi = g * xi + l2 * wi;
                            double sum = s1[i] + gi * gi;
                            double rate = eta / (Math.sqrt(sum) + eps);
                            n1[i] = sum;
                            finite &= Double.isFinite(sum);
                            yield softThreshold(wi - rate * gi, rate * l1);
                        }
                        case ADAM -> {
                            double gi = g * xi + l2 * wi;
                            double m = beta1 * s1[i] + (1 - beta1) * gi;
                            double v = beta2 * s2[i] + (1 - beta2) * gi * gi;
                            double rate = eta / (Math.sqrt(v / correction2) + eps);
                            n1[i] = m;
                            n2[i] = v;
                            finite &= Double.isFinite(m) && Double.isFinite(v);
                            yield softThreshold(wi - rate * (m / correction1), rate * l1);
                        }
                        case FTRL -> {
                            double gi = g * xi;
                            double n = s2[i] + gi * gi;
                            double sigma = (Math.sqrt(n) - Math.sqrt(s2[i])) / alpha;
                            double z = s1[i] + gi - sigma * wi;
                            n1[i] = z;
                            n2[i] = n;
                            finite &= Double.isFinite(z) && Double.isFinite(n);
                            yield Math.abs(z) <= l1
                                    ? 0.0
                                    : -(z - Math.copySign(l1, z))
                                            / ((beta + Math.sqrt(n)) / alpha + l2);
                        }
                        case NEWTON -> wi + newtonStep * gain[i];
                    };
            double change = next - wi;
            if (Math.abs(change) > maxChange) {
                next = wi + Math.copySign(maxChange, change);
                clipped = true;
            }
            nw[i] = next;
            finite &= Double.isFinite(next);
        }
        if (!finite) {
            return NON_FINITE;
        }
        return clipped ? CLIPPED : UNCLIPPED;
    }

    /**
     * NEWTON's update of head {@code h} up to the weights: forgets, fills {@link #gain} with {@code
     * k = P·x̄}, writes the proposed covariance to {@code nextCovariance[h]} and returns the step
     * {@code c} that moves the weights to {@code θ + c·k}, or NaN if anything is not finite.
     *
     * <p>The forgotten covariance is {@code P' = D·P·D/γ} with {@code D = diag(s)}, so {@code k =
     * P'·x̄ = s ∘ (P·(s ∘ x̄))/γ}: one pass over the stored triangle computes {@code P·(s ∘ x̄)}
     * (each entry below the diagonal feeds its row and, by symmetry, its column), and one more
     * writes {@code P' − k·kᵀ·a·s'/(1 + a·s'·v)}, forgetting and update together.
     */
    private double proposeNewton(
            int h, double[] x, double z, double predicted, int y, double weight) {
        int n = dim + 1;
        double[] p = covariance[h];
        double[] next = nextCovariance[h];
        double prior = 1.0 / settings.newtonPrecision(dim);
        double forget = 1.0 / settings.forgetting();
        for (int i = 0; i < n; i++) {
            double variance = p[i * (i + 3) / 2] * forget;
            shrink[i] = variance > prior ? Math.sqrt(prior / variance) : 1.0;
            scaled[i] = shrink[i] * (i < dim ? x[i] : 1.0);
        }
        Arrays.fill(gain, 0.0);
        for (int i = 0; i < n; i++) {
            int row = i * (i + 1) / 2;
            double ui = scaled[i];
            double dot = 0;
            for (int j = 0; j < i; j++) {
                double pij = p[row + j];
                dot += pij * scaled[j];
                gain[j] += pij * ui;
            }
            gain[i] += dot + p[row + i] * ui;
        }
        double v = 0;
        for (int i = 0; i < n; i++) {
            gain[i] *= shrink[i] * forget;
            v += gain[i] * (i < dim ? x[i] : 1.0);
        }
        if (!(Double.isFinite(v) && Double.isFinite(z))) {
            return Double.NaN;
        }
        double c = modeStep(z, predicted, y, weight, v);
        double moved = modeProbability;
        double curvature = weight * (moved * (1 - moved));
        double downdate = curvature / (1 + curvature * v);
        for (int i = 0; i < n; i++) {
            int row = i * (i + 1) / 2;
            double si = shrink[i] * forget;
            double ki = gain[i];
            for (int j = 0; j <= i; j++) {
                next[row + j] = p[row + j] * (si * shrink[j]) - (ki * gain[j]) * downdate;
            }
        }
        // Every entry of P is bounded by the prior variance (|P_ij| ≤ √(P_ii·P_jj) ≤ 1/λ2), so
        // the downdate is finite whenever the gain and its scale are.
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(gain[i]));
        }
        boolean finite =
                Double.isFinite(c) && Double.isFinite(largest * largest * Math.abs(downdate));
        return finite ? c : Double.NaN;
    }

    /**
     * The root of {@code f(c) = c + a·(σ(z + c·v) − y)}, which is increasing with {@code f' = 1 +
     * a·v·σ'} and changes sign on {@code [a·(y−1), a·y]}: Newton's method from 0, whose first
     * iterate is the extended Kalman filter step, kept inside the shrinking bracket by bisection.
     * {@code predicted} is σ(z), known already; each later iterate costs one exponential, the
     * learner's dearest operation, so the last one computed is left in {@link #modeProbability} for
     * the curvature rather than computed again at a root it agrees with to ten digits.
     */
    private double modeStep(double z, double predicted, int y, double a, double v) {
        double lo = a * (y - 1);
        double hi = a * y;
        double c = 0.0;
        double p = predicted;
        for (int i = 0; i < MAX_MODE_ITERATIONS; i++) {
            if (i > 0) {
                p = strictSigmoid(z + c * v);
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

    private void commit(int h) {
        double[] swap = params[h];
        params[h] = nextParams[h];
        nextParams[h] = swap;
        if (kind == OptimizerKind.NEWTON) {
            swap = covariance[h];
            covariance[h] = nextCovariance[h];
            nextCovariance[h] = swap;
        }
        if (kind.stateArrays() >= 1) {
            swap = first[h];
            first[h] = nextFirst[h];
            nextFirst[h] = swap;
        }
        if (kind.stateArrays() >= 2) {
            swap = second[h];
            second[h] = nextSecond[h];
            nextSecond[h] = swap;
        }
        steps[h]++;
        beta1Power[h] *= settings.beta1();
        beta2Power[h] *= settings.beta2();
    }

    private static double softThreshold(double value, double threshold) {
        if (threshold == 0.0) {
            return value;
        }
        return Math.abs(value) <= threshold ? 0.0 : value - Math.copySign(threshold, value);
    }

    // The same branch-on-sign as Sigmoid.sigmoid, through StrictMath so the gradient, and with it
    // the stored state, is bit-for-bit the same on every JVM and CPU.
    private static double strictSigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1.0 + e);
    }

    private void resetOptimizerState() {
        for (int h = 0; h < heads; h++) {
            Arrays.fill(first[h], 0.0);
            Arrays.fill(second[h], 0.0);
            steps[h] = 0;
            beta1Power[h] = 1.0;
            beta2Power[h] = 1.0;
            if (kind == OptimizerKind.NEWTON) {
                Arrays.fill(covariance[h], 0.0);
                double variance = 1.0 / (settings.newtonPrecision(dim) + priorLabels / 4.0);
                for (int i = 0; i <= dim; i++) {
                    covariance[h][i * (i + 3) / 2] = variance;
                }
            }
            if (kind == OptimizerKind.FTRL) {
                double scale = settings.ftrlBeta() / settings.ftrlAlpha();
                for (int i = 0; i <= dim; i++) {
                    double wi = params[h][i];
                    boolean weight = i < dim;
                    double l1 = weight ? settings.l1() : 0.0;
                    double l2 = weight ? settings.l2() : 0.0;
                    first[h][i] = wi == 0.0 ? 0.0 : -(scale + l2) * wi - Math.copySign(l1, wi);
                }
            }
        }
    }

    /**
     * Head {@code head}'s logit for raw {@code x} with the current weights and coordinates, as
     * {@link #learn} predicts before it updates; reuses a scratch buffer, so not for concurrent
     * use.
     */
    public double logit(int head, double[] x) {
        scaling.standardizeCommitted(x, z);
        return workingLogit(head, x, z);
    }

    // The anchor on raw values plus the correction on standardised ones, each summed in
    // LogisticModel's order.
    private double workingLogit(int head, double[] x, double[] standardized) {
        double[] theta = params[head];
        return LogisticModel.logit(anchorWeights[head], dim, anchorBias[head], x)
                + LogisticModel.logit(theta, dim, theta[dim], standardized);
    }

    /** σ(logit) with the current weights. */
    public double probability(int head, double[] x) {
        return Sigmoid.sigmoid(logit(head, x));
    }

    /**
     * Fills {@code out} with the dense vector of {@code features}, imputing missing ones as the
     * model does; see {@link LogisticModel#encode(Map, FeatureVector)}.
     */
    @Override
    public void encodeFeatures(Map<String, Double> features, FeatureVector out) {
        base.encode(features, out);
    }

    /**
     * An immutable model that computes what the learner now does, with the starting model's name,
     * features, imputation, head names and thresholds: the learner's coordinates as its scaling,
     * and per head the weights {@code w0·s + θ} and bias {@code b0 + w0·c + θ_b} in them.
     */
    @Override
    public LogisticModel snapshot(ModelVersion version) {
        LogisticModel.Builder b =
                base.toBuilder().version(version).clearHeads().scaling(scaling.snapshot());
        for (int h = 0; h < heads; h++) {
            double[] theta = params[h];
            double[] w = new double[dim];
            double bias = anchorBias[h] + theta[dim];
            for (int i = 0; i < dim; i++) {
                w[i] = anchorWeights[h][i] * scaling.scale(i) + theta[i];
                bias += anchorWeights[h][i] * scaling.center(i);
            }
            b.head(base.headName(h), w, bias, base.threshold(h));
        }
        return b.build();
    }

    /** The settings this learner updates with. */
    @Override
    public LearnerSettings settings() {
        return settings;
    }

    /** The model's name. */
    @Override
    public String modelName() {
        return base.name();
    }

    /** The version of the model this learner started from (or was last restored with). */
    @Override
    public ModelVersion baseVersion() {
        return base.version();
    }

    /** Number of input features. */
    @Override
    public int dimension() {
        return dim;
    }

    /** Number of heads. */
    @Override
    public int headCount() {
        return heads;
    }

    /** Index of the head called {@code headName}, or -1. */
    @Override
    public int headIndex(String headName) {
        return base.headIndex(headName);
    }

    /** Head {@code head}'s current weights on raw feature values. */
    public double[] weights(int head) {
        double[] w = new double[dim];
        for (int i = 0; i < dim; i++) {
            w[i] = anchorWeights[head][i] + params[head][i] / scaling.scale(i);
        }
        return w;
    }

    /** Head {@code head}'s current bias on raw feature values. */
    public double bias(int head) {
        double b = anchorBias[head] + params[head][dim];
        for (int i = 0; i < dim; i++) {
            b -= params[head][i] * scaling.center(i) / scaling.scale(i);
        }
        return b;
    }

    /**
     * Head {@code head}'s learned correction in the learner's standardised coordinates: the weights
     * then the bias, all 0 until the first update.
     */
    public double[] correction(int head) {
        return params[head].clone();
    }

    /** The coordinates the learner learns in: its centers and scales now. */
    public FeatureScaling coordinates() {
        return scaling.snapshot();
    }

    /** How many labels the starting model was worth to this learner. */
    public long priorLabels() {
        return priorLabels;
    }

    /** Updates applied to head {@code head} since its optimizer state was last reset. */
    public long steps(int head) {
        return steps[head];
    }

    /** Calls whose update was applied. */
    @Override
    public long updatesApplied() {
        return updatesApplied;
    }

    /** Calls refused because a weight or optimizer state would have become non-finite. */
    @Override
    public long updatesRefused() {
        return updatesRefused;
    }

    /** Calls with example weight 0, which only predicted. */
    @Override
    public long updatesSkipped() {
        return updatesSkipped;
    }

    /** Applied calls in which some weight change was cut to {@code maxWeightChange}. */
    @Override
    public long weightChangesClipped() {
        return weightChangesClipped;
    }

    /** Applied calls in which some head's gradient was scaled down to {@code clipNorm}. */
    @Override
    public long gradientsClipped() {
        return gradientsClipped;
    }

    /**
     * The whole learner state in a compact versioned binary form: format version, optimizer code,
     * the model definition (name, base version, features, imputation), the prior's label count, the
     * coordinates ({@link LearnerScaling}), per head its name, threshold, step count, anchor
     * weights and bias, correction and optimizer state (NEWTON: the lower triangle of the symmetric
     * covariance, row by row), then the counters. Settings are not stored; they come from
     * configuration on {@link #decode}.
     */
    @Override
    public byte[] encode() {
        // Written after every label: the model definition is encoded once, and the numbers go
        // straight into one exactly sized array, as DataOutputStream writes them (big-endian,
        // doubles by doubleToLongBits).
        if (definition == null) {
            encodeDefinition();
        }
        int arrays = kind.stateArrays() + 1;
        int triangle = covariance[0].length == 0 ? 0 : (dim + 1) * (dim + 2) / 2;
        int size =
                definition.length
                        + Long.BYTES
                        + scaling.encodedSize()
                        + Integer.BYTES
                        + 5 * Long.BYTES;
        for (int h = 0; h < heads; h++) {
            size += headDefinitions[h].length + Long.BYTES;
            size += ((arrays + 1) * (dim + 1) + (kind == OptimizerKind.NEWTON ? triangle : 0)) * 8;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(definition);
        out.putLong(priorLabels);
        scaling.encode(out);
        out.putInt(heads);
        for (int h = 0; h < heads; h++) {
            out.put(headDefinitions[h]);
            out.putLong(steps[h]);
            putArray(out, anchorWeights[h]);
            out.putLong(Double.doubleToLongBits(anchorBias[h]));
            putArray(out, params[h]);
            if (kind.stateArrays() >= 1) {
                putArray(out, first[h]);
            }
            if (kind.stateArrays() >= 2) {
                putArray(out, second[h]);
            }
            if (kind == OptimizerKind.NEWTON) {
                putArray(out, covariance[h]);
            }
        }
        out.putLong(updatesApplied);
        out.putLong(updatesRefused);
        out.putLong(updatesSkipped);
        out.putLong(weightChangesClipped);
        out.putLong(gradientsClipped);
        return out.array();
    }

    /** The parts of {@link #encode()} that never change: the model definition and head names. */
    private void encodeDefinition() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + dim * 24);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT_VERSION);
            out.writeByte(kind.code());
            out.writeUTF(base.name());
            out.writeLong(base.version().generation());
            out.writeLong(base.version().step());
            out.writeInt(dim);
            double[] imputation = base.imputation();
            for (int i = 0; i < dim; i++) {
                out.writeUTF(base.features().name(i));
                out.writeDouble(imputation[i]);
            }
            byte[][] perHead = new byte[heads][];
            for (int h = 0; h < heads; h++) {
                ByteArrayOutputStream head = new ByteArrayOutputStream(32);
                DataOutputStream headOut = new DataOutputStream(head);
                headOut.writeUTF(base.headName(h));
                headOut.writeDouble(base.threshold(h));
                perHead[h] = head.toByteArray();
            }
            headDefinitions = perHead;
            definition = bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
    }

    /**
     * Reads a learner written by {@link #encode()}, to continue training with {@code settings}.
     * With the same optimizer kind, training continues bit-identically to the learner that was
     * encoded. With another kind, the function, coordinates and counters are kept, the optimizer
     * state and step counts are reset (FTRL's {@code z} set to reproduce the correction, NEWTON's
     * covariance to the prior around it), and the result says so. Changed hyperparameters of the
     * same kind apply from the next update on; for FTRL, whose weights are a function of {@code z},
     * {@code n} and α, β, λ1, λ2, that next update moves the weights to the new settings' solution
     * (within {@code maxWeightChange}); NEWTON keeps its covariance, and a larger λ2 caps its
     * variances at the new prior's on the next update.
     *
     * <p>State of format 1 (earlier releases: weights on raw values, no coordinates) is read as a
     * learner starting from those weights, with running coordinates and a reset optimizer state,
     * and the result says the state was reset.
     *
     * @throws IllegalArgumentException if the bytes are truncated, have trailing data, come from an
     *     unknown format version or optimizer, or describe an invalid model
     */
    public static RestoredLearner<OnlineLogisticLearner> decode(
            byte[] bytes, LearnerSettings settings) {
        Objects.requireNonNull(settings, "settings == null");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT_VERSION && format != RAW_FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        "Learner state has format version "
                                + format
                                + "; this build reads versions "
                                + RAW_FORMAT_VERSION
                                + " and "
                                + FORMAT_VERSION);
            }
            boolean raw = format == RAW_FORMAT_VERSION;
            int code = in.readUnsignedByte();
            OptimizerKind stored = OptimizerKind.fromCode(code);
            if (stored == null) {
                throw new IllegalArgumentException(
                        "Learner state names unknown optimizer code " + code);
            }
            String name = in.readUTF();
            ModelVersion version = new ModelVersion(in.readLong(), in.readLong());
            int dim = readCount(in, "feature");
            List<String> names = new ArrayList<>(dim);
            double[] imputation = new double[dim];
            for (int i = 0; i < dim; i++) {
                names.add(in.readUTF());
                imputation[i] = in.readDouble();
            }
            long priorLabels = raw ? 0 : in.readLong();
            if (priorLabels < 0) {
                throw new IllegalArgumentException(
                        "Learner state has a negative prior label count " + priorLabels);
            }
            LearnerScaling scaling = raw ? null : LearnerScaling.decode(in, dim);
            int heads = readCount(in, "head");
            LogisticModel.Builder model =
                    LogisticModel.builder(name, version).features(names).imputation(imputation);
            long[] steps = new long[heads];
            double[][] params = new double[heads][];
            double[][] first = new double[heads][];
            double[][] second = new double[heads][];
            double[][] covariances = new double[heads][];
            for (int h = 0; h < heads; h++) {
                String headName = in.readUTF();
                double threshold = in.readDouble();
                steps[h] = in.readLong();
                double[] anchor = readArray(in, raw ? 0 : dim + 1);
                params[h] = readArray(in, dim + 1);
                first[h] = stored.stateArrays() >= 1 ? readArray(in, dim + 1) : null;
                second[h] = stored.stateArrays() >= 2 ? readArray(in, dim + 1) : null;
                covariances[h] =
                        stored == OptimizerKind.NEWTON
                                ? readArray(in, (dim + 1) * (dim + 2) / 2)
                                : null;
                // Format 1 held the weights on raw values; they become the anchor.
                double[] function = raw ? params[h] : anchor;
                model.head(headName, Arrays.copyOf(function, dim), function[dim], threshold);
            }
            LogisticModel base = model.build();
            OnlineLogisticLearner learner =
                    new OnlineLogisticLearner(
                            base,
                            settings,
                            priorLabels,
                            raw ? LearnerScaling.startFrom(base) : scaling);
            learner.updatesApplied = in.readLong();
            learner.updatesRefused = in.readLong();
            learner.updatesSkipped = in.readLong();
            learner.weightChangesClipped = in.readLong();
            learner.gradientsClipped = in.readLong();
            if (in.available() > 0) {
                throw new IllegalArgumentException(
                        "Learner state has " + in.available() + " unexpected trailing bytes");
            }
            if (!raw) {
                for (int h = 0; h < heads; h++) {
                    learner.params[h] = params[h];
                }
            }
            boolean reset = raw || stored != settings.optimizer();
            if (reset) {
                learner.resetOptimizerState();
            } else {
                for (int h = 0; h < heads; h++) {
                    learner.restoreSteps(h, steps[h]);
                    if (first[h] != null) {
                        learner.first[h] = first[h];
                    }
                    if (second[h] != null) {
                        learner.second[h] = second[h];
                    }
                    if (covariances[h] != null) {
                        learner.covariance[h] = covariances[h];
                    }
                }
            }
            return new RestoredLearner<>(learner, reset, stored);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Learner state is truncated or corrupt: " + e.getMessage(), e);
        }
    }

    private void restoreSteps(int h, long count) {
        steps[h] = count;
        beta1Power[h] = power(settings.beta1(), count);
        beta2Power[h] = power(settings.beta2(), count);
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

    private static int readCount(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n <= 0 || n > in.available()) {
            throw new IllegalArgumentException(
                    "Learner state has an impossible " + what + " count " + n);
        }
        return n;
    }

    private static void putArray(ByteBuffer out, double[] values) {
        for (double v : values) {
            out.putLong(Double.doubleToLongBits(v));
        }
    }

    private static double[] readArray(DataInputStream in, int length) throws IOException {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
