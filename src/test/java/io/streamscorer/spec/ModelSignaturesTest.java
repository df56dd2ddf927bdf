package io.streamscorer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSignaturesTest {
    private static final KeyPair OPERATOR = ModelSignatures.generate();
    private static final KeyPair OTHER = ModelSignatures.generate();

    private static ModelSpec spec() {
        LogisticModel model =
                LogisticModel.builder("fraud", new ModelVersion(3, 0))
                        .features(List.of("a", "b"))
                        .head("fraud", new double[] {0.5, -1.25}, 0.1, 0.5)
                        .build();
        ModelSpec spec =
                ModelSpecs.toSpec(model, "operator", null, Instant.parse("2026-11-25T00:00:00Z"));
        spec.getMetadata().put("owner", "fraud-ml");
        spec.getMetadata().put("ticket", "FRAUD-12");
        return spec;
    }

    @Test
    void shouldVerifyASpecSignedWithTheMatchingKey() {
        ModelSpec signed = ModelSignatures.sign(spec(), OPERATOR.getPrivate(), "k1");

        assertThat(ModelSignatures.verify(signed, List.of(OPERATOR.getPublic()))).isTrue();
        assertThat(ModelSignatures.verify(signed, List.of(OTHER.getPublic(), OPERATOR.getPublic())))
                .isTrue();
        assertThat(signed.getSigningKeyId()).isEqualTo("k1");
    }

    @Test
    void shouldRefuseUnsignedTamperedAndForeignSpecs() {
        ModelSpec signed = ModelSignatures.sign(spec(), OPERATOR.getPrivate(), null);
        ModelSpec tampered = ModelSpec.newBuilder(signed).build();
        tampered.getHeads().get(0).getWeights().set(0, 0.5000001);
        ModelSpec otherVersion =
                ModelSpec.newBuilder(signed)
                        .setVersion(ModelSpecs.toAvro(new ModelVersion(9, 0)))
                        .build();

        assertThat(ModelSignatures.verify(spec(), List.of(OPERATOR.getPublic()))).isFalse();
        assertThat(ModelSignatures.verify(tampered, List.of(OPERATOR.getPublic()))).isFalse();
        assertThat(ModelSignatures.verify(otherVersion, List.of(OPERATOR.getPublic()))).isFalse();
        assertThat(ModelSignatures.verify(signed, List.of(OTHER.getPublic()))).isFalse();
    }

    @Test
    void shouldNotDependOnTheOrderOfMetadataEntries() {
        ModelSpec signed = ModelSignatures.sign(spec(), OPERATOR.getPrivate(), null);
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("ticket", "FRAUD-12");
        reversed.put("owner", "fraud-ml");

        assertThat(
                        ModelSignatures.verify(
                                ModelSpec.newBuilder(signed).setMetadata(reversed).build(),
                                List.of(OPERATOR.getPublic())))
                .isTrue();
    }

    @Test
    void shouldReadKeysBackFromTheirPemFiles(@TempDir Path dir) throws Exception {
        Path publicFile = dir.resolve("k.pub.pem");
        Path privateFile = dir.resolve("k.pem");
        Files.writeString(publicFile, ModelSignatures.pem(OPERATOR.getPublic()));
        Files.writeString(privateFile, ModelSignatures.pem(OPERATOR.getPrivate()));

        ModelSpec signed =
                ModelSignatures.sign(
                        spec(), ModelSignatures.readPrivateKey(privateFile.toString()), null);

        assertThat(
                        ModelSignatures.verify(
                                signed,
                                List.of(ModelSignatures.readPublicKey(publicFile.toString()))))
                .isTrue();
        assertThat(ModelSignatures.readPublicKey(Files.readString(publicFile)))
                .isEqualTo(OPERATOR.getPublic());
        assertThat(ModelSignatures.keyId(OPERATOR.getPublic()))
                .hasSize(16)
                .isEqualTo(ModelSignatures.keyId(OPERATOR.getPublic()));
    }

    @Test
    void shouldRejectSomethingThatIsNotAKey() {
        assertThatThrownBy(() -> ModelSignatures.readPublicKey("not a key at all"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                ModelSignatures.readPrivateKey(
                                        ModelSignatures.pem(OPERATOR.getPublic())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameAKeyFileThatDoesNotExist() {
        assertThatThrownBy(() -> ModelSignatures.readPrivateKey("keys/operatr.pem"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("there is no file keys/operatr.pem");
    }
}
