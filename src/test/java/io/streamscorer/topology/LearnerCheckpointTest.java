package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.NetworkModel;
import io.streamscorer.model.OnlineLearner;
import io.streamscorer.model.OnlineLogisticLearner;
import io.streamscorer.model.OnlineNetworkLearner;
import io.streamscorer.model.OptimizerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnerCheckpointTest {
    private static final LearnerSettings LOGISTIC = LearnerSettings.defaults(OptimizerKind.FTRL);
    private static final LearnerSettings NETWORK =
            LearnerSettings.networkDefaults(OptimizerKind.ADAM);

    private static NetworkModel network() {
        return NetworkModel.builder("net", new ModelVersion(2, 0))
                .features(List.of("a", "b"))
                .layer(new double[][] {{0.5, -1}, {1, 0.25}, {-0.5, 2}}, new double[3], "silu")
                .head("fraud", new double[] {1, -1, 0.5}, 0, 0.4)
                .head("chargeback", new double[] {0.2, 0.3, -0.1}, -1, 0.6)
                .build();
    }

    private static void train(OnlineLearner learner, int from, int to) {
        for (int t = from; t < to; t++) {
            double[] x = {Math.sin(t), Math.cos(3 * t)};
            learner.learn(x, new int[] {0, 1}, new int[] {t % 2, (t / 2) % 2}, 2, 1.0);
        }
    }

    @Test
    void shouldRestoreANetworkLearnerThatContinuesBitIdentically() {
        OnlineLearner learner = OnlineLearner.startFrom(network(), LOGISTIC, NETWORK, 0);
        train(learner, 0, 50);
        LearnerCheckpoint checkpoint =
                new LearnerCheckpoint(learner, new ModelVersion(2, 3), 17, 1234L);

        LearnerCheckpoint.Decoded decoded =
                LearnerCheckpoint.decode(checkpoint.encode(), LOGISTIC, NETWORK);

        LearnerCheckpoint restored = decoded.checkpoint();
        assertThat(restored.learner).isInstanceOf(OnlineNetworkLearner.class);
        assertThat(restored.published).isEqualTo(new ModelVersion(2, 3));
        assertThat(restored.sincePublish).isEqualTo(17);
        assertThat(restored.lastPublishMs).isEqualTo(1234L);
        assertThat(decoded.restored().optimizerStateReset()).isFalse();
        train(learner, 50, 80);
        train(restored.learner, 50, 80);
        assertThat(restored.learner.encode()).isEqualTo(learner.encode());
    }

    @Test
    void shouldStillReadLogisticCheckpointsInTheirOriginalFormat() {
        LogisticModel model =
                LogisticModel.builder("fraud", new ModelVersion(1, 0))
                        .features(List.of("a", "b"))
                        .head("fraud", new double[] {0.1, 0.2}, 0, 0.5)
                        .head("chargeback", new double[] {0.1, 0.2}, 0, 0.5)
                        .build();
        OnlineLearner learner = OnlineLearner.startFrom(model, LOGISTIC, NETWORK, 0);
        train(learner, 0, 10);
        byte[] bytes = new LearnerCheckpoint(learner, new ModelVersion(1, 0), 10, 0L).encode();

        LearnerCheckpoint restored =
                LearnerCheckpoint.decode(bytes, LOGISTIC, NETWORK).checkpoint();

        // format 1 is what every checkpoint looked like before networks
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(restored.learner).isInstanceOf(OnlineLogisticLearner.class);
        assertThat(restored.learner.encode()).isEqualTo(learner.encode());
    }

    @Test
    void shouldRefuseAnUnknownCheckpointFormat() {
        byte[] bytes =
                new LearnerCheckpoint(
                                OnlineLearner.startFrom(network(), LOGISTIC, NETWORK, 0),
                                new ModelVersion(1, 0),
                                0,
                                0L)
                        .encode();
        bytes[0] = 7;

        assertThatThrownBy(() -> LearnerCheckpoint.decode(bytes, LOGISTIC, NETWORK))
                .hasMessageContaining("format 7");
    }
}
