package io.streamscorer.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 *       λ2·w_i}; the bias is never regularised.
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
 *       </ul>
 *   <li><b>L1</b> (SGD, AdaGrad, Adam) is a proximal soft-threshold step after the gradient step,
 *       {@code w_i = sgn(w_i)·max(0, |w_i| − r_i·λ1)} with {@code r_i} the coordinate's effective
 *       rate: {@code η_t} for SGD (FOBOS: Duchi &amp; Singer, "Efficient Online and Batch Learning
 *       Using Forward Backward Splitting", JMLR 10, 2009), {@code η_t/(√G_i + ε)} for AdaGrad (the
 *       diagonal composite-mirror-descent ℓ1 update of Duchi, Hazan &amp; Singer 2011), and by the
 *       same diagonal-metric argument {@code η_t/(√v̂_i + ε)} for Adam. It sets weights to exactly
 *       zero.
 *   <li><b>Safety</b>: each weight's and the bias's change is cut to {@code maxWeightChange}
 *       (counted; FTRL's {@code z} and {@code n} advance as usual, so a cut weight keeps moving
 *       towards FTRL's solution over the next updates); if any resulting weight or optimizer state
 *       is NaN or infinite, the whole call is refused and nothing changes (counted).
 * </ol>
 *
 * <p>A call that labels several heads is applied to all of them or to none. Starting from a model
 * with non-zero weights, FTRL's {@code z} is set so that its closed form reproduces those weights
 * ({@code z_i = −(β/α + λ2)·w_i − λ1·sgn(w_i)}, {@code n_i = 0}): training continues from the model
 * rather than from zero.
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
public final class OnlineLogisticLearner {
    private static final int FORMAT_VERSION = 1;
    // Outcomes of proposing one head's update.
    private static final int UNCLIPPED = 0;
    private static final int CLIPPED = 1;
    private static final int NON_FINITE = 2;

    private final LogisticModel base;
    private final LearnerSettings settings;
    private final OptimizerKind kind;
    private final int dim;
    private final int heads;
    // Per head, length dim + 1: the weights then the bias. First/second hold the optimizer state
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
    private final boolean[] labelled;
    private final int[] singleHead = new int[1];
    private final int[] singleLabel = new int[1];
    private final UpdateResult result;

    private long updatesApplied;
    private long updatesRefused;
    private long updatesSkipped;
    private long weightChangesClipped;
    private long gradientsClipped;

    private OnlineLogisticLearner(LogisticModel base, LearnerSettings settings) {
        this.base = base;
        this.settings = settings;
        this.kind = settings.optimizer();
        this.dim = base.dimension();
        this.heads = base.headCount();
        this.params = new double[heads][dim + 1];
        this.first = new double[heads][dim + 1];
        this.second = new double[heads][dim + 1];
        this.nextParams = new double[heads][dim + 1];
        this.nextFirst = new double[heads][dim + 1];
        this.nextSecond = new double[heads][dim + 1];
        this.steps = new long[heads];
        this.beta1Power = new double[heads];
        this.beta2Power = new double[heads];
        this.labelled = new boolean[heads];
        this.result = new UpdateResult(heads);
        for (int h = 0; h < heads; h++) {
            System.arraycopy(base.weights(h), 0, params[h], 0, dim);
            params[h][dim] = base.bias(h);
        }
    }

    /**
     * A learner whose weights, biases, names, imputation and thresholds are {@code model}'s, with
     * fresh optimizer state.
     */
    public static OnlineLogisticLearner startFrom(LogisticModel model, LearnerSettings settings) {
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(settings, "settings == null");
        OnlineLogisticLearner learner = new OnlineLogisticLearner(model, settings);
        learner.resetOptimizerState();
        return learner;
    }

    /** Learns one example for one head; see {@link #learn(double[], int[], int[], int, double)}. */
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
    public UpdateResult learn(
            double[] x, int[] headIndexes, int[] labels, int count, double exampleWeight) {
        validate(x, headIndexes, labels, count, exampleWeight);
        result.start(count);
        for (int k = 0; k < count; k++) {
            int h = headIndexes[k];
            result.prediction(k, h, labels[k], logit(h, x));
        }
        if (exampleWeight == 0.0) {
            updatesSkipped++;
            result.finish(UpdateStatus.SKIPPED_ZERO_WEIGHT, false, false);
            return result;
        }
        double squaredNorm = 1.0;
        for (int i = 0; i < dim; i++) {
            squaredNorm += x[i] * x[i];
        }
        boolean finite = true;
        boolean gradientClipped = false;
        boolean weightClipped = false;
        for (int k = 0; k < count; k++) {
            int h = headIndexes[k];
            int y = labels[k];
            double g =
                    (strictSigmoid(result.logit(k)) - y) * exampleWeight * settings.classWeight(y);
            double norm = Math.abs(g) * Math.sqrt(squaredNorm);
            if (norm > settings.clipNorm()) {
                g *= settings.clipNorm() / norm;
                gradientClipped = true;
            }
            int proposal = propose(h, x, g);
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

    /** Writes head {@code h}'s proposed weights and state for loss gradient scale {@code g}. */
    private int propose(int h, double[] x, double g) {
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

    private void commit(int h) {
        double[] swap = params[h];
        params[h] = nextParams[h];
        nextParams[h] = swap;
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

    private void validate(
            double[] x, int[] headIndexes, int[] labels, int count, double exampleWeight) {
        if (x.length < dim) {
            throw new IllegalArgumentException(
                    "Feature vector has " + x.length + " values; the model needs " + dim);
        }
        if (count < 1 || count > heads || headIndexes.length < count || labels.length < count) {
            throw new IllegalArgumentException(
                    "count must be between 1 and the "
                            + heads
                            + " heads and fit both arrays, got "
                            + count);
        }
        if (!(exampleWeight >= 0 && Double.isFinite(exampleWeight))) {
            throw new IllegalArgumentException(
                    "Example weight must be finite and >= 0, got " + exampleWeight);
        }
        Arrays.fill(labelled, false);
        for (int k = 0; k < count; k++) {
            int h = headIndexes[k];
            if (h < 0 || h >= heads) {
                throw new IllegalArgumentException(
                        "Head index " + h + " is outside the model's " + heads + " heads");
            }
            if (labelled[h]) {
                throw new IllegalArgumentException(
                        "Head '" + base.headName(h) + "' is labelled twice in one example");
            }
            labelled[h] = true;
            if (labels[k] != 0 && labels[k] != 1) {
                throw new IllegalArgumentException(
                        "Label of head '"
                                + base.headName(h)
                                + "' must be 0 or 1, got "
                                + labels[k]);
            }
        }
    }

    private void resetOptimizerState() {
        for (int h = 0; h < heads; h++) {
            Arrays.fill(first[h], 0.0);
            Arrays.fill(second[h], 0.0);
            steps[h] = 0;
            beta1Power[h] = 1.0;
            beta2Power[h] = 1.0;
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

    /** {@code w_h · x + b_h} with the current weights, summed in {@link LogisticModel}'s order. */
    public double logit(int head, double[] x) {
        double[] w = params[head];
        return LogisticModel.logit(w, dim, w[dim], x);
    }

    /** σ(logit) with the current weights. */
    public double probability(int head, double[] x) {
        return Sigmoid.sigmoid(logit(head, x));
    }

    /**
     * Fills {@code out} with the dense vector of {@code features}, imputing missing ones as the
     * model does; see {@link LogisticModel#encode(Map, FeatureVector)}.
     */
    public void encodeFeatures(Map<String, Double> features, FeatureVector out) {
        base.encode(features, out);
    }

    /**
     * An immutable model with the current weights and biases, and the starting model's name,
     * features, imputation, head names and thresholds.
     */
    public LogisticModel snapshot(ModelVersion version) {
        LogisticModel.Builder b = base.toBuilder().version(version).clearHeads();
        for (int h = 0; h < heads; h++) {
            b.head(
                    base.headName(h),
                    Arrays.copyOf(params[h], dim),
                    params[h][dim],
                    base.threshold(h));
        }
        return b.build();
    }

    /** The settings this learner updates with. */
    public LearnerSettings settings() {
        return settings;
    }

    /** The model's name. */
    public String modelName() {
        return base.name();
    }

    /** The version of the model this learner started from (or was last restored with). */
    public ModelVersion baseVersion() {
        return base.version();
    }

    /** Number of input features. */
    public int dimension() {
        return dim;
    }

    /** Number of heads. */
    public int headCount() {
        return heads;
    }

    /** Index of the head called {@code headName}, or -1. */
    public int headIndex(String headName) {
        return base.headIndex(headName);
    }

    /** A copy of head {@code head}'s current weights. */
    public double[] weights(int head) {
        return Arrays.copyOf(params[head], dim);
    }

    /** Head {@code head}'s current bias. */
    public double bias(int head) {
        return params[head][dim];
    }

    /** Updates applied to head {@code head} since its optimizer state was last reset. */
    public long steps(int head) {
        return steps[head];
    }

    /** Calls whose update was applied. */
    public long updatesApplied() {
        return updatesApplied;
    }

    /** Calls refused because a weight or optimizer state would have become non-finite. */
    public long updatesRefused() {
        return updatesRefused;
    }

    /** Calls with example weight 0, which only predicted. */
    public long updatesSkipped() {
        return updatesSkipped;
    }

    /** Applied calls in which some weight change was cut to {@code maxWeightChange}. */
    public long weightChangesClipped() {
        return weightChangesClipped;
    }

    /** Applied calls in which some head's gradient was scaled down to {@code clipNorm}. */
    public long gradientsClipped() {
        return gradientsClipped;
    }

    /**
     * The whole learner state in a compact versioned binary form: format version, optimizer code,
     * the model definition (name, base version, features, imputation, heads, thresholds), per head
     * its step count, weights, bias and optimizer state, then the counters. Settings are not
     * stored; they come from configuration on {@link #decode}.
     */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + heads * (dim + 1) * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
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
            out.writeInt(heads);
            for (int h = 0; h < heads; h++) {
                out.writeUTF(base.headName(h));
                out.writeDouble(base.threshold(h));
                out.writeLong(steps[h]);
                writeArray(out, params[h]);
                if (kind.stateArrays() >= 1) {
                    writeArray(out, first[h]);
                }
                if (kind.stateArrays() >= 2) {
                    writeArray(out, second[h]);
                }
            }
            out.writeLong(updatesApplied);
            out.writeLong(updatesRefused);
            out.writeLong(updatesSkipped);
            out.writeLong(weightChangesClipped);
            out.writeLong(gradientsClipped);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a learner written by {@link #encode()}, to continue training with {@code settings}.
     * With the same optimizer kind, training continues bit-identically to the learner that was
     * encoded. With another kind, the weights and counters are kept, the optimizer state and step
     * counts are reset (FTRL's {@code z} set to reproduce the weights), and the result says so.
     * Changed hyperparameters of the same kind apply from the next update on; for FTRL, whose
     * weights are a function of {@code z}, {@code n} and α, β, λ1, λ2, that next update moves the
     * weights to the new settings' solution (within {@code maxWeightChange}).
     *
     * @throws IllegalArgumentException if the bytes are truncated, have trailing data, come from an
     *     unknown format version or optimizer, or describe an invalid model
     */
    public static RestoredLearner decode(byte[] bytes, LearnerSettings settings) {
        Objects.requireNonNull(settings, "settings == null");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        "Learner state has format version "
                                + format
                                + "; this build reads version "
                                + FORMAT_VERSION);
            }
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
            int heads = readCount(in, "head");
            LogisticModel.Builder model =
                    LogisticModel.builder(name, version).features(names).imputation(imputation);
            long[] steps = new long[heads];
            double[][] params = new double[heads][];
            double[][] first = new double[heads][];
            double[][] second = new double[heads][];
            for (int h = 0; h < heads; h++) {
                String headName = in.readUTF();
                double threshold = in.readDouble();
                steps[h] = in.readLong();
                params[h] = readArray(in, dim + 1);
                first[h] = stored.stateArrays() >= 1 ? readArray(in, dim + 1) : null;
                second[h] = stored.stateArrays() >= 2 ? readArray(in, dim + 1) : null;
                model.head(headName, Arrays.copyOf(params[h], dim), params[h][dim], threshold);
            }
            OnlineLogisticLearner learner = new OnlineLogisticLearner(model.build(), settings);
            learner.updatesApplied = in.readLong();
            learner.updatesRefused = in.readLong();
            learner.updatesSkipped = in.readLong();
            learner.weightChangesClipped = in.readLong();
            learner.gradientsClipped = in.readLong();
            if (in.available() > 0) {
                throw new IllegalArgumentException(
                        "Learner state has " + in.available() + " unexpected trailing bytes");
            }
            boolean reset = stored != settings.optimizer();
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
                }
            }
            return new RestoredLearner(learner, reset, stored);
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
    private static double power(double base, long count) {
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

    private static void writeArray(DataOutputStream out, double[] values) throws IOException {
        for (double v : values) {
            out.writeDouble(v);
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
