package io.streamscorer.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamscorer.avro.DenseLayer;
import io.streamscorer.avro.ModelHead;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON model file an operator writes, pushes and exports: the human-editable form of a {@link
 * ModelSpec}. Unknown fields are errors, so a typo never silently drops a setting.
 *
 * <pre>{@code
 * {
 *   "name": "fraud",
 *   "version": "3.0",
 *   "features": ["amount_log", "merchant_risk"],
 *   "imputation": [3.2, 0.1],
 *   "scaling": {"center": [3.0, 0.2], "scale": [1.4, 0.1]},
 *   "heads": [{"name": "fraud", "weights": [0.4, 2.1], "bias": -5.3, "threshold": 0.5}],
 *   "priorLabels": 20000
 * }
 * }</pre>
 *
 * @param name model name (the control-topic key)
 * @param version {@code generation.step}; optional when pushing (a push starts a new generation)
 * @param features feature names in weight order
 * @param imputation value per feature used when an event lacks it; optional (zeros)
 * @param scaling the per-feature centring and scaling the weights (or the first layer) apply to, as
 *     scikit-learn's {@code StandardScaler} keeps it; optional (weights on raw values)
 * @param heads sigmoid output heads
 * @param layers hidden dense layers before the heads; optional
 * @param metadata free-form string pairs kept with the version; optional
 * @param priorLabels how many labels the weights are worth to the online learner; optional (the
 *     scorer's {@code scorer.learning.prior.labels}), 0 to learn freely
 * @param challenge the champion this model challenges and its A/B share; optional (a champion)
 * @param origin who made the version; filled on export
 * @param createdAt when the version was made; filled on export
 * @param signature base64 Ed25519 signature of the version, as {@code scorer model sign} writes it;
 *     a signed file is published exactly as signed
 * @param signingKeyId id of the signing key, for audit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelFile(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("version") String version,
        @JsonProperty(value = "features", required = true) List<String> features,
        @JsonProperty("imputation") List<Double> imputation,
        @JsonProperty("scaling") Scaling scaling,
        @JsonProperty(value = "heads", required = true) List<Head> heads,
        @JsonProperty("layers") List<Layer> layers,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("priorLabels") Long priorLabels,
        @JsonProperty("challenge") Challenge challenge,
        @JsonProperty("origin") String origin,
        @JsonProperty("createdAt") String createdAt,
        @JsonProperty("signature") String signature,
        @JsonProperty("signingKeyId") String signingKeyId) {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    /** A model file without scaling and prior labels, weights on raw values. */
    public ModelFile(
            String name,
            String version,
            List<String> features,
            List<Double> imputation,
            List<Head> heads,
            List<Layer> layers,
            Map<String, String> metadata,
            String origin,
            String createdAt,
            String signature,
            String signingKeyId) {
        this(
                name,
                version,
                features,
                imputation,
                null,
                heads,
                layers,
                metadata,
                null,
                null,
                origin,
                createdAt,
                signature,
                signingKeyId);
    }

    /** This file published as {@code newName} with {@code newChallenge} (null: a champion). */
    public ModelFile as(String newName, Challenge newChallenge) {
        return new ModelFile(
                newName,
                version,
                features,
                imputation,
                scaling,
                heads,
                layers,
                metadata,
                priorLabels,
                newChallenge,
                origin,
                createdAt,
                signature,
                signingKeyId);
    }

    /**
     * That this model is a challenger: scored beside {@code champion} on its events, deciding for
     * {@code share} of its entities (0 or omitted: shadow only).
     *
     * @param champion the model challenged
     * @param share the A/B share in [0, 1]; optional (0)
     */
    public record Challenge(
            @JsonProperty(value = "champion", required = true) String champion,
            @JsonProperty("share") Double share) {}

    /**
     * Per-feature centring and scaling, {@code z = (x − center) / scale}: scikit-learn's {@code
     * StandardScaler.mean_} and {@code scale_}.
     *
     * @param center one per feature, finite
     * @param scale one per feature, finite and > 0
     */
    public record Scaling(
            @JsonProperty(value = "center", required = true) List<Double> center,
            @JsonProperty(value = "scale", required = true) List<Double> scale) {

        /**
         * Checks this scaling fits {@code features} features, naming the key at fault ({@code
         * scaling.scale[3]}), as the scorer would refuse it otherwise with less to go on.
         *
         * @throws IllegalArgumentException naming the first key at fault
         */
        void check(int features) {
            check("center", center, features);
            check("scale", scale, features);
            for (int i = 0; i < center.size(); i++) {
                if (!Double.isFinite(center.get(i))) {
                    throw new IllegalArgumentException(
                            "scaling.center["
                                    + i
                                    + "] is "
                                    + center.get(i)
                                    + ", not a finite number");
                }
            }
            for (int i = 0; i < scale.size(); i++) {
                double s = scale.get(i);
                if (!(s > 0 && Double.isFinite(s))) {
                    throw new IllegalArgumentException(
                            "scaling.scale[" + i + "] must be finite and > 0, got " + s);
                }
            }
        }

        private static void check(String key, List<Double> values, int features) {
            if (values.size() != features) {
                throw new IllegalArgumentException(
                        "scaling."
                                + key
                                + " has "
                                + values.size()
                                + " values for "
                                + features
                                + " features; it needs one per feature");
            }
            int missing = values.indexOf(null);
            if (missing >= 0) {
                throw new IllegalArgumentException(
                        "scaling." + key + "[" + missing + "] is null, not a number");
            }
        }
    }

    /**
     * Checks what the JSON Schema cannot: that a scaling has one center and one scale per feature,
     * all finite and every scale positive, and that {@code priorLabels} is not negative.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    void checkScalingAndPrior() {
        if (scaling != null) {
            scaling.check(features.size());
        }
        if (priorLabels != null && priorLabels < 0) {
            throw new IllegalArgumentException(
                    "priorLabels must be >= 0 (0 learns freely), got " + priorLabels);
        }
    }

    /**
     * One sigmoid output head.
     *
     * @param name head name, e.g. fraud
     * @param weights one weight per feature (or per unit of the last hidden layer)
     * @param bias bias; default 0
     * @param threshold decide positive when p ≥ threshold; default 0.5
     */
    public record Head(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "weights", required = true) List<Double> weights,
            @JsonProperty("bias") Double bias,
            @JsonProperty("threshold") Double threshold) {}

    /**
     * One hidden dense layer, PyTorch's {@code nn.Linear} layout followed by an activation.
     *
     * @param weights one row per output unit, one column per input
     * @param bias one per output unit
     * @param activation relu, sigmoid, hardsigmoid, silu or identity
     */
    public record Layer(
            @JsonProperty(value = "weights", required = true) List<List<Double>> weights,
            @JsonProperty(value = "bias", required = true) List<Double> bias,
            @JsonProperty(value = "activation", required = true) String activation) {}

    /**
     * Reads a model file.
     *
     * @throws IllegalArgumentException naming the file and the JSON problem
     */
    public static ModelFile read(Path path) {
        try {
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model file " + path, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses model-file JSON after checking it against {@link ModelFileSchema}.
     *
     * @throws IllegalArgumentException listing every schema violation, or the JSON problem
     */
    public static ModelFile parse(String json) {
        String nonFinite = nonFinite(ModelFileFormat.readJson(json), "");
        if (nonFinite != null) {
            throw new IllegalArgumentException(nonFinite + ", not a finite number");
        }
        List<String> violations;
        try {
            violations = ModelFileSchema.violations(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(
                    "does not match the model-file schema: " + String.join("; ", violations));
        }
        ModelFile file;
        try {
            file = JSON.readValue(json, ModelFile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not a valid model file: " + e.getOriginalMessage(), e);
        }
        file.checkScalingAndPrior();
        return file;
    }

    /**
     * Where the first NaN or infinite number under {@code node} is, as "scaling.center[1] is NaN",
     * or null. JSON has no such numbers, but Python's {@code json.dump} writes them, and the schema
     * check would only call the text invalid.
     */
    private static String nonFinite(JsonNode node, String path) {
        if (node.isNumber() && !Double.isFinite(node.asDouble())) {
            return path + " is " + node.asDouble();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nonFinite(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String found = nonFinite(field.getValue(), key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** This file as JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write model file JSON", e);
        }
    }

    /**
     * The control-topic record for this file.
     *
     * @param version the version it is published as (overrides {@link #version()})
     * @param origin who publishes it
     */
    public ModelSpec toSpec(ModelVersion version, String origin, Instant createdAt) {
        List<ModelHead> specHeads = new ArrayList<>();
        for (Head h : heads) {
            specHeads.add(
                    new ModelHead(
                            h.name(),
                            new ArrayList<>(h.weights()),
                            h.bias() == null ? 0.0 : h.bias(),
                            h.threshold() == null ? 0.5 : h.threshold()));
        }
        List<DenseLayer> specLayers = new ArrayList<>();
        if (layers != null) {
            for (Layer l : layers) {
                List<List<Double>> rows = new ArrayList<>();
                l.weights().forEach(row -> rows.add(new ArrayList<>(row)));
                specLayers.add(new DenseLayer(rows, new ArrayList<>(l.bias()), l.activation()));
            }
        }
        return ModelSpec.newBuilder()
                .setName(name)
                .setVersion(ModelSpecs.toAvro(version))
                .setFeatureNames(new ArrayList<>(features))
                .setImputation(imputation == null ? new ArrayList<>() : new ArrayList<>(imputation))
                .setLayers(specLayers)
                .setHeads(specHeads)
                .setCreatedAt(createdAt)
                .setOrigin(origin)
                .setParent(null)
                .setLearningPaused(false)
                .setMetadata(
                        metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata))
                .setSignature(null)
                .setSigningKeyId(null)
                .setScaling(
                        scaling == null
                                ? null
                                : new io.streamscorer.avro.FeatureScaling(
                                        new ArrayList<>(scaling.center()),
                                        new ArrayList<>(scaling.scale())))
                .setPriorLabels(priorLabels)
                .setChallenge(
                        challenge == null
                                ? null
                                : new io.streamscorer.avro.Challenge(
                                        challenge.champion(),
                                        challenge.share() == null ? 0.0 : challenge.share()))
                .build();
    }

    /**
     * The control-topic record of a signed file, exactly as it was signed: its own version, origin
     * and creation time, and its signature.
     *
     * @throws IllegalArgumentException if the file is unsigned, lacks what the signature covers, or
     *     its createdAt is not an instant or its signature not base64
     */
    public ModelSpec toSignedSpec() {
        if (signature == null || version == null || origin == null || createdAt == null) {
            throw new IllegalArgumentException(
                    "a signed model file needs signature, version, origin and createdAt exactly as"
                            + " signed (scorer model sign writes them)");
        }
        Instant created;
        try {
            created = Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "createdAt '"
                            + createdAt
                            + "' is not an instant in UTC such as 2025-01-01T00:00:00Z",
                    e);
        }
        byte[] signatureBytes;
        try {
            signatureBytes = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature is not base64: " + e.getMessage(), e);
        }
        ModelSpec spec = toSpec(ModelVersion.parse(version), origin, created);
        spec.setSignature(ByteBuffer.wrap(signatureBytes));
        spec.setSigningKeyId(signingKeyId);
        return spec;
    }

    private static String base64(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return Base64.getEncoder().encodeToString(copy);
    }

    /** The file form of a control-topic record, for export. */
    public static ModelFile fromSpec(ModelSpec spec) {
        List<Head> heads = new ArrayList<>();
        for (ModelHead h : spec.getHeads()) {
            heads.add(new Head(h.getName(), h.getWeights(), h.getBias(), h.getThreshold()));
        }
        List<Layer> layers = new ArrayList<>();
        for (DenseLayer l : spec.getLayers()) {
            layers.add(new Layer(l.getWeights(), l.getBias(), l.getActivation()));
        }
        io.streamscorer.avro.FeatureScaling scaling = spec.getScaling();
        return new ModelFile(
                spec.getName(),
                ModelSpecs.toVersion(spec.getVersion()).toString(),
                spec.getFeatureNames(),
                spec.getImputation().isEmpty() ? null : spec.getImputation(),
                scaling == null ? null : new Scaling(scaling.getCenter(), scaling.getScale()),
                heads,
                layers.isEmpty() ? null : layers,
                spec.getMetadata().isEmpty() ? null : spec.getMetadata(),
                spec.getPriorLabels(),
                spec.getChallenge() == null
                        ? null
                        : new Challenge(
                                spec.getChallenge().getChampion(), spec.getChallenge().getShare()),
                spec.getOrigin(),
                spec.getCreatedAt().toString(),
                spec.getSignature() == null ? null : base64(spec.getSignature()),
                spec.getSigningKeyId());
    }
}
