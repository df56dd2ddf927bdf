package io.streamscorer.topology;

import io.streamscorer.avro.Challenge;
import io.streamscorer.avro.ContenderScore;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.LabelSummary;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ReliabilityBin;
import io.streamscorer.model.CandidateGate;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.ScoreSummary;
import io.streamscorer.model.ScoreTable;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import io.streamscorer.model.Sigmoid;
import io.streamscorer.spec.ChallengerPromotion;
import io.streamscorer.spec.ModelSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a champion, each of its challengers and the learner's candidate on the same labels:
 * every label of the champion (they arrive keyed by model, so one task sees all of a model's
 * labels) is scored by each contender before the learner learns it, into one {@link ScoreTable} per
 * head, and every {@code report interval} the numbers go to the comparisons topic, which every
 * instance reads into its {@link ComparisonBoard}. Challengers do not learn, so their scores are as
 * progressive as the champion's.
 *
 * <p>With {@link AutoPromotion} on, each challenger is also tested against the champion label by
 * label, and one shown better is published as the champion's next generation and retired.
 *
 * <p>Kept in memory: after a restart or a rebalance the comparison starts again on the instance
 * that owns the model, and its report says how many labels it covers.
 */
final class CompareProcessor implements Processor<String, FeedbackEvent, String, CompareResult> {
    private static final Logger LOG = LoggerFactory.getLogger(CompareProcessor.class);
    static final String CHAMPION = "champion";
    static final String CHALLENGER = "challenger";
    static final String CANDIDATE = "candidate";

    private final ModelRegistry models;
    private final LearnerCandidates candidates;
    private final int window;
    private final long intervalMs;
    private final Map<String, Comparison> comparisons = new HashMap<>();
    private final FeatureVector vector = new FeatureVector();
    private final ScoringWorkspace workspace = new ScoringWorkspace();
    private final AutoPromotion autoPromotion;
    private ProcessorContext<String, CompareResult> context;

    CompareProcessor(
            ModelRegistry models,
            LearnerCandidates candidates,
            int window,
            long intervalMs,
            AutoPromotion autoPromotion) {
        this.models = models;
        this.autoPromotion = autoPromotion;
        this.candidates = candidates;
        this.window = window;
        this.intervalMs = intervalMs;
    }

    /** One champion's tables, and the model last seen under each contender's id. */
    private static final class Comparison {
        final Map<String, ScoreTable> tables = new TreeMap<>();
        final Map<String, ScoringModel> contenders = new LinkedHashMap<>();
        final Map<String, CandidateGate> gates = new HashMap<>();
        final Set<String> promoted = new HashSet<>();
        long labels;
        boolean dirty;
    }

    @Override
    public void init(ProcessorContext<String, CompareResult> context) {
        this.context = context;
        comparisons.clear();
        context.schedule(
                Duration.ofMillis(intervalMs), PunctuationType.WALL_CLOCK_TIME, this::report);
    }

    @Override
    public void process(Record<String, FeedbackEvent> record) {
        Lineup lineup = models.lineup(record.key());
        FeedbackEvent example = record.value();
        if (lineup == null || example.getFeatures() == null) {
            return;
        }
        Comparison comparison = comparisons.computeIfAbsent(record.key(), n -> new Comparison());
        List<String> heads = new ArrayList<>();
        for (Map.Entry<String, Integer> label : example.getLabels().entrySet()) {
            int y = label.getValue();
            if (y == 0 || y == 1) {
                comparison
                        .tables
                        .computeIfAbsent(label.getKey(), h -> new ScoreTable(window))
                        .addRow(y);
                heads.add(label.getKey());
            }
        }
        if (heads.isEmpty()) {
            return;
        }
        double championLoss =
                score(comparison, CHAMPION, lineup.champion().model(), example, heads);
        for (ServedModel challenger : lineup.challengers()) {
            String id = CHALLENGER + ":" + challenger.model().name();
            double challengerLoss = score(comparison, id, challenger.model(), example, heads);
            if (autoPromotion.enabled()
                    && Double.isFinite(championLoss)
                    && Double.isFinite(challengerLoss)
                    && !comparison.promoted.contains(id)) {
                judge(record, comparison, lineup, challenger, id, challengerLoss, championLoss);
            }
        }
        ScoringModel candidate = candidates.of(record.key());
        if (candidate != null) {
            score(comparison, CANDIDATE, candidate, example, heads);
        }
        comparison.labels++;
        comparison.dirty = true;
    }

    /**
     * Scores the example with {@code model} into each labelled head's table; returns its mean
     * log-loss over those heads, NaN when it has no finite score for one of them.
     */
    private double score(
            Comparison comparison,
            String id,
            ScoringModel model,
            FeedbackEvent example,
            List<String> heads) {
        comparison.contenders.put(id, model);
        model.encode(example.getFeatures(), vector);
        boolean scorable = vector.nonFiniteFeature() == null;
        if (scorable) {
            model.score(vector.values(), workspace);
        }
        double loss = 0;
        for (String head : heads) {
            int h = model.headIndex(head);
            if (h < 0) {
                loss = Double.NaN;
                continue;
            }
            double logit = scorable ? workspace.logit(h) : Double.NaN;
            comparison.tables.get(head).put(id, logit);
            loss += Sigmoid.logLoss(logit, example.getLabels().get(head));
        }
        return loss / heads.size();
    }

