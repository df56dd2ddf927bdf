package io.streamscorer.model;

import java.util.Arrays;

/**
 * Fixed bins of one watched quantity (a feature, or a head's logit) with the share of a reference
 * sample in each, and the population stability index of an observed histogram against them.
 * Immutable: the edges are found once, from the reference, and then only looked up.
 *
 * <p>Bins are right-closed, {@code (edge[i-1], edge[i]]}, the first open below and the last open
 * above. The edges are the reference's quantiles ({@code bins} of them, deciles for 10). A value
 * the reference holds more than once (a point mass: an imputed default, a flag, a zero amount) gets
 * a bin of its own, {@code (nextDown(v), v]}: with plain quantile edges a 0/1 flag that is 1 in 5%
 * of events would share one bin with its zeros, and a jump to 50% would go unseen. A constant
 * feature therefore has three bins, below, at and above its value.
 *
 * <p>The population stability index of observed shares {@code a_i} against reference shares {@code
 * e_i} is {@code PSI = Σ (a_i − e_i)·ln(a_i/e_i)}, the symmetrised Kullback–Leibler divergence of
 * the two histograms (Yurdakul, "Statistical Properties of Population Stability Index", Western
 * Michigan University, 2018). An empty bin on either side would make a term infinite, so both
 * shares are floored at {@link #SHARE_FLOOR} first, as is usual in credit scoring; a bin empty in
 * both then adds exactly 0. The usual reading: below 0.1 no significant change, 0.1 to 0.25 a
 * moderate one, above 0.25 a significant shift.
 */
public final class ReferenceBins {
    /** Smallest share a bin is given before the index is computed: 0.01%. */
    public static final double SHARE_FLOOR = 1e-4;

    // Cells of the lookup grid over [edges[0], edges[last]].
    private static final int CELLS = 128;

    private final double[] edges;
    private final double[] shares;
    // Per grid cell, a bin at or below that of every value in the cell, so that a lookup starts
    // there and walks up over the edges inside the cell, usually none.
    private final byte[] start;
    private final double low;
    private final double scale;

    private ReferenceBins(double[] edges, double[] shares) {
        this.edges = edges;
        this.shares = shares;
        this.low = edges.length == 0 ? 0 : edges[0];
        double span = edges.length == 0 ? 0 : edges[edges.length - 1] - low;
        this.scale = span > 0 && Double.isFinite(CELLS / span) ? CELLS / span : 0;
        this.start = new byte[CELLS];
        int bin = 0;
        for (int cell = 0; cell < CELLS; cell++) {
            // The edges below the previous cell's start: a cell of slack absorbs the rounding of
            // (x - low) * scale.
            double below = low + (cell - 1) / scale;
            while (scale > 0 && bin < edges.length && edges[bin] < below) {
                bin++;
            }
            start[cell] = (byte) bin;
        }
    }

    /**
     * The bins of the first {@code length} values of {@code sample}, which is sorted in place.
     *
     * @param quantiles how many quantile bins to aim for (10: deciles); ties merge some and point
     *     masses add some
     * @throws IllegalArgumentException if {@code quantiles < 2} or {@code length < 1}
     */
    public static ReferenceBins fromSample(double[] sample, int length, int quantiles) {
        if (quantiles < 2) {
            throw new IllegalArgumentException("Need at least 2 quantile bins, got " + quantiles);
        }
        if (length < 1 || length > sample.length) {
            throw new IllegalArgumentException(
                    "Reference length " + length + " is not within the sample of " + sample.length);
        }
        Arrays.sort(sample, 0, length);
        double[] edges = new double[2 * quantiles];
        int count = 0;
        for (int q = 1; q < quantiles; q++) {
            // The largest value with q/quantiles of the sample at or below it.
            int at = Math.max(0, (int) ((long) q * length / quantiles) - 1);
            double edge = sample[at];
            if (Double.isNaN(edge) || (count > 0 && edge <= edges[count - 1])) {
                continue;
            }
            boolean pointMass =
                    (at > 0 && sample[at - 1] == edge)
                            || (at + 1 < length && sample[at + 1] == edge);
            double below = Math.nextDown(edge);
            if (pointMass && (count == 0 || below > edges[count - 1])) {
                edges[count++] = below;
            }
            edges[count++] = edge;
        }
        ReferenceBins bins = new ReferenceBins(Arrays.copyOf(edges, count), null);
        long[] counts = new long[count + 1];
        for (int i = 0; i < length; i++) {
            counts[bins.bin(sample[i])]++;
        }
        double[] shares = new double[counts.length];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = (double) counts[i] / length;
        }
        return new ReferenceBins(bins.edges, shares);
    }

    /** Number of bins. */
    public int bins() {
        return shares.length;
    }

    /**
     * The bin of {@code x}: the number of edges below it. A grid of {@value #CELLS} cells over the
     * edges' range gives a bin at most a few edges below, and a walk up over the edges in that cell
     * (usually none) finishes the lookup: a few nanoseconds, where a binary search, whose
     * comparisons on live data go either way, mispredicts about every other step. NaN goes to the
     * first bin. Allocates nothing.
     */
    public int bin(double x) {
        int cell = Math.max(0, Math.min(CELLS - 1, (int) ((x - low) * scale)));
        int bin = start[cell];
        while (bin < edges.length && edges[bin] < x) {
            bin++;
        }
        return bin;
    }

    /** The upper edges of every bin but the last (which is open), in increasing order. */
    public double[] edges() {
        return edges.clone();
    }

    /** The reference sample's share in each bin, not floored; they sum to 1. */
    public double[] shares() {
        return shares.clone();
    }

    /**
     * The population stability index of the histogram {@code counts} (one count per bin) against
     * the reference, both shares floored at {@link #SHARE_FLOOR}.
     *
     * @return the index, or NaN if {@code counts} are all zero
     * @throws IllegalArgumentException if {@code counts} does not have one count per bin
     */
    public double psi(long[] counts) {
        if (counts.length != shares.length) {
            throw new IllegalArgumentException(
                    counts.length + " counts for " + shares.length + " bins");
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < counts.length; i++) {
            double a = Math.max((double) counts[i] / total, SHARE_FLOOR);
            double e = Math.max(shares[i], SHARE_FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
