package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.spec.ModelSpecs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code model history} says of the publish gate's decision behind each version. */
class ModelHistoryGateTest {
    private static ModelSpec spec(String origin) {
        LogisticModel model =
                LogisticModel.builder("fraud", new ModelVersion(1, 3))
                        .features(List.of("amount"))
                        .head("fraud", new double[] {0.5}, -1, 0.5)
                        .build();
        return ModelSpecs.toSpec(model, origin, null, Instant.EPOCH);
    }

    @Test
    void shouldShowTheGatesMarginAndTheCandidatesHeldBackBeforeALearnedVersion() {
        ModelSpec learned = spec("learner");
        learned.getMetadata().put("gate.mean.difference", "-0.01234");
        learned.getMetadata().put("gate.held.since.previous", "2");

        assertThat(ModelCommand.History.gateVerdict(learned)).isEqualTo("Δ -0.0123, 2 held");
        assertThat(ModelCommand.History.gateVerdict(spec("operator"))).isEqualTo("-");
    }
}
