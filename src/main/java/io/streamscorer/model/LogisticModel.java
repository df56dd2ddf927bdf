package io.streamscorer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable version of a multi-head logistic classifier: for each head {@code h}, {@code p_h =
 * σ(w_h · x + b_h)} over the same named features. Instances are validated on construction and never
 * change, so a registry can swap whole versions atomically and a reader never sees a half-updated
 * weight vector.
 *
 * <p>With a {@link FeatureScaling}, the weights and bias apply to standardised values {@code (x −
 * c) / s}, as a scikit-learn pipeline's do; the model folds the scaling into raw-unit weights once,
 * so scoring is the same dot product, and reason codes are each feature's contribution relative to
 * its center, {@code w_i·(x_i − c_i)/s_i}.
 *
 * <pre>{@code
 * LogisticModel model = LogisticModel.builder("fraud", new ModelVersion(1, 0))
 *         .features(List.of("amount", "velocity"))
 *         .head("fraud", new double[] {0.8, 1.5}, -2.0, 0.5)
 *         .build();
 * FeatureVector x = new FeatureVector();
 * model.encode(Map.of("amount", 1.2, "velocity", 0.3), x);
 * double p = model.probability(0, x.values());
 * }</pre>
 */
public final class LogisticModel implements ScoringModel {
    private final String name;
    private final ModelVersion version;
    private final FeatureIndex features;
    private final double[] imputation;
    private final String[] headNames;
    private final double[][] weights;
    private final double[] bias;
    private final double[] thresholds;
    private final FeatureScaling scaling;
    // With a scaling, the weights folded onto raw values and each feature's share of the folded
    // bias; without one, the weights and zeros. Scoring reads only these.
    private final double[][] rawWeights;
    private final double[] rawBias;
    private final double[][] centerShares;

    private LogisticModel(Builder b) {
        this.name = ModelValidator.requireName(b.name);
        this.version = Objects.requireNonNull(b.version, "version == null");
        this.features = new FeatureIndex(b.featureNames);
        int dim = features.size();
        ModelValidator.requireNonEmpty(name, dim, b.heads.size());
        this.imputation = ModelValidator.imputation(name, b.imputation, features);
        int heads = b.heads.size();
        this.headNames = new String[heads];
        this.weights = new double[heads][];
        this.bias = new double[heads];
        this.thresholds = new double[heads];
        for (int h = 0; h < heads; h++) {
            HeadSpec head = b.heads.get(h);
            headNames[h] = ModelValidator.headName(name, headNames, h, head.name);
            if (head.weights.length != dim) {
                throw new InvalidModelException(
                        ModelRejection.DIMENSION_MISMATCH,
                        "Head '"
                                + head.name
                                + "' of model '"
                                + name
                                + "' has "
                                + head.weights.length
                                + " weights for "
                                + dim
                                + " features");
            }
            weights[h] = head.weights.clone();
            ModelValidator.requireFinite(
                    name, weights[h], "weight of head '" + head.name + "'", features);
            bias[h] = ModelValidator.bias(name, head.name, head.bias);
            thresholds[h] = ModelValidator.threshold(head.name, head.threshold);
        }
        this.scaling = ModelValidator.scaling(name, b.scaling, features);
        this.rawWeights = new double[heads][];
        this.rawBias = new double[heads];
        this.centerShares = new double[heads][dim];
        for (int h = 0; h < heads; h++) {
            if (scaling == null) {
                rawWeights[h] = weights[h];
                rawBias[h] = bias[h];
            } else {
                rawWeights[h] = scaling.foldWeights(weights[h]);
                rawBias[h] = scaling.foldBias(weights[h], bias[h]);
                double[] center = scaling.center();
                for (int i = 0; i < dim; i++) {
                    centerShares[h][i] = rawWeights[h][i] * center[i];
                }
                ModelValidator.requireFinite(
                        name,
                        rawWeights[h],
                        "scaled weight of head '" + headNames[h] + "'",
                        features);
                ModelValidator.bias(name, headNames[h], rawBias[h]);
            }
        }
    }

    /** Starts a model definition. */
    public static Builder builder(String name, ModelVersion version) {
        return new Builder(name, version);
    }

    /** A builder holding this model's definition, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b =
                new Builder(name, version)
                        .features(features.names())
                        .imputation(imputation)
                        .scaling(scaling);
        for (int h = 0; h < headNames.length; h++) {
            b.head(headNames[h], weights[h], bias[h], thresholds[h]);
        }
        return b;
    }

    @Override
    public void encode(Map<String, Double> eventFeatures, FeatureVector out) {
        out.fill(features, imputation, eventFeatures);
    }

    @Override
    public void score(double[] x, ScoringWorkspace workspace) {
        int heads = headNames.length;
        double[] logits = workspace.logits(this, heads);
        for (int h = 0; h < heads; h++) {
            logits[h] = logit(h, x);
        }
    }

    /** {@code w_h · x + b_h} for head {@code head}. */
    public double logit(int head, double[] x) {
        return logit(rawWeights[head], rawWeights[head].length, rawBias[head], x);
    }

