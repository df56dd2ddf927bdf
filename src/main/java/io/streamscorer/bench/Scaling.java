package io.streamscorer.bench;

/**
 * How a learning benchmark standardises the unscaled features of a dataset before learning.
 *
 * <ul>
 *   <li>{@link #ONLINE}: running means and variances of the rows seen so far (Welford), no look
 *       ahead at all, so early rows are scaled with unstable statistics;
 *   <li>{@link #TRAIN}: fixed means and standard deviations of the first 70% of rows — the scaler
 *       the offline ceiling uses, as a production model ships with frozen feature scaling. The
 *       last-30% figures then compare learner and ceiling on identical inputs.
 * </ul>
 */
public enum Scaling {
    ONLINE,
    TRAIN
}
