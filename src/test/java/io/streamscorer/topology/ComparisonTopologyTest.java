package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.Challenge;
import io.streamscorer.avro.ContenderScore;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.LabelSummary;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.OfflineScores;
import io.streamscorer.model.ScoreSummary;
import io.streamscorer.spec.ModelSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The comparison the learning task reports: the champion and each challenger scored on the same
 * labels, before the learner learns them, with numbers equal to an offline computation over the
 * same events and labels.
 */
class ComparisonTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static LogisticModel model(String name, double threshold, double... w) {
        return LogisticModel.builder(name, new ModelVersion(1, 0))
                .features(List.of("amount", "velocity"))
                .head("fraud", w, -2.0, threshold)
                .build();
    }

    private static FeedbackEvent label(String id, int y, double amount, double velocity) {
        Map<String, Double> x = new HashMap<>();
        x.put("amount", amount);
        x.put("velocity", velocity);
        return FeedbackEvent.newBuilder()
                .setEventId(id)
                .setLabels(Map.of("fraud", y))
                .setFeatures(x)
                .build();
    }

    @Test
    void shouldReportTheChampionAndChallengerOnTheSameLabelsAsAnOfflineComputationDoes() {
        LogisticModel champion = model("fraud", 0.3, 0.8, 0.4);
        LogisticModel challenger = model("fraud-b", 0.4, 1.6, 0.2);
        ModelSpec championSpec = ModelSpecs.toSpec(champion, "operator", null, T0);
        ModelSpec challengerSpec = ModelSpecs.toSpec(challenger, "operator", null, T0);
        challengerSpec.setChallenge(new Challenge("fraud", 0.0));
        // No candidate within these labels, so the champion's weights do not change under them
        // and the offline computation scores with the same ones.
        Map<String, String> config =
                Map.of(
                        "scorer.compare.report.interval.ms",
                        "1000",
                        "scorer.learning.gate.labels",
                        "1000");
        try (TopologyFixture f = new TopologyFixture(config, T0)) {
            f.modelCommands.pipeInput("fraud", championSpec, T0);
            f.modelCommands.pipeInput("fraud-b", challengerSpec, T0);
            int n = 400;
            int[] labels = new int[n];
            double[] championLogits = new double[n];
            double[] challengerLogits = new double[n];
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextDouble() < 0.2 ? 1 : 0;
                double amount = random.nextGaussian() + 1.5 * labels[i];
                double velocity = random.nextGaussian();
                championLogits[i] = champion.logit(0, new double[] {amount, velocity});
                challengerLogits[i] = challenger.logit(0, new double[] {amount, velocity});
                f.feedback.pipeInput("e" + i, label("e" + i, labels[i], amount, velocity), T0);
            }

            f.driver.advanceWallClockTime(Duration.ofSeconds(2));

            List<ModelComparison> reports = f.comparisons.readValuesToList();
            assertThat(reports).hasSize(1);
            ModelComparison report = reports.get(0);
            assertThat(report.getChampion()).isEqualTo("fraud");
            assertThat(report.getLabelsSeen()).isEqualTo(n);
            assertThat(report.getContenders())
                    .extracting(ContenderScore::getRole, ContenderScore::getName)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("champion", "fraud"),
                            org.assertj.core.groups.Tuple.tuple("challenger", "fraud-b"));
            ContenderScore championScore = report.getContenders().get(0);
            ContenderScore challengerScore = report.getContenders().get(1);
            OfflineScores.assertMatches(
                    summary(championScore.getSummary()), championLogits, labels, 0, n, 0.3);
            OfflineScores.assertMatches(
                    summary(challengerScore.getSummary()), challengerLogits, labels, 0, n, 0.4);
            OfflineScores.assertMatches(
                    summary(challengerScore.getChampionOnSameLabels()),
                    championLogits,
                    labels,
                    0,
                    n,
                    0.3);
            assertThat(championScore.getChampionOnSameLabels()).isNull();

            f.driver.advanceWallClockTime(Duration.ofSeconds(2));
            assertThat(f.comparisons.readValuesToList())
                    .as("no new labels, no new report")
                    .isEmpty();
            assertThat(f.services().comparisons().of("fraud")).isEqualTo(report);
        }
    }

    @Test
    void shouldCompareTheLearnersCandidateOnTheLabelsAfterItWasTaken() {
        LogisticModel champion = model("fraud", 0.3, 0.8, 0.4);
        Map<String, String> config =
                Map.of(
                        "scorer.compare.report.interval.ms",
                        "1000",
                        "scorer.learning.gate.labels",
                        "100");
        try (TopologyFixture f = new TopologyFixture(config, T0)) {
            f.modelCommands.pipeInput(
                    "fraud", ModelSpecs.toSpec(champion, "operator", null, T0), T0);
            SplittableRandom random = new SplittableRandom(9);
            for (int i = 0; i < 150; i++) {
                int y = random.nextDouble() < 0.2 ? 1 : 0;
                f.feedback.pipeInput(
                        "e" + i,
                        label("e" + i, y, random.nextGaussian() + y, random.nextGaussian()),
                        T0);
            }

            f.driver.advanceWallClockTime(Duration.ofSeconds(2));

            ModelComparison report = f.comparisons.readValuesToList().get(0);
            ContenderScore candidate =
                    report.getContenders().stream()
                            .filter(c -> c.getRole().equals("candidate"))
                            .findFirst()
                            .orElseThrow();
            // Taken after the 100th label was learned, it scored the 50 after it.
            assertThat(candidate.getSummary().getLabels()).isEqualTo(50);
            assertThat(candidate.getChampionOnSameLabels().getLabels()).isEqualTo(50);
            assertThat(ModelSpecs.toVersion(candidate.getVersion()))
                    .isEqualTo(new ModelVersion(1, 1));
        }
    }

    private static final Map<String, String> AUTO_PROMOTION =
            Map.of(
                    "scorer.learning.gate.labels",
                    "100000",
                    "scorer.compare.auto.promote.labels",
                    "200",
                    "scorer.compare.auto.promote.confidence",
                    "0.99");

    /**
     * A fixture serving {@code champion} with {@code challenger} challenging it, after {@code
     * labels} labels whose amount is N(2y, 1) and y is 1 with probability {@code positives}.
     */
    private static TopologyFixture afterLabels(
            Map<String, String> config,
            LogisticModel champion,
            LogisticModel challenger,
            double positives,
            int labels) {
        TopologyFixture f = new TopologyFixture(config, T0);
        ModelSpec challengerSpec = ModelSpecs.toSpec(challenger, "operator", null, T0);
        challengerSpec.setChallenge(new Challenge("fraud", 0.0));
        f.modelCommands.pipeInput("fraud", ModelSpecs.toSpec(champion, "operator", null, T0), T0);
        f.modelCommands.pipeInput("fraud-b", challengerSpec, T0);
        SplittableRandom random = new SplittableRandom(labels);
        for (int i = 0; i < labels; i++) {
            int y = random.nextDouble() < positives ? 1 : 0;
            f.feedback.pipeInput(
                    "e" + i,
                    label("e" + i, y, random.nextGaussian() + 2 * y, random.nextGaussian()),
                    T0);
        }
        return f;
    }

    @Test
    void shouldLeaveABetterChallengerAloneWhileAutomaticPromotionIsOff() {
        try (TopologyFixture f =
                afterLabels(
                        Map.of("scorer.learning.gate.labels", "100000"),
                        model("fraud", 0.5, 0.0, 0.0),
                        model("fraud-b", 0.5, 2.0, 0.0),
                        0.3,
                        250)) {
            assertThat(f.models.served("fraud").model().version())
                    .isEqualTo(new ModelVersion(1, 0));
            assertThat(f.models.lineup("fraud").challengers()).hasSize(1);
        }
    }

    @Test
    void shouldPromoteAndRetireAChallengerShownBetterWhenAutomaticPromotionIsOn() {
        try (TopologyFixture f =
                afterLabels(
                        AUTO_PROMOTION,
                        model("fraud", 0.5, 0.0, 0.0),
                        model("fraud-b", 0.5, 2.0, 0.0),
                        0.3,
                        250)) {
            ServedModel served = f.models.served("fraud");
            assertThat(served.model().version()).isEqualTo(new ModelVersion(2, 0));
            assertThat(served.origin()).isEqualTo("operator:promote");
            assertThat(((LogisticModel) served.model()).weights(0)).containsExactly(2.0, 0.0);
            assertThat(f.models.get("fraud-b")).as("retired after its promotion").isNull();
            assertThat(f.models.lineup("fraud").hasChallengers()).isFalse();
            ModelSpec promoted =
                    f.published.readValuesToList().stream()
                            .filter(spec -> spec != null && spec.getName().equals("fraud"))
                            .filter(spec -> spec.getOrigin().equals("operator:promote"))
                            .findFirst()
                            .orElseThrow();
            assertThat(promoted.getMetadata())
                    .containsEntry("promoted.from", "fraud-b@1.0")
                    .containsEntry("promoted.by", "auto-promote")
                    .containsKey("promoted.comparison.test");
        }
    }

    @Test
    void shouldNotPromoteAChallengerThatIsNoBetterThanTheChampionOverFiveWindows() {
        // Half positive, amount ~ N(2y, 1): the true log-odds are 2·amount − 2, exactly the
        // champion, so any other challenger is worse.
        try (TopologyFixture f =
                afterLabels(
                        AUTO_PROMOTION,
                        model("fraud", 0.5, 2.0, 0.0),
                        model("fraud-b", 0.5, 1.9, 0.1),
                        0.5,
                        1_000)) {
            assertThat(f.models.served("fraud").origin()).isEqualTo("operator");
            assertThat(f.models.lineup("fraud").challengers()).hasSize(1);
        }
    }

    private static ScoreSummary summary(LabelSummary s) {
        return new ScoreSummary(
                s.getLabels(),
                s.getLogLoss(),
                s.getAuc(),
                s.getCalibrationError(),
                s.getReliability().stream()
                        .map(
                                b ->
                                        new ScoreSummary.ReliabilityBin(
                                                b.getLower(),
                                                b.getUpper(),
                                                b.getCount(),
                                                b.getMeanPredicted(),
                                                b.getObservedRate()))
                        .toList(),
                s.getThreshold(),
                s.getAlertRate(),
                s.getPrecision(),
                s.getRecall());
    }
}
