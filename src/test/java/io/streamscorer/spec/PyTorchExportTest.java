package io.streamscorer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscorer.model.Activation;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.NetworkModel;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports of files written by the exporter snippet of {@code README.md}. The fixtures were written
 * by that snippet, run unchanged by {@code src/test/python/make_network_fixtures.py} with a numpy
 * stand-in for {@code torch.nn} (torch is not installable on the build machines); their expected
 * probabilities are numpy's, in float64, of the exported float32 weights.
 */
class PyTorchExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String text(String name) {
        try (InputStream in = PyTorchExportTest.class.getResourceAsStream("/network/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ScoringModel load(String text) {
        ModelFile file = ModelFileFormat.AUTO.parse(text);
        return ModelSpecs.toModel(file.toSpec(new ModelVersion(1, 0), "operator", Instant.EPOCH));
    }

    private static void assertScoresAsExpected(ScoringModel model, String expectedFixture) {
        JsonNode expected = json(expectedFixture);
        ScoringWorkspace ws = new ScoringWorkspace();
        JsonNode inputs = expected.get("inputs");
        for (int n = 0; n < inputs.size(); n++) {
            double[] x = new double[inputs.get(n).size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = inputs.get(n).get(i).asDouble();
            }
            model.score(x, ws);
            for (int h = 0; h < model.headCount(); h++) {
                assertThat(ws.probability(h))
                        .as("input %d head %d", n, h)
                        .isCloseTo(
                                expected.get("probabilities").get(n).get(h).asDouble(),
                                within(1e-9));
            }
        }
    }

    @Test
    void shouldImportTheTutorialNetworkAsTheSnippetExportedIt() {
        ScoringModel model = load(text("pytorch-mlp-64-128-2.json"));

        NetworkModel network = (NetworkModel) model;
        assertThat(network.name()).isEqualTo("fraud-net");
        assertThat(network.dimension()).isEqualTo(64);
        assertThat(network.layerCount()).isEqualTo(1);
        assertThat(network.layerWidth(0)).isEqualTo(128);
        assertThat(network.activation(0)).isEqualTo(Activation.RELU);
        assertThat(network.headName(0)).isEqualTo("fraud");
        assertThat(network.headName(1)).isEqualTo("chargeback");
        assertThat(network.threshold(0)).isEqualTo(0.3);
        assertThat(network.threshold(1)).isEqualTo(0.5);
        assertScoresAsExpected(model, "pytorch-mlp-64-128-2.expected.json");
    }

    @Test
    void shouldImportALogitsNetworkWithEveryActivationModule() {
        ScoringModel model = load(text("pytorch-logits-every-activation.json"));

        NetworkModel network = (NetworkModel) model;
        assertThat(network.layerCount()).isEqualTo(4);
        assertThat(network.activation(0)).isEqualTo(Activation.SILU);
        assertThat(network.activation(1)).isEqualTo(Activation.HARDSIGMOID);
        assertThat(network.activation(2)).isEqualTo(Activation.SIGMOID);
        assertThat(network.activation(3)).isEqualTo(Activation.IDENTITY);
        assertThat(network.headCount()).isEqualTo(1);
        assertScoresAsExpected(model, "pytorch-logits-every-activation.expected.json");
    }

    @Test
    void shouldReadTheFloat32WeightsExactly() {
        NetworkModel network = (NetworkModel) load(text("pytorch-mlp-64-128-2.json"));
        JsonNode first = json("pytorch-mlp-64-128-2.json").get("state_dict").get("0.weight").get(0);

        double w = network.layerWeights(0)[0][5];

        assertThat(w).isEqualTo(first.get(5).asDouble());
        assertThat((double) (float) w).as("a float32 value widened").isEqualTo(w);
    }

    @Test
    void shouldRefuseAMismatchedShapeNamingTheLayer() {
        assertThatThrownBy(() -> load(text("pytorch-mlp-shape-mismatch.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "layer '2': 2.weight has shape [2][127], expected [2][128] (the 128"
                                + " outputs of layer '0')");
    }

    private static ObjectNode small() {
        ObjectNode export = JSON.createObjectNode();
        export.put("format", "pytorch-state-dict");
        export.put("name", "small");
        export.set("features", JSON.valueToTree(new String[] {"a", "b"}));
        export.set("heads", JSON.valueToTree(new String[] {"h"}));
        ArrayNode layers = export.putArray("layers");
        layers.addObject().put("linear", "0").put("activation", "relu");
        layers.addObject().put("linear", "2").put("activation", "identity");
        ObjectNode state = export.putObject("state_dict");
        state.set("0.weight", JSON.valueToTree(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        state.set("0.bias", JSON.valueToTree(new double[] {0.1, 0.2, 0.3}));
        state.set("2.weight", JSON.valueToTree(new double[][] {{1, -1, 0.5}}));
        state.set("2.bias", JSON.valueToTree(new double[] {-0.5}));
        return export;
    }

    @Test
    void shouldImportAHandWrittenExport() {
        NetworkModel network = (NetworkModel) load(small().toString());
        ScoringWorkspace ws = new ScoringWorkspace();

        network.score(new double[] {1, 1}, ws);

        // a = relu([3.1, 7.2, 11.3]); z = 3.1 − 7.2 + 5.65 − 0.5 = 1.05
        assertThat(ws.logit(0)).isCloseTo(1.05, within(1e-12));
    }

    @Test
    void shouldRefuseAFirstLayerThatDoesNotFitTheFeatures() {
        ObjectNode export = small();
        ((ArrayNode) export.get("features")).add("c");

        assertThatThrownBy(() -> load(export.toString()))
                .hasMessageContaining("layer '0': 0.weight has shape [3][2], expected [3][3]")
                .hasMessageContaining("3 features");
    }

    @Test
    void shouldRefuseABiasOfTheWrongLength() {
        ObjectNode export = small();
        ((ObjectNode) export.get("state_dict"))
                .set("0.bias", JSON.valueToTree(new double[] {1, 2}));

        assertThatThrownBy(() -> load(export.toString()))
                .hasMessageContaining("layer '0': 0.bias has shape [2], expected [3]");
    }

    @Test
    void shouldRefuseMoreOutputsThanHeadNames() {
        ObjectNode export = small();
        ((ArrayNode) export.get("heads")).removeAll();
        ((ArrayNode) export.get("heads")).add("x").add("y");

        assertThatThrownBy(() -> load(export.toString()))
                .hasMessageContaining(
                        "layer '2': 2.weight has 1 rows (outputs) but 2 heads are named");
    }

    @Test
    void shouldRefuseALastActivationOtherThanSigmoidOrIdentity() {
        ObjectNode export = small();
        ((ObjectNode) export.get("layers").get(1)).put("activation", "relu");

        assertThatThrownBy(() -> load(export.toString()))
                .hasMessageContaining("layer '2' feeds the sigmoid heads")
                .hasMessageContaining("got 'relu'");
    }

    @Test
    void shouldRefuseAnUnknownHiddenActivation() {
        ObjectNode export = small();
        ((ObjectNode) export.get("layers").get(0)).put("activation", "tanh");

        assertThatThrownBy(() -> load(export.toString()))
                .hasMessageContaining("layer '0': activation 'tanh' is not supported");
    }

    @Test
    void shouldRefuseStateTheLayersDoNotUse() {
        ObjectNode export = small();
        ((ObjectNode) export.get("state_dict"))
                .set("1.running_mean", JSON.valueToTree(new double[] {0, 0, 0}));

        assertThatThrownBy(() -> load(export.toString()))
                .hasMessageContaining("[1.running_mean] belong to no listed layer");
    }

    @Test
    void shouldRefuseAMissingWeightAndANonFiniteValue() {
        ObjectNode missing = small();
        ((ObjectNode) missing.get("state_dict")).remove("2.weight");
        String nan = small().toString().replace("[1.0,-1.0,0.5]", "[1.0,NaN,0.5]");

        assertThatThrownBy(() -> load(missing.toString()))
                .hasMessageContaining("layer '2': state_dict has no '2.weight'");
        assertThatThrownBy(() -> load(nan))
                .hasMessageContaining("2.weight[0][1] is NaN, not a finite number");
    }

    @Test
    void shouldTakeZerosForALinearWithoutBias() {
        ObjectNode export = small();
        ((ObjectNode) export.get("state_dict")).remove("0.bias");

        NetworkModel network = (NetworkModel) load(export.toString());

        assertThat(network.layerBias(0)).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void shouldKeepTheOptionalFieldsOfAModelFile() {
        ObjectNode export = small();
        export.set("thresholds", JSON.valueToTree(new double[] {0.7}));
        export.set("imputation", JSON.valueToTree(new double[] {1.5, -2}));
        export.putObject("metadata").put("owner", "fraud-ml");
        export.put("version", "4.0");

        ModelFile file = ModelFileFormat.PYTORCH.parse(export.toString());

        assertThat(file.version()).isEqualTo("4.0");
        assertThat(file.heads().get(0).threshold()).isEqualTo(0.7);
        assertThat(file.imputation()).containsExactly(1.5, -2.0);
        assertThat(file.metadata())
                .containsEntry("owner", "fraud-ml")
                .containsEntry("imported.from", "pytorch-state-dict");
    }

    private static double probability(ScoringModel model, Map<String, Double> features) {
        FeatureVector x = new FeatureVector();
        ScoringWorkspace ws = new ScoringWorkspace();
        model.encode(features, x);
        model.score(x.values(), ws);
        return ws.probability(0);
    }

    private static ObjectNode scaled(ObjectNode export, String center, String scale) {
        try {
            export.set(
                    "scaling",
                    JSON.readTree("{\"center\": " + center + ", \"scale\": " + scale + "}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return export;
    }

    @Test
    void shouldStandardiseTheInputOfAnExportWithScalingAsByHand() {
        ScoringModel network = load(scaled(small(), "[10.0, -2.0]", "[4.0, 0.5]").toString());
        ScoringModel unscaled = load(small().toString());

        double p = probability(network, Map.of("a", 17.0, "b", -1.25));
        double byHand =
                probability(unscaled, Map.of("a", (17.0 - 10.0) / 4.0, "b", (-1.25 + 2.0) / 0.5));

        assertThat(network.scaling()).isPresent();
        assertThat(p).isCloseTo(byHand, within(1e-15));
    }

    @Test
    void shouldStandardiseTheInputOfASingleLinearExportToo() {
        ObjectNode logistic = small();
        ((ArrayNode) logistic.get("layers")).remove(1);
        ((ObjectNode) logistic.get("layers").get(0)).put("activation", "identity");
        ObjectNode state = (ObjectNode) logistic.get("state_dict");
        state.remove(List.of("2.weight", "2.bias"));
        state.set("0.weight", JSON.valueToTree(new double[][] {{1.5, -0.5}}));
        state.set("0.bias", JSON.valueToTree(new double[] {0.25}));
        ScoringModel model = load(scaled(logistic, "[10.0, -2.0]", "[4.0, 0.5]").toString());

        double p = probability(model, Map.of("a", 17.0, "b", -1.25));

        assertThat(model).isInstanceOf(LogisticModel.class);
        // z = 1.5·(17 − 10)/4 − 0.5·(−1.25 + 2)/0.5 + 0.25 = 2.625 − 0.75 + 0.25 = 2.125
        assertThat(p).isCloseTo(1 / (1 + Math.exp(-2.125)), within(1e-15));
    }

    @Test
    void shouldRefuseAnExportWhoseScalingDoesNotFitNamingTheKey() {
        String shortCenter = scaled(small(), "[10.0]", "[4.0, 0.5]").toString();
        String zeroScale = scaled(small(), "[10.0, -2.0]", "[4.0, 0.0]").toString();
        String nanCenter = scaled(small(), "[10.0, -2.0]", "[4.0, 0.5]").toString();

        assertThatThrownBy(() -> load(shortCenter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaling.center has 1 values for 2 features");
        assertThatThrownBy(() -> load(zeroScale))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaling.scale[1] must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> load(nanCenter.replace("[10.0,-2.0]", "[NaN,-2.0]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaling.center[0] is NaN, not a finite number");
    }

    @Test
    void shouldKeepThePriorLabelsOfAnExportAndRefuseANegativeOne() {
        ObjectNode export = scaled(small(), "[10.0, -2.0]", "[4.0, 0.5]");
        export.put("priorLabels", 1500);
        ObjectNode negative = small().put("priorLabels", -1);

        ModelFile file = ModelFileFormat.PYTORCH.parse(export.toString());

        assertThat(file.priorLabels()).isEqualTo(1500L);
        assertThat(file.scaling().center()).containsExactly(10.0, -2.0);
        assertThat(file.toSpec(new ModelVersion(1, 0), "operator", Instant.EPOCH).getPriorLabels())
                .isEqualTo(1500L);
        assertThatThrownBy(() -> ModelFileFormat.PYTORCH.parse(negative.toString()))
                .hasMessageContaining("priorLabels must be >= 0");
    }

    @Test
    void shouldTellAnExportFromAModelFileUnlessTheFormatIsForced(@TempDir Path dir)
            throws IOException {
        Path export = dir.resolve("export.json");
        Files.writeString(export, small().toString());

        assertThat(ModelFileFormat.AUTO.read(export).layers()).hasSize(1);
        assertThat(ModelFileFormat.named("PyTorch").read(export).layers()).hasSize(1);
        assertThatThrownBy(() -> ModelFileFormat.named("model").read(export))
                .hasMessageContaining("export.json")
                .hasMessageContaining("model-file schema");
        assertThatThrownBy(() -> ModelFileFormat.PYTORCH.read(Path.of("config/models/fraud.json")))
                .hasMessageContaining("not a valid PyTorch export");
        assertThatThrownBy(() -> ModelFileFormat.named("onnx"))
                .hasMessageContaining("auto, model or pytorch");
        assertThat(ModelFileFormat.AUTO.read(Path.of("config/models/fraud.json")).layers())
                .isNull();
    }

    /** A one-layer export with {@code field} set to {@code value} (JSON). */
    private static String tinyExportWith(String field, String value) {
        ObjectNode export =
                (ObjectNode)
                        readTree(
                                """
                                {"format": "pytorch-state-dict", "name": "tiny",
                                 "features": ["a"], "heads": ["fraud"],
                                 "layers": [{"linear": "0", "activation": "sigmoid"}],
                                 "state_dict": {"0.weight": [[1.0]], "0.bias": [0.0]}}
                                """);
        export.set(field, readTree(value));
        return export.toString();
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldRefuseANullWhereTheExportNeedsAValueNamingTheKey() {
        // Found while fuzzing imports: each was a NullPointerException, not a refusal.
        Map<String, String> refusals =
                Map.of(
                        "features", "features is null",
                        "heads", "heads is null",
                        "layers", "layers is null",
                        "state_dict", "state_dict is null",
                        "name", "name is null");
        refusals.forEach(
                (field, message) ->
                        assertThatThrownBy(() -> load(tinyExportWith(field, "null")))
                                .isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessageStartingWith(message));
        assertThatThrownBy(() -> load(tinyExportWith("features", "[null]")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("features[0] is null");
        assertThatThrownBy(() -> load(tinyExportWith("layers", "[null]")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("layers[0] is null");
        assertThatThrownBy(
                        () ->
                                load(
                                        tinyExportWith(
                                                "layers",
                                                "[{\"linear\": null, \"activation\": \"sigmoid\"}]")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("layers[0].linear is null");
    }

    @Test
    void shouldImportTheTinyExportTheNullRefusalsStartFrom() {
        assertThat(load(tinyExportWith("name", "\"tiny\"")).name()).isEqualTo("tiny");
    }
}
