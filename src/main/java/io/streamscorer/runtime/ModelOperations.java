package io.streamscorer.runtime;

import io.streamscorer.avro.ContenderScore;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.spec.ChallengerPromotion;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSigner;
import io.streamscorer.spec.ModelSpecs;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What an operator does to models: deploy a file, roll back to an earlier version, pause or resume
 * learning. Each is a new generation on the control topic (so it always wins over a learner update
 * computed from an older model), validated here before it is published, and recorded in the model
 * history.
 */
public final class ModelOperations {
    private final ControlTopicClient control;
    private final Optional<ModelSigner> signer;
    private final List<PublicKey> verifyKeys;

    /** Operations publishing unsigned versions to instances that do not check signatures. */
    public ModelOperations(ControlTopicClient control) {
        this(control, Optional.empty(), List.of());
    }

    /**
     * Operations that sign every version they publish with {@code signer}, if present, and refuse
     * to publish a version that none of {@code verifyKeys} (the instances' keys) verifies.
     */
    public ModelOperations(
            ControlTopicClient control, Optional<ModelSigner> signer, List<PublicKey> verifyKeys) {
        this.control = control;
        this.signer = signer;
        this.verifyKeys = List.copyOf(verifyKeys);
    }

    /** A published version and where it landed. */
    public record Published(ModelSpec spec, ScoringModel model, RecordMetadata metadata) {}

