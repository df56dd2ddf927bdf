package io.streamscorer.spec;

import io.streamscorer.avro.ModelHead;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.InvalidModelException;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelRejection;
import io.streamscorer.model.ModelVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Converts between the wire form of a model version ({@link ModelSpec}, Avro) and the servable form
 * ({@link LogisticModel}, plain Java), validating on the way in.
 */
public final class ModelSpecs {
    private ModelSpecs() {}

    /**
     * The servable model described by {@code spec}.
     *
     * @throws InvalidModelException naming the first problem found
     */
    public static LogisticModel toModel(ModelSpec spec) {
        if (spec.getVersion() == null) {
            throw new InvalidModelException(
                    ModelRejection.EMPTY_MODEL, "Model '" + spec.getName() + "' has no version");
        }
        if (!spec.getLayers().isEmpty()) {
            throw new InvalidModelException(
                    ModelRejection.UNSUPPORTED_STRUCTURE,
                    "Model '"
                            + spec.getName()
                            + "' has hidden layers, which this scorer cannot serve");
        }
        ModelVersion version;
        try {
            version = toVersion(spec.getVersion());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(ModelRejection.EMPTY_MODEL, e.getMessage());
        }
        LogisticModel.Builder builder =
                LogisticModel.builder(spec.getName(), version).features(spec.getFeatureNames());
        List<Double> imputation = spec.getImputation();
        if (imputation != null && !imputation.isEmpty()) {
            builder.imputation(toArray(imputation));
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

    /** The wire form of {@code model}, stamped with its origin and parent version. */
    public static ModelSpec toSpec(
            LogisticModel model, String origin, ModelVersion parent, Instant createdAt) {
        List<ModelHead> heads = new ArrayList<>(model.headCount());
        for (int h = 0; h < model.headCount(); h++) {
            heads.add(
                    new ModelHead(
                            model.headName(h),
                            toList(model.weights(h)),
                            model.bias(h),
                            model.threshold(h)));
        }
        return ModelSpec.newBuilder()
                .setName(model.name())
                .setVersion(toAvro(model.version()))
                .setFeatureNames(new ArrayList<>(model.features().names()))
                .setImputation(toList(model.imputation()))
                .setLayers(new ArrayList<>())
                .setHeads(heads)
                .setCreatedAt(createdAt)
                .setOrigin(origin)
                .setParent(parent == null ? null : toAvro(parent))
                .setLearningPaused(false)
                .setMetadata(new LinkedHashMap<>())
                .setSignature(null)
                .setSigningKeyId(null)
                .build();
    }

    /**
     * A short digest of what a version computes — feature names, imputation, head names, weights,
     * biases and thresholds — for telling versions apart at a glance: two versions with the same
     * digest score identically. The first 12 hex digits of a SHA-256.
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
        for (ModelHead head : spec.getHeads()) {
            sha.update(head.getName().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            head.getWeights().forEach(v -> sha.update(buffer.clear().putDouble(v).array()));
            sha.update(buffer.clear().putDouble(head.getBias()).array());
            sha.update(buffer.clear().putDouble(head.getThreshold()).array());
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
