package io.streamscorer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well one model's scores fit their labels, in the numbers a fraud team compares models by:
 * mean log-loss, ROC AUC, expected calibration error with its reliability table, the alert rate and
 * precision and recall at the head's threshold. NaN where a number is not defined (no labels; one
 * class only for AUC; no alerts for precision; no positives for recall).
 *
 * @param labels how many labels the numbers cover
 * @param logLoss mean binary cross-entropy
 * @param auc probability that a positive scores above a negative, ties counted half
 * @param calibrationError expected calibration error: the label-weighted mean of |mean predicted −
 *     observed rate| over {@link ScoreTable#RELIABILITY_BINS} equal-width probability bins (Naeini,
 *     Cooper &amp; Hauskrecht, AAAI 2015)
 * @param reliability the bins behind it, empty bins included
 * @param threshold the head's alert threshold
 * @param alertRate share of labels whose probability is at or above the threshold
 * @param precision share of alerts that were positive
 * @param recall share of positives alerted on
 */
public record ScoreSummary(
        long labels,
        double logLoss,
        double auc,
        double calibrationError,
        List<ReliabilityBin> reliability,
        double threshold,
        double alertRate,
        double precision,
        double recall) {

    /**
     * One bin of a reliability table.
     *
     * @param lower the bin's lowest probability
     * @param upper its upper bound (exclusive, except 1 for the last bin)
     * @param count labels whose probability fell in it
     * @param meanPredicted their mean probability, NaN when empty
     * @param observedRate their share of positives, NaN when empty
     */
    public record ReliabilityBin(
            double lower, double upper, long count, double meanPredicted, double observedRate) {}

    /** The summary of no labels. */
    static ScoreSummary empty(double threshold) {
        return of(new double[0], new byte[0], threshold);
    }

    /** The summary of {@code logits} against {@code labels} (0 or 1), at {@code threshold}. */
    public static ScoreSummary of(double[] logits, byte[] labels, double threshold) {
        int n = logits.length;
        double loss = 0;
        long positives = 0;
        long alerts = 0;
        long truePositives = 0;
        int bins = ScoreTable.RELIABILITY_BINS;
        long[] counts = new long[bins];
        double[] predicted = new double[bins];
        long[] observed = new long[bins];
        for (int i = 0; i < n; i++) {
            double p = Sigmoid.sigmoid(logits[i]);
            loss += Sigmoid.logLoss(logits[i], labels[i]);
            positives += labels[i];
            if (p >= threshold) {
                alerts++;
                truePositives += labels[i];
            }
            int b = Math.min(bins - 1, (int) (p * bins));
            counts[b]++;
            predicted[b] += p;
            observed[b] += labels[i];
        }
        List<ReliabilityBin> reliability = new ArrayList<>(bins);
        double calibration = 0;
        for (int b = 0; b < bins; b++) {
            double mean = counts[b] == 0 ? Double.NaN : predicted[b] / counts[b];
            double rate = counts[b] == 0 ? Double.NaN : (double) observed[b] / counts[b];
            if (counts[b] > 0) {
                calibration += counts[b] * Math.abs(mean - rate);
            }
            reliability.add(
                    new ReliabilityBin(
                            (double) b / bins, (double) (b + 1) / bins, counts[b], mean, rate));
        }
        return new ScoreSummary(
                n,
                n == 0 ? Double.NaN : loss / n,
                auc(logits, labels, positives),
                n == 0 ? Double.NaN : calibration / n,
                List.copyOf(reliability),
                threshold,
                n == 0 ? Double.NaN : (double) alerts / n,
                alerts == 0 ? Double.NaN : (double) truePositives / alerts,
                positives == 0 ? Double.NaN : (double) truePositives / positives);
    }

    /** The Mann–Whitney AUC from midranks of the sorted logits. */
    private static double auc(double[] logits, byte[] labels, long positives) {
        int n = logits.length;
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(logits[a], logits[b]));
        double positiveRanks = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && logits[order[j + 1]] == logits[order[i]]) {
                j++;
            }
            // Ranks i+1 .. j+1 share their mean.
            double rank = (i + j + 2) / 2.0;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    positiveRanks += rank;
                }
            }
            i = j + 1;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0)
                / ((double) positives * negatives);
    }
}
