package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.Sigmoid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelLearningTest {
    private static LearnerPolicy policy(Map<String, Object> more) {
        Map<String, Object> props = new HashMap<>(more);
        props.put(ScorerConfig.APPLICATION_ID_CONFIG, "learning-test");
        props.put(ScorerConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(ScorerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://learning-test");
        return LearnerPolicy.from(new ScorerConfig(props));
    }

    @Test
    void shouldNumberEveryPublishedVersionAfterThePreviousOne() {
        LogisticModel zero =
                LogisticModel.builder("fraud", new ModelVersion(3, 0))
                        .features(List.of("amount", "velocity"))
                        .head("fraud", new double[2], 0, 0.5)
                        .build();
        ModelLearning learning =
                ModelLearning.startFrom(
                        new ServedModel(
                                zero, false, "operator", Instant.EPOCH, Instant.EPOCH, null),
                        policy(Map.of("scorer.learning.gate.labels", "20")),
                        0);
        SplittableRandom random = new SplittableRandom(2);
        List<ModelVersion> published = new ArrayList<>();
        int[] heads = {0};
        int[] labels = new int[1];
        for (int t = 0; t < 2000 && published.size() < 4; t++) {
            double[] x = {random.nextDouble(0, 300), random.nextGaussian()};
            labels[0] = random.nextDouble() < Sigmoid.sigmoid((x[0] - 150) / 40 - x[1]) ? 1 : 0;
            ModelLearning.Step step = learning.learn(x, heads, labels, 1, 1.0);
            if (step.publish() != null) {
                published.add(step.publish().version());
            }
            if (learning.candidate() != null) {
                assertThat(learning.candidate().version())
                        .isEqualTo(learning.published().nextStep());
            }
        }

        assertThat(published)
                .startsWith(new ModelVersion(3, 1), new ModelVersion(3, 2))
                .hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < published.size(); i++) {
            assertThat(published.get(i)).isEqualTo(published.get(i - 1).nextStep());
        }
    }
}
