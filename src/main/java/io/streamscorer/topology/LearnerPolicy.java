package io.streamscorer.topology;

import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.CandidateGate;
import io.streamscorer.model.LearnerSettings;
import io.streamscorer.spec.ModelSigner;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * How the learner learns and when it publishes: the optimizer settings, how much an operator's
 * model is worth, the publish gate (or, without it, the publishing cadence) and the key it signs
 * its versions with.
 *
 * @param settings optimizer settings of logistic models
 * @param networkSettings optimizer settings of networks
 * @param priorLabels labels an operator's model is worth when its version does not say
 * @param gateEnabled whether learned versions must beat the served one before they are published
 * @param gateLabels labels each candidate is judged on
 * @param gateConfidence one-sided confidence the gate asks for
 * @param gateMargin how much lower, in nats per label, a candidate's log-loss must be
 * @param publishEvery without the gate, publish after this many applied labels
 * @param publishInterval without the gate, or after this long with unpublished labels
 * @param signer signs published versions, if instances verify signatures
 */
public record LearnerPolicy(
        LearnerSettings settings,
        LearnerSettings networkSettings,
        long priorLabels,
        boolean gateEnabled,
        int gateLabels,
        double gateConfidence,
        double gateMargin,
        long publishEvery,
        Duration publishInterval,
        Optional<ModelSigner> signer) {

    /**
     * The policy {@code config} describes.
     *
     * @throws ConfigException naming the key that is missing or invalid, including a missing
     *     signing key when instances verify signatures: unsigned learned versions would all be
     *     rejected
     */
    public static LearnerPolicy from(ScorerConfig config) {
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
                config.getLong(ScorerConfig.LEARNING_PRIOR_LABELS_CONFIG),
                config.getBoolean(ScorerConfig.LEARNING_GATE_ENABLED_CONFIG),
                config.getInt(ScorerConfig.LEARNING_GATE_LABELS_CONFIG),
                config.getDouble(ScorerConfig.LEARNING_GATE_CONFIDENCE_CONFIG),
                config.getDouble(ScorerConfig.LEARNING_GATE_MARGIN_CONFIG),
                config.getInt(ScorerConfig.LEARNING_PUBLISH_UPDATES_CONFIG),
                Duration.ofMillis(config.getLong(ScorerConfig.LEARNING_PUBLISH_INTERVAL_CONFIG)),
                signer);
    }

    /** A new gate for one model. */
    public CandidateGate newGate() {
        return new CandidateGate(gateLabels, gateConfidence, gateMargin);
    }
}
