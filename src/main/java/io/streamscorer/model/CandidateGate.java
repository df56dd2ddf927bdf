package io.streamscorer.model;

import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Decides whether a learned candidate may replace the served version: a frozen snapshot of the
 * learner is scored beside the served version on the next {@code labels} labels, which neither has
 * trained on (progressive validation, Blum, Kalai &amp; Langford, COLT 1999), and it replaces the
 * served version only if its log-loss on them is lower with the configured confidence: a one-sided
 * paired test on the per-label differences, each clipped to ±{@value #CLIP} nats so that a few
 * labels cannot decide alone.
 *
 * <p>Because the candidate is frozen before the labels it is judged on arrive, a burst of wrong
 * labels cannot vouch for a candidate that learned from it: a candidate taken before the burst is
 * judged on it together with the served version, and one taken during it is judged on the labels
 * after it. A burst longer than the evaluation looks, to labels alone, like a drift; see the
 * README. Plain Java, no Kafka; not thread-safe.
 */
public final class CandidateGate {
    /**
     * The largest weight one label's loss difference can carry, in nats: enough that a candidate
     * confidently wrong on rare inputs (a heavy-tailed feature far outside what it learned on)
     * shows it, small enough that one label cannot decide an evaluation alone. At 1 nat such a
     * candidate once passed on spam while ten times worse on the outliers.
     */
    public static final double CLIP = 4.0;

    private final int labels;
    private final double z;
    private final double margin;
    private int count;
    private double sum;
    private double sumOfSquares;
    private double servedSum;

    /** What the gate says after a label. */
    public enum Decision {
        /** Fewer than the evaluation's labels so far. */
        PENDING,
        /** The candidate is better: serve it. */
        PUBLISH,
        /** The candidate is not shown to be better: keep the served version. */
        HOLD
    }

    /**
     * A gate that judges each candidate on {@code labels} labels.
     *
     * @param labels labels per evaluation, at least 2
     * @param confidence one-sided confidence that the candidate's mean log-loss is lower, in [0.5,
     *     1)
     * @param margin how much lower, as a share of the served version's mean log-loss on the same
     *     labels, in [0, 1)
     */
    public CandidateGate(int labels, double confidence, double margin) {
        if (labels < 2) {
            throw new InvalidSettingException(
                    "gateLabels", "needs at least 2 labels, got " + labels);
        }
        if (!(confidence >= 0.5 && confidence < 1)) {
            throw new InvalidSettingException(
                    "gateConfidence", "must be in [0.5, 1), got " + confidence);
        }
        if (!(margin >= 0 && margin < 1)) {
            throw new InvalidSettingException("gateMargin", "must be in [0, 1), got " + margin);
        }
        this.labels = labels;
        this.z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(confidence);
        this.margin = margin;
    }

    /**
     * Records one label: the candidate's and the served version's log-loss on it.
     *
     * @return the decision once the evaluation has its labels, else {@link Decision#PENDING}
     */
    public Decision record(double candidateLoss, double servedLoss) {
        double d = Math.max(-CLIP, Math.min(CLIP, candidateLoss - servedLoss));
        count++;
        sum += d;
        sumOfSquares += d * d;
        servedSum += servedLoss;
        if (count < labels) {
            return Decision.PENDING;
        }
        return upperBound() < threshold() ? Decision.PUBLISH : Decision.HOLD;
    }

    /**
     * What the upper bound must be below for the candidate to win: {@code −margin} times the served
     * version's mean log-loss over this evaluation; NaN before the first label.
     */
    public double threshold() {
        return count == 0 ? Double.NaN : -margin * servedSum / count;
    }

    /** Starts the next evaluation. */
    public void reset() {
        count = 0;
        sum = 0;
        sumOfSquares = 0;
        servedSum = 0;
    }

    /** Labels recorded in this evaluation. */
    public int count() {
        return count;
    }

    /** The mean clipped difference, candidate minus served; NaN before the first label. */
    public double meanDifference() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * The upper confidence bound of the mean difference; the candidate wins when it is below {@code
     * −margin} times the served version's mean log-loss. NaN with fewer than two labels.
     */
    public double upperBound() {
        if (count < 2) {
            return Double.NaN;
        }
        double mean = sum / count;
        double variance = Math.max(0, (sumOfSquares - count * mean * mean) / (count - 1));
        return mean + z * Math.sqrt(variance / count);
    }

    /** A one-line account of the current evaluation, for logs and model metadata. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "mean log-loss difference %.4f (upper bound %.4f, to win below %.4f) over %d"
                        + " labels",
                meanDifference(),
                upperBound(),
                threshold(),
                count);
    }
}
