package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.Challenge;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.spec.ChallengerPromotion;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSpecs;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Champions and challengers on the topology: every event is scored by the champion and each of its
 * challengers, the decision stays the champion's except for a challenger's stable share of
 * entities, and a refused, retired or promoted challenger behaves as the control topic says.
 */
class ChallengerTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Map<String, String> SCORING_ONLY =
            Map.of("scorer.learning.enabled", "false");

    private static LogisticModel model(String name, long generation, double... w) {
        return LogisticModel.builder(name, new ModelVersion(generation, 0))
                .features(List.of("amount", "velocity"))
                .head("fraud", w, -1.0, 0.5)
                .build();
    }

    private static ModelSpec champion(LogisticModel model) {
        return ModelSpecs.toSpec(model, "operator", null, T0);
    }

    private static ModelSpec challenger(LogisticModel model, String champion, double share) {
        ModelSpec spec = ModelSpecs.toSpec(model, "operator", null, T0);
        spec.setChallenge(new Challenge(champion, share));
        return spec;
    }

    private static FeatureEvent event(String id, String entity, double amount, double velocity) {
        Map<String, Double> x = new HashMap<>();
        x.put("amount", amount);
        x.put("velocity", velocity);
        return FeatureEvent.newBuilder()
                .setEventId(id)
                .setEntityId(entity)
                .setEventTime(T0)
                .setFeatures(x)
                .build();
    }

    private static double probability(LogisticModel model, double amount, double velocity) {
        return 1 / (1 + Math.exp(-model.logit(0, new double[] {amount, velocity})));
    }

    @Test
    void shouldScoreEveryEventWithTheChampionAndWriteOneShadowScorePerChallenger() {
        LogisticModel fraud = model("fraud", 1, 0.5, 2.0);
        LogisticModel b = model("fraud-b", 1, 1.0, -1.0);
        LogisticModel c = model("fraud-c", 1, -0.3, 0.7);
        try (TopologyFixture f = new TopologyFixture(SCORING_ONLY, T0)) {
            f.modelCommands.pipeInput("fraud", champion(fraud), T0);
            f.modelCommands.pipeInput("fraud-b", challenger(b, "fraud", 0), T0);
            f.modelCommands.pipeInput("fraud-c", challenger(c, "fraud", 0), T0);

            for (int i = 0; i < 20; i++) {
                f.features.pipeInput(
                        "card-" + i, event("e" + i, "card-" + i, i * 0.1, 1 - i * 0.05), T0);
            }

            List<ScoreEvent> scores = f.scores.readValuesToList();
            assertThat(scores).hasSize(20);
            for (int i = 0; i < 20; i++) {
                ScoreEvent score = scores.get(i);
                assertThat(score.getModelName()).isEqualTo("fraud");
                assertThat(score.getChallengerOf()).isNull();
                assertThat(score.getHeads().get(0).getReasons()).isNotEmpty();
                assertThat(score.getHeads().get(0).getProbability())
                        .isCloseTo(probability(fraud, i * 0.1, 1 - i * 0.05), within());
            }
            List<ScoreEvent> shadow = f.shadowScores.readValuesToList();
            assertThat(shadow).hasSize(40);
            Map<String, List<ScoreEvent>> byEvent =
                    shadow.stream().collect(Collectors.groupingBy(s -> s.getEventId().toString()));
            assertThat(byEvent).hasSize(20);
            for (int i = 0; i < 20; i++) {
                List<ScoreEvent> two = byEvent.get("e" + i);
                assertThat(two)
                        .extracting(s -> s.getModelName().toString())
                        .containsExactly("fraud-b", "fraud-c");
                assertThat(two).allSatisfy(s -> assertThat(s.getChallengerOf()).isEqualTo("fraud"));
                assertThat(two)
                        .as("reason codes are for the decision, not the shadow")
                        .allSatisfy(s -> assertThat(s.getHeads().get(0).getReasons()).isEmpty());
                assertThat(two.get(0).getHeads().get(0).getProbability())
                        .isCloseTo(probability(b, i * 0.1, 1 - i * 0.05), within());
                assertThat(two.get(1).getHeads().get(0).getProbability())
                        .isCloseTo(probability(c, i * 0.1, 1 - i * 0.05), within());
            }
        }
    }

    @Test
    void shouldLetAChallengerDecideForAStableShareOfEntitiesAndShadowTheChampionForThem() {
        LogisticModel fraud = model("fraud", 1, 0.5, 2.0);
        LogisticModel b = model("fraud-b", 1, 1.0, -1.0);
        try (TopologyFixture f = new TopologyFixture(SCORING_ONLY, T0)) {
            f.modelCommands.pipeInput("fraud", champion(fraud), T0);
            f.modelCommands.pipeInput("fraud-b", challenger(b, "fraud", 0.3), T0);

            int entities = 500;
            for (int round = 0; round < 4; round++) {
                for (int e = 0; e < entities; e++) {
                    String id = "e" + round + "-" + e;
                    f.features.pipeInput("acct-" + e, event(id, "acct-" + e, 0.2, 0.4), T0);
                }
            }

            List<ScoreEvent> scores = f.scores.readValuesToList();
            assertThat(scores).hasSize(4 * entities);
            Map<String, Set<String>> decidersByEntity = new HashMap<>();
            for (ScoreEvent s : scores) {
                decidersByEntity
                        .computeIfAbsent(s.getEntityId().toString(), k -> new HashSet<>())
                        .add(s.getModelName().toString());
                boolean byChallenger = s.getModelName().toString().equals("fraud-b");
                assertThat(s.getChallengerOf()).isEqualTo(byChallenger ? "fraud" : null);
                assertThat(s.getHeads().get(0).getReasons()).isNotEmpty();
                assertThat(s.getHeads().get(0).getProbability())
                        .isCloseTo(probability(byChallenger ? b : fraud, 0.2, 0.4), within());
            }
            assertThat(decidersByEntity.values()).allSatisfy(d -> assertThat(d).hasSize(1));
            long challengerEntities =
                    decidersByEntity.values().stream().filter(d -> d.contains("fraud-b")).count();
            // 500 entities at p = 0.3: sd 0.02, so 0.3 +- 0.07 is a 3.5 sd band.
            assertThat(challengerEntities / (double) entities).isBetween(0.23, 0.37);
            List<ScoreEvent> shadow = f.shadowScores.readValuesToList();
            assertThat(shadow).hasSize(4 * entities);
            Map<String, String> decidedBy =
                    scores.stream()
                            .collect(
                                    Collectors.toMap(
                                            s -> s.getEventId().toString(),
                                            s -> s.getModelName().toString()));
            for (ScoreEvent s : shadow) {
                assertThat(s.getModelName().toString())
                        .isNotEqualTo(decidedBy.get(s.getEventId().toString()));
            }
        }
    }

    @Test
    void shouldNeverScoreWithAChallengerWhoseVersionWasRefused() {
        KeyPair operator = ModelSignatures.generate();
        Map<String, String> verifying = new HashMap<>(SCORING_ONLY);
        verifying.put("scorer.model.verify.public-key", ModelSignatures.pem(operator.getPublic()));
        try (TopologyFixture f = new TopologyFixture(verifying, T0)) {
            f.modelCommands.pipeInput(
                    "fraud",
                    ModelSignatures.sign(
                            champion(model("fraud", 1, 0.5, 2.0)), operator.getPrivate(), "op"),
                    T0);
            f.modelCommands.pipeInput(
                    "fraud-b", challenger(model("fraud-b", 1, 1.0, -1.0), "fraud", 0.5), T0);
            f.modelCommands.pipeInput(
                    "fraud-c",
                    ModelSignatures.sign(
                            challenger(model("fraud-c", 1, 1.0, -1.0), "fraud-c", 0.5),
                            operator.getPrivate(),
                            "op"),
                    T0);

            for (int i = 0; i < 50; i++) {
                f.features.pipeInput("card-" + i, event("e" + i, "card-" + i, 0.2, 0.4), T0);
            }

            assertThat(f.controlRejects.reasons())
                    .containsExactly("UNSIGNED", "UNSUPPORTED_STRUCTURE");
            assertThat(f.scores.readValuesToList())
                    .hasSize(50)
                    .allSatisfy(s -> assertThat(s.getModelName()).isEqualTo("fraud"));
            assertThat(f.shadowScores.readValuesToList()).isEmpty();
        }
    }

    @Test
    void shouldServeAPromotedChallengerAsTheChampionsNextGenerationAndStopShadowingItOnRetire() {
        LogisticModel fraud = model("fraud", 3, 0.5, 2.0);
        LogisticModel b = model("fraud-b", 1, 1.0, -1.0);
        ModelSpec championSpec = champion(fraud);
        ModelSpec challengerSpec = challenger(b, "fraud", 0);
        try (TopologyFixture f = new TopologyFixture(SCORING_ONLY, T0)) {
            f.modelCommands.pipeInput("fraud", championSpec, T0);
            f.modelCommands.pipeInput("fraud-b", challengerSpec, T0);

            ModelSpec promoted =
                    ChallengerPromotion.of(
                            championSpec, challengerSpec, "alice", T0, Map.of("labels", "5000"));
            f.modelCommands.pipeInput("fraud", promoted, T0);
            f.rawModelCommands.pipeInput("fraud-b", (byte[]) null, T0);
            f.features.pipeInput("card-1", event("e1", "card-1", 0.2, 0.4), T0);

            ScoreEvent score = f.scores.readValue();
            assertThat(score.getModelName()).isEqualTo("fraud");
            assertThat(ModelSpecs.toVersion(score.getModelVersion()))
                    .isEqualTo(new ModelVersion(4, 0));
            assertThat(score.getHeads().get(0).getProbability())
                    .isCloseTo(probability(b, 0.2, 0.4), within());
            assertThat(f.shadowScores.readValuesToList()).isEmpty();
            assertThat(promoted.getMetadata())
                    .containsEntry(ChallengerPromotion.FROM, "fraud-b@1.0")
                    .containsEntry(ChallengerPromotion.BY, "alice")
                    .containsEntry(ChallengerPromotion.COMPARISON_PREFIX + "labels", "5000");
            assertThat(promoted.getParent()).isEqualTo(championSpec.getVersion());
            assertThat(f.models.served("fraud").isChallenger()).isFalse();
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
