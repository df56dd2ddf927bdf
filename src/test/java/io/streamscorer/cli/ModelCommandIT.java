package io.streamscorer.cli;

import static io.streamscorer.cli.CommandRun.scorer;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.config.ScorerConfig;
import io.streamscorer.registry.RegisteredSchema;
import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.registry.SchemaRegistryClients;
import io.streamscorer.spec.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ModelCommandIT {
    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static Path configFile(ScorerConfig config, Path dir) throws Exception {
        return ScorerClusterFixture.propertiesFile(config, dir.resolve("scorer.properties"));
    }

    @Test
    void shouldPushShowRollBackPauseAndExportModels(@TempDir Path dir) throws Exception {
        String config = configFile(cluster.config("model-cli", Map.of()), dir).toString();
        String model = "config/models/fraud.json";

        CommandRun first = scorer("model", "push", "--config", config, model);
        CommandRun second = scorer("model", "push", "--config", config, "--origin", "ci", model);
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("model 'fraud' as version 1.0");
        assertThat(second.out()).contains("as version 2.0");

        CommandRun show = scorer("model", "show", "--config", config);
        assertThat(show.out().lines().filter(l -> l.startsWith("fraud ")))
                .singleElement()
                .satisfies(
                        row ->
                                assertThat(row.split("\\s+"))
                                        .startsWith("fraud", "2.0", "ci")
                                        .contains("on"));

        CommandRun rollback =
                scorer("model", "rollback", "--config", config, "fraud", "--to", "1.0");
        assertThat(rollback.status()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("Rolled back model 'fraud' as version 3.0");

        CommandRun pause = scorer("model", "pause-learning", "--config", config, "fraud");
        assertThat(pause.out()).contains("as version 4.0");
        assertThat(scorer("model", "show", "--config", config, "fraud").out())
                .contains("4.0")
                .contains("paused");
        assertThat(scorer("model", "resume-learning", "--config", config, "fraud").out())
                .contains("as version 5.0");

        CommandRun history = scorer("model", "history", "--config", config, "fraud");
        assertThat(history.out().lines().skip(1))
                .hasSize(5)
                .extracting(l -> l.substring(0, l.indexOf(' ')))
                .containsExactly("1.0", "2.0", "3.0", "4.0", "5.0");
        assertThat(history.out()).contains("rollback").contains("operator:pause-learning");

        Path exported = dir.resolve("fraud-3.json");
        assertThat(
                        scorer(
                                        "model",
                                        "export",
                                        "--config",
                                        config,
                                        "fraud",
                                        "--version",
                                        "3.0",
                                        "-o",
                                        exported.toString())
                                .status())
                .isZero();
        ModelFile original = ModelFile.read(Path.of(model));
        ModelFile roundTrip = ModelFile.read(exported);
        assertThat(roundTrip.version()).isEqualTo("3.0");
        assertThat(roundTrip.heads().get(0).weights()).isEqualTo(original.heads().get(0).weights());
        assertThat(roundTrip.origin()).isEqualTo("rollback");
    }

    @Test
    void shouldPushAPyTorchExportAsANetworkAndRefuseAMismatchedOne(@TempDir Path dir)
            throws Exception {
        String config = configFile(cluster.config("model-cli-pytorch", Map.of()), dir).toString();
        String export = "src/test/resources/network/pytorch-mlp-64-128-2.json";
        String mismatched = "src/test/resources/network/pytorch-mlp-shape-mismatch.json";

        CommandRun push = scorer("model", "push", "--config", config, export);
        CommandRun refused =
                scorer("model", "push", "--config", config, "--format", "pytorch", mismatched);

        assertThat(push.status()).as(push.err()).isZero();
        assertThat(push.out())
                .contains("model 'fraud-net' as version 1.0")
                .contains("64 features, layers 128 relu, heads fraud@0.3,chargeback@0.5");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err())
                .contains("layer '2': 2.weight has shape [2][127], expected [2][128]");
        Path exported = dir.resolve("fraud-net.json");
        CommandRun export2 =
                scorer(
                        "model",
                        "export",
                        "--config",
                        config,
                        "fraud-net",
                        "-o",
                        exported.toString());
        assertThat(export2.status()).as(export2.err()).isZero();
        ModelFile served = ModelFile.read(exported);
        assertThat(served.version()).isEqualTo("1.0");
        assertThat(served.layers()).hasSize(1);
        assertThat(served.layers().get(0).weights()).hasSize(128);
        assertThat(served.metadata()).containsEntry("imported.from", "pytorch-state-dict");
    }

    @Test
    void shouldShowAndExportTheScalingAndPriorLabelsSoThatTheExportPushesBack(@TempDir Path dir)
            throws Exception {
        String config = configFile(cluster.config("model-cli-scaled", Map.of()), dir).toString();
        Path scaled =
                Files.writeString(
                        dir.resolve("scaled.json"),
                        """
                        {"name": "scaled", "features": ["amount", "velocity"],
                         "scaling": {"center": [150.0, 3.0], "scale": [200.0, 1.5]},
                         "heads": [{"name": "fraud", "weights": [2.0, 0.7], "bias": -1.0}],
                         "priorLabels": 5000}
                        """);

        CommandRun push = scorer("model", "push", "--config", config, scaled.toString());
        CommandRun show = scorer("model", "show", "--config", config, "scaled");
        Path exported = dir.resolve("scaled-export.json");
        CommandRun export =
                scorer("model", "export", "--config", config, "scaled", "-o", exported.toString());
        CommandRun pushBack =
                scorer(
                        "model",
                        "push",
                        "--config",
                        config,
                        "--version",
                        "2.0",
                        exported.toString());

        assertThat(push.status()).as(push.err()).isZero();
        assertThat(push.out()).contains("(2 features, scaled, prior 5000 labels, heads fraud@0.5");
        assertThat(show.out().lines().filter(l -> l.startsWith("scaled ")))
                .singleElement()
                .satisfies(row -> assertThat(row.split("\\s+")).contains("yes", "5000"));
        assertThat(export.status()).as(export.err()).isZero();
        ModelFile file = ModelFile.read(exported);
        assertThat(file.scaling().center()).containsExactly(150.0, 3.0);
        assertThat(file.scaling().scale()).containsExactly(200.0, 1.5);
        assertThat(file.priorLabels()).isEqualTo(5000L);
        assertThat(pushBack.status()).as(pushBack.err()).isZero();
        assertThat(pushBack.out()).contains("as version 2.0").contains(digest(push.out()));
    }

    /** The digest a publishing command printed. */
    private static String digest(String out) {
        int at = out.indexOf("digest ") + "digest ".length();
        return out.substring(at, at + 12);
    }

    @Test
    void shouldRefuseBadModelsAndVersionsWithAClearMessage(@TempDir Path dir) throws Exception {
        String config = configFile(cluster.config("model-cli-bad", Map.of()), dir).toString();
        Path typo = dir.resolve("typo.json");
        Files.writeString(
                typo,
                "{\"name\":\"fraud\",\"features\":[\"a\"],\"heads\":[{\"name\":\"fraud\",\"weights\":[1],\"treshold\":0.4}]}");
        Path shortWeights = dir.resolve("short.json");
        Files.writeString(
                shortWeights,
                "{\"name\":\"fraud\",\"features\":[\"a\",\"b\"],\"heads\":[{\"name\":\"fraud\",\"weights\":[1]}]}");

        CommandRun schema = scorer("model", "push", "--config", config, typo.toString());
        CommandRun dimension = scorer("model", "push", "--config", config, shortWeights.toString());
        CommandRun missing =
                scorer("model", "rollback", "--config", config, "fraud", "--to", "7.0");

        assertThat(schema.status()).isEqualTo(2);
        assertThat(schema.err()).contains("typo.json").contains("treshold");
        assertThat(dimension.status()).isEqualTo(2);
        assertThat(dimension.err()).contains("1 weights for 2 features");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no version 7.0 of model 'fraud' in the history");
        assertThat(scorer("model", "show", "--config", config).out())
                .contains("No model is served");
    }

    @Test
    void shouldPublishOnlySignedModelsWhenInstancesVerifySignatures(@TempDir Path dir)
            throws Exception {
        assertThat(scorer("model", "keygen", "--out-dir", dir.toString(), "--name", "ops").status())
                .isZero();
        Path privateKey = dir.resolve("ops.pem");
        Path publicKey = dir.resolve("ops.pub.pem");
        ScorerConfig base =
                cluster.config(
                        "model-cli-signed",
                        Map.of(
                                "scorer.model.verify.public-key",
                                publicKey.toString(),
                                "scorer.learning.enabled",
                                "false"));
        String config = configFile(base, dir).toString();
        String model = "config/models/fraud.json";

        CommandRun unsigned = scorer("model", "push", "--config", config, model);
        CommandRun signedAtPush =
                scorer(
                        "model",
                        "push",
                        "--config",
                        config,
                        "--sign-key",
                        privateKey.toString(),
                        model);
        Path signedFile = dir.resolve("fraud.signed.json");
        CommandRun sign =
                scorer(
                        "model",
                        "sign",
                        model,
                        "--key",
                        privateKey.toString(),
                        "--version",
                        "7.0",
                        "-o",
                        signedFile.toString());
        CommandRun signedFilePush =
                scorer("model", "push", "--config", config, signedFile.toString());

        assertThat(unsigned.status()).isEqualTo(2);
        assertThat(unsigned.err())
                .contains("not signed")
                .contains("scorer.model.verify.public-key");
        assertThat(signedAtPush.status()).as(signedAtPush.err()).isZero();
        assertThat(signedAtPush.out()).contains("as version 1.0");
        assertThat(sign.status()).as(sign.err()).isZero();
        assertThat(ModelFile.read(signedFile).signature()).isNotBlank();
        assertThat(signedFilePush.status()).as(signedFilePush.err()).isZero();
        assertThat(signedFilePush.out()).contains("as version 7.0");
    }

    @Test
    void shouldRegisterTheSchemaOfEveryTopicOnceAndPrintTheSameSchemas(@TempDir Path dir)
            throws Exception {
        ScorerConfig scorerConfig = cluster.config("schemas-cli", Map.of());
        String config = configFile(scorerConfig, dir).toString();
        Map<String, Schema> contract = SchemasCommand.subjects(scorerConfig);

        CommandRun register = scorer("schemas", "register", "--config", config);
        CommandRun again = scorer("schemas", "register", "--config", config);
        CommandRun print = scorer("schemas", "print", "--config", config);

        assertThat(register.status()).as(register.err()).isZero();
        assertThat(again.out()).as("registering again changes nothing").isEqualTo(register.out());
        assertThat(print.status()).as(print.err()).isZero();
        SchemaRegistryClient registry =
                SchemaRegistryClients.create(scorerConfig.registryProperties());
        assertThat(contract).hasSize(7);
        String[] printed = print.out().split("\\R\\R");
        assertThat(printed).hasSize(contract.size());
        int n = 0;
        for (Map.Entry<String, Schema> subject : contract.entrySet()) {
            RegisteredSchema latest = registry.latest(subject.getKey());
            assertThat(latest.version()).isEqualTo(1);
            assertThat(latest.schema()).isEqualTo(subject.getValue());
            assertThat(register.out())
                    .contains(subject.getKey() + ": schema id " + latest.id() + "\n");
            String block = printed[n++];
            assertThat(block).startsWith(subject.getKey() + "\n");
            assertThat(new Schema.Parser().parse(block.substring(block.indexOf('\n') + 1)))
                    .isEqualTo(subject.getValue());
        }
    }
}
