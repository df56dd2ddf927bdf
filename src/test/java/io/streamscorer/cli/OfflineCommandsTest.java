package io.streamscorer.cli;

import static io.streamscorer.cli.CommandRun.scorer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.spec.ModelSignatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that need no broker: {@code model validate} and {@code sign} on model files and
 * PyTorch exports, {@code schemas print}.
 */
class OfflineCommandsTest {

    @Test
    void shouldValidateAPyTorchExportAndDescribeItsLayers() {
        CommandRun run =
                scorer("model", "validate", "src/test/resources/network/pytorch-mlp-64-128-2.json");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("valid model 'fraud-net'")
                .contains("64 features, layers 128 relu, heads fraud@0.3,chargeback@0.5");
    }

    @Test
    void shouldRefuseAMismatchedExportNamingTheLayer() {
        CommandRun run =
                scorer(
                        "model",
                        "validate",
                        "--format",
                        "pytorch",
                        "src/test/resources/network/pytorch-mlp-shape-mismatch.json");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("pytorch-mlp-shape-mismatch.json")
                .contains("layer '2': 2.weight has shape [2][127], expected [2][128]");
    }

    @Test
    void shouldNameTheFileAndTheLineOfBrokenJson(@TempDir Path dir) throws IOException {
        Path broken =
                Files.writeString(
                        dir.resolve("broken.json"), "{\"name\": \"f\",\n \"features\": [");

        CommandRun run = scorer("model", "validate", broken.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("broken.json: not valid JSON at line 2, column")
                .doesNotContain("REDACTED");
    }

    @Test
    void shouldNameTheFileWhoseWeightsDoNotFitItsFeatures(@TempDir Path dir) throws IOException {
        Path model =
                Files.writeString(
                        dir.resolve("short.json"),
                        "{\"name\": \"f\", \"features\": [\"a\", \"b\"], \"heads\":"
                                + " [{\"name\": \"fraud\", \"weights\": [1.0], \"bias\": 0,"
                                + " \"threshold\": 0.5}]}");

        CommandRun run = scorer("model", "validate", model.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("short.json: Head 'fraud' of model 'f' has 1 weights for 2");
    }

    @Test
    void shouldStillValidateALogisticModelFile() {
        CommandRun run = scorer("model", "validate", "config/models/fraud.json");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("valid model 'fraud' (12 features, heads fraud@0.2");
    }

    private static final String SCALED =
            """
            {"name": "fraud", "features": ["amount", "velocity"],
             "scaling": {"center": [150.0, 3.0], "scale": [200.0, %s]},
             "heads": [{"name": "fraud", "weights": [2.0, 0.7], "bias": -1.0}],
             "priorLabels": 5000}
            """;

    @Test
    void shouldValidateAScaledModelFileAndSayItIsScaledWithItsPrior(@TempDir Path dir)
            throws IOException {
        Path model = Files.writeString(dir.resolve("scaled.json"), SCALED.formatted("1.5"));

        CommandRun run = scorer("model", "validate", model.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "valid model 'fraud' (2 features, scaled, prior 5000 labels, heads fraud@0.5");
    }

    @Test
    void shouldRefuseAModelFileWithAZeroScaleNamingTheFileAndTheKey(@TempDir Path dir)
            throws IOException {
        Path model = Files.writeString(dir.resolve("zero.json"), SCALED.formatted("0.0"));

        CommandRun run = scorer("model", "validate", model.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("zero.json: scaling.scale[1] must be finite and > 0, got 0.0");
    }

    @Test
    void shouldSignAPyTorchExportIntoAModelFileThatVerifies(@TempDir Path dir) throws IOException {
        CommandRun keygen = scorer("model", "keygen", "--out-dir", dir.toString());
        Path signed = dir.resolve("net.signed.json");

        CommandRun sign =
                scorer(
                        "model",
                        "sign",
                        "src/test/resources/network/pytorch-mlp-64-128-2.json",
                        "--key",
                        dir.resolve("model-signing.pem").toString(),
                        "--version",
                        "3.0",
                        "-o",
                        signed.toString());

        assertThat(keygen.status()).as(keygen.err()).isZero();
        assertThat(sign.status()).as(sign.err()).isZero();
        ModelSpec spec = ModelFile.read(signed).toSignedSpec();
        assertThat(spec.getName()).isEqualTo("fraud-net");
        assertThat(
                        ModelSignatures.verify(
                                spec,
                                List.of(
                                        ModelSignatures.readPublicKey(
                                                dir.resolve("model-signing.pub.pem").toString()))))
                .isTrue();
    }

    @Test
    void shouldPrintTheSchemasWithoutAClusterOrRegistryConfigured() {
        CommandRun print = scorer("schemas", "print", "--set", "scorer.topic.features=payments");

        assertThat(print.status()).as(print.err()).isZero();
        assertThat(print.out())
                .startsWith("payments-value\n")
                .contains("scorer.scores-value\n")
                .contains("\"name\" : \"FeatureEvent\"");
    }
}
