package io.streamscorer.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.streamscorer.model.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network exported from PyTorch by the snippet in {@code README.md}: the {@code state_dict} of an
 * {@code nn.Sequential} of {@code nn.Linear} layers, each with the activation module after it, plus
 * the feature and head names. {@link #toModelFile()} turns it into a {@link ModelFile}: every
 * {@code nn.Linear} but the last is a hidden layer, the rows of the last are the sigmoid heads. A
 * network trained on standardised inputs carries the standardisation in {@code scaling}, as a model
 * file does; the scorer applies it to the raw values before the first layer.
 *
 * <pre>{@code
 * {
 *   "format": "pytorch-state-dict",
 *   "name": "fraud-net",
 *   "features": ["f00", "f01", ...],
 *   "heads": ["fraud", "chargeback"],
 *   "layers": [{"linear": "0", "activation": "relu"}, {"linear": "2", "activation": "sigmoid"}],
 *   "state_dict": {"0.weight": [[...]], "0.bias": [...], "2.weight": [[...]], "2.bias": [...]}
 * }
 * }</pre>
 *
 * @param format always {@value #FORMAT}
 * @param name model name
 * @param version {@code generation.step}; optional, as in a model file
 * @param features feature names, in the order of the first layer's inputs
 * @param imputation value per feature used when an event lacks it; optional (zeros)
 * @param scaling the standardisation the network was trained behind, applied to its input before
 *     the first layer; optional, as in a model file
 * @param heads one name per output of the last {@code nn.Linear}
 * @param thresholds decision threshold per head; optional (0.5)
 * @param layers the {@code nn.Linear} layers in order, by {@code state_dict} prefix
 * @param stateDict {@code model.state_dict()} with tensors as nested lists
 * @param metadata free-form string pairs kept with the version; optional
 * @param priorLabels how many labels the weights are worth to the online learner; optional, as in a
 *     model file
 */
public record PyTorchExport(
        @JsonProperty(value = "format", required = true) String format,
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("version") String version,
        @JsonProperty(value = "features", required = true) List<String> features,
        @JsonProperty("imputation") List<Double> imputation,
        @JsonProperty("scaling") ModelFile.Scaling scaling,
        @JsonProperty(value = "heads", required = true) List<String> heads,
        @JsonProperty("thresholds") List<Double> thresholds,
        @JsonProperty(value = "layers", required = true) List<Linear> layers,
        @JsonProperty(value = "state_dict", required = true) Map<String, JsonNode> stateDict,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("priorLabels") Long priorLabels) {

    /** The value of {@code format} that marks a PyTorch export. */
    public static final String FORMAT = "pytorch-state-dict";

    // Python's json.dump writes NaN and Infinity as bare words; read them so that the refusal can
    // name the tensor and index rather than report a parse error.
    private static final JsonMapper JSON =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .build();

    /**
     * One {@code nn.Linear} and the activation module after it.
     *
     * @param linear its {@code state_dict} prefix, for example {@code "0"}
     * @param activation relu, sigmoid, hardsigmoid, silu or identity (none)
     */
    public record Linear(
            @JsonProperty(value = "linear", required = true) String linear,
            @JsonProperty(value = "activation", required = true) String activation) {}

    /** Whether {@code document} is a PyTorch export rather than a model file. */
    public static boolean isExport(JsonNode document) {
        return document.has("state_dict") || FORMAT.equals(document.path("format").asText(null));
    }

    /**
     * Parses an export; the shapes are checked by {@link #toModelFile()}.
     *
     * @throws IllegalArgumentException for JSON that is not an export
     */
    public static PyTorchExport parse(String json) {
        PyTorchExport export;
        try {
            export = JSON.readValue(json, PyTorchExport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not a valid PyTorch export: " + e.getOriginalMessage(), e);
        }
        if (!FORMAT.equals(export.format())) {
            throw new IllegalArgumentException(
                    "format is '" + export.format() + "'; a PyTorch export has '" + FORMAT + "'");
        }
        export.requireNoNulls();
        return export;
    }

    /**
     * Refuses a null where the export needs a value: Jackson checks that a required key is present,
     * not that its value is not null, and there is no JSON Schema for exports.
     */
    private void requireNoNulls() {
        requirePresent("name", name);
        requireNoNullItem("features", features);
        requireNoNullItem("heads", heads);
        requireNoNullItem("layers", layers);
        requirePresent("state_dict", stateDict);
        for (int i = 0; i < layers.size(); i++) {
            requirePresent("layers[" + i + "].linear", layers.get(i).linear());
            requirePresent("layers[" + i + "].activation", layers.get(i).activation());
        }
    }

    private static void requireNoNullItem(String key, List<?> values) {
        requirePresent(key, values);
        int missing = values.indexOf(null);
        if (missing >= 0) {
            throw new IllegalArgumentException(key + "[" + missing + "] is null");
        }
    }

    private static void requirePresent(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is null; a PyTorch export needs a value");
        }
    }

    /**
     * The model file of this network, with every shape checked first.
     *
     * @throws IllegalArgumentException naming the layer ({@code state_dict} prefix) and the
     *     expected and actual shape of the first tensor that does not fit, the key of a scaling
     *     value that does not fit the features, or another structural problem
     */
    public ModelFile toModelFile() {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(
                    "layers is empty: list the network's nn.Linear layers");
        }
        if (thresholds != null && thresholds.size() != heads.size()) {
            throw new IllegalArgumentException(
                    thresholds.size() + " thresholds for " + heads.size() + " heads");
        }
        Set<String> unused = new LinkedHashSet<>(stateDict.keySet());
        List<ModelFile.Layer> hidden = new ArrayList<>();
        List<ModelFile.Head> outputs = new ArrayList<>();
        int inputs = features.size();
        String inputsAre = "one column per feature, " + inputs + " features";
        for (int i = 0; i < layers.size(); i++) {
            Linear layer = layers.get(i);
            boolean last = i == layers.size() - 1;
            String key = layer.linear();
            List<List<Double>> weights = matrix(key, unused, inputs, inputsAre);
            int units = weights.size();
            List<Double> bias = bias(key, unused, units);
            if (last) {
                headsFrom(layer, weights, bias, outputs);
            } else {
                if (Activation.forName(layer.activation()) == null) {
                    throw new IllegalArgumentException(
                            "layer '"
                                    + key
                                    + "': activation '"
                                    + layer.activation()
                                    + "' is not supported; use one of "
                                    + Activation.supportedNames());
                }
                hidden.add(new ModelFile.Layer(weights, bias, layer.activation()));
            }
            inputs = units;
            inputsAre = "the " + units + " outputs of layer '" + key + "'";
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(
                    "state_dict entries "
                            + unused
                            + " belong to no listed layer; only nn.Linear layers and the"
                            + " activations "
                            + Activation.supportedNames()
                            + " can be imported");
        }
        Map<String, String> meta =
                metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
        meta.put("imported.from", FORMAT);
        ModelFile file =
                new ModelFile(
                        name,
                        version,
                        features,
                        imputation,
                        scaling,
                        outputs,
                        hidden.isEmpty() ? null : hidden,
                        meta,
                        priorLabels,
                        null,
                        null,
                        null,
                        null,
                        null);
        file.checkScalingAndPrior();
        return file;
    }

    private void headsFrom(
            Linear layer, List<List<Double>> weights, List<Double> bias, List<ModelFile.Head> out) {
        Activation activation = Activation.forName(layer.activation());
        if (activation != Activation.SIGMOID && activation != Activation.IDENTITY) {
            throw new IllegalArgumentException(
                    "layer '"
                            + layer.linear()
                            + "' feeds the sigmoid heads, so its activation must be sigmoid"
                            + " (nn.Sigmoid) or identity (logits, as for BCEWithLogitsLoss), got '"
                            + layer.activation()
                            + "'");
        }
        if (weights.size() != heads.size()) {
            throw new IllegalArgumentException(
                    "layer '"
                            + layer.linear()
                            + "': "
                            + layer.linear()
                            + ".weight has "
                            + weights.size()
                            + " rows (outputs) but "
                            + heads.size()
                            + " heads are named");
        }
        for (int h = 0; h < heads.size(); h++) {
            out.add(
                    new ModelFile.Head(
                            heads.get(h),
                            weights.get(h),
                            bias.get(h),
                            thresholds == null ? null : thresholds.get(h)));
        }
    }

    /** Layer {@code key}'s weights, checked to be {@code [units][inputs]} and finite. */
    private List<List<Double>> matrix(
            String key, Set<String> unused, int inputs, String inputsAre) {
        String name = key + ".weight";
        JsonNode tensor = stateDict.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException(
                    "layer '" + key + "': state_dict has no '" + name + "'");
        }
        unused.remove(name);
        if (!tensor.isArray() || tensor.isEmpty() || !tensor.get(0).isArray()) {
            throw new IllegalArgumentException(
                    "layer '" + key + "': " + name + " is not a matrix [out][in]");
        }
        int units = tensor.size();
        List<List<Double>> rows = new ArrayList<>(units);
        for (int o = 0; o < units; o++) {
            JsonNode row = tensor.get(o);
            int columns = row.isArray() ? row.size() : -1;
            if (columns != inputs) {
                throw new IllegalArgumentException(
                        "layer '"
                                + key
                                + "': "
                                + name
                                + " has shape ["
                                + units
                                + "]["
                                + (columns < 0 ? "?" : columns)
                                + "]"
                                + (o == 0 ? "" : " at row " + o)
                                + ", expected ["
                                + units
                                + "]["
                                + inputs
                                + "] ("
                                + inputsAre
                                + ")");
            }
            rows.add(values(row, name + "[" + o + "]"));
        }
        return rows;
    }

    /** Layer {@code key}'s bias, zeros for {@code nn.Linear(bias=False)}. */
    private List<Double> bias(String key, Set<String> unused, int units) {
        String name = key + ".bias";
        JsonNode tensor = stateDict.get(name);
        if (tensor == null) {
            List<Double> zeros = new ArrayList<>(units);
            for (int o = 0; o < units; o++) {
                zeros.add(0.0);
            }
            return zeros;
        }
        unused.remove(name);
        if (!tensor.isArray() || tensor.size() != units) {
            throw new IllegalArgumentException(
                    "layer '"
                            + key
                            + "': "
                            + name
                            + " has shape ["
                            + (tensor.isArray() ? tensor.size() : "?")
                            + "], expected ["
                            + units
                            + "] (one per row of "
                            + key
                            + ".weight)");
        }
        return values(tensor, name);
    }

    private static List<Double> values(JsonNode vector, String where) {
        List<Double> out = new ArrayList<>(vector.size());
        for (int j = 0; j < vector.size(); j++) {
            JsonNode v = vector.get(j);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw new IllegalArgumentException(
                        where
                                + "["
                                + j
                                + "] is "
                                + (v.isNumber() ? String.valueOf(v.asDouble()) : v.toString())
                                + ", not a finite number");
            }
            out.add(v.asDouble());
        }
        return out;
    }
}
