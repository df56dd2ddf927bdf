package io.streamscorer.spec;

import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.ModelVersion;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A challenger's weights as its champion's next generation: what {@code scorer model promote}
 * publishes. The promoted version keeps the champion's name and learning switch, takes everything
 * that scores from the challenger (features, imputation, scaling, layers, heads and thresholds,
 * prior), and records in its metadata who promoted which challenger version and what the comparison
 * said at that moment, so the history answers "why is this model serving".
 */
public final class ChallengerPromotion {
    /** Metadata key naming the challenger and version promoted, as {@code name@G.S}. */
    public static final String FROM = "promoted.from";

    /** Metadata key naming who promoted it. */
    public static final String BY = "promoted.by";

    /** Prefix of the metadata keys holding the comparison at the promotion. */
    public static final String COMPARISON_PREFIX = "promoted.comparison.";

    private ChallengerPromotion() {}

    /**
     * {@code challenger} promoted over {@code champion}.
     *
     * @param comparison the comparison at this moment, as key → value (may be empty)
     * @throws IllegalArgumentException if {@code challenger} does not challenge {@code champion}
     */
    public static ModelSpec of(
            ModelSpec champion,
            ModelSpec challenger,
            String by,
            Instant at,
            Map<String, String> comparison) {
        if (challenger.getChallenge() == null
                || !challenger.getChallenge().getChampion().equals(champion.getName())) {
            throw new IllegalArgumentException(
                    "model '"
                            + challenger.getName()
                            + "' is not a challenger of '"
                            + champion.getName()
                            + "'");
        }
        ModelVersion championVersion = ModelSpecs.toVersion(champion.getVersion());
        Map<String, String> metadata = new TreeMap<>(challenger.getMetadata());
        metadata.put(
                FROM, challenger.getName() + "@" + ModelSpecs.toVersion(challenger.getVersion()));
        metadata.put(BY, by);
        comparison.forEach((key, value) -> metadata.put(COMPARISON_PREFIX + key, value));
        return ModelSpec.newBuilder(challenger)
                .setName(champion.getName())
                .setVersion(ModelSpecs.toAvro(championVersion.nextGeneration()))
                .setParent(champion.getVersion())
                .setOrigin("operator:promote")
                .setCreatedAt(at)
                .setLearningPaused(champion.getLearningPaused())
                .setMetadata(metadata)
                .setChallenge(null)
                .setSignature(null)
                .setSigningKeyId(null)
                .build();
    }
}
