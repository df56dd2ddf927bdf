package io.streamscorer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable version of a small feed-forward network: hidden dense layers, each followed by an
 * {@link Activation}, then sigmoid output heads over the last hidden layer, {@code p_h = σ(H_h·a +
 * c_h)}. The heads are the rows of the network's last {@code nn.Linear}: the PyTorch networks
 * {@code Linear(64, 128) → ReLU → Linear(128, 2) → Sigmoid} and the same without the final {@code
 * Sigmoid} (trained with {@code BCEWithLogitsLoss}) are both one hidden ReLU layer of 128 units and
 * two heads here. A network without hidden layers is a {@link LogisticModel}, which is the form it
 * must take: one model has one representation.
 *
 * <p>Validated on construction: layer shapes chain (a mismatch names the layer and the expected and
 * actual shape), every parameter is finite, every activation is known.
 *
 * <pre>{@code
 * NetworkModel model = NetworkModel.builder("fraud", new ModelVersion(1, 0))
 *         .features(List.of("amount", "velocity"))
 *         .layer(new double[][] {{0.5, -1.0}, {1.5, 0.2}, {-0.3, 0.8}}, new double[3], "relu")
 *         .head("fraud", new double[] {1.0, -0.5, 2.0}, -1.0, 0.5)
 *         .build();
 * }</pre>
 */
public final class NetworkModel implements ScoringModel {
    private final String name;
    private final ModelVersion version;
    private final FeatureIndex features;
    private final double[] imputation;
    private final String[] headNames;
    private final double[] thresholds;
    private final DenseNetwork network;
    private final FeatureScaling scaling;
    private final double[] parameters;
    // The same parameters laid out for the scoring fast path.
    private final ScoringWeights scoringWeights;

    private NetworkModel(Builder b) {
        this.name = ModelValidator.requireName(b.name);
        this.version = Objects.requireNonNull(b.version, "version == null");
        this.features = new FeatureIndex(b.featureNames);
        int dim = features.size();
        ModelValidator.requireNonEmpty(name, dim, b.heads.size());
        this.imputation = ModelValidator.imputation(name, b.imputation, features);
        this.scaling = ModelValidator.scaling(name, b.scaling, features);
        if (b.layers.isEmpty()) {
            throw new InvalidModelException(
                    ModelRejection.UNSUPPORTED_STRUCTURE,
                    "Network '"
                            + name
                            + "' has no hidden layer; a model without one is a logistic model");
        }
        int layers = b.layers.size();
        int[] widths = new int[layers];
        Activation[] activations = new Activation[layers];
        int inputs = dim;
        for (int l = 0; l < layers; l++) {
            LayerSpec layer = b.layers.get(l);
            activations[l] = activation(l, layer.activation);
            widths[l] = checkShape(l, layer, inputs);
            inputs = widths[l];
        }
        int heads = b.heads.size();
        this.headNames = new String[heads];
        this.thresholds = new double[heads];
        for (int h = 0; h < heads; h++) {
            HeadSpec head = b.heads.get(h);
            headNames[h] = ModelValidator.headName(name, headNames, h, head.name);
            if (head.weights.length != inputs) {
                throw new InvalidModelException(
                        ModelRejection.DIMENSION_MISMATCH,
                        "Head '"
                                + head.name
                                + "' of network '"
                                + name
                                + "' has "
                                + head.weights.length
                                + " weights; expected "
                                + inputs
                                + ", one per unit of layer "
                                + (layers - 1)
                                + " (the last hidden layer)");
            }
            thresholds[h] = ModelValidator.threshold(head.name, head.threshold);
        }
        this.network = new DenseNetwork(dim, widths, activations, heads);
        this.parameters = new double[network.parameterCount()];
        for (int l = 0; l < layers; l++) {
            LayerSpec layer = b.layers.get(l);
            int in = network.inputWidth(l);
            for (int o = 0; o < widths[l]; o++) {
                System.arraycopy(
                        layer.weights[o], 0, parameters, network.weightOffset(l) + o * in, in);
            }
            System.arraycopy(layer.bias, 0, parameters, network.biasOffset(l), widths[l]);
        }
        for (int h = 0; h < heads; h++) {
            HeadSpec head = b.heads.get(h);
            System.arraycopy(
                    head.weights, 0, parameters, network.weightOffset(layers) + h * inputs, inputs);
            parameters[network.biasOffset(layers) + h] = head.bias;
        }
        requireFinite(parameters);
        this.scoringWeights = network.transposed(parameters);
    }

