package io.streamscorer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.DenseLayer;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.Activation;
import io.streamscorer.model.InvalidModelException;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelRejection;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.NetworkModel;
import io.streamscorer.model.ScoringModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecsNetworkTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String NETWORK_FILE =
            """
            {
              "name": "fraud-net",
              "version": "3.0",
              "features": ["amount", "velocity", "foreign"],
              "imputation": [1.0, 0.0, 0.5],
              "layers": [
                {"weights": [[0.4, 1.1, -0.2], [0.9, -0.3, 0.5]], "bias": [0.0, 0.1], "activation": "relu"},
                {"weights": [[1.0, -1.0], [0.5, 0.5], [-0.2, 0.8]], "bias": [0.1, 0.2, 0.3], "activation": "hardsigmoid"}
              ],
              "heads": [
                {"name": "fraud", "weights": [1.2, -0.7, 0.3], "bias": -2.0, "threshold": 0.3},
                {"name": "chargeback", "weights": [0.4, 0.9, -1.0], "bias": -3.0}
              ]
            }
            """;

    private static ModelSpec networkSpec() {
        return ModelFile.parse(NETWORK_FILE).toSpec(new ModelVersion(3, 0), "operator", T0);
    }

    @Test
    void shouldServeASpecWithLayersAsANetwork() {
        ScoringModel model = ModelSpecs.toModel(networkSpec());

        assertThat(model).isInstanceOf(NetworkModel.class);
        NetworkModel network = (NetworkModel) model;
        assertThat(network.layerCount()).isEqualTo(2);
        assertThat(network.activation(1)).isEqualTo(Activation.HARDSIGMOID);
        assertThat(network.layerWeights(1)[2]).containsExactly(-0.2, 0.8);
        assertThat(network.headWeights(1)).containsExactly(0.4, 0.9, -1.0);
        assertThat(network.threshold(1)).isEqualTo(0.5);
        assertThat(network.imputation()).containsExactly(1.0, 0.0, 0.5);
        assertThat(network.version()).isEqualTo(new ModelVersion(3, 0));
    }

    @Test
    void shouldWriteANetworkBackToTheSpecItCameFrom() {
        ModelSpec spec = networkSpec();

        ModelSpec again = ModelSpecs.toSpec(ModelSpecs.toModel(spec), "operator", null, T0);

        assertThat(again.getLayers()).isEqualTo(spec.getLayers());
        assertThat(again.getHeads()).isEqualTo(spec.getHeads());
        assertThat(again.getFeatureNames()).isEqualTo(spec.getFeatureNames());
        assertThat(again.getImputation()).isEqualTo(spec.getImputation());
        assertThat(ModelSpecs.digest(again)).isEqualTo(ModelSpecs.digest(spec));
        assertThat(ModelSpecs.toModel(again)).isEqualTo(ModelSpecs.toModel(spec));
    }

    @Test
    void shouldExportAndReadBackANetworkModelFile() {
        ModelFile exported = ModelFile.fromSpec(networkSpec());

        ModelFile read = ModelFile.parse(exported.toJson());

        assertThat(read.layers()).hasSize(2);
        assertThat(read.layers().get(0).activation()).isEqualTo("relu");
        assertThat(ModelSpecs.toModel(read.toSpec(new ModelVersion(3, 0), "operator", T0)))
                .isEqualTo(ModelSpecs.toModel(networkSpec()));
    }

    @Test
    void shouldStillServeASpecWithoutLayersAsALogisticModel() {
        LogisticModel logistic =
                LogisticModel.builder("fraud", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .head("fraud", new double[] {1, 2}, 0.5, 0.5)
                        .build();

        ModelSpec spec = ModelSpecs.toSpec(logistic, "operator", null, T0);

        assertThat(spec.getLayers()).isEmpty();
        assertThat(ModelSpecs.toModel(spec)).isEqualTo(logistic);
    }

    @Test
    void shouldRefuseASpecWhoseLayersDoNotChainNamingTheLayer() {
        ModelSpec spec = networkSpec();
        DenseLayer second = spec.getLayers().get(1);
        List<List<Double>> rows = new ArrayList<>(second.getWeights());
        rows.set(1, List.of(0.5, 0.5, 0.5));
        second.setWeights(rows);

        assertThatThrownBy(() -> ModelSpecs.toModel(spec))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.DIMENSION_MISMATCH))
                .hasMessageContaining("Layer 1")
                .hasMessageContaining("[3][3] at row 1")
                .hasMessageContaining("expected [3][2]");
    }

    @Test
    void shouldRefuseAnUnknownActivationAsUnsupportedStructure() {
        ModelSpec spec = networkSpec();
        spec.getLayers().get(0).setActivation("gelu");

        assertThatThrownBy(() -> ModelSpecs.toModel(spec))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.UNSUPPORTED_STRUCTURE))
                .hasMessageContaining("'gelu'");
    }

    @Test
    void shouldDigestTheLayers() {
        ModelSpec base = networkSpec();
        ModelSpec otherWeight = networkSpec();
        List<Double> row = new ArrayList<>(otherWeight.getLayers().get(0).getWeights().get(0));
        row.set(2, -0.25);
        List<List<Double>> rows = new ArrayList<>(otherWeight.getLayers().get(0).getWeights());
        rows.set(0, row);
        otherWeight.getLayers().get(0).setWeights(rows);
        ModelSpec otherActivation = networkSpec();
        otherActivation.getLayers().get(0).setActivation("silu");

        assertThat(ModelSpecs.digest(otherWeight)).isNotEqualTo(ModelSpecs.digest(base));
        assertThat(ModelSpecs.digest(otherActivation)).isNotEqualTo(ModelSpecs.digest(base));
        assertThat(ModelSpecs.digest(networkSpec())).isEqualTo(ModelSpecs.digest(base));
    }
}
