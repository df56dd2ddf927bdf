package io.streamscorer.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The standardisation the online logistic learner learns in, {@code z_i = (x_i − c_i) / s_i}, so
 * that its steps, priors and bounds mean the same whatever units producers send. A model that
 * carries its own {@link FeatureScaling} (fitted offline on its training data) fixes the
 * coordinates; otherwise they are the running mean and standard deviation of the labelled examples
 * seen so far (Welford's algorithm, Welford, "Note on a method for calculating corrected sums of
 * squares and products", Technometrics 4(3), 1962), with a scale of 1 for a feature that has not
 * varied yet.
 *
 * <p>Multiplying a feature's values by any factor multiplies its center and scale by the same
 * factor, so the standardised values, and everything learned from them, are unchanged: exactly so
 * for a power of two, to rounding otherwise. An update is proposed first and committed only if the
 * whole learner update is, so a refused update leaves no trace here either. Plain IEEE arithmetic
 * (square root included) keeps a replay bit-identical.
 */
final class LearnerScaling {
    private static final byte FIXED = 0;
    private static final byte RUNNING = 1;

    private final boolean fixed;
    private final int dim;
    private long count;
    private double[] mean;
    private double[] m2;
    private double[] scale;
    private long nextCount;
    private double[] nextMean;
    private double[] nextM2;
    private double[] nextScale;

    private LearnerScaling(boolean fixed, int dim) {
        this.fixed = fixed;
        this.dim = dim;
        this.mean = new double[dim];
        this.m2 = new double[dim];
        this.scale = new double[dim];
        this.nextMean = new double[dim];
        this.nextM2 = new double[dim];
        this.nextScale = new double[dim];
    }

    /** The model's own scaling if it has one, else running statistics from no examples. */
    static LearnerScaling startFrom(ScoringModel model) {
        int dim = model.dimension();
        LearnerScaling s = new LearnerScaling(model.scaling().isPresent(), dim);
        if (s.fixed) {
            FeatureScaling own = model.scaling().get();
            s.mean = own.center();
            s.scale = own.scale();
        } else {
            Arrays.fill(s.scale, 1.0);
        }
        s.copyToNext();
        return s;
    }

    /** Proposes the statistics with {@code x} added; a fixed scaling proposes itself. */
    void propose(double[] x) {
        if (fixed) {
            return;
        }
        nextCount = count + 1;
        double n = (double) nextCount;
        for (int i = 0; i < dim; i++) {
            double delta = x[i] - mean[i];
            double m = mean[i] + delta / n;
            double sum = m2[i] + delta * (x[i] - m);
            nextMean[i] = m;
            nextM2[i] = sum;
            nextScale[i] = sum > 0 ? Math.sqrt(sum / n) : scale[i];
        }
    }

    /** Writes the standardised {@code x} under the proposed statistics to {@code z}. */
    void standardize(double[] x, double[] z) {
        for (int i = 0; i < dim; i++) {
            z[i] = (x[i] - nextMean[i]) / nextScale[i];
        }
    }

    /** Writes the standardised {@code x} under the committed statistics to {@code z}. */
    void standardizeCommitted(double[] x, double[] z) {
        for (int i = 0; i < dim; i++) {
            z[i] = (x[i] - mean[i]) / scale[i];
        }
    }

    /** Whether the proposed statistics are all finite. */
    boolean proposalFinite() {
        for (int i = 0; i < dim; i++) {
            if (!(Double.isFinite(nextMean[i])
                    && Double.isFinite(nextM2[i])
                    && Double.isFinite(nextScale[i])
                    && nextScale[i] > 0)) {
                return false;
            }
        }
        return true;
    }

    /** Makes the proposed statistics the committed ones. */
    void commit() {
        if (fixed) {
            return;
        }
        count = nextCount;
        double[] swap = mean;
        mean = nextMean;
        nextMean = swap;
        swap = m2;
        m2 = nextM2;
        nextM2 = swap;
        swap = scale;
        scale = nextScale;
        nextScale = swap;
        copyToNext();
    }

    private void copyToNext() {
        nextCount = count;
        System.arraycopy(mean, 0, nextMean, 0, dim);
        System.arraycopy(m2, 0, nextM2, 0, dim);
        System.arraycopy(scale, 0, nextScale, 0, dim);
    }

    double center(int i) {
        return mean[i];
    }

    double scale(int i) {
        return scale[i];
    }

    /** The committed coordinates as a model's scaling. */
    FeatureScaling snapshot() {
        return FeatureScaling.of(mean, scale);
    }

    /** Examples the running statistics have seen; 0 for a fixed scaling. */
    long count() {
        return count;
    }

    boolean fixed() {
        return fixed;
    }

    int encodedSize() {
        return 1 + Long.BYTES + 3 * dim * Double.BYTES;
    }

    void encode(ByteBuffer out) {
        out.put(fixed ? FIXED : RUNNING);
        out.putLong(count);
        for (double[] values : new double[][] {mean, m2, scale}) {
            for (double v : values) {
                out.putLong(Double.doubleToLongBits(v));
            }
        }
    }

    static LearnerScaling decode(DataInputStream in, int dim) throws IOException {
        byte mode = in.readByte();
        if (mode != FIXED && mode != RUNNING) {
            throw new IllegalArgumentException("Learner state has unknown scaling mode " + mode);
        }
        LearnerScaling s = new LearnerScaling(mode == FIXED, dim);
        s.count = in.readLong();
        for (double[] values : new double[][] {s.mean, s.m2, s.scale}) {
            for (int i = 0; i < dim; i++) {
                values[i] = in.readDouble();
            }
        }
        for (int i = 0; i < dim; i++) {
            if (!(s.scale[i] > 0 && Double.isFinite(s.scale[i]) && Double.isFinite(s.mean[i]))) {
                throw new IllegalArgumentException(
                        "Learner state has an invalid scaling at feature " + i);
            }
        }
        s.copyToNext();
        return s;
    }
}
