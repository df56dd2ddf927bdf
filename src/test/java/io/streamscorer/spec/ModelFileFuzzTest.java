package io.streamscorer.spec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.InvalidModelException;
import io.streamscorer.model.ModelVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Fuzzes what {@code scorer model validate} and {@code push} do with a file an operator hands them,
 * a model file or a PyTorch export: parse it, make its control record and build the model. The
 * documented refusal is an {@link IllegalArgumentException} that names the problem (an {@link
 * InvalidModelException} among them); its subclasses that only say a library tripped ({@link
 * NumberFormatException} and the like) and every other exception are findings. Seeds: {@code
 * ModelFileFuzzTestInputs/} in the test resources, the repository's model files and exports.
 */
class ModelFileFuzzTest {
    private static final Instant CREATED_AT = Instant.parse("2025-01-01T00:00:00Z");

    @FuzzTest(maxDuration = "5s")
    void shouldBuildAModelOrRefuseTheFileWithAReason(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            ModelFile file = ModelFileFormat.AUTO.parse(text);
            ModelSpec spec =
                    file.signature() != null
                            ? file.toSignedSpec()
                            : file.toSpec(
                                    file.version() == null
                                            ? new ModelVersion(1, 0)
                                            : ModelVersion.parse(file.version()),
                                    "fuzz",
                                    CREATED_AT);
            ModelSpecs.toModel(spec);
        } catch (IllegalArgumentException e) {
            if (!(e.getClass() == IllegalArgumentException.class
                            || e instanceof InvalidModelException)
                    || e.getMessage() == null) {
                throw new AssertionError("not a refusal with a reason: " + e, e);
            }
        }
    }
}
