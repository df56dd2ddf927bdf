package io.streamscorer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.Challenge;
import io.streamscorer.avro.FeatureScaling;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
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

    private static ModelSpec scaledSpec() {
        ModelSpec spec = spec();
        spec.setScaling(new FeatureScaling(List.of(100.0, 2.0), List.of(40.0, 0.5)));
        spec.setPriorLabels(20_000L);
        return spec;
    }

    private static boolean verifies(ModelSpec spec) {
        return ModelSignatures.verify(spec, List.of(OPERATOR.getPublic()));
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
    void shouldVerifyASignedModelWithScalingAndPriorLabels() {
        ModelSpec signed = ModelSignatures.sign(scaledSpec(), OPERATOR.getPrivate(), "k1");

        assertThat(verifies(signed)).isTrue();
        assertThat(verifies(ModelSpec.newBuilder(signed).build())).isTrue();
    }

    @Test
    void shouldFailVerificationWhenACenterChangesAfterSigning() {
        ModelSpec signed = ModelSignatures.sign(scaledSpec(), OPERATOR.getPrivate(), null);
        ModelSpec tampered = ModelSpec.newBuilder(signed).build();

        tampered.getScaling().getCenter().set(0, 100.5);

        assertThat(verifies(tampered)).isFalse();
        assertThat(verifies(signed)).isTrue();
    }

    @Test
    void shouldFailVerificationWhenAScaleOrThePriorLabelsChangeAfterSigning() {
        ModelSpec signed = ModelSignatures.sign(scaledSpec(), OPERATOR.getPrivate(), null);
        ModelSpec otherScale = ModelSpec.newBuilder(signed).build();
        otherScale.getScaling().getScale().set(1, 0.25);
        ModelSpec otherPrior = ModelSpec.newBuilder(signed).setPriorLabels(0L).build();
        ModelSpec noPrior = ModelSpec.newBuilder(signed).setPriorLabels(null).build();

        assertThat(verifies(otherScale)).isFalse();
        assertThat(verifies(otherPrior)).isFalse();
        assertThat(verifies(noPrior)).isFalse();
    }

    @Test
    void shouldFailVerificationWhenTheScalingIsAddedToOrRemovedFromASignedModel() {
        ModelSpec signedWithout = ModelSignatures.sign(spec(), OPERATOR.getPrivate(), null);
        ModelSpec added =
                ModelSpec.newBuilder(signedWithout).setScaling(scaledSpec().getScaling()).build();
        ModelSpec signedWith = ModelSignatures.sign(scaledSpec(), OPERATOR.getPrivate(), null);
        ModelSpec removed =
                ModelSpec.newBuilder(signedWith).setScaling(null).setPriorLabels(null).build();

        assertThat(verifies(added)).isFalse();
        assertThat(verifies(removed)).isFalse();
    }

    @Test
    void shouldRefuseASignedFileWhoseCreatedAtIsNotAnInstantNamingIt() throws IOException {
        // Found by ModelFileFuzzTest: a DateTimeParseException escaped, not a refusal.
        String signed =
                Files.readString(
                                Path.of(
                                        "src/test/resources/signed/fraud-signed-before-scaling.json"))
                        .replaceFirst(
                                "\"createdAt\" : \"[^\"]*\"",
                                "\"createdAt\" : \"2026-11-25T00:00:00[7,Z\"");
        ModelFile file = ModelFile.parse(signed);

        assertThatThrownBy(file::toSignedSpec)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("createdAt '2026-11-25T00:00:00[7,Z' is not an instant");
    }

    @Test
    void shouldRefuseASignedFileWhoseSignatureIsNotBase64NamingIt() throws IOException {
        String signed =
                Files.readString(
                                Path.of(
                                        "src/test/resources/signed/fraud-signed-before-scaling.json"))
                        .replaceFirst("\"signature\" : \"", "\"signature\" : \"'");
        ModelFile file = ModelFile.parse(signed);

        assertThatThrownBy(file::toSignedSpec)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("signature is not base64");
    }

    @Test
    void shouldStillVerifyAModelFileSignedBeforeScalingExisted() {
        // Signed by the code of the commit before the scaling: its bytes must not have changed.
        ModelSpec spec =
                ModelFile.read(
                                Path.of(
                                        "src/test/resources/signed/fraud-signed-before-scaling.json"))
                        .toSignedSpec();
        PublicKey key =
                ModelSignatures.readPublicKey(
                        "src/test/resources/signed/fraud-signed-before-scaling.pub.pem");

        assertThat(spec.getScaling()).isNull();
        assertThat(spec.getPriorLabels()).isNull();
        assertThat(ModelSignatures.verify(spec, List.of(key))).isTrue();
        assertThat(
                        ModelSignatures.verify(
                                ModelSpec.newBuilder(spec).setPriorLabels(0L).build(),
                                List.of(key)))
                .isFalse();
    }

    @Test
    void shouldStillVerifyAScaledModelFileSignedBeforeChallengesExisted() {
        // Signed by the code of the commit before the challenge field: with scaling and a prior
        // set, its bytes must not have changed either.
        ModelSpec spec =
                ModelFile.read(
                                Path.of(
                                        "src/test/resources/signed/fraud-scaled-signed-before-challenge.json"))
                        .toSignedSpec();
        PublicKey key =
                ModelSignatures.readPublicKey(
                        "src/test/resources/signed/fraud-scaled-signed-before-challenge.pub.pem");

        assertThat(spec.getScaling()).isNotNull();
        assertThat(spec.getChallenge()).isNull();
        assertThat(ModelSignatures.verify(spec, List.of(key))).isTrue();
        assertThat(
                        ModelSignatures.verify(
                                ModelSpec.newBuilder(spec)
                                        .setChallenge(new Challenge("fraud-old", 0.0))
                                        .build(),
                                List.of(key)))
                .isFalse();
    }

    @Test
    void shouldFailVerificationWhenAChallengeIsAddedRemovedOrItsShareChanged() {
        ModelSpec challenger = spec();
        challenger.setName("fraud-b");
        challenger.setChallenge(new Challenge("fraud", 0.1));
        ModelSpec signed = ModelSignatures.sign(challenger, OPERATOR.getPrivate(), null);

        assertThat(verifies(signed)).isTrue();
        assertThat(verifies(ModelSpec.newBuilder(signed).setChallenge(null).build())).isFalse();
        assertThat(
                        verifies(
                                ModelSpec.newBuilder(signed)
                                        .setChallenge(new Challenge("fraud", 0.9))
                                        .build()))
                .isFalse();
        ModelSpec unchallenged = ModelSignatures.sign(spec(), OPERATOR.getPrivate(), null);
        assertThat(
                        verifies(
                                ModelSpec.newBuilder(unchallenged)
                                        .setChallenge(new Challenge("other", 0.0))
                                        .build()))
                .isFalse();
    }

    @Test
    void shouldVerifyASignedModelFileWithScalingAfterItsJsonRoundTrip() {
        ModelSpec signed = ModelSignatures.sign(scaledSpec(), OPERATOR.getPrivate(), "k1");

        ModelSpec pushed = ModelFile.parse(ModelFile.fromSpec(signed).toJson()).toSignedSpec();

        assertThat(pushed.getScaling()).isEqualTo(signed.getScaling());
        assertThat(pushed.getPriorLabels()).isEqualTo(20_000L);
        assertThat(verifies(pushed)).isTrue();
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
