package io.streamscorer.cli;

import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.InvalidModelException;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.runtime.ControlTopicClient;
import io.streamscorer.runtime.ModelOperations;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.spec.ModelFileFormat;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSigner;
import io.streamscorer.spec.ModelSpecs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scorer model}: publish, inspect, roll back and export model versions. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = {
            "Publish, inspect, roll back and export model versions on the control topic.",
            "Every change is a new generation: it always wins over a learner update from an older model."
        },
        subcommands = {
            ModelCommand.Validate.class,
            ModelCommand.Push.class,
            ModelCommand.Show.class,
            ModelCommand.History.class,
            ModelCommand.Rollback.class,
            ModelCommand.Compare.class,
            ModelCommand.Promote.class,
            ModelCommand.RetireChallenger.class,
            ModelCommand.PauseLearning.class,
            ModelCommand.ResumeLearning.class,
            ModelCommand.Export.class,
            ModelCommand.Keygen.class,
            ModelCommand.Sign.class
        })
final class ModelCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code action} with the operations on the control topic of {@code config}. */
    private static <T> T withModels(ConfigOptions config, Function<ModelOperations, T> action) {
        return withModels(config, null, action);
    }

    /** Runs {@code action} with operations that sign what they publish as {@code signing} says. */
    private static <T> T withModels(
            ConfigOptions config, SigningOptions signing, Function<ModelOperations, T> action) {
        ScorerConfig scorerConfig = config.loadForTool();
        Optional<ModelSigner> signer =
                signing == null ? Optional.empty() : signing.signer(scorerConfig);
        try (ControlTopicClient control =
                new ControlTopicClient(
                        scorerConfig, AvroSerdes.create(scorerConfig.registryProperties()))) {
            return action.apply(
                    new ModelOperations(control, signer, scorerConfig.modelVerifyKeys()));
        }
    }

    private static void printPublished(PrintWriter out, String what, ModelOperations.Published p) {
        out.printf(
                "%s model '%s'%s as version %s (%d features,%s%s heads %s, digest %s) at %s-%d@%d%n",
                what,
                p.model().name(),
                challenge(p.spec()),
                p.model().version(),
                p.model().dimension(),
                scalingAndPrior(p.spec()),
                layers(p.spec()),
                heads(p.spec()),
                ModelSpecs.digest(p.spec()),
                p.metadata().topic(),
                p.metadata().partition(),
                p.metadata().offset());
    }

    /** " (challenger of 'fraud', deciding for 10% of its entities)", or nothing for a champion. */
    private static String challenge(ModelSpec spec) {
        if (spec.getChallenge() == null) {
            return "";
        }
        double share = spec.getChallenge().getShare();
        return " (challenger of '"
                + spec.getChallenge().getChampion()
                + "', "
                + (share == 0
                        ? "shadow only"
                        : String.format(
                                Locale.ROOT, "deciding for %.4g%% of its entities", share * 100))
                + ")";
    }

    private static final String FORMAT_DESCRIPTION =
            "auto (default: a PyTorch export if it has a state_dict), model or pytorch.";

    /**
     * " scaled," for a version whose weights apply to standardised values, " prior 20000 labels,"
     * for one that names its prior strength, both, or nothing.
     */
    private static String scalingAndPrior(ModelSpec spec) {
        return (spec.getScaling() == null ? "" : " scaled,")
                + (spec.getPriorLabels() == null
                        ? ""
                        : " prior " + spec.getPriorLabels() + " labels,");
    }

    /** The prior strength, or "default" when the scorer's {@code scorer.learning.prior.labels}. */
    private static String prior(ModelSpec spec) {
        return spec.getPriorLabels() == null ? "default" : spec.getPriorLabels().toString();
    }

    /** The hidden layers as " layers 128 relu, 64 silu," or nothing for a logistic model. */
    private static String layers(ModelSpec spec) {
        if (spec.getLayers().isEmpty()) {
            return "";
        }
        return spec.getLayers().stream()
                .map(l -> l.getWeights().size() + " " + l.getActivation())
                .collect(Collectors.joining(", ", " layers ", ","));
    }

    private static String heads(ModelSpec spec) {
        return spec.getHeads().stream()
                .map(h -> h.getName() + "@" + h.getThreshold())
                .collect(Collectors.joining(","));
    }

    /** {@code scorer model validate FILE.json}. */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description =
                    "Check a model file or PyTorch export locally (schema, finite weights, layer shapes) without publishing it.")
    static final class Validate implements Callable<Integer> {
        @Mixin Terminal terminal;

        @Parameters(paramLabel = "FILE.json", description = "Model file or PyTorch export.")
        Path file;

        @Option(names = "--format", defaultValue = "auto", description = FORMAT_DESCRIPTION)
        String format;

        @Override
        public Integer call() {
            ModelFile model = ModelFileFormat.named(format).read(file);
            ModelSpec spec =
                    model.toSpec(
                            model.version() == null
                                    ? new ModelVersion(1, 0)
                                    : ModelVersion.parse(model.version()),
                            "validate",
                            Instant.now());
            try {
                ModelSpecs.toModel(spec);
            } catch (InvalidModelException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            terminal.out()
                    .printf(
                            "%s: valid model '%s' (%d features,%s%s heads %s, digest %s)%n",
                            file,
                            model.name(),
                            model.features().size(),
                            scalingAndPrior(spec),
                            layers(spec),
                            heads(spec),
                            ModelSpecs.digest(spec));
            return 0;
        }
    }

    /** {@code scorer model push FILE.json}. */
    @Command(
            name = "push",
            description = {
                "Validate a model file or PyTorch export, then publish it to the control topic.",
                "Every running instance switches to it without a restart.",
                "Without a version in the file (or --version), it becomes the next generation."
            })
    static final class Push implements Callable<Integer> {
        @Mixin HelpOption help;

        @Mixin Terminal terminal;

        @Mixin SigningOptions signing;

        @Mixin ConfigOptions config;

        @Parameters(
                paramLabel = "FILE.json",
                description = "Model file (see config/models/) or PyTorch export.")
        Path file;

        @Option(names = "--format", defaultValue = "auto", description = FORMAT_DESCRIPTION)
        String format;

        @Option(
                names = "--version",
                paramLabel = "G.S",
                description =
                        "Publish as this version; it must be newer than the newest served (a"
                                + " retired one included).")
        String version;

        @Option(
                names = "--origin",
                defaultValue = "operator",
                description =
                        "Who publishes it, recorded with the version (default: ${DEFAULT-VALUE}).")
        String origin;

        @Option(
                names = "--name",
                paramLabel = "NAME",
                description =
                        "Publish under this name instead of the file's (a challenger needs its own"
                                + " name).")
        String name;

        @Option(
                names = "--challenger-of",
                paramLabel = "CHAMPION",
                description = {
                    "Publish it as a challenger of CHAMPION: every instance scores the champion's"
                            + " events with it too and writes its scores to the shadow topic;"
                            + " the champion's decisions stand."
                })
        String challengerOf;

        @Option(
                names = "--share",
                paramLabel = "FRACTION",
                description =
                        "With --challenger-of: the share of the champion's entities, stable by"
                                + " entity id, that this challenger decides for (default: 0,"
                                + " shadow only).")
        Double share;

        @Override
        public Integer call() {
            ModelFile modelFile = ModelFileFormat.named(format).read(file);
            if (share != null && challengerOf == null) {
                throw new IllegalArgumentException("--share needs --challenger-of");
            }
            if (name != null || challengerOf != null) {
                if (modelFile.signature() != null) {
                    throw new IllegalArgumentException(
                            file
                                    + " is signed, and its signature covers its name and"
                                    + " challenge: put \"name\" and \"challenge\" in the file"
                                    + " before `scorer model sign`");
                }
                modelFile =
                        modelFile.as(
                                name == null ? modelFile.name() : name,
                                challengerOf == null
                                        ? modelFile.challenge()
                                        : new ModelFile.Challenge(
                                                challengerOf, share == null ? 0.0 : share));
            }
            if (modelFile.challenge() != null
                    && modelFile.challenge().champion().equals(modelFile.name())) {
                throw new IllegalArgumentException(
                        "a challenger needs a name of its own: '"
                                + modelFile.name()
                                + "' is the champion's; pass --name, e.g. --name "
                                + modelFile.name()
                                + "-challenger");
            }
            ModelFile toPush = modelFile;
            printPublished(
                    terminal.out(),
                    "Published",
                    withModels(
                            config,
                            signing,
                            ops -> {
                                try {
                                    return ops.push(toPush, version, origin);
                                } catch (InvalidModelException e) {
                                    throw new IllegalArgumentException(
                                            file + ": " + e.getMessage(), e);
                                }
                            }));
            return 0;
        }
    }

    /** {@code scorer model show [NAME]}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description =
                    "Show the version of each model (or of NAME) that every instance serves now, read from the control topic.")
    static final class Show implements Callable<Integer> {
        @Mixin Terminal terminal;

        @Mixin ConfigOptions config;

        @Parameters(
                paramLabel = "NAME",
                arity = "0..1",
                description = "Model name; all models when omitted.")
        String name;

        @Override
        public Integer call() {
            Map<String, ModelSpec> served = withModels(config, ModelOperations::served);
            if (name != null) {
                served = served.containsKey(name) ? Map.of(name, served.get(name)) : Map.of();
            }
            if (served.isEmpty()) {
                terminal.out()
                        .println(
                                name == null
                                        ? "No model is served."
                                        : "No model named '" + name + "' is served.");
                return name == null ? 0 : 2;
            }
            terminal.out()
                    .printf(
                            "%-16s %-10s %-26s %-24s %8s  %-6s %-20s %-8s %-8s %s%n",
                            "MODEL",
                            "VERSION",
                            "ORIGIN",
                            "CREATED",
                            "FEATURES",
                            "SCALED",
                            "HEADS",
                            "LEARNING",
                            "PRIOR",
                            "DIGEST");
            for (ModelSpec spec : served.values()) {
                terminal.out()
                        .printf(
                                "%-16s %-10s %-26s %-24s %8d  %-6s %-20s %-8s %-8s %s%n",
                                spec.getName(),
                                ModelSpecs.toVersion(spec.getVersion()),
                                spec.getOrigin(),
                                spec.getCreatedAt(),
                                spec.getFeatureNames().size(),
                                spec.getScaling() == null ? "no" : "yes",
                                heads(spec),
                                spec.getLearningPaused() ? "paused" : "on",
                                prior(spec),
                                ModelSpecs.digest(spec));
            }
            return 0;
        }
    }

    /** {@code scorer model history NAME}. */
    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description =
                    "List every published version of a model with origin, time, parent, weight"
                            + " digest and, for learned versions, the publish gate's verdict: the"
                            + " mean log-loss difference against the version it replaced (below 0:"
                            + " better) and how many candidates were held back before it.")
    static final class History implements Callable<Integer> {
        @Mixin Terminal terminal;

        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "NAME", description = "Model name.")
        String name;

        @Override
        public Integer call() {
            List<ModelSpec> versions = withModels(config, ops -> ops.history(name));
            if (versions.isEmpty()) {
                terminal.out().println("No version of model '" + name + "' was published.");
                return 1;
            }
            terminal.out()
                    .printf(
                            "%-10s %-26s %-24s %-8s %-12s %-8s %-8s %s%n",
                            "VERSION",
                            "ORIGIN",
                            "CREATED",
                            "PARENT",
                            "DIGEST",
                            "LEARNING",
                            "LABELS",
                            "GATE");
            for (ModelSpec spec : versions) {
                terminal.out()
                        .printf(
                                "%-10s %-26s %-24s %-8s %-12s %-8s %-8s %s%n",
                                ModelSpecs.toVersion(spec.getVersion()),
                                spec.getOrigin(),
                                spec.getCreatedAt(),
                                spec.getParent() == null
                                        ? "-"
                                        : ModelSpecs.toVersion(spec.getParent()),
                                ModelSpecs.digest(spec),
                                spec.getLearningPaused() ? "paused" : "on",
                                spec.getMetadata().getOrDefault("learner.labels", "-"),
                                gateVerdict(spec));
            }
            return 0;
        }

        /** "Δ −0.0123, 2 held" for a version the gate let through, "-" for any other. */
        static String gateVerdict(ModelSpec spec) {
            String difference = spec.getMetadata().get("gate.mean.difference");
            if (difference == null) {
                return "-";
            }
            return String.format(
                    Locale.ROOT,
                    "Δ %+.4f, %s held",
                    Double.parseDouble(difference),
                    spec.getMetadata().getOrDefault("gate.held.since.previous", "0"));
        }
    }

    /** {@code scorer model rollback NAME --to VERSION}. */
    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Republish the weights of an earlier version as the next generation.")
    static final class Rollback implements Callable<Integer> {
        @Mixin Terminal terminal;

        @Mixin SigningOptions signing;

        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "NAME", description = "Model name.")
        String name;

        @Option(
                names = "--to",
                required = true,
                paramLabel = "G.S",
                description =
                        "The version whose weights to serve again (see `scorer model history`).")
        String to;

        @Override
        public Integer call() {
            ModelVersion target = ModelVersion.parse(to);
            printPublished(
                    terminal.out(),
                    "Rolled back",
                    withModels(config, signing, ops -> ops.rollback(name, target)));
            return 0;
        }
    }

    /** {@code scorer model compare NAME}. */
    @Command(
            name = "compare",
            mixinStandardHelpOptions = true,
            description = {
                "Compare a champion, its challengers and the learner's candidate on the same labels.",
                "Prints, per head, the latest report on the comparisons topic: labels, progressive"
                        + " log-loss, AUC, expected calibration error, alert rate, precision and"
                        + " recall at each model's threshold, the champion's numbers on each"
                        + " contender's labels, and the 10-bin reliability tables."
            })
    static final class Compare implements Callable<Integer> {
        @Mixin Terminal terminal;

        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "NAME", description = "The champion.")
        String name;

        @Override
        public Integer call() {
            Optional<ModelComparison> report = withModels(config, ops -> ops.comparison(name));
            if (report.isEmpty()) {
                terminal.out()
                        .printf(
                                "No comparison of '%s' yet: one is reported once labels of it"
                                        + " reach the learner (scorer.compare.report.interval.ms).%n",
                                name);
                return 2;
            }
            ComparisonTable.print(terminal.out(), report.get());
            return 0;
        }
    }

    /** {@code scorer model promote NAME --challenger C}. */
    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = {
                "Publish a challenger's weights as the champion's next generation, then retire the"
                        + " challenger.",
                "The new version's metadata records the challenger and version promoted, who"
                        + " promoted it, and the comparison at that moment (see `scorer model"
                        + " compare`)."
            })
    static final class Promote implements Callable<Integer> {
        @Mixin Terminal terminal;

        @Mixin SigningOptions signing;

        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "NAME", description = "The champion.")
        String name;

        @Option(
                names = "--challenger",
                required = true,
                paramLabel = "CHALLENGER",
                description = "The challenger whose weights to serve.")
        String challenger;

        @Option(
                names = "--by",
                paramLabel = "WHO",
                description = "Who promotes it, recorded with the version (default: the OS user).")
        String by;

        @Option(
                names = "--keep-challenger",
                description = "Leave the challenger running (it then shadows its own weights).")
        boolean keepChallenger;

        @Override
        public Integer call() {
            String who = by != null ? by : System.getProperty("user.name", "unknown");
            printPublished(
                    terminal.out(),
                    "Promoted '" + challenger + "' to",
                    withModels(
                            config,
                            signing,
                            ops -> ops.promote(name, challenger, who, !keepChallenger)));
            if (!keepChallenger) {
                terminal.out().printf("Retired challenger '%s'%n", challenger);
            }
            return 0;
        }
    }

    /** {@code scorer model retire-challenger NAME}. */
    @Command(
            name = "retire-challenger",
            mixinStandardHelpOptions = true,
            description = {
                "Stop a challenger: instances stop scoring with it (a tombstone on the control"
                        + " topic).",
                "Refused when instances verify signatures, since a tombstone cannot be signed."
            })
    static final class RetireChallenger implements Callable<Integer> {
        @Mixin Terminal terminal;

        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "NAME", description = "The challenger.")
        String name;

        @Override
        public Integer call() {
            ModelSpec retired = withModels(config, ops -> ops.retireChallenger(name));
            terminal.out()
                    .printf(
                            "Retired challenger '%s' of '%s' (was at %s)%n",
                            name,
                            retired.getChallenge().getChampion(),
                            ModelSpecs.toVersion(retired.getVersion()));
            return 0;
        }
    }

    /** {@code scorer model pause-learning NAME}. */
    @Command(
            name = "pause-learning",
            mixinStandardHelpOptions = true,
            description = {
                "Stop the online learner from changing a model.",
                "Labels that arrive meanwhile go to the dead-letter topic as LEARNING_PAUSED, to be"
                        + " replayed after resume-learning. A label already on its way to the"
                        + " learner when the pause lands is dead-lettered there too, but it is"
                        + " marked as seen: a replay of it is refused as DUPLICATE_LABEL."
            })
    static final class PauseLearning extends LearningSwitch {
        PauseLearning() {
            super(true, "Paused learning of");
        }
    }

    /** {@code scorer model resume-learning NAME}. */
    @Command(
            name = "resume-learning",
            mixinStandardHelpOptions = true,
            description =
                    "Let the online learner train a paused model again, from the served weights.")
    static final class ResumeLearning extends LearningSwitch {
        ResumeLearning() {
            super(false, "Resumed learning of");
        }
    }

    /** Pauses or resumes a model's learning: what pause-learning and resume-learning share. */
    abstract static class LearningSwitch implements Callable<Integer> {
        private final boolean paused;
        private final String done;

        @Mixin Terminal terminal;

        @Mixin SigningOptions signing;

        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "NAME", description = "Model name.")
        String name;

        LearningSwitch(boolean paused, String done) {
            this.paused = paused;
            this.done = done;
        }

        @Override
        public Integer call() {
            printPublished(
                    terminal.out(),
                    done,
                    withModels(config, signing, ops -> ops.setLearningPaused(name, paused)));
            return 0;
        }
    }

    /** {@code scorer model export NAME}. */
    @Command(
            name = "export",
            description =
                    "Write a model version back out as a model file (the served version by default).")
    static final class Export implements Callable<Integer> {
        @Mixin HelpOption help;

        @Mixin Terminal terminal;

        @Mixin ConfigOptions config;

        @Parameters(paramLabel = "NAME", description = "Model name.")
        String name;

        @Option(
                names = "--version",
                paramLabel = "G.S",
                description = "Version to export; the served one when omitted.")
        String version;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE.json",
                description = "Write here instead of standard output.")
        Path output;

        @Override
        public Integer call() throws IOException {
            ModelSpec spec =
                    withModels(
                            config,
                            ops ->
                                    version == null
                                            ? ops.servedOrFail(name)
                                            : ops.find(name, ModelVersion.parse(version)));
            String json = ModelFile.fromSpec(spec).toJson();
            if (output == null) {
                terminal.out().println(json);
            } else {
                Files.writeString(output, json + System.lineSeparator());
                terminal.out()
                        .printf(
                                "Wrote model '%s' version %s to %s%n",
                                name, ModelSpecs.toVersion(spec.getVersion()), output);
            }
            return 0;
        }
    }

    /** {@code scorer model keygen}. */
    @Command(
            name = "keygen",
            mixinStandardHelpOptions = true,
            description = {
                "Generate an Ed25519 key pair for signing models.",
                "NAME.pem is the private key (keep it secret), NAME.pub.pem the public one (for",
                "scorer.model.verify.public-key)."
            })
    static final class Keygen implements Callable<Integer> {
        @Mixin Terminal terminal;

        @Option(
                names = "--out-dir",
                defaultValue = ".",
                paramLabel = "DIR",
                description = "Where to write the keys (default: current directory).")
        Path dir;

        @Option(
                names = "--name",
                defaultValue = "model-signing",
                description = "File name stem (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws IOException {
            KeyPair pair = ModelSignatures.generate();
            Path privateFile = dir.resolve(name + ".pem");
            Path publicFile = dir.resolve(name + ".pub.pem");
            if (Files.exists(privateFile)) {
                throw new IllegalArgumentException(
                        privateFile + " exists; refusing to overwrite a key");
            }
            Files.createDirectories(dir);
            Files.writeString(publicFile, ModelSignatures.pem(pair.getPublic()));
            Files.writeString(privateFile, "");
            try {
                Files.setPosixFilePermissions(
                        privateFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException nonPosix) {
                terminal.out().println("Note: could not restrict permissions of " + privateFile);
            }
            Files.writeString(privateFile, ModelSignatures.pem(pair.getPrivate()));
            terminal.out()
                    .printf(
                            "Wrote %s (private) and %s (public); key id %s%n",
                            privateFile, publicFile, ModelSignatures.keyId(pair.getPublic()));
            return 0;
        }
    }

    /** {@code scorer model sign FILE.json}. */
    @Command(
            name = "sign",
            description = {
                "Sign a model file for a given version.",
                "Writes a signed model file that `scorer model push` publishes exactly as signed",
                "(version, origin and time included)."
            })
    static final class Sign implements Callable<Integer> {
        @Mixin HelpOption help;

        @Mixin Terminal terminal;

        @Parameters(paramLabel = "FILE.json", description = "Model file.")
        Path file;

        @Option(
                names = "--key",
                required = true,
                paramLabel = "FILE.pem",
                description = "Ed25519 private key (PKCS#8 PEM).")
        Path key;

        @Option(
                names = "--version",
                required = true,
                paramLabel = "G.S",
                description =
                        "The version it will be published as (newer than the newest served, a"
                                + " retired one included).")
        String version;

        @Option(
                names = "--origin",
                defaultValue = "operator",
                description = "Recorded origin (default: ${DEFAULT-VALUE}).")
        String origin;

        @Option(
                names = "--key-id",
                paramLabel = "ID",
                description = "Key id recorded with the signature.")
        String keyId;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE.json",
                description = "Where to write the signed file (default: FILE.signed.json).")
        Path output;

        @Option(names = "--format", defaultValue = "auto", description = FORMAT_DESCRIPTION)
        String format;

        @Override
        public Integer call() throws IOException {
            ModelFile model = ModelFileFormat.named(format).read(file);
            ModelSpec spec = model.toSpec(ModelVersion.parse(version), origin, Instant.now());
            ModelSpecs.toModel(spec);
            ModelSpec signed =
                    new ModelSigner(ModelSignatures.readPrivateKey(key.toString()), keyId)
                            .sign(spec);
            Path out =
                    output != null
                            ? output
                            : file.resolveSibling(
                                    file.getFileName().toString().replaceFirst("\\.json$", "")
                                            + ".signed.json");
            Files.writeString(out, ModelFile.fromSpec(signed).toJson() + System.lineSeparator());
            terminal.out()
                    .printf("Signed model '%s' version %s into %s%n", model.name(), version, out);
            return 0;
        }
    }
}
