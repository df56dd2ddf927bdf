package io.streamscorer.topology;

import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.LearnerSettings;
import io.streamscorer.spec.ModelSigner;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * How the learner learns and when it publishes: the optimizer settings, the publishing cadence, the
 * publish gate and the key it signs its versions with.
 *
 * @param settings optimizer settings of logistic models
 * @param networkSettings optimizer settings of networks
 * @param publishEvery publish after this many applied labels
 * @param publishInterval or after this long with unpublished labels
 * @param gateMargin publish gate margin in log-loss, NaN for no gate
 * @param gateWindow labels the gate compares on
 * @param gateMinLabels labels the gate needs before it lets a version pass
 * @param signer signs published versions, if instances verify signatures
 */
public record LearnerPolicy(
        LearnerSettings settings,
        LearnerSettings networkSettings,
        long publishEvery,
        Duration publishInterval,
        double gateMargin,
        int gateWindow,
        int gateMinLabels,
        Optional<ModelSigner> signer) {

    /**
     * The policy {@code config} describes.
     *
     * @throws ConfigException naming the key that is missing or invalid, including a missing
     *     signing key when instances verify signatures: unsigned learned versions would all be
     *     rejected
     */
    public static LearnerPolicy from(ScorerConfig config) {
        Double margin = config.getDouble(ScorerConfig.LEARNING_GATE_MARGIN_CONFIG);
        Optional<ModelSigner> signer = config.modelSigner();
        if (signer.isEmpty() && !config.modelVerifyKeys().isEmpty()) {
            throw new ConfigException(
                    ScorerConfig.MODEL_SIGNING_PRIVATE_KEY_CONFIG,
                    null,
                    "must be set: scorer.model.verify.public-key is set and learning is on, so every"
                            + " version the learner publishes must be signed");
        }
        return new LearnerPolicy(
                config.learnerSettings(),
                config.networkLearnerSettings(),
                config.getInt(ScorerConfig.LEARNING_PUBLISH_UPDATES_CONFIG),
                Duration.ofMillis(config.getLong(ScorerConfig.LEARNING_PUBLISH_INTERVAL_CONFIG)),
                margin == null ? Double.NaN : margin,
                config.getInt(ScorerConfig.LEARNING_GATE_WINDOW_CONFIG),
                config.getInt(ScorerConfig.LEARNING_GATE_MIN_LABELS_CONFIG),
                signer);
    }

    /** Whether learned versions must pass the publish gate. */
    boolean gateEnabled() {
        return !Double.isNaN(gateMargin);
    }

    /** A new gate for one model. */
    PublishGate newGate() {
        return new PublishGate(gateMargin, gateWindow, gateMinLabels);
    }
}