    /** The same network with other parameters, as the learner snapshots it. */
    private NetworkModel(NetworkModel shape, ModelVersion version, double[] parameters) {
        this.name = shape.name;
        this.version = Objects.requireNonNull(version, "version == null");
        this.features = shape.features;
        this.imputation = shape.imputation;
        this.headNames = shape.headNames;
        this.thresholds = shape.thresholds;
        this.network = shape.network;
        this.scaling = shape.scaling;
        if (parameters.length != network.parameterCount()) {
            throw new IllegalArgumentException(
                    "Network '"
                            + name
                            + "' has "
                            + network.parameterCount()
                            + " parameters, got "
                            + parameters.length);
        }
        this.parameters = parameters.clone();
        requireFinite(this.parameters);
        this.scoringWeights = network.transposed(this.parameters);
    }

    private Activation activation(int l, String activationName) {
        Activation activation = Activation.forName(activationName);
        if (activation == null) {
            throw new InvalidModelException(
                    ModelRejection.UNSUPPORTED_STRUCTURE,
                    "Layer "
                            + l
                            + " of network '"
                            + name
                            + "' has activation '"
                            + activationName
                            + "', which the scorer does not support; use one of "
                            + Activation.supportedNames());
        }
        return activation;
    }

    /**
     * Checks layer {@code l}'s weights are {@code [units][inputs]} and its bias {@code [units]}.
     */
    private int checkShape(int l, LayerSpec layer, int inputs) {
        int units = layer.weights.length;
        String expected =
                "expected ["
                        + (units == 0 ? "units" : units)
                        + "]["
                        + inputs
                        + "]: a row per unit, a column per "
                        + (l == 0
                                ? "feature (" + inputs + " features)"
                                : "unit of layer " + (l - 1));
        if (units == 0) {
            throw new InvalidModelException(
                    ModelRejection.DIMENSION_MISMATCH,
                    "Layer " + l + " of network '" + name + "' has no units; " + expected);
        }
        for (int o = 0; o < units; o++) {
            double[] row = layer.weights[o];
            int columns = row == null ? 0 : row.length;
            if (columns != inputs) {
                throw new InvalidModelException(
                        ModelRejection.DIMENSION_MISMATCH,
                        "Layer "
                                + l
                                + " of network '"
                                + name
                                + "' has weights of shape ["
                                + units
                                + "]["
                                + columns
                                + "]"
                                + (o == 0 ? "" : " at row " + o)
                                + "; "
                                + expected);
            }
        }
        if (layer.bias.length != units) {
            throw new InvalidModelException(
                    ModelRejection.DIMENSION_MISMATCH,
                    "Layer "
                            + l
                            + " of network '"
                            + name
                            + "' has a bias of shape ["
                            + layer.bias.length
                            + "]; expected ["
                            + units
                            + "], one per unit");
        }
        return units;
    }

