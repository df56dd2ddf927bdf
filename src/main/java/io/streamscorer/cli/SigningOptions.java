package io.streamscorer.cli;

import io.streamscorer.config.ScorerConfig;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSigner;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code --sign-key} option of commands that publish versions: the key given, else the
 * configured {@code scorer.model.signing.private-key}, else no signature.
 */
@Command
final class SigningOptions {
    @Option(
            names = "--sign-key",
            paramLabel = "FILE.pem",
            description =
                    "Sign the published version with this Ed25519 private key (PKCS#8 PEM); default scorer.model.signing.private-key.")
    Path key;

    @Option(
            names = "--key-id",
            paramLabel = "ID",
            description = "Key id recorded with the signature (see scorer model keygen).")
    String keyId;

    /** The signer to publish with, if any. */
    Optional<ModelSigner> signer(ScorerConfig config) {
        if (key != null) {
            String id =
                    keyId != null
                            ? keyId
                            : config.getString(ScorerConfig.MODEL_SIGNING_KEY_ID_CONFIG);
            return Optional.of(new ModelSigner(ModelSignatures.readPrivateKey(key.toString()), id));
        }
        return config.modelSigner();
    }
}
