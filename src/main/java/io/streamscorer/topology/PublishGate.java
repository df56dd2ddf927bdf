package io.streamscorer.topology;

import java.util.Locale;

/**
 * Holds back a learned version whose progressive log-loss over the recent labels is worse than the
 * served version's log-loss on the same labels by more than a margin. Each label is scored by both
 * before it is learned, so the comparison is out of sample for both. Kept in memory per model:
 * after a restart, a reset or a deploy it holds every version until it has seen enough labels
 * again.
 */
final class PublishGate {
    private final double margin;
    private final int minLabels;
    private final double[] working;
    private final double[] served;
    private int next;
    private int count;
    private double workingSum;
    private double servedSum;

    /**
     * @param margin how much worse (in log-loss) the learned version may be; NaN turns the gate off
     * @param window how many recent labels to compare on
     * @param minLabels labels needed before any version may pass
     */
    PublishGate(double margin, int window, int minLabels) {
        this.margin = margin;
        this.minLabels = minLabels;
        this.working = new double[window];
        this.served = new double[window];
    }

    /** Records one label's log-loss under the working weights and under the served version. */
    void record(double workingLoss, double servedLoss) {
        if (count == working.length) {
            workingSum -= working[next];
            servedSum -= served[next];
        } else {
            count++;
        }
        working[next] = workingLoss;
        served[next] = servedLoss;
        workingSum += workingLoss;
        servedSum += servedLoss;
        next = (next + 1) % working.length;
    }

    /** Forgets every label, as after a reset to a newer served version. */
    void clear() {
        next = 0;
        count = 0;
        workingSum = 0;
        servedSum = 0;
    }

    /** Null if a version may be published now, else why not. */
    String holdReason() {
        if (Double.isNaN(margin)) {
            return null;
        }
        if (count < minLabels) {
            return "only " + count + " of the " + minLabels + " labels the gate needs";
        }
        double learned = workingSum / count;
        double current = servedSum / count;
        if (learned > current + margin) {
            return String.format(
                    Locale.ROOT,
                    "learned log-loss %.4f exceeds the served %.4f by more than %.4f over %d labels",
                    learned,
                    current,
                    margin,
                    count);
        }
        return null;
    }
}