    private void requireFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidModelException(
                        ModelRejection.NON_FINITE_PARAMETER,
                        "Network '"
                                + name
                                + "' has a non-finite "
                                + network.describe(i, headNames)
                                + ": "
                                + values[i]);
            }
        }
    }

    /** Starts a network definition. */
    public static Builder builder(String name, ModelVersion version) {
        return new Builder(name, version);
    }

    /** A builder holding this network's definition, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b =
                new Builder(name, version)
                        .features(features.names())
                        .imputation(imputation)
                        .scaling(scaling);
        for (int l = 0; l < network.layers(); l++) {
            b.layer(layerWeights(l), layerBias(l), network.activation(l).wireName());
        }
        for (int h = 0; h < headNames.length; h++) {
            b.head(headNames[h], headWeights(h), headBias(h), thresholds[h]);
        }
        return b;
    }

    @Override
    public void encode(Map<String, Double> eventFeatures, FeatureVector out) {
        out.fill(features, imputation, eventFeatures);
        // A network is not linear in its input, so the scaling cannot be folded into weights:
        // the input is standardised once per event, a small cost beside the forward pass.
        if (scaling != null && out.nonFiniteFeature() == null) {
            scaling.standardize(out.values());
        }
    }

    @Override
    public Optional<FeatureScaling> scaling() {
        return Optional.ofNullable(scaling);
    }

    @Override
    public void score(double[] x, ScoringWorkspace workspace) {
        workspace.fit(network);
        double[] logits = workspace.logits(this, headNames.length);
        network.forwardTransposed(scoringWeights, x, workspace, logits);
    }

    @Override
    public int topContributions(
            int head,
            double[] x,
            ScoringWorkspace workspace,
            int k,
            int[] indexes,
            double[] contributions) {
        workspace.requireScoredBy(this);
        // The score processor explains every head; one pass computes all their gradients.
        if (!workspace.gradientsCurrent) {
            network.inputGradients(scoringWeights, workspace, workspace.inputGradients);
            workspace.gradientsCurrent = true;
        }
        double[] gradient = workspace.inputGradients[head];
        int dim = features.size();
        int n = Math.min(k, dim);
        int filled = 0;
        for (int i = 0; n > 0 && i < dim; i++) {
            filled =
                    TopContributions.offer(
                            i, x[i] * gradient[i], n, filled, indexes, contributions);
        }
        return filled;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelVersion version() {
        return version;
    }

    @Override
    public FeatureIndex features() {
        return features;
    }

    @Override
    public int dimension() {
        return features.size();
    }

    @Override
    public int headCount() {
        return headNames.length;
    }

    @Override
    public String headName(int head) {
        return headNames[head];
    }

    @Override
    public int headIndex(String headName) {
        for (int h = 0; h < headNames.length; h++) {
            if (headNames[h].equals(headName)) {
                return h;
            }
        }
        return -1;
    }

    @Override
    public double threshold(int head) {
        return thresholds[head];
    }

    @Override
    public double[] imputation() {
        return imputation.clone();
    }

    /** Number of hidden layers, at least 1. */
    public int layerCount() {
        return network.layers();
    }

    /** Number of units of hidden layer {@code layer}. */
    public int layerWidth(int layer) {
        return network.outputWidth(checkLayer(layer));
    }

    /** The activation after hidden layer {@code layer}. */
    public Activation activation(int layer) {
        return network.activation(checkLayer(layer));
    }

    /** A copy of hidden layer {@code layer}'s weights, {@code [units][inputs]}. */
    public double[][] layerWeights(int layer) {
        return matrix(checkLayer(layer));
    }

    /** A copy of hidden layer {@code layer}'s bias, one per unit. */
    public double[] layerBias(int layer) {
        int l = checkLayer(layer);
        int offset = network.biasOffset(l);
        return Arrays.copyOfRange(parameters, offset, offset + network.outputWidth(l));
    }

    /** A copy of head {@code head}'s weights, one per unit of the last hidden layer. */
    public double[] headWeights(int head) {
        int l = network.layers();
        int n = network.inputWidth(l);
        int offset = network.weightOffset(l) + head * n;
        return Arrays.copyOfRange(parameters, offset, offset + n);
    }

    /** Head {@code head}'s bias. */
    public double headBias(int head) {
        return parameters[network.biasOffset(network.layers()) + head];
    }

    /** Number of trainable parameters: every weight and bias of the layers and heads. */
    public int parameterCount() {
        return network.parameterCount();
    }

    DenseNetwork network() {
        return network;
    }

    /** A copy of the flat parameters, in {@link DenseNetwork}'s layout. */
    double[] parameters() {
        return parameters.clone();
    }

    /** This network with {@code flatParameters} (in {@link DenseNetwork}'s layout) as {@code v}. */
    NetworkModel withParameters(ModelVersion v, double[] flatParameters) {
        return new NetworkModel(this, v, flatParameters);
    }

    private double[][] matrix(int l) {
        int out = network.outputWidth(l);
        int in = network.inputWidth(l);
        double[][] rows = new double[out][];
        for (int o = 0; o < out; o++) {
            int offset = network.weightOffset(l) + o * in;
            rows[o] = Arrays.copyOfRange(parameters, offset, offset + in);
        }
        return rows;
    }

    private int checkLayer(int layer) {
        if (layer < 0 || layer >= network.layers()) {
            throw new IndexOutOfBoundsException(
                    "Layer " + layer + " is outside the " + network.layers() + " hidden layers");
        }
        return layer;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NetworkModel m)) {
            return false;
        }
        if (!(name.equals(m.name)
                && version.equals(m.version)
                && features.equals(m.features)
                && Arrays.equals(imputation, m.imputation)
                && Arrays.equals(headNames, m.headNames)
                && Arrays.equals(thresholds, m.thresholds)
                && Objects.equals(scaling, m.scaling)
                && network.layers() == m.network.layers()
                && Arrays.equals(parameters, m.parameters))) {
            return false;
        }
        for (int l = 0; l < network.layers(); l++) {
            if (network.outputWidth(l) != m.network.outputWidth(l)
                    || network.activation(l) != m.network.activation(l)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, features, Arrays.hashCode(parameters));
    }

    @Override
    public String toString() {
        StringBuilder shape = new StringBuilder().append(dimension());
        for (int l = 0; l < network.layers(); l++) {
            shape.append('-')
                    .append(network.outputWidth(l))
                    .append(' ')
                    .append(network.activation(l).wireName());
        }
        return "NetworkModel["
                + name
                + " "
                + version
                + ", "
                + shape
                + ", heads "
                + String.join(",", headNames)
                + "]";
    }

    private static final class LayerSpec {
        final double[][] weights;
        final double[] bias;
        final String activation;

        LayerSpec(double[][] weights, double[] bias, String activation) {
            this.weights = weights;
            this.bias = bias;
            this.activation = activation;
        }
    }

    private static final class HeadSpec {
        final String name;
        final double[] weights;
        final double bias;
        final double threshold;

        HeadSpec(String name, double[] weights, double bias, double threshold) {
            this.name = name;
            this.weights = weights;
            this.bias = bias;
            this.threshold = threshold;
        }
    }

    /** Collects a network definition; {@link #build()} validates it. */
    public static final class Builder {
        private final String name;
        private final ModelVersion version;
        private List<String> featureNames = List.of();
        private double[] imputation;
        private FeatureScaling scaling;
        private final List<LayerSpec> layers = new ArrayList<>();
        private final List<HeadSpec> heads = new ArrayList<>();

        private Builder(String name, ModelVersion version) {
            this.name = name;
            this.version = version;
        }

        /** The feature names, in input order. */
        public Builder features(List<String> names) {
            this.featureNames = List.copyOf(names);
            return this;
        }

        /** The value used for each missing feature; omitted means 0 for all. */
        public Builder imputation(double[] values) {
            this.imputation = values == null ? null : values.clone();
            return this;
        }

        /** The standardisation applied to the input before the first layer, or null for none. */
        public Builder scaling(FeatureScaling value) {
            this.scaling = value;
            return this;
        }

        /**
         * Appends a hidden dense layer.
         *
         * @param weights {@code [units][inputs]}, PyTorch's {@code nn.Linear.weight} layout
         * @param bias one per unit
         * @param activation the {@link Activation#wireName() wire name} of its activation
         */
        public Builder layer(double[][] weights, double[] bias, String activation) {
            double[][] rows = new double[weights.length][];
            for (int o = 0; o < rows.length; o++) {
                rows[o] = weights[o] == null ? null : weights[o].clone();
            }
            layers.add(new LayerSpec(rows, bias.clone(), activation));
            return this;
        }

        /** Adds an output head over the last hidden layer's units. */
        public Builder head(
                String headName, double[] headWeights, double headBias, double threshold) {
            heads.add(new HeadSpec(headName, headWeights.clone(), headBias, threshold));
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidModelException naming the first problem found
         */
        public NetworkModel build() {
            return new NetworkModel(this);
        }
    }
}
