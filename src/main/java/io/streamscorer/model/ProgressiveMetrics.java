package io.streamscorer.model;

/**
 * Running progressive-validation metrics of one model: each label is scored with the weights before
 * it is learned (Blum, Kalai &amp; Langford, "Beating the hold-out", COLT 1999), and this class
 * accumulates mean log-loss, accuracy at p = 0.5 and ROC AUC, over all labels since it was created
 * and over the most recent {@code window} labels.
 *
 * <p>The AUC is binned, not exact: logits are counted in {@value #BINS} bins of width 0.01 over
 * [−20, 20] (beyond that, p is within 2·10⁻⁹ of 0 or 1, and those go to the end bins), and pairs
 * within one bin count as ties (half). An exact AUC needs every score kept and sorted, which grows
 * without bound on a stream; the binned one costs fixed memory, O(1) per label and O(bins) per
 * read, and differs from the exact value by at most half the share of positive–negative pairs that
 * fall into a common bin, which is small because bins are narrow in logit space, where fraud scores
 * spread out, rather than in probability space, where they pile up near 0.
 *
 * <p>Thread-safe: the stream thread records and a metrics registry may read gauges from another
 * thread, for example {@code Gauge.builder("scorer.learn.auc", metrics, ProgressiveMetrics::auc)}.
 * Results are NaN until the quantity is defined (no labels yet, or only one class for AUC).
 */
public final class ProgressiveMetrics {
    /** Number of AUC bins. */
    public static final int BINS = 4000;

    /** The default recent window, in labels. */
    public static final int DEFAULT_WINDOW = 10_000;

    private static final double LOGIT_RANGE = 20.0;
    private static final double BIN_WIDTH = 2 * LOGIT_RANGE / BINS;

    private final Accumulator all = new Accumulator();
    private final Accumulator recent = new Accumulator();
    private final int window;
    private final short[] windowBins;
    private final byte[] windowLabels;
    private final double[] windowLosses;
    private final boolean[] windowCorrect;
    private int next;
    private int filled;

    /** Metrics with a recent window of {@value #DEFAULT_WINDOW} labels. */
    public ProgressiveMetrics() {
        this(DEFAULT_WINDOW);
    }

    /** Metrics with a recent window of {@code window} labels ({@code >= 1}). */
    public ProgressiveMetrics(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        this.window = window;
        this.windowBins = new short[window];
        this.windowLabels = new byte[window];
        this.windowLosses = new double[window];
        this.windowCorrect = new boolean[window];
    }

    /**
     * Records one progressive prediction, given as its logit, and the true label.
     *
     * @throws IllegalArgumentException if the logit is not finite or the label is not 0 or 1
     */
    public synchronized void record(double logit, int label) {
        if (!Double.isFinite(logit)) {
            throw new IllegalArgumentException("logit must be finite, got " + logit);
        }
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
        double loss = Sigmoid.logLoss(logit, label);
        boolean correct = (logit >= 0) == (label == 1);
        int bin = bin(logit);
        all.add(loss, correct, bin, label);
        if (filled == window) {
            recent.remove(
                    windowLosses[next], windowCorrect[next], windowBins[next], windowLabels[next]);
        } else {
            filled++;
        }
        recent.add(loss, correct, bin, label);
        windowLosses[next] = loss;
        windowCorrect[next] = correct;
        windowBins[next] = (short) bin;
        windowLabels[next] = (byte) label;
        next++;
        if (next == window) {
            next = 0;
            // Adding and subtracting doubles drifts; re-summing once per lap bounds the error.
            double sum = 0;
            for (double l : windowLosses) {
                sum += l;
            }
            recent.lossSum = sum;
        }
    }

    /** Labels recorded since creation. */
    public synchronized long count() {
        return all.count;
    }

    /** Mean progressive log-loss over all labels. */
    public synchronized double logLoss() {
        return all.meanLoss();
    }

    /** Share of all labels predicted right at p = 0.5. */
    public synchronized double accuracy() {
        return all.accuracy();
    }

    /** Binned ROC AUC over all labels. */
    public synchronized double auc() {
        return all.auc();
    }

    /** Labels in the recent window: {@code min(count, window)}. */
    public synchronized long windowCount() {
        return recent.count;
    }

    /** Mean progressive log-loss over the recent window. */
    public synchronized double windowLogLoss() {
        return recent.meanLoss();
    }

    /** Accuracy at p = 0.5 over the recent window. */
    public synchronized double windowAccuracy() {
        return recent.accuracy();
    }

    /** Binned ROC AUC over the recent window. */
    public synchronized double windowAuc() {
        return recent.auc();
    }

    private static int bin(double logit) {
        int b = (int) Math.floor((logit + LOGIT_RANGE) / BIN_WIDTH);
        return Math.max(0, Math.min(BINS - 1, b));
    }

    private static final class Accumulator {
        private final long[] positives = new long[BINS];
        private final long[] negatives = new long[BINS];
        private long count;
        private long correct;
        private long positiveCount;
        private double lossSum;

        void add(double loss, boolean right, int bin, int label) {
            count++;
            lossSum += loss;
            if (right) {
                correct++;
            }
            if (label == 1) {
                positives[bin]++;
                positiveCount++;
            } else {
                negatives[bin]++;
            }
        }

        void remove(double loss, boolean right, int bin, int label) {
            count--;
            lossSum -= loss;
            if (right) {
                correct--;
            }
            if (label == 1) {
                positives[bin]--;
                positiveCount--;
            } else {
                negatives[bin]--;
            }
        }

        double meanLoss() {
            return count == 0 ? Double.NaN : Math.max(0.0, lossSum) / count;
        }

        double accuracy() {
            return count == 0 ? Double.NaN : (double) correct / count;
        }

        double auc() {
            long negativeCount = count - positiveCount;
            if (positiveCount == 0 || negativeCount == 0) {
                return Double.NaN;
            }
            double pairsWon = 0;
            long negativesBelow = 0;
            for (int b = 0; b < BINS; b++) {
                pairsWon += positives[b] * (negativesBelow + 0.5 * negatives[b]);
                negativesBelow += negatives[b];
            }
            return pairsWon / ((double) positiveCount * negativeCount);
        }
    }
}
