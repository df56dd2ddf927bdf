package io.streamscorer.spec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamscorer.avro.DenseLayer;
import io.streamscorer.avro.FeatureScaling;
import io.streamscorer.avro.ModelHead;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ModelVersion;
import io.streamscorer.model.InvalidModelException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the model validation every control record goes through ({@link ModelSpecs#toModel}, and
 * behind it the models' builders and {@code ModelValidator}) with specs made field by field: names
 * blank, long or repeated, versions at the edges, vectors of any length with NaN and infinities,
 * layers of any shape and activation. Only an {@link InvalidModelException} with a reason may come
 * out. The wire decoding in front of it is {@code ControlRecordFuzzTest}'s.
 */
class ModelSpecsFuzzTest {
    private static final List<String> ACTIVATIONS =
            List.of("relu", "sigmoid", "hardsigmoid", "silu", "identity", "tanh", "");

    @FuzzTest(maxDuration = "5s")
    void shouldBuildAModelOrRefuseTheSpecWithAReason(FuzzedDataProvider data) {
        ModelSpec spec = spec(data);
        try {
            ModelSpecs.toModel(spec);
        } catch (InvalidModelException e) {
            if (e.reason() == null || e.getMessage() == null) {
                throw new AssertionError("a refusal without a reason", e);
            }
        }
    }

    private static ModelSpec spec(FuzzedDataProvider data) {
        int features = data.consumeInt(0, 6);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            names.add(data.consumeString(12));
        }
        List<DenseLayer> layers = new ArrayList<>();
        int inputs = features;
        for (int l = data.consumeInt(0, 2); l > 0; l--) {
            int units = data.consumeInt(0, 4);
            List<List<Double>> rows = new ArrayList<>();
            for (int o = 0; o < units; o++) {
                rows.add(vector(data, data.consumeBoolean() ? inputs : data.consumeInt(0, 6)));
            }
            layers.add(
                    new DenseLayer(
                            rows,
                            vector(data, data.consumeBoolean() ? units : data.consumeInt(0, 5)),
                            data.pickValue(ACTIVATIONS)));
            inputs = units;
        }
        List<ModelHead> heads = new ArrayList<>();
        for (int h = data.consumeInt(0, 3); h > 0; h--) {
            heads.add(
                    new ModelHead(
                            data.consumeString(8),
                            vector(data, data.consumeBoolean() ? inputs : data.consumeInt(0, 6)),
                            data.consumeDouble(),
                            data.consumeDouble()));
        }
        return ModelSpec.newBuilder()
                .setName(data.consumeString(16))
                .setVersion(new ModelVersion(data.consumeLong(), data.consumeLong()))
                .setFeatureNames(names)
                .setImputation(vector(data, data.consumeInt(0, 6)))
                .setLayers(layers)
                .setHeads(heads)
                .setCreatedAt(Instant.EPOCH)
                .setOrigin("fuzz")
                .setParent(null)
                .setLearningPaused(false)
                .setMetadata(Map.of())
                .setSignature(null)
                .setSigningKeyId(null)
                .setScaling(
                        data.consumeBoolean()
                                ? new FeatureScaling(
                                        vector(data, data.consumeInt(0, 6)),
                                        vector(data, data.consumeInt(0, 6)))
                                : null)
                .setPriorLabels(data.consumeBoolean() ? data.consumeLong() : null)
                .build();
    }

    private static List<Double> vector(FuzzedDataProvider data, int length) {
        List<Double> values = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            values.add(data.consumeDouble());
        }
        return values;
    }
}
