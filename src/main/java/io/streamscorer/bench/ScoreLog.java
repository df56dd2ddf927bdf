package io.streamscorer.bench;

import io.streamscorer.model.Sigmoid;
import java.util.Arrays;

/**
 * The progressive predictions of one benchmark run, kept whole so that any stretch of the stream
 * can be measured exactly afterwards: mean log-loss, accuracy at 0.5 and exact ROC AUC (the
 * Mann–Whitney statistic with tied scores counted as half).
 */
public final class ScoreLog {
    private double[] logits;
    private int[] labels;
    private int size;

    /** An empty log with room for {@code capacity} predictions (it grows as needed). */
    public ScoreLog(int capacity) {
        this.logits = new double[Math.max(16, capacity)];
        this.labels = new int[logits.length];
    }

    /** Appends one prediction and its label. */
    public void add(double logit, int label) {
        if (size == logits.length) {
            logits = Arrays.copyOf(logits, size * 2);
            labels = Arrays.copyOf(labels, size * 2);
        }
        logits[size] = logit;
        labels[size] = label;
        size++;
    }

    /** Number of predictions. */
    public int size() {
        return size;
    }

    /** Log-loss of prediction {@code i}. */
    public double logLoss(int i) {
        return Sigmoid.logLoss(logits[i], labels[i]);
    }

    /** Mean log-loss over predictions {@code [from, to)}. */
    public double meanLogLoss(int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += logLoss(i);
        }
        return sum / (to - from);
    }

    /** Share of predictions in {@code [from, to)} on the right side of p = 0.5. */
    public double accuracy(int from, int to) {
        int right = 0;
        for (int i = from; i < to; i++) {
            right += (logits[i] >= 0) == (labels[i] == 1) ? 1 : 0;
        }
        return (double) right / (to - from);
    }

    /** Exact ROC AUC over {@code [from, to)}, or NaN if only one class occurs there. */
    public double auc(int from, int to) {
        return exactAuc(Arrays.copyOfRange(logits, from, to), Arrays.copyOfRange(labels, from, to));
    }

    /** Exact ROC AUC of {@code scores} against 0/1 {@code labels}, ties counted as half. */
    public static double exactAuc(double[] scores, int[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0)
                / ((double) positives * negatives);
    }
}
