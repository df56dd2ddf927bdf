package io.streamscorer.spec;

import io.streamscorer.avro.Challenge;
import io.streamscorer.avro.DenseLayer;
import io.streamscorer.avro.ModelHead;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.FeatureScaling;
import io.streamscorer.model.InvalidModelException;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelRejection;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.NetworkModel;
import io.streamscorer.model.ScoringModel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;

/**
 * Converts between the wire form of a model version ({@link ModelSpec}, Avro) and the servable form
 * ({@link ScoringModel}, plain Java), validating on the way in. A spec without layers is a {@link
 * LogisticModel}, one with layers a {@link NetworkModel}; each converts back to the spec it came
 * from. A spec's {@code scaling} goes into the model (a logistic model's weights apply to
 * standardised values, a network standardises its input); its {@code priorLabels} is a hint to the
 * online learner, not part of the model, read with {@link #priorLabels(ModelSpec)}.
 */
public final class ModelSpecs {
    private ModelSpecs() {}

    /**
     * The servable model described by {@code spec}: a {@link LogisticModel} without layers, a
     * {@link NetworkModel} with them.
     *
     * @throws InvalidModelException naming the first problem found
     */
    public static ScoringModel toModel(ModelSpec spec) {
        if (spec.getVersion() == null) {
            throw new InvalidModelException(
                    ModelRejection.EMPTY_MODEL, "Model '" + spec.getName() + "' has no version");
        }
        ModelVersion version;
        try {
            version = toVersion(spec.getVersion());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(ModelRejection.EMPTY_MODEL, e.getMessage());
        }
        if (version.generation() == Long.MAX_VALUE || version.step() == Long.MAX_VALUE) {
            // The learner's next step, or an operator's next deploy, would overflow.
            throw new InvalidModelException(
                    ModelRejection.UNSUPPORTED_STRUCTURE,
                    "Model '"
                            + spec.getName()
                            + "' version "
                            + version
                            + " leaves no next version");
        }
        Long priorLabels = spec.getPriorLabels();
        if (priorLabels != null && priorLabels < 0) {
            throw new InvalidModelException(
                    ModelRejection.NON_FINITE_PARAMETER,
                    "Model '"
                            + spec.getName()
                            + "' has priorLabels "
                            + priorLabels
                            + "; it must be >= 0 (0 learns freely, null takes"
                            + " scorer.learning.prior.labels)");
        }
        checkChallenge(spec);
        List<Double> imputation = spec.getImputation();
        double[] imputed = imputation == null || imputation.isEmpty() ? null : toArray(imputation);
        FeatureScaling scaling = toScaling(spec);
        if (spec.getLayers().isEmpty()) {
            LogisticModel.Builder builder =
                    LogisticModel.builder(spec.getName(), version)
                            .features(spec.getFeatureNames())
                            .imputation(imputed)
                            .scaling(scaling);
            for (ModelHead head : spec.getHeads()) {
                builder.head(
                        head.getName(),
                        toArray(head.getWeights()),
                        head.getBias(),
                        head.getThreshold());
            }
            return builder.build();
        }
        NetworkModel.Builder builder =
                NetworkModel.builder(spec.getName(), version)
                        .features(spec.getFeatureNames())
                        .imputation(imputed)
                        .scaling(scaling);
        for (DenseLayer layer : spec.getLayers()) {
            List<List<Double>> rows = layer.getWeights();
            double[][] weights = new double[rows.size()][];
            for (int o = 0; o < weights.length; o++) {
                weights[o] = toArray(rows.get(o));
            }
            builder.layer(weights, toArray(layer.getBias()), layer.getActivation());
        }
        for (ModelHead head : spec.getHeads()) {
            builder.head(
                    head.getName(),
                    toArray(head.getWeights()),
                    head.getBias(),
                    head.getThreshold());
        }
        return builder.build();
    }

    /**
     * Refuses a challenge no instance could follow: one naming no champion or the model itself, or
     * a share outside [0, 1].
     */
    private static void checkChallenge(ModelSpec spec) {
        Challenge challenge = spec.getChallenge();
        if (challenge == null) {
            return;
        }
        String champion = challenge.getChampion();
        if (champion == null || champion.isBlank() || champion.equals(spec.getName())) {
            throw new InvalidModelException(
                    ModelRejection.UNSUPPORTED_STRUCTURE,
                    "Model '"
                            + spec.getName()
                            + "' challenges '"
                            + champion
                            + "': a challenger must name another model as its champion");
        }
        double share = challenge.getShare();
        if (!(share >= 0 && share <= 1)) {
            throw new InvalidModelException(
                    ModelRejection.NON_FINITE_PARAMETER,
                    "Model '"
                            + spec.getName()
                            + "' has challenge share "
                            + share
                            + "; it must be in [0, 1] (0: shadow only)");
        }
    }

