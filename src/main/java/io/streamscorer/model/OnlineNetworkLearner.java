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
 * The mutable working state of one {@link NetworkModel} being trained online: every layer's and
 * head's parameters, the optimizer's state and the step count. It starts from an immutable network,
 * learns one labelled example per {@link #learn} call, and hands out immutable {@link
 * #snapshot(ModelVersion) snapshots} to serve.
 *
 * <p>Each call scores the example with the current parameters first (progressive validation, as
 * {@link OnlineLogisticLearner} does), then takes one optimizer step on the example's loss {@code L
 * = Σ_h c_{y_h}·s·BCE(z_h, y_h)} over the labelled heads only, where {@code z_h} is head {@code
 * h}'s logit, {@code s} the example weight, {@code c_y} the class weight of label {@code y} and
 * {@code BCE(z, y) = −[y·log σ(z) + (1−y)·log σ(−z)]}, through log-sigmoid as PyTorch's {@code
 * BCEWithLogitsLoss}. Its gradient {@code ∂L/∂z_h = c_{y_h}·s·(σ(z_h) − y_h)} is backpropagated
 * through the heads and every hidden layer (Rumelhart, Hinton &amp; Williams, "Learning
 * representations by back-propagating errors", Nature 323, 1986). Then, in this order:
 *
 * <ol>
 *   <li><b>Gradient clipping</b> by the norm of the whole gradient (Pascanu, Mikolov &amp; Bengio,
 *       ICML 2013; PyTorch's {@code clip_grad_norm_}): if it exceeds {@code clipNorm}, the gradient
 *       is scaled to {@code clipNorm}.
 *   <li><b>Weight decay</b> {@code g_i += λ2·w_i} on weights, never on biases ({@code l2}, default
 *       0). There is no L1, as PyTorch's optimizers have none.
 *   <li><b>The step</b>, one step count {@code t} for the whole network as in one PyTorch parameter
 *       group, with {@code η_t} from the {@link LearningRateSchedule}:
 *       <ul>
 *         <li>SGD, {@code torch.optim.SGD} without momentum: {@code w_i −= η_t·g_i}.
 *         <li>Adam (Kingma &amp; Ba, ICLR 2015), as {@code torch.optim.Adam} computes it: {@code
 *             m_i = β1·m_i + (1−β1)·g_i; v_i = β2·v_i + (1−β2)·g_i²; w_i −= (η_t/(1−β1^t))·m_i /
 *             (√v_i/√(1−β2^t) + ε)}. As in PyTorch, a head left out of an example has zero gradient
 *             but its Adam moments still decay and its momentum still moves it.
 *       </ul>
 *   <li><b>Safety</b>: each parameter's change is cut to {@code maxWeightChange} (counted); if any
 *       resulting parameter or optimizer state is NaN or infinite, the whole call is refused and
 *       nothing changes (counted).
 * </ol>
 *
 * <p>The arithmetic that feeds the state uses {@link StrictMath} for exponentials and plain IEEE
 * operations otherwise, in a fixed order, so replaying the same examples from the same {@link
 * #encode() encoded} state gives bit-identical parameters on any JVM. Updates allocate nothing:
 * scratch buffers are preallocated and proposals swapped in on success. Not thread-safe.
 *
 * <pre>{@code
 * OnlineNetworkLearner learner =
 *         OnlineNetworkLearner.startFrom(network, LearnerSettings.networkDefaults(OptimizerKind.ADAM));
 * learner.encodeFeatures(event.features(), x);
 * UpdateResult r = learner.learn(x.values(), learner.headIndex("fraud"), 1, 1.0);
 * NetworkModel next = learner.snapshot(network.version().nextStep());
 * }</pre>
 */
public final class OnlineNetworkLearner implements OnlineLearner {
    // 2 added the input scaling; 1, from before networks could carry one, is still read.
    private static final int FORMAT_VERSION = 2;
    private static final int UNSCALED_FORMAT_VERSION = 1;

    private final NetworkModel base;
    private final LearnerSettings settings;
    private final DenseNetwork network;
    private final int size;
    // Flat parameters in DenseNetwork's layout.
    private double[] params;
    // Proposals are written here and swapped in whole, so a refused update leaves no trace.
    private double[] nextParams;
    private GradientState state;
    private final double[] gradient;
    private final double[] logits;
    private final double[] logitGradient;
    private final ScoringWorkspace workspace = new ScoringWorkspace();
    private final boolean[] labelled;
    private final int[] singleHead = new int[1];
    private final int[] singleLabel = new int[1];
    private final UpdateResult result;

    private final UpdateCounters counters = new UpdateCounters();

    private OnlineNetworkLearner(NetworkModel base, LearnerSettings settings) {
        requireNetworkSettings(settings);
        this.base = base;
        this.settings = settings;
        this.network = base.network();
        this.size = network.parameterCount();
        this.params = base.parameters();
        this.nextParams = new double[size];
        this.state = newState((GradientRule) settings.rule(), network);
        this.gradient = new double[size];
        this.logits = new double[network.heads()];
        this.logitGradient = new double[network.heads()];
        this.labelled = new boolean[network.heads()];
        this.result = new UpdateResult(network.heads());
        workspace.fit(network);
    }

    /**
     * A learner whose parameters, names, imputation, structure and thresholds are {@code model}'s,
     * with fresh optimizer state.
     *
     * @throws InvalidSettingException unless {@code settings} use SGD or ADAM without L1
     */
    public static OnlineNetworkLearner startFrom(NetworkModel model, LearnerSettings settings) {
        Objects.requireNonNull(model, "model == null");
        Objects.requireNonNull(settings, "settings == null");
        return new OnlineNetworkLearner(model, settings);
    }

    private static void requireNetworkSettings(LearnerSettings settings) {
        double l1;
        if (settings.rule() instanceof Sgd sgd) {
            l1 = sgd.l1();
        } else if (settings.rule() instanceof Adam adam) {
            l1 = adam.l1();
        } else {
            throw new InvalidSettingException(
                    "optimizer", "networks train with SGD or ADAM, got " + settings.optimizer());
        }
        if (l1 != 0.0) {
            throw new InvalidSettingException("l1", "networks train without L1, got l1 = " + l1);
        }
    }

    // Weights are regularised, biases are not.
    private static GradientState newState(GradientRule rule, DenseNetwork network) {
        boolean[] regularised = new boolean[network.parameterCount()];
        for (int l = 0; l <= network.layers(); l++) {
            Arrays.fill(regularised, network.weightOffset(l), network.biasOffset(l), true);
        }
        return rule.newState(regularised);
    }

    @Override
    public UpdateResult learn(double[] x, int head, int label, double exampleWeight) {
        singleHead[0] = head;
        singleLabel[0] = label;
        return learn(x, singleHead, singleLabel, 1, exampleWeight);
    }

    @Override
    public UpdateResult learn(
            double[] x, int[] headIndexes, int[] labels, int count, double exampleWeight) {
        LabelledExample.check(base, x, headIndexes, labels, count, exampleWeight, labelled);
        network.forward(params, x, workspace, logits, true);
        result.start(count);
        for (int k = 0; k < count; k++) {
            int h = headIndexes[k];
            result.prediction(k, h, labels[k], logits[h]);
        }
        if (exampleWeight == 0.0) {
            counters.recordSkipped();
            result.finish(UpdateStatus.SKIPPED_ZERO_WEIGHT, false, false);
            return result;
        }
        backpropagate(params, x, headIndexes, labels, count, exampleWeight, gradient);
        boolean gradientClipped = clip(gradient);
        boolean finite = state.propose(params, gradient, nextParams);
        boolean bounded =
                OnlineLogisticLearner.boundChanges(params, nextParams, settings.maxWeightChange());
        if (!(finite && OnlineLogisticLearner.allFinite(nextParams))) {
            counters.recordRefused();
            result.finish(UpdateStatus.REFUSED_NON_FINITE, false, false);
            return result;
        }
        commit();
        counters.recordApplied(gradientClipped, bounded);
        result.finish(UpdateStatus.APPLIED, gradientClipped, bounded);
        return result;
    }

    /** Backpropagates the loss from the logits the last forward pass left. */
    private void backpropagate(
            double[] p,
            double[] x,
            int[] headIndexes,
            int[] labels,
            int count,
            double w,
            double[] out) {
        Arrays.fill(logitGradient, 0.0);
        for (int k = 0; k < count; k++) {
            int h = headIndexes[k];
            int y = labels[k];
            logitGradient[h] =
                    (Activation.sigmoid(logits[h], true) - y) * w * settings.classWeight(y);
        }
        network.backward(p, x, workspace, logitGradient, out, true);
    }

    private boolean clip(double[] g) {
        double squares = 0.0;
        for (int i = 0; i < size; i++) {
            squares += g[i] * g[i];
        }
        double norm = Math.sqrt(squares);
        if (!(norm > settings.clipNorm())) {
            return false;
        }
        double scale = settings.clipNorm() / norm;
        for (int i = 0; i < size; i++) {
            g[i] *= scale;
        }
        return true;
    }

    private void commit() {
        double[] swap = params;
        params = nextParams;
        nextParams = swap;
        state.commit();
    }

    @Override
    public void encodeFeatures(Map<String, Double> features, FeatureVector out) {
        base.encode(features, out);
    }

    @Override
    public NetworkModel snapshot(ModelVersion version) {
        return base.withParameters(version, params);
    }

    @Override
    public LearnerSettings settings() {
        return settings;
    }

    @Override
    public String modelName() {
        return base.name();
    }

    @Override
    public ModelVersion baseVersion() {
        return base.version();
    }

    @Override
    public int dimension() {
        return base.dimension();
    }

    @Override
    public int headCount() {
        return base.headCount();
    }

    @Override
    public int headIndex(String headName) {
        return base.headIndex(headName);
    }

    /** Optimizer steps taken since the optimizer state was last reset. */
    public long steps() {
        return state.steps();
    }

    /**
     * The whole learner state: format version, optimizer code, the network's definition (name, base
     * version, features, imputation, input scaling, layer widths and activations, heads and
     * thresholds), the step count, the parameters and optimizer state, then the counters.
     */
    @Override
    public UpdateCounters counters() {
        return counters;
    }

    @Override
    public byte[] encode() {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(256 + size * 8 + state.encodedSize());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeByte(settings.optimizer().code());
            out.writeUTF(base.name());
            out.writeLong(base.version().generation());
            out.writeLong(base.version().step());
            int dim = base.dimension();
            out.writeInt(dim);
            double[] imputation = base.imputation();
            for (int i = 0; i < dim; i++) {
                out.writeUTF(base.features().name(i));
                out.writeDouble(imputation[i]);
            }
            out.writeBoolean(base.scaling().isPresent());
            if (base.scaling().isPresent()) {
                writeArray(out, base.scaling().get().center());
                writeArray(out, base.scaling().get().scale());
            }
            out.writeInt(network.layers());
            for (int l = 0; l < network.layers(); l++) {
                out.writeInt(network.outputWidth(l));
                out.writeUTF(network.activation(l).wireName());
            }
            out.writeInt(network.heads());
            for (int h = 0; h < network.heads(); h++) {
                out.writeUTF(base.headName(h));
                out.writeDouble(base.threshold(h));
            }
            out.writeLong(state.steps());
            writeArray(out, params);
            ByteBuffer rule = ByteBuffer.allocate(state.encodedSize());
            state.encode(rule);
            out.write(rule.array());
            counters.encode(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a learner written by {@link #encode()}, to continue training with {@code settings}.
     * With the same optimizer, training continues bit-identically; with the other one, the
     * parameters and counters are kept, the optimizer state and step count reset, and the result
     * says so.
     *
     * @throws IllegalArgumentException if the bytes are truncated, have trailing data, come from an
     *     unknown format version or optimizer, or describe an invalid network
     * @throws InvalidSettingException unless {@code settings} use SGD or ADAM without L1
     */
    public static RestoredLearner<OnlineNetworkLearner> decode(
            byte[] bytes, LearnerSettings settings) {
        Objects.requireNonNull(settings, "settings == null");
        requireNetworkSettings(settings);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT_VERSION && format != UNSCALED_FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        "Network learner state has format version "
                                + format
                                + "; this build reads versions "
                                + UNSCALED_FORMAT_VERSION
                                + " and "
                                + FORMAT_VERSION);
            }
            int code = in.readUnsignedByte();
            OptimizerKind stored = OptimizerKind.fromCode(code);
            if (stored != OptimizerKind.SGD && stored != OptimizerKind.ADAM) {
                throw new IllegalArgumentException(
                        "Network learner state names optimizer code "
                                + code
                                + ", which is not SGD or ADAM");
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
            NetworkModel.Builder shape =
                    NetworkModel.builder(name, version).features(names).imputation(imputation);
            if (format == FORMAT_VERSION && in.readBoolean()) {
                requireAvailable(in, 2L * dim);
                shape.scaling(FeatureScaling.of(readArray(in, dim), readArray(in, dim)));
            }
            int layers = readCount(in, "layer");
            long parameters = 0;
            int inputs = dim;
            for (int l = 0; l < layers; l++) {
                int width = readCount(in, "unit");
                parameters += (long) width * (inputs + 1);
                requireAvailable(in, parameters);
                shape.layer(new double[width][inputs], new double[width], in.readUTF());
                inputs = width;
            }
            int heads = readCount(in, "head");
            for (int h = 0; h < heads; h++) {
                shape.head(in.readUTF(), new double[inputs], 0.0, in.readDouble());
            }
            NetworkModel zero = shape.build();
            long steps = in.readLong();
            int size = zero.parameterCount();
            boolean same = stored == settings.optimizer();
            // The stored rule's state is read whole; it is kept only if the rule is the same.
            GradientState restored =
                    newState(
                            (GradientRule)
                                    (same
                                            ? settings.rule()
                                            : LearnerSettings.networkDefaults(stored).rule()),
                            zero.network());
            requireAvailable(in, size + restored.encodedSize() / Double.BYTES);
            double[] params = readArray(in, size);
            restored.decode(in, steps);
            OnlineNetworkLearner learner =
                    new OnlineNetworkLearner(zero.withParameters(version, params), settings);
            learner.counters.decode(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(
                        "Network learner state has "
                                + in.available()
                                + " unexpected trailing bytes");
            }
            if (same) {
                learner.state = restored;
            }
            return new RestoredLearner<>(learner, !same, stored);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Network learner state is truncated or corrupt: " + e.getMessage(), e);
        }
    }

    private static int readCount(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n <= 0 || n > in.available()) {
            throw new IllegalArgumentException(
                    "Network learner state has an impossible " + what + " count " + n);
        }
        return n;
    }

    // Refuses a corrupt size before allocating for it: each parameter takes 8 bytes.
    private static void requireAvailable(DataInputStream in, long doubles) throws IOException {
        if (doubles * 8 > in.available()) {
            throw new IllegalArgumentException(
                    "Network learner state is truncated: "
                            + doubles
                            + " parameters need more than the "
                            + in.available()
                            + " bytes left");
        }
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
