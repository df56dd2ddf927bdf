package io.streamscorer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable version of a multi-head logistic classifier: for each head {@code h}, {@code p_h =
 * σ(w_h · x + b_h)} over the same named features. Instances are validated on construction and never
 * change, so a registry can swap whole versions atomically and a reader never sees a half-updated
 * weight vector.
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
public final class LogisticModel {
    private final String name;
    private final ModelVersion version;
    private final FeatureIndex features;
    private final double[] imputation;
    private final String[] headNames;
    private final double[][] weights;
    private final double[] bias;
    private final double[] thresholds;

    private LogisticModel(Builder b) {
        this.name = requireName(b.name);
        this.version = Objects.requireNonNull(b.version, "version == null");
        this.features = new FeatureIndex(b.featureNames);
        int dim = features.size();
        if (dim == 0) {
            throw new InvalidModelException(
                    ModelRejection.EMPTY_MODEL, "Model '" + name + "' has no features");
        }
        if (b.heads.isEmpty()) {
            throw new InvalidModelException(
                    ModelRejection.EMPTY_MODEL, "Model '" + name + "' has no output heads");
        }
        this.imputation = b.imputation == null ? new double[dim] : b.imputation.clone();
        if (imputation.length != dim) {
            throw new InvalidModelException(
                    ModelRejection.DIMENSION_MISMATCH,
                    "Model '"
                            + name
                            + "' has "
                            + imputation.length
                            + " imputation values for "
                            + dim
                            + " features");
        }
        requireFinite(imputation, "imputation value");
        int heads = b.heads.size();
        this.headNames = new String[heads];
        this.weights = new double[heads][];
        this.bias = new double[heads];
        this.thresholds = new double[heads];
        for (int h = 0; h < heads; h++) {
            HeadSpec head = b.heads.get(h);
            headNames[h] = requireHeadName(head.name, h);
            for (int other = 0; other < h; other++) {
                if (headNames[other].equals(headNames[h])) {
                    throw new InvalidModelException(
                            ModelRejection.UNSUPPORTED_STRUCTURE,
                            "Model '" + name + "' has two heads named '" + headNames[h] + "'");
                }
            }
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
            requireFinite(weights[h], "weight of head '" + head.name + "'");
            if (!Double.isFinite(head.bias)) {
                throw new InvalidModelException(
                        ModelRejection.NON_FINITE_PARAMETER,
                        "Model '" + name + "' has a non-finite bias in head '" + head.name + "'");
            }
            bias[h] = head.bias;
            if (!(head.threshold >= 0.0 && head.threshold <= 1.0)) {
                throw new InvalidModelException(
                        ModelRejection.NON_FINITE_PARAMETER,
                        "Threshold of head '"
                                + head.name
                                + "' must be within [0, 1], got "
                                + head.threshold);
            }
            thresholds[h] = head.threshold;
        }
    }

    /** Starts a model definition. */
    public static Builder builder(String name, ModelVersion version) {
        return new Builder(name, version);
    }

    /** A builder holding this model's definition, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name, version).features(features.names()).imputation(imputation);
        for (int h = 0; h < headNames.length; h++) {
            b.head(headNames[h], weights[h], bias[h], thresholds[h]);
        }
        return b;
    }

    /**
     * Fills {@code out} with the dense vector of {@code eventFeatures}: known names at their index,
     * missing ones at the imputation value; counts unknown names and notes a non-finite value of a
     * known feature. Allocates nothing once {@code out} has grown to this model's size.
     */
    public void encode(Map<String, Double> eventFeatures, FeatureVector out) {
        int dim = features.size();
        double[] x = out.reset(dim);
        System.arraycopy(imputation, 0, x, 0, dim);
        int matched = 0;
        int unknown = 0;
        String nonFinite = null;
        for (Map.Entry<String, Double> e : eventFeatures.entrySet()) {
            int i = features.indexOf(e.getKey());
            if (i < 0) {
                unknown++;
                continue;
            }
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            if (!Double.isFinite(v)) {
                nonFinite = e.getKey();
            }
            x[i] = v;
            matched++;
        }
        out.counts(dim - matched, unknown, nonFinite);
    }

    /** {@code w_h · x + b_h} for head {@code head}. */
    public double logit(int head, double[] x) {
        return logit(weights[head], weights[head].length, bias[head], x);
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
     * contribution {@code w_i · x_i} to head {@code head}, largest first.
     *
     * @return how many were written: {@code min(k, dimension)}
     */
    public int topContributions(
            int head, double[] x, int k, int[] indexes, double[] contributions) {
        double[] w = weights[head];
        int n = Math.min(k, w.length);
        int filled = 0;
        for (int i = 0; i < w.length; i++) {
            double c = w[i] * x[i];
            double magnitude = Math.abs(c);
            if (filled == n && magnitude <= Math.abs(contributions[n - 1])) {
                continue;
            }
            int pos = filled < n ? filled++ : n - 1;
            while (pos > 0 && Math.abs(contributions[pos - 1]) < magnitude) {
                contributions[pos] = contributions[pos - 1];
                indexes[pos] = indexes[pos - 1];
                pos--;
            }
            contributions[pos] = c;
            indexes[pos] = i;
        }
        return filled;
    }

    /** The model's name, which is its key on the control topic. */
    public String name() {
        return name;
    }

    /** The version of this definition. */
    public ModelVersion version() {
        return version;
    }

    /** The feature names and their weight indexes. */
    public FeatureIndex features() {
        return features;
    }

    /** Number of input features. */
    public int dimension() {
        return features.size();
    }

    /** Number of output heads. */
    public int headCount() {
        return headNames.length;
    }

    /** Name of head {@code head}. */
    public String headName(int head) {
        return headNames[head];
    }

    /** Index of the head called {@code headName}, or -1. */
    public int headIndex(String headName) {
        for (int h = 0; h < headNames.length; h++) {
            if (headNames[h].equals(headName)) {
                return h;
            }
        }
        return -1;
    }

    /** The decision threshold of head {@code head}: decide positive when p ≥ threshold. */
    public double threshold(int head) {
        return thresholds[head];
    }

    /** The bias of head {@code head}. */
    public double bias(int head) {
        return bias[head];
    }

    /** A copy of the weights of head {@code head}. */
    public double[] weights(int head) {
        return weights[head].clone();
    }

    /** A copy of the imputation values, one per feature. */
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
                && Arrays.equals(thresholds, m.thresholds);
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

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidModelException(ModelRejection.EMPTY_MODEL, "Model name is blank");
        }
        return name;
    }

    private static String requireHeadName(String name, int index) {
        if (name == null || name.isBlank()) {
            throw new InvalidModelException(
                    ModelRejection.EMPTY_MODEL, "Head " + index + " has a blank name");
        }
        return name;
    }

    private void requireFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidModelException(
                        ModelRejection.NON_FINITE_PARAMETER,
                        "Model '"
                                + name
                                + "' has a non-finite "
                                + what
                                + " at index "
                                + i
                                + " ("
                                + features.name(i)
                                + "): "
                                + values[i]);
            }
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

    /** Collects a model definition; {@link #build()} validates it. */
    public static final class Builder {
        private final String name;
        private final ModelVersion version;
        private List<String> featureNames = List.of();
        private double[] imputation;
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
            Builder b = new Builder(name, newVersion).features(featureNames).imputation(imputation);
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
