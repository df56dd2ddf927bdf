package io.streamscorer.topology;

import io.streamscorer.model.CandidateGate;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import io.streamscorer.model.Sigmoid;

/**
 * The publish gate's view of one model being learned: the version it takes as served (the one the
 * learner started from, then each it published), the frozen candidate it is judging, and how many
 * labels the learner has learned since that candidate was taken. Every {@code gate labels} labels
 * the learner's state becomes the next candidate, which is then scored beside the served version on
 * the labels that follow, before the learner learns each of them. Kept in memory: after a restart
 * or a deploy the trial starts again from what is served.
 */
final class CandidateTrial {
    private final CandidateGate gate;
    private final ScoringWorkspace candidateScores = new ScoringWorkspace();
    private final ScoringWorkspace servedScores = new ScoringWorkspace();
    private ScoringModel served;
    private ScoringModel candidate;
    private long learnedSinceCandidate;
    private int heldSincePublished;

    CandidateTrial(ScoringModel served, CandidateGate gate) {
        this.served = served;
        this.gate = gate;
    }

    /**
     * Scores one labelled example with the candidate and the served version, before the learner
     * learns it.
     *
     * @return the gate's decision; {@link CandidateGate.Decision#PENDING} while no candidate is
     *     being judged, or when either logit is not finite (such a label has no loss to compare)
     */
    CandidateGate.Decision judge(double[] x, int[] heads, int[] labels, int count) {
        if (candidate == null) {
            return CandidateGate.Decision.PENDING;
        }
        candidate.score(x, candidateScores);
        served.score(x, servedScores);
        double candidateLoss = 0;
        double servedLoss = 0;
        for (int k = 0; k < count; k++) {
            double c = candidateScores.logit(heads[k]);
            double s = servedScores.logit(heads[k]);
            if (!(Double.isFinite(c) && Double.isFinite(s))) {
                return CandidateGate.Decision.PENDING;
            }
            candidateLoss += Sigmoid.logLoss(c, labels[k]);
            servedLoss += Sigmoid.logLoss(s, labels[k]);
        }
        return gate.record(candidateLoss / count, servedLoss / count);
    }

    /** Counts one label the learner applied. */
    void learned() {
        learnedSinceCandidate++;
    }

    /** Whether the learner has learned enough since the last candidate to offer the next one. */
    boolean wantsCandidate(int labels) {
        return candidate == null && learnedSinceCandidate >= labels;
    }

    /** Starts judging {@code snapshot}. */
    void take(ScoringModel snapshot) {
        candidate = snapshot;
        learnedSinceCandidate = 0;
        gate.reset();
    }

    /** The candidate won and is now served; returns it. */
    ScoringModel published() {
        ScoringModel winner = candidate;
        served = winner;
        candidate = null;
        heldSincePublished = 0;
        return winner;
    }

    /** The candidate lost; the served version stays. */
    void held() {
        candidate = null;
        heldSincePublished++;
    }

    /** The candidate being judged, or null. */
    ScoringModel candidate() {
        return candidate;
    }

    /** Candidates held back since the last one published. */
    int heldSincePublished() {
        return heldSincePublished;
    }

    /** The evaluation so far, as numbers. */
    CandidateGate gate() {
        return gate;
    }
}
