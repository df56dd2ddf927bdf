package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code scorer model validate} reads model files and PyTorch exports without a broker. */
class ModelValidateCommandTest {
    private record Run(int status, String out, String err) {}

    private static Run scorer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status =
                ScorerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void shouldValidateAPyTorchExportAndDescribeItsLayers() {
        Run run =
                scorer("model", "validate", "src/test/resources/network/pytorch-mlp-64-128-2.json");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("valid model 'fraud-net'")
                .contains("64 features, layers 128 relu, heads fraud@0.3,chargeback@0.5");
    }

    @Test
    void shouldRefuseAMismatchedExportNamingTheLayer() {
        Run run =
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
    void shouldStillValidateALogisticModelFile() {
        Run run = scorer("model", "validate", "config/models/fraud.json");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("valid model 'fraud' (12 features, heads fraud@0.2");
    }
}
