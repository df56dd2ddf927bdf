package io.streamscorer.bench;

/**
 * Standardises feature vectors with running means and variances, so that a stream of unscaled
 * features (counts in the tens of thousands beside frequencies below 1) can be learned without
 * looking ahead. Each vector updates the statistics first, with Welford's algorithm (B. P. Welford,
 * "Note on a method for calculating corrected sums of squares and products", Technometrics 4(3),
 * 1962), and is then scaled by the statistics of the rows seen so far, itself included: its
 * features, not its label, are known when it is scored.
 */
public final class RunningStandardizer {
    private final double[] mean;
    private final double[] squares;
    private long count;

    /** A standardizer for vectors of {@code dimension} features. */
    public RunningStandardizer(int dimension) {
        this.mean = new double[dimension];
        this.squares = new double[dimension];
    }

    /**
     * Adds {@code raw} to the statistics and writes its standardised form into {@code out}: {@code
     * (x − mean)/sd}, or {@code x − mean} while a feature's variance is still 0.
     */
    public void observeAndStandardize(double[] raw, double[] out) {
        count++;
        for (int i = 0; i < mean.length; i++) {
            double delta = raw[i] - mean[i];
            mean[i] += delta / count;
            squares[i] += delta * (raw[i] - mean[i]);
            double variance = squares[i] / count;
            double centred = raw[i] - mean[i];
            out[i] = variance > 0 ? centred / Math.sqrt(variance) : centred;
        }
    }

    /** Vectors observed so far. */
    public long count() {
        return count;
    }
}
