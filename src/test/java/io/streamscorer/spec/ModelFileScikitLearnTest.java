package io.streamscorer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model file written by the scikit-learn snippet of {@code README.md} from a {@code
 * Pipeline(StandardScaler, LogisticRegression)}. The fixtures were written by that snippet, run
 * unchanged by {@code src/test/python/make_sklearn_fixture.py} with scikit-learn 1.2 on raw-unit
 * payments; the expected probabilities are the pipeline's own {@code predict_proba}.
 */
class ModelFileScikitLearnTest {
    private static final Path FIXTURES = Path.of("src/test/resources/sklearn");

    @Test
    void shouldScoreRawValuesAsTheScikitLearnPipelineDoes() throws IOException {
        ModelFile file = ModelFile.read(FIXTURES.resolve("fraud-scaled.json"));
        JsonNode expected =
                new ObjectMapper()
                        .readTree(FIXTURES.resolve("fraud-scaled.expected.json").toFile());
        ScoringModel model =
                ModelSpecs.toModel(file.toSpec(new ModelVersion(1, 0), "ci", Instant.EPOCH));
        FeatureVector x = new FeatureVector();
        ScoringWorkspace ws = new ScoringWorkspace();

        for (int n = 0; n < expected.get("rows").size(); n++) {
            Map<String, Double> row = new HashMap<>();
            for (Map.Entry<String, JsonNode> e : expected.get("rows").get(n).properties()) {
                row.put(e.getKey(), e.getValue().asDouble());
            }
            model.encode(row, x);
            model.score(x.values(), ws);

            assertThat(ws.probability(0))
                    .as("row %d", n)
                    .isCloseTo(expected.get("probabilities").get(n).asDouble(), within(1e-12));
        }
    }

    @Test
    void shouldKeepTheScaleOfAFeatureThatNeverVariedAndTheTrainingRowsAsPrior() {
        ModelFile file = ModelFile.read(FIXTURES.resolve("fraud-scaled.json"));

        assertThat(file.features()).containsExactly("amount", "velocity", "foreign", "channel_pos");
        assertThat(file.scaling().scale().get(3)).isEqualTo(1.0);
        assertThat(file.priorLabels()).isEqualTo(2000L);
    }
}
