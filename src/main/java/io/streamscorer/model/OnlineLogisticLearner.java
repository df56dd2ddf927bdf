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
 * The mutable working state of one multi-head logistic model being trained online: a correction to
 * the starting model per head, the update rule's state per head and the coordinates it learns in.
 * It starts from an immutable {@link LogisticModel}, learns one labelled example per {@link #learn}
 * call, and hands out immutable {@link #snapshot(ModelVersion) snapshots} to serve.
 *
 * <p><b>What it learns, and in which units.</b> The starting model's function on raw values is kept
 * as an <i>anchor</i>, and the learner learns a correction to it over standardised features {@code
 * z = (x − c)/s} ({@link LearnerScaling}: the model's own scaling if it carries one, else running
 * statistics of the labelled examples): {@code logit(x) = w0·x + b0 + θ·z + θ_b}, with {@code θ =
 * 0} at the start. The update rule moves {@code θ}, so its steps, its L2 (a pull towards the
 * starting model, not towards zero), its clipping and its bounds mean the same whatever units the
 * producers send; a starting model is a prior, not a first guess that the first labels overwrite. A
 * {@link #snapshot} carries the coordinates as its {@link FeatureScaling}, with weights {@code w0·s
 * + θ} and bias {@code b0 + w0·c + θ_b} in them: the same function the learner scores with.
 *
 * <p>Each call scores the example with the current weights first (progressive validation, Blum,
 * Kalai &amp; Langford, "Beating the hold-out", COLT 1999), then updates every labelled head. The
 * binary cross-entropy gradient is {@code ∂ℓ/∂θ = a·(σ(logit) − y)·z̄} with {@code z̄ = (z, 1)} and
 * {@code a = s·c_y}, the example weight times the class weight of label {@code y}. Per head, in
 * this order:
 *
 * <ol>
 *   <li><b>Gradient clipping</b> by norm (Pascanu, Mikolov &amp; Bengio, "On the difficulty of
 *       training recurrent neural networks", ICML 2013): if the norm of the gradient over weights
 *       and bias exceeds {@code clipNorm}, it is scaled to {@code clipNorm} (NEWTON's loss weight
 *       {@code a} by the same factor).
 *   <li><b>The step</b> of the settings' {@link UpdateRule}: {@link Newton} (the default), {@link
 *       Sgd}, {@link AdaGrad}, {@link Adam} or {@link Ftrl}; each documents its update.
 *   <li><b>Safety</b>: each weight's and the bias's change is cut to {@code maxWeightChange}
 *       (counted; the rule's own state advances as usual, so a cut weight keeps moving towards the
 *       solution over the next updates); if any resulting weight or rule state is NaN or infinite,
 *       the whole call is refused and nothing changes (counted).
 * </ol>
 *
 * <p>A call that labels several heads is applied to all of them or to none.
 *
 * <p>The arithmetic that feeds the state uses {@link StrictMath} and plain IEEE operations only, so
 * replaying the same examples from the same {@link #encode() encoded} state gives bit-identical
 * weights on any JVM, which lets an exactly-once pipeline be checked against an offline replay.
 * Updates allocate nothing: scratch buffers are preallocated and swapped in on success. Not
 * thread-safe; one learner belongs to one stream thread.
 *
 * <pre>{@code
 * OnlineLogisticLearner learner =
 *         OnlineLogisticLearner.startFrom(model, LearnerSettings.defaults(OptimizerKind.NEWTON), 1000);
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

    private final LogisticModel base;
    private final LearnerSettings settings;
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
    private final double[][] params;
    // Proposals are written here and swapped in whole, so a refused update leaves no trace.
    private final double[][] nextParams;
    // Per head, the update rule's state; NEWTON's when newton is set, else a gradient rule's.
    private final OptimizerState[] states;
    private final boolean newton;
    private final double[] gradient;
    private final boolean[] labelled;
    private final int[] singleHead = new int[1];
    private final int[] singleLabel = new int[1];
    private final UpdateResult result;

    // What encode() writes before the numbers, made on first use: the model never changes.
    private byte[] definition;
    private byte[][] headDefinitions;

    private final UpdateCounters counters = new UpdateCounters();

    private OnlineLogisticLearner(
            LogisticModel base,
            LearnerSettings settings,
            long priorLabels,
            LearnerScaling scaling) {
        this.base = base;
        this.settings = settings;
        this.dim = base.dimension();
        this.heads = base.headCount();
        this.priorLabels = priorLabels;
        this.scaling = scaling;
        this.anchorWeights = new double[heads][];
        this.anchorBias = new double[heads];
        this.z = new double[dim];
        this.params = new double[heads][dim + 1];
        this.nextParams = new double[heads][dim + 1];
        this.newton = settings.rule() instanceof Newton;
        this.states = newStates(settings.rule(), dim, heads);
        this.gradient = new double[dim + 1];
        this.labelled = new boolean[heads];
        this.result = new UpdateResult(heads);
        for (int h = 0; h < heads; h++) {
            anchorWeights[h] = base.rawWeights(h);
            anchorBias[h] = base.rawBias(h);
        }
    }

    // The weights are regularised, the bias (the last entry) is not.
    private static OptimizerState[] newStates(UpdateRule rule, int dim, int heads) {
        boolean[] regularised = new boolean[dim + 1];
        Arrays.fill(regularised, 0, dim, true);
        OptimizerState[] states = new OptimizerState[heads];
        for (int h = 0; h < heads; h++) {
            states[h] = rule.newState(regularised);
        }
        return states;
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
            counters.recordSkipped();
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
            double predicted = Sigmoid.strict(result.logit(k));
            // NEWTON weighs the whole log-loss term, curvature included, rather than the gradient
            double weight = exampleWeight * settings.classWeight(y);
            double g = (predicted - y) * weight;
            double norm = Math.abs(g) * Math.sqrt(squaredNorm);
            if (norm > settings.clipNorm()) {
                g *= settings.clipNorm() / norm;
                weight *= settings.clipNorm() / norm;
                gradientClipped = true;
            }
            finite &=
                    newton
                            ? proposeNewton(h, result.logit(k), predicted, y, weight)
                            : proposeGradient(h, g);
            weightClipped |= boundChanges(params[h], nextParams[h], settings.maxWeightChange());
            finite &= allFinite(nextParams[h]);
        }
        if (!finite) {
            counters.recordRefused();
            result.finish(UpdateStatus.REFUSED_NON_FINITE, false, false);
            return result;
        }
        for (int k = 0; k < count; k++) {
            commit(headIndexes[k]);
        }
        scaling.commit();
        counters.recordApplied(gradientClipped, weightClipped);
        result.finish(UpdateStatus.APPLIED, gradientClipped, weightClipped);
        return result;
    }

    /**
     * Proposes head {@code h}'s step along the gradient {@code g·z̄}; whether its state is finite.
     */
    private boolean proposeGradient(int h, double g) {
        for (int i = 0; i < dim; i++) {
            gradient[i] = g * z[i];
        }
        gradient[dim] = g;
        return ((GradientState) states[h]).propose(params[h], gradient, nextParams[h]);
    }

    /** Proposes head {@code h}'s move to the one-example posterior mode {@code θ + c·k}. */
    private boolean proposeNewton(int h, double logit, double predicted, int y, double weight) {
        Newton.State state = (Newton.State) states[h];
        double c = state.propose(z, logit, predicted, y, weight);
        double[] w = params[h];
        double[] next = nextParams[h];
        for (int i = 0; i <= dim; i++) {
            next[i] = w[i] + c * state.gain(i);
        }
        return !Double.isNaN(c);
    }

    /**
     * Cuts every change from {@code current} to {@code proposed} to {@code maxChange}; whether any
     * was cut. Shared with {@link OnlineNetworkLearner}.
     */
    static boolean boundChanges(double[] current, double[] proposed, double maxChange) {
        boolean clipped = false;
        for (int i = 0; i < proposed.length; i++) {
            double change = proposed[i] - current[i];
            if (Math.abs(change) > maxChange) {
                proposed[i] = current[i] + Math.copySign(maxChange, change);
                clipped = true;
            }
        }
        return clipped;
    }

    static boolean allFinite(double[] values) {
        boolean finite = true;
        for (double v : values) {
            finite &= Double.isFinite(v);
        }
        return finite;
    }

    private void commit(int h) {
        double[] swap = params[h];
        params[h] = nextParams[h];
        nextParams[h] = swap;
        states[h].commit();
    }

    private void resetOptimizerState() {
        for (int h = 0; h < heads; h++) {
            states[h].reset(params[h], priorLabels);
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
        return states[head].steps();
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
    public UpdateCounters counters() {
        return counters;
    }

    @Override
    public byte[] encode() {
        // Written after every label: the model definition is encoded once, and the numbers go
        // straight into one exactly sized array, as DataOutputStream writes them (big-endian,
        // doubles by doubleToLongBits).
        if (definition == null) {
            encodeDefinition();
        }
        int size =
                definition.length
                        + Long.BYTES
                        + scaling.encodedSize()
                        + Integer.BYTES
                        + UpdateCounters.ENCODED_SIZE;
        for (int h = 0; h < heads; h++) {
            size += headDefinitions[h].length + Long.BYTES;
            size += 2 * (dim + 1) * Double.BYTES + states[h].encodedSize();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(definition);
        out.putLong(priorLabels);
        scaling.encode(out);
        out.putInt(heads);
        for (int h = 0; h < heads; h++) {
            out.put(headDefinitions[h]);
            out.putLong(states[h].steps());
            OptimizerState.putArray(out, anchorWeights[h]);
            out.putLong(Double.doubleToLongBits(anchorBias[h]));
            OptimizerState.putArray(out, params[h]);
            states[h].encode(out);
        }
        counters.encode(out);
        return out.array();
    }

    /** The parts of {@link #encode()} that never change: the model definition and head names. */
    private void encodeDefinition() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + dim * 24);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT_VERSION);
            out.writeByte(settings.optimizer().code());
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
            if (stored == OptimizerKind.NEWTON
                    && (long) heads * (dim + 1) * (dim + 2) / 2 * Double.BYTES > in.available()) {
                throw new IllegalArgumentException(
                        "Learner state is truncated: "
                                + heads
                                + " covariances of dimension "
                                + (dim + 1)
                                + " need more than the "
                                + in.available()
                                + " bytes left");
            }
            boolean same = !raw && stored == settings.optimizer();
            // The stored rule's state is read whole; it is kept only if the rule is the same.
            OptimizerState[] restored =
                    newStates(
                            same ? settings.rule() : LearnerSettings.defaultRule(stored),
                            dim,
                            heads);
            double[][] params = new double[heads][];
            for (int h = 0; h < heads; h++) {
                String headName = in.readUTF();
                double threshold = in.readDouble();
                long steps = in.readLong();
                double[] anchor = readArray(in, raw ? 0 : dim + 1);
                params[h] = readArray(in, dim + 1);
                restored[h].decode(in, steps);
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
            learner.counters.decode(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(
                        "Learner state has " + in.available() + " unexpected trailing bytes");
            }
            if (!raw) {
                for (int h = 0; h < heads; h++) {
                    learner.params[h] = params[h];
                }
            }
            if (same) {
                System.arraycopy(restored, 0, learner.states, 0, heads);
            } else {
                learner.resetOptimizerState();
            }
            return new RestoredLearner<>(learner, !same, stored);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Learner state is truncated or corrupt: " + e.getMessage(), e);
        }
    }

    private static int readCount(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n <= 0 || n > in.available()) {
            throw new IllegalArgumentException(
                    "Learner state has an impossible " + what + " count " + n);
        }
        return n;
    }

    private static double[] readArray(DataInputStream in, int length) throws IOException {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
