package io.streamscorer.cli;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.spec.ModelSpecs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scorer model}: publish and inspect model versions on the control topic. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Publish and inspect model versions on the control topic.",
        subcommands = {ModelCommand.Push.class})
final class ModelCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code scorer model push FILE.json}. */
    @Command(
            name = "push",
            mixinStandardHelpOptions = true,
            description = {
                "Validate a JSON model file locally, then publish it to the control topic.",
                "Every running instance switches to it without a restart.",
                "Without a version in the file (or --version), it becomes the next generation."
            })
    static final class Push implements Callable<Integer> {
        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "FILE.json", description = "Model file (see config/models/).")
        Path file;

        @Option(
                names = "--version",
                paramLabel = "G.S",
                description =
                        "Publish as this version; it must be newer than the one on the topic.")
        String version;

        @Option(
                names = "--origin",
                defaultValue = "operator",
                description =
                        "Who publishes it, recorded with the version (default: ${DEFAULT-VALUE}).")
        String origin;

        @Override
        public Integer call() {
            ScorerConfig scorerConfig = config.load();
            ModelFile modelFile = ModelFile.read(file);
            try (ControlTopicClient control =
                    new ControlTopicClient(
                            scorerConfig, AvroSerdes.create(scorerConfig.registryProperties()))) {
                PushResult result = push(control, modelFile, version, origin);
                System.out.printf(
                        "Published model '%s' version %s (%d features, heads %s) to %s partition %d offset %d%n",
                        result.model().name(),
                        result.model().version(),
                        result.model().dimension(),
                        String.join(",", headNames(result.model())),
                        result.metadata().topic(),
                        result.metadata().partition(),
                        result.metadata().offset());
            }
            return 0;
        }
    }

    /** What a push published. */
    record PushResult(LogisticModel model, RecordMetadata metadata) {}

    /**
     * Validates {@code file} and publishes it as {@code requestedVersion}, or as the next
     * generation after the newest version of its name on the control topic.
     *
     * @throws IllegalArgumentException if the model is invalid or the version is not newer
     */
    static PushResult push(
            ControlTopicClient control, ModelFile file, String requestedVersion, String origin) {
        String versionText = requestedVersion != null ? requestedVersion : file.version();
        Optional<ModelVersion> current =
                control.latest(file.name()).map(s -> ModelSpecs.toVersion(s.getVersion()));
        ModelVersion version;
        if (versionText != null) {
            version = ModelVersion.parse(versionText);
            if (current.isPresent() && !version.isNewerThan(current.get())) {
                throw new IllegalArgumentException(
                        "version "
                                + version
                                + " of model '"
                                + file.name()
                                + "' is not newer than "
                                + current.get()
                                + " on the control topic; every instance would refuse it");
            }
        } else {
            version = current.map(ModelVersion::nextGeneration).orElse(new ModelVersion(1, 0));
        }
        ModelSpec spec = file.toSpec(version, origin, Instant.now());
        LogisticModel model = ModelSpecs.toModel(spec);
        return new PushResult(model, control.publish(spec));
    }

    private static String[] headNames(LogisticModel model) {
        String[] names = new String[model.headCount()];
        for (int h = 0; h < names.length; h++) {
            names[h] = model.headName(h);
        }
        return names;
    }
}
