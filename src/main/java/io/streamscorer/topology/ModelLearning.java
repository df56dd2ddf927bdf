package io.streamscorer.topology;

import io.streamscorer.model.CandidateGate;
import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.OnlineLearner;
import io.streamscorer.model.OptimizerKind;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.UpdateResult;
import io.streamscorer.model.UpdateStatus;
import java.util.Map;

/**
 * One model's learning as the scorer runs it, with no Kafka in it: the learner's checkpointed
 * state, the publish gate's trial, and for each label what happened and which version, if any, to
 * publish. {@link LearnProcessor} wraps it with the store, the control topic, meters and dead
 * letters; {@code bench learn} replays datasets through the same object, so the benchmark measures
 * the product's decisions rather than a copy of them.
 */
public final class ModelLearning {
    private final LearnerPolicy policy;
    private final LearnerCheckpoint checkpoint;
    private final CandidateTrial trial;

    private ModelLearning(LearnerCheckpoint checkpoint, ScoringModel served, LearnerPolicy policy) {
        this.policy = policy;
        this.checkpoint = checkpoint;
        this.trial = policy.gateEnabled() ? new CandidateTrial(served, policy.newGate()) : null;
    }

    /** Learning that starts afresh from {@code served}. */
    public static ModelLearning startFrom(ServedModel served, LearnerPolicy policy, long nowMs) {
        OnlineLearner learner =
                OnlineLearner.startFrom(
                        served.model(),
                        policy.settings(),
                        policy.networkSettings(),
                        priorLabelsOf(served, policy));
        return new ModelLearning(
                new LearnerCheckpoint(learner, served.model().version(), 0, nowMs),
                served.model(),
                policy);
    }

    /**
     * Learning that continues from what the learner store holds for a model, its gate judging
     * against {@code served}.
     *
     * @param stored a value of the learner store (or of its changelog topic)
     */
    public static Restored restore(byte[] stored, ScoringModel served, LearnerPolicy policy) {
        LearnerCheckpoint.Decoded decoded =
                LearnerCheckpoint.decode(stored, policy.settings(), policy.networkSettings());
        return new Restored(
                new ModelLearning(decoded.checkpoint(), served, policy),
                decoded.restored().optimizerStateReset(),
                decoded.restored().storedOptimizer());
    }

    /**
     * Learning read back from the store.
     *
     * @param learning the learning, ready to continue
     * @param optimizerStateReset whether the state was written with another optimizer (or an older
     *     format), so the optimizer state started afresh
     * @param storedOptimizer the optimizer the state was written with
     */
    public record Restored(
            ModelLearning learning, boolean optimizerStateReset, OptimizerKind storedOptimizer) {}

    /**
     * How many labels {@code served}'s weights are worth: what the version says, else nothing for a
     * model of zeros (there is nothing to keep), else the configured default.
     */
    static long priorLabelsOf(ServedModel served, LearnerPolicy policy) {
        if (served.priorLabels() != null) {
            return served.priorLabels();
        }
        return isZero(served.model()) ? 0 : policy.priorLabels();
    }

    private static boolean isZero(ScoringModel model) {
        if (!(model instanceof LogisticModel logistic)) {
            return false;
        }
        for (int h = 0; h < logistic.headCount(); h++) {
            if (logistic.bias(h) != 0) {
                return false;
            }
            for (double w : logistic.weights(h)) {
                if (w != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Learns one labelled example: the gate's candidate and served version are scored on it first
     * (neither has trained on it), then the learner learns it, then the gate decides, or without
     * the gate the publishing cadence does.
     *
     * @param x the example encoded by {@link #learner()}
     * @return what happened; its {@link UpdateResult} is the learner's reused one
     */
    public Step learn(double[] x, int[] heads, int[] labels, int count, double weight) {
        CandidateGate.Decision decision =
                trial == null
                        ? CandidateGate.Decision.PENDING
                        : trial.judge(x, heads, labels, count);
        UpdateResult result = checkpoint.learner.learn(x, heads, labels, count, weight);
        if (result.status() == UpdateStatus.REFUSED_NON_FINITE) {
            return Step.of(result, decision, null);
        }
        if (result.applied()) {
            checkpoint.sincePublish++;
        }
        if (trial == null) {
            ScoringModel due =
                    checkpoint.sincePublish >= policy.publishEvery() ? takeSnapshot() : null;
            return published(Step.of(result, decision, due));
        }
        CandidateGate gate = trial.gate();
        Step step;
        if (decision == CandidateGate.Decision.PUBLISH) {
            int held = trial.heldSincePublished();
            String evaluation = gate.describe();
            ScoringModel winner = trial.published();
            step =
                    new Step(
                            result,
                            decision,
                            winner,
                            null,
                            evaluation,
                            gate.meanDifference(),
                            Map.of(
                                    "gate.evaluation",
                                    evaluation,
                                    "gate.mean.difference",
                                    Double.toString(gate.meanDifference()),
                                    "gate.held.since.previous",
                                    Integer.toString(held)));
        } else if (decision == CandidateGate.Decision.HOLD) {
            step =
                    new Step(
                            result,
                            decision,
                            null,
                            trial.candidate(),
                            gate.describe(),
                            gate.meanDifference(),
                            Map.of());
            trial.held();
        } else {
            step = Step.of(result, decision, null);
        }
        if (result.applied()) {
            trial.learned();
        }
        // The winner's version first, so the next candidate is numbered after it.
        Step done = published(step);
        if (trial.wantsCandidate(policy.gateLabels())) {
            trial.take(takeSnapshot());
        }
        return done;
    }

    /**
     * The learner's state as a version for the timer to publish, without the gate, when labels were
     * applied since the last one; null otherwise.
     */
    public ScoringModel dueByTime() {
        if (trial != null || checkpoint.sincePublish == 0) {
            return null;
        }
        ScoringModel due = takeSnapshot();
        checkpoint.published = due.version();
        checkpoint.sincePublish = 0;
        return due;
    }

    private Step published(Step step) {
        if (step.publish() != null) {
            checkpoint.published = step.publish().version();
            checkpoint.sincePublish = 0;
        }
        return step;
    }

    private ScoringModel takeSnapshot() {
        return checkpoint.learner.snapshot(checkpoint.published.nextStep());
    }

    /** The learner; encode features with it. */
    public OnlineLearner learner() {
        return checkpoint.learner;
    }

    /** The last version published, or the one the learner started from. */
    public ModelVersion published() {
        return checkpoint.published;
    }

    /** The candidate being judged, or null. */
    public ScoringModel candidate() {
        return trial == null ? null : trial.candidate();
    }

    LearnerCheckpoint checkpoint() {
        return checkpoint;
    }

    /**
     * What one label did.
     *
     * @param result the learner's result, reused by its next call
     * @param decision the gate's decision on this label
     * @param publish the version to publish now, or null
     * @param held the candidate the gate held back on this label, or null
     * @param evaluation the decided evaluation in words, or null while pending
     * @param difference the decided evaluation's mean log-loss difference, NaN while pending
     * @param notes metadata to publish with the version
     */
    public record Step(
            UpdateResult result,
            CandidateGate.Decision decision,
            ScoringModel publish,
            ScoringModel held,
            String evaluation,
            double difference,
            Map<String, String> notes) {

        static Step of(UpdateResult result, CandidateGate.Decision decision, ScoringModel publish) {
            return new Step(result, decision, publish, null, null, Double.NaN, Map.of());
        }
    }
}
