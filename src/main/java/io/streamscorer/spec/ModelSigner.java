package io.streamscorer.spec;

import io.streamscorer.avro.ModelSpec;
import java.security.PrivateKey;

/**
 * Signs model versions with one Ed25519 private key, as the learner and the CLI do before they
 * publish when instances verify signatures.
 *
 * @param key the private key
 * @param keyId recorded with each signature for audit; may be null
 */
public record ModelSigner(PrivateKey key, String keyId) {
    /** {@code spec} with its signature. */
    public ModelSpec sign(ModelSpec spec) {
        return ModelSignatures.sign(spec, key, keyId);
    }
}
