package io.streamscorer.topology;

import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.CandidateGate;
import io.streamscorer.spec.ModelSigner;
import java.util.Optional;

/**
 * The automatic promotion policy, off by default: after {@code labels} labels that a challenger and
 * its champion both scored, the challenger replaces the champion if its mean log-loss is lower at
 * one-sided {@code confidence}, by the same paired test the publish gate uses ({@link
 * CandidateGate}). A window that does not show it better starts the next one; each window is one
 * test, so over many windows a challenger no better than the champion is promoted with a
 * probability that grows: keep the confidence high.
 *
 * @param labels labels per evaluation; 0 turns the policy off
 * @param confidence one-sided confidence in [0.5, 1)
 * @param signer signs the promoted version, when learned versions are signed
 * @param mayRetire whether the promoted challenger can be retired: not when instances verify
 *     signatures, since a tombstone cannot be signed
 */
record AutoPromotion(
        int labels, double confidence, Optional<ModelSigner> signer, boolean mayRetire) {

    static AutoPromotion from(ScorerConfig config, Optional<ModelSigner> signer) {
        return new AutoPromotion(
                config.getInt(ScorerConfig.COMPARE_AUTO_PROMOTE_LABELS_CONFIG),
                config.getDouble(ScorerConfig.COMPARE_AUTO_PROMOTE_CONFIDENCE_CONFIG),
                signer,
                config.modelVerifyKeys().isEmpty());
    }

    boolean enabled() {
        return labels > 0;
    }

    CandidateGate newGate() {
        return new CandidateGate(labels, confidence, 0.0);
    }
}
