package io.streamscorer.model;

/**
 * The outcome of one {@link OnlineLearner#learn} call: for each labelled head, the progressive
 * prediction made with the weights before the update, and what happened to the update.
 *
 * <p>The learner owns and reuses a single instance, so reading it allocates nothing; it is valid
 * until the learner's next {@code learn} call. Entries are in the order the heads were given.
 */
public final class UpdateResult {
    private final int[] heads;
    private final int[] labels;
    private final double[] logits;
    private int count;
    private UpdateStatus status = UpdateStatus.SKIPPED_ZERO_WEIGHT;
    private boolean gradientClipped;
    private boolean weightChangeClipped;

    UpdateResult(int maxHeads) {
        this.heads = new int[maxHeads];
        this.labels = new int[maxHeads];
        this.logits = new double[maxHeads];
    }

    /** Whether the update was applied, refused or skipped. */
    public UpdateStatus status() {
        return status;
    }

    /** Whether the update changed the weights. */
    public boolean applied() {
        return status == UpdateStatus.APPLIED;
    }

    /** Number of labelled heads in the call. */
    public int count() {
        return count;
    }

    /** Head index of entry {@code k}. */
    public int head(int k) {
        return heads[k];
    }

    /** Label (0 or 1) of entry {@code k}. */
    public int label(int k) {
        return labels[k];
    }

    /**
     * The logit of entry {@code k}'s head before the update ({@code w·x + b} for a logistic model).
     */
    public double logit(int k) {
        return logits[k];
    }

    /** The progressive probability of entry {@code k}, before the update. */
    public double probability(int k) {
        return Sigmoid.sigmoid(logits[k]);
    }

    /** The progressive log-loss of entry {@code k}, computed through log-sigmoid. */
    public double logLoss(int k) {
        return Sigmoid.logLoss(logits[k], labels[k]);
    }

    /** Whether a head's gradient was scaled down to the configured norm (applied updates only). */
    public boolean gradientClipped() {
        return gradientClipped;
    }

    /** Whether some weight's change was cut to the configured maximum (applied updates only). */
    public boolean weightChangeClipped() {
        return weightChangeClipped;
    }

    void start(int size) {
        count = size;
        gradientClipped = false;
        weightChangeClipped = false;
    }

    void prediction(int k, int head, int label, double logit) {
        heads[k] = head;
        labels[k] = label;
        logits[k] = logit;
    }

    void finish(UpdateStatus outcome, boolean gradient, boolean weightChange) {
        status = outcome;
        gradientClipped = gradient;
        weightChangeClipped = weightChange;
    }
}