    /**
     * {@code bias + w · x} over the first {@code n} terms, summed in four interleaved partial sums.
     * With one running sum every addition waits for the previous one; four independent sums keep
     * the floating-point adders busy, about three times faster at 30 features. Every logit of a
     * model or learner is summed here, in this one order, so a score is reproduced bit for bit from
     * the weights of the version it names.
     */
    static double logit(double[] w, int n, double bias, double[] x) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += w[i] * x[i];
            s1 += w[i + 1] * x[i + 1];
            s2 += w[i + 2] * x[i + 2];
            s3 += w[i + 3] * x[i + 3];
        }
        for (; i < n; i++) {
            s0 += w[i] * x[i];
        }
        return bias + ((s0 + s1) + (s2 + s3));
    }

    /** σ(logit) for head {@code head}. */
    public double probability(int head, double[] x) {
        return Sigmoid.sigmoid(logit(head, x));
    }

    /**
     * Writes into {@code indexes} and {@code contributions} the features with the largest absolute
     * contribution {@code w_i · x_i} (with a scaling {@code w_i·(x_i − c_i)/s_i}) to head {@code
     * head}, largest first; needs no workspace.
     *
     * @return how many were written: {@code min(k, dimension)}
     */
    public int topContributions(
            int head, double[] x, int k, int[] indexes, double[] contributions) {
        double[] w = rawWeights[head];
        double[] shares = centerShares[head];
        int n = Math.min(k, w.length);
        int filled = 0;
        for (int i = 0; n > 0 && i < w.length; i++) {
            filled =
                    TopContributions.offer(
                            i, w[i] * x[i] - shares[i], n, filled, indexes, contributions);
        }
        return filled;
    }

    @Override
    public int topContributions(
            int head,
            double[] x,
            ScoringWorkspace workspace,
            int k,
            int[] indexes,
            double[] contributions) {
        return topContributions(head, x, k, indexes, contributions);
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

    /** The bias of head {@code head}. */
    public double bias(int head) {
        return bias[head];
    }

    /** Head {@code head}'s bias on raw feature values: {@link #bias} with the scaling folded in. */
    public double rawBias(int head) {
        return rawBias[head];
    }

    /** A copy of head {@code head}'s weights on raw feature values, the scaling folded in. */
    public double[] rawWeights(int head) {
        return rawWeights[head].clone();
    }

    @Override
    public Optional<FeatureScaling> scaling() {
        return Optional.ofNullable(scaling);
    }

    /** A copy of the weights of head {@code head}. */
    public double[] weights(int head) {
        return weights[head].clone();
    }

    @Override
    public double[] imputation() {
        return imputation.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LogisticModel m)) {
            return false;
        }
        return name.equals(m.name)
                && version.equals(m.version)
                && features.equals(m.features)
                && Arrays.equals(imputation, m.imputation)
                && Arrays.equals(headNames, m.headNames)
                && Arrays.deepEquals(weights, m.weights)
                && Arrays.equals(bias, m.bias)
                && Arrays.equals(thresholds, m.thresholds)
                && Objects.equals(scaling, m.scaling);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, features, Arrays.deepHashCode(weights));
    }

    @Override
    public String toString() {
        return "LogisticModel["
                + name
                + " "
                + version
                + ", "
                + dimension()
                + " features, heads "
                + String.join(",", headNames)
                + "]";
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

    /** Collects a model definition; {@link #build()} validates it. */
    public static final class Builder {
        private final String name;
        private final ModelVersion version;
        private List<String> featureNames = List.of();
        private double[] imputation;
        private FeatureScaling scaling;
        private final ArrayList<HeadSpec> heads = new ArrayList<>();

        private Builder(String name, ModelVersion version) {
            this.name = name;
            this.version = version;
        }

        /** The feature names, in weight order. */
        public Builder features(List<String> names) {
            this.featureNames = List.copyOf(names);
            return this;
        }

        /** The value used for each missing feature; omitted means 0 for all. */
        public Builder imputation(double[] values) {
            this.imputation = values == null ? null : values.clone();
            return this;
        }

        /** The centring and scaling the weights apply to, or null for weights on raw values. */
        public Builder scaling(FeatureScaling value) {
            this.scaling = value;
            return this;
        }

        /** Adds an output head. */
        public Builder head(
                String headName, double[] headWeights, double headBias, double threshold) {
            heads.add(new HeadSpec(headName, headWeights.clone(), headBias, threshold));
            return this;
        }

        /** Replaces all heads with none, to add changed ones. */
        public Builder clearHeads() {
            heads.clear();
            return this;
        }

        /** A builder for the same definition under another version. */
        public Builder version(ModelVersion newVersion) {
            Builder b =
                    new Builder(name, newVersion)
                            .features(featureNames)
                            .imputation(imputation)
                            .scaling(scaling);
            b.heads.addAll(heads);
            return b;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidModelException naming the first problem found
         */
        public LogisticModel build() {
            return new LogisticModel(this);
        }
    }
}