    /**
     * Validates {@code file} and publishes it as {@code requestedVersion}, or as the next
     * generation after the version served now.
     *
     * @throws IllegalArgumentException if the model is invalid or the version is not newer
     */
    public Published push(ModelFile file, String requestedVersion, String origin) {
        if (file.signature() != null) {
            return pushSigned(file);
        }
        String versionText = requestedVersion != null ? requestedVersion : file.version();
        Optional<ModelVersion> current = newestPublished(file.name());
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
                                + ", the newest version served; every instance would refuse it"
                                + " (drop the file's \"version\" or pass a newer --version)");
            }
        } else {
            version = current.map(ModelVersion::nextGeneration).orElse(new ModelVersion(1, 0));
        }
        ModelSpec spec = file.toSpec(version, origin, Instant.now());
        return publish(spec);
    }

    /**
     * The newest version of {@code name} instances have accepted: they refuse anything not newer,
     * even after the model was retired. While the model is served that is the served version, from
     * the compacted control topic alone; only after a retire is the history read (whole, but
     * rarely), since compaction may have removed what the instances still remember.
     */
    private Optional<ModelVersion> newestPublished(String name) {
        ControlTopicClient.Fold fold = control.fold();
        Optional<ModelVersion> accepted = Optional.ofNullable(fold.newest().get(name));
        if (fold.served().containsKey(name)) {
            return accepted;
        }
        return Stream.concat(
                        accepted.stream(),
                        control.history(name).stream().map(ModelOperations::version))
                .max(Comparator.naturalOrder());
    }

    private Published pushSigned(ModelFile file) {
        ModelSpec spec = file.toSignedSpec();
        ModelVersion version = version(spec);
        newestPublished(file.name())
                .filter(current -> !version.isNewerThan(current))
                .ifPresent(
                        current -> {
                            throw new IllegalArgumentException(
                                    "signed version "
                                            + version
                                            + " of model '"
                                            + file.name()
                                            + "' is not newer than "
                                            + current
                                            + ", the newest version served; sign it again with a"
                                            + " newer --version");
                        });
        return new Published(spec, ModelSpecs.toModel(spec), control.publish(checkSignature(spec)));
    }

    /**
     * Republishes the weights of version {@code to} of {@code name} as the next generation.
     *
     * @throws IllegalArgumentException if no such version is in the history
     */
    public Published rollback(String name, ModelVersion to) {
        ModelSpec old = find(name, to);
        ModelSpec served = servedOrFail(name);
        ModelSpec spec =
                ModelSpec.newBuilder(old)
                        .setVersion(ModelSpecs.toAvro(version(served).nextGeneration()))
                        .setParent(ModelSpecs.toAvro(to))
                        .setOrigin("rollback")
                        .setCreatedAt(Instant.now())
                        .setLearningPaused(served.getLearningPaused())
                        .setSignature(null)
                        .setSigningKeyId(null)
                        .build();
        spec.getMetadata().put("rollback.from", version(served).toString());
        return publish(spec);
    }

    /**
     * Republishes the served version of {@code name} as the next generation, learning paused or
     * not.
     */
    public Published setLearningPaused(String name, boolean paused) {
        ModelSpec served = servedOrFail(name);
        if (served.getLearningPaused() == paused) {
            throw new IllegalArgumentException(
                    "learning of model '"
                            + name
                            + "' is already "
                            + (paused ? "paused" : "on")
                            + " at "
                            + version(served));
        }
        ModelSpec spec =
                ModelSpec.newBuilder(served)
                        .setVersion(ModelSpecs.toAvro(version(served).nextGeneration()))
                        .setParent(served.getVersion())
                        .setOrigin(paused ? "operator:pause-learning" : "operator:resume-learning")
                        .setCreatedAt(Instant.now())
                        .setLearningPaused(paused)
                        .setSignature(null)
                        .setSigningKeyId(null)
                        .build();
        return publish(spec);
    }

    /**
     * Publishes the weights of {@code challenger} as the next generation of {@code champion}
     * ({@link ChallengerPromotion}), then, if {@code retire}, retires the challenger.
     *
     * @throws IllegalArgumentException if either is not served, or the challenger does not
     *     challenge the champion
     */
    public Published promote(String champion, String challenger, String by, boolean retire) {
        ModelSpec served = servedOrFail(champion);
        ModelSpec challenging = servedOrFail(challenger);
        if (retire && !verifyKeys.isEmpty()) {
            throw new IllegalArgumentException(
                    "instances verify signatures (scorer.model.verify.public-key) and a tombstone"
                            + " cannot be signed, so the challenger could not be retired; pass"
                            + " --keep-challenger");
        }
        Published published =
                publish(
                        ChallengerPromotion.of(
                                served,
                                challenging,
                                by,
                                Instant.now(),
                                comparisonOf(champion, challenger)));
        if (retire) {
            control.retire(challenger);
        }
        return published;
    }

    /**
     * Retires challenger {@code name} with a tombstone; returns the version it was at.
     *
     * @throws IllegalArgumentException if it is not a served challenger, or instances verify
     *     signatures (a tombstone cannot be signed)
     */
    public ModelSpec retireChallenger(String name) {
        ModelSpec served = servedOrFail(name);
        if (served.getChallenge() == null) {
            throw new IllegalArgumentException(
                    "model '" + name + "' is a champion, not a challenger");
        }
        if (!verifyKeys.isEmpty()) {
            throw new IllegalArgumentException(
                    "instances verify signatures (scorer.model.verify.public-key) and a tombstone"
                            + " cannot be signed: instances would refuse it");
        }
        control.retire(name);
        return served;
    }

    /** The latest comparison of champion {@code name}, if one was reported. */
    public Optional<ModelComparison> comparison(String name) {
        return control.comparison(name);
    }

    /**
     * The challenger's numbers in the latest comparison, and the champion's on the same labels, as
     * metadata of the promoted version (per head, {@code head.key}); empty without a report.
     */
    private Map<String, String> comparisonOf(String champion, String challenger) {
        Map<String, String> notes = new TreeMap<>();
        control.comparison(champion)
                .ifPresent(
                        comparison -> {
                            notes.put("reportedAt", comparison.getReportedAt().toString());
                            for (ContenderScore c : comparison.getContenders()) {
                                if (c.getName().equals(challenger)
                                        && c.getChampionOnSameLabels() != null) {
                                    String head = c.getHead() + ".";
                                    notes.put(
                                            head + "labels",
                                            Long.toString(c.getSummary().getLabels()));
                                    notes.put(
                                            head + "logLoss",
                                            Double.toString(c.getSummary().getLogLoss()));
                                    notes.put(
                                            head + "champion.logLoss",
                                            Double.toString(
                                                    c.getChampionOnSameLabels().getLogLoss()));
                                    notes.put(
                                            head + "auc", Double.toString(c.getSummary().getAuc()));
                                    notes.put(
                                            head + "champion.auc",
                                            Double.toString(c.getChampionOnSameLabels().getAuc()));
                                }
                            }
                        });
        return notes;
    }

    /** The version of each model every instance serves now. */
    public Map<String, ModelSpec> served() {
        return control.served();
    }

    /** Every published version of {@code name}, oldest first. */
    public List<ModelSpec> history(String name) {
        return control.history(name);
    }

    /**
     * Version {@code version} of {@code name}, from the history or the control topic.
     *
     * @throws IllegalArgumentException if it is in neither
     */
    public ModelSpec find(String name, ModelVersion version) {
        return control.history(name).stream()
                .filter(s -> version(s).equals(version))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no version "
                                                + version
                                                + " of model '"
                                                + name
                                                + "' in the history"));
    }

    /**
     * The version every instance serves now.
     *
     * @throws IllegalArgumentException if none is served
     */
    public ModelSpec servedOrFail(String name) {
        return control.served(name)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no model named '" + name + "' is served"));
    }

    private Published publish(ModelSpec spec) {
        ScoringModel model = ModelSpecs.toModel(spec);
        ModelSpec published = checkSignature(signer.map(s -> s.sign(spec)).orElse(spec));
        return new Published(published, model, control.publish(published));
    }

    private ModelSpec checkSignature(ModelSpec spec) {
        if (!verifyKeys.isEmpty() && !ModelSignatures.verify(spec, verifyKeys)) {
            throw new IllegalArgumentException(
                    (spec.getSignature() == null
                                    ? "the version is not signed"
                                    : "its signature verifies with no configured key")
                            + " and scorer.model.verify.public-key is set: every instance would reject it;"
                            + " sign with --sign-key or scorer.model.signing.private-key");
        }
        return spec;
    }

    private static ModelVersion version(ModelSpec spec) {
        return ModelSpecs.toVersion(spec.getVersion());
    }
}