    /**
     * The scaling of {@code spec}, or null for none.
     *
     * @throws InvalidModelException naming the model if a center is not finite, a scale is not
     *     finite and positive, or there are not as many centers as scales
     */
    private static FeatureScaling toScaling(ModelSpec spec) {
        io.streamscorer.avro.FeatureScaling scaling = spec.getScaling();
        if (scaling == null) {
            return null;
        }
        try {
            return FeatureScaling.of(toArray(scaling.getCenter()), toArray(scaling.getScale()));
        } catch (InvalidModelException e) {
            InvalidModelException named =
                    new InvalidModelException(
                            e.reason(),
                            "Model '"
                                    + spec.getName()
                                    + "' has an invalid scaling: "
                                    + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /**
     * How many labels the weights of {@code spec} are worth to the online learner, the strength of
     * the prior it keeps around them: empty when the spec leaves it to the scorer's {@code
     * scorer.learning.prior.labels}, 0 to learn freely. {@link #toModel} refuses a negative count,
     * so a served version never has one.
     */
    public static OptionalLong priorLabels(ModelSpec spec) {
        Long labels = spec.getPriorLabels();
        return labels == null ? OptionalLong.empty() : OptionalLong.of(labels);
    }

    /**
     * The wire form of {@code model}, stamped with its origin and parent version. It carries the
     * model's scaling, and no {@code priorLabels}: that is not part of the model.
     */
    public static ModelSpec toSpec(
            ScoringModel model, String origin, ModelVersion parent, Instant createdAt) {
        List<ModelHead> heads = new ArrayList<>(model.headCount());
        List<DenseLayer> layers = new ArrayList<>();
        if (model instanceof NetworkModel network) {
            for (int l = 0; l < network.layerCount(); l++) {
                List<List<Double>> rows = new ArrayList<>(network.layerWidth(l));
                for (double[] row : network.layerWeights(l)) {
                    rows.add(toList(row));
                }
                layers.add(
                        new DenseLayer(
                                rows,
                                toList(network.layerBias(l)),
                                network.activation(l).wireName()));
            }
            for (int h = 0; h < network.headCount(); h++) {
                heads.add(
                        new ModelHead(
                                network.headName(h),
                                toList(network.headWeights(h)),
                                network.headBias(h),
                                network.threshold(h)));
            }
        } else {
            LogisticModel logistic = (LogisticModel) model;
            for (int h = 0; h < logistic.headCount(); h++) {
                heads.add(
                        new ModelHead(
                                logistic.headName(h),
                                toList(logistic.weights(h)),
                                logistic.bias(h),
                                logistic.threshold(h)));
            }
        }
        return ModelSpec.newBuilder()
                .setName(model.name())
                .setVersion(toAvro(model.version()))
                .setFeatureNames(new ArrayList<>(model.features().names()))
                .setImputation(toList(model.imputation()))
                .setLayers(layers)
                .setHeads(heads)
                .setCreatedAt(createdAt)
                .setOrigin(origin)
                .setParent(parent == null ? null : toAvro(parent))
                .setLearningPaused(false)
                .setMetadata(new LinkedHashMap<>())
                .setSignature(null)
                .setSigningKeyId(null)
                .setScaling(model.scaling().map(ModelSpecs::toAvro).orElse(null))
                .setPriorLabels(null)
                .build();
    }

    /**
     * A short digest of what a version computes — feature names, imputation, hidden layers
     * (weights, biases, activations), head names, weights, biases and thresholds, and the scaling —
     * for telling versions apart at a glance: two versions with the same digest score identically.
     * The first 12 hex digits of a SHA-256. A version without layers digests as it did before
     * layers existed, and one without scaling as it did before scaling existed. {@code priorLabels}
     * changes how the learner moves the weights, not what the version computes, so it is not
     * digested.
     */
    public static String digest(ModelSpec spec) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK always has SHA-256", e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(8);
        for (String name : spec.getFeatureNames()) {
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        spec.getImputation().forEach(v -> sha.update(buffer.clear().putDouble(v).array()));
        for (DenseLayer layer : spec.getLayers()) {
            sha.update(layer.getActivation().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            // The row lengths are hashed too, so regrouping the same numbers changes the digest.
            for (List<Double> row : layer.getWeights()) {
                sha.update(buffer.clear().putDouble(row.size()).array());
                row.forEach(v -> sha.update(buffer.clear().putDouble(v).array()));
            }
            layer.getBias().forEach(v -> sha.update(buffer.clear().putDouble(v).array()));
        }
        for (ModelHead head : spec.getHeads()) {
            sha.update(head.getName().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            head.getWeights().forEach(v -> sha.update(buffer.clear().putDouble(v).array()));
            sha.update(buffer.clear().putDouble(head.getBias()).array());
            sha.update(buffer.clear().putDouble(head.getThreshold()).array());
        }
        io.streamscorer.avro.FeatureScaling scaling = spec.getScaling();
        if (scaling != null) {
            // Tagged, and with its lengths, so that moving a number from the centers to the scales
            // changes the digest.
            sha.update("scaling".getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(buffer.clear().putDouble(scaling.getCenter().size()).array());
            scaling.getCenter().forEach(v -> sha.update(buffer.clear().putDouble(v).array()));
            sha.update(buffer.clear().putDouble(scaling.getScale().size()).array());
            scaling.getScale().forEach(v -> sha.update(buffer.clear().putDouble(v).array()));
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    /** The plain version of an Avro one. */
    public static ModelVersion toVersion(io.streamscorer.avro.ModelVersion v) {
        return new ModelVersion(v.getGeneration(), v.getStep());
    }

    /** The Avro version of a plain one. */
    public static io.streamscorer.avro.ModelVersion toAvro(ModelVersion v) {
        return new io.streamscorer.avro.ModelVersion(v.generation(), v.step());
    }

    private static io.streamscorer.avro.FeatureScaling toAvro(FeatureScaling scaling) {
        return new io.streamscorer.avro.FeatureScaling(
                toList(scaling.center()), toList(scaling.scale()));
    }

    private static double[] toArray(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = values.get(i);
            out[i] = v == null ? Double.NaN : v;
        }
        return out;
    }

    private static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