    /**
     * Records one label in {@code challenger}'s promotion test; when the test shows it better,
     * forwards its weights as the champion's next generation and the tombstone that retires it.
     */
    private void judge(
            Record<String, FeedbackEvent> record,
            Comparison comparison,
            Lineup lineup,
            ServedModel challenger,
            String id,
            double challengerLoss,
            double championLoss) {
        CandidateGate gate = comparison.gates.computeIfAbsent(id, c -> autoPromotion.newGate());
        CandidateGate.Decision decision = gate.record(challengerLoss, championLoss);
        if (decision == CandidateGate.Decision.HOLD) {
            LOG.info(
                    "Challenger '{}' not shown better than champion '{}': {}",
                    challenger.model().name(),
                    record.key(),
                    gate.describe());
            gate.reset();
            return;
        }
        if (decision != CandidateGate.Decision.PUBLISH) {
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        ModelSpec champion = ModelSpecs.toSpec(lineup.champion().model(), "operator", null, now);
        champion.setLearningPaused(lineup.champion().learningPaused());
        ModelSpec challenging = ModelSpecs.toSpec(challenger.model(), "operator", null, now);
        challenging.setChallenge(new Challenge(record.key(), challenger.share()));
        ModelSpec promoted =
                ChallengerPromotion.of(
                        champion,
                        challenging,
                        "auto-promote",
                        now,
                        Map.of("test", gate.describe()));
        ModelSpec signed =
                autoPromotion.signer().map(signer -> signer.sign(promoted)).orElse(promoted);
        LOG.info(
                "Challenger '{}' beat champion '{}' ({}); promoted as {}",
                challenger.model().name(),
                record.key(),
                gate.describe(),
                ModelSpecs.toVersion(signed.getVersion()));
        comparison.promoted.add(id);
        context.forward(
                new Record<>(record.key(), CompareResult.promotion(signed), record.timestamp()));
        if (autoPromotion.mayRetire()) {
            context.forward(
                    new Record<>(
                            challenger.model().name(),
                            CompareResult.retirement(),
                            record.timestamp()));
        }
    }

    private void report(long now) {
        comparisons.forEach(
                (champion, comparison) -> {
                    if (comparison.dirty) {
                        context.forward(
                                new Record<>(
                                        champion,
                                        CompareResult.report(report(champion, comparison, now)),
                                        now));
                        comparison.dirty = false;
                    }
                });
    }

    private ModelComparison report(String champion, Comparison comparison, long now) {
        Lineup lineup = models.lineup(champion);
        Set<String> current = lineup == null ? Set.of() : present(lineup);
        comparison.contenders.keySet().removeIf(id -> !current.contains(id));
        comparison.gates.keySet().removeIf(id -> !current.contains(id));
        comparison.promoted.removeIf(id -> !current.contains(id));
        List<ContenderScore> scores = new ArrayList<>();
        for (Map.Entry<String, ScoreTable> entry : comparison.tables.entrySet()) {
            String head = entry.getKey();
            ScoreTable table = entry.getValue();
            for (String id : table.contenders()) {
                if (!comparison.contenders.containsKey(id)) {
                    table.drop(id);
                }
            }
            ScoringModel championModel = comparison.contenders.get(CHAMPION);
            for (Map.Entry<String, ScoringModel> contender : comparison.contenders.entrySet()) {
                String id = contender.getKey();
                ScoringModel model = contender.getValue();
                int h = model.headIndex(head);
                if (h < 0) {
                    continue;
                }
                boolean isChampion = id.equals(CHAMPION);
                LabelSummary sameLabels = null;
                if (!isChampion && championModel != null && championModel.headIndex(head) >= 0) {
                    sameLabels =
                            toAvro(
                                    table.summary(
                                            CHAMPION,
                                            id,
                                            championModel.threshold(
                                                    championModel.headIndex(head))));
                }
                scores.add(
                        new ContenderScore(
                                isChampion
                                        ? CHAMPION
                                        : id.startsWith(CHALLENGER) ? CHALLENGER : CANDIDATE,
                                model.name(),
                                ModelSpecs.toAvro(model.version()),
                                head,
                                toAvro(table.summary(id, null, model.threshold(h))),
                                sameLabels));
            }
        }
        return new ModelComparison(
                champion, Instant.ofEpochMilli(now), comparison.labels, window, scores);
    }

    private Set<String> present(Lineup lineup) {
        Set<String> ids = new HashSet<>();
        ids.add(CHAMPION);
        for (ServedModel challenger : lineup.challengers()) {
            ids.add(CHALLENGER + ":" + challenger.model().name());
        }
        if (candidates.of(lineup.champion().model().name()) != null) {
            ids.add(CANDIDATE);
        }
        return ids;
    }

    static LabelSummary toAvro(ScoreSummary summary) {
        List<ReliabilityBin> bins = new ArrayList<>();
        for (ScoreSummary.ReliabilityBin bin : summary.reliability()) {
            bins.add(
                    new ReliabilityBin(
                            bin.lower(),
                            bin.upper(),
                            bin.count(),
                            bin.meanPredicted(),
                            bin.observedRate()));
        }
        return new LabelSummary(
                summary.labels(),
                summary.logLoss(),
                summary.auc(),
                summary.calibrationError(),
                summary.threshold(),
                summary.alertRate(),
                summary.precision(),
                summary.recall(),
                bins);
    }
}
