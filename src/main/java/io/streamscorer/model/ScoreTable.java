package io.streamscorer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code capacity} labels of one head with every contender's logit for each: the champion,
 * its challengers and the learner's candidate scored the same labelled examples, so their numbers
 * compare on the same labels. A row holds one label and one logit per column; a contender that did
 * not score a row (it was not there yet, or had no score) holds NaN there, and its {@link #summary}
 * covers only the rows it scored.
 *
 * <p>Exact, not binned: a summary sorts the rows it covers (O(n log n) per read, none per label),
 * so its AUC is the Mann–Whitney statistic with ties counted half and matches an offline
 * computation over the same labels. Fixed memory: {@code capacity} rows per column. Not
 * thread-safe; one stream thread owns it.
 */
public final class ScoreTable {
    /** Equal-width probability bins of the reliability table. */
    public static final int RELIABILITY_BINS = 10;

    private final int capacity;
    private final byte[] labels;
    private final Map<String, double[]> columns = new LinkedHashMap<>();
    private int next;
    private int filled;
    private long seen;

    /** A table of the last {@code capacity} labels ({@code >= 1}). */
    public ScoreTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.labels = new byte[capacity];
    }

    /**
     * Starts a row for {@code label}; the contenders' logits follow with {@link #put}. A column not
     * put for this row holds NaN in it.
     */
    public void addRow(int label) {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
        if (seen > 0) {
            next = (next + 1) % capacity;
        }
        labels[next] = (byte) label;
        for (double[] column : columns.values()) {
            column[next] = Double.NaN;
        }
        filled = Math.min(capacity, filled + 1);
        seen++;
    }

    /** Records {@code contender}'s logit for the current row (non-finite: it has no score). */
    public void put(String contender, double logit) {
        if (seen == 0) {
            throw new IllegalStateException("no row to put a logit in: call addRow first");
        }
        double[] column =
                columns.computeIfAbsent(
                        contender,
                        c -> {
                            double[] fresh = new double[capacity];
                            Arrays.fill(fresh, Double.NaN);
                            return fresh;
                        });
        column[next] = Double.isFinite(logit) ? logit : Double.NaN;
    }

    /** Forgets {@code contender}'s column, as when a challenger is retired. */
    public void drop(String contender) {
        columns.remove(contender);
    }

    /** The contenders with a column, in the order they first scored. */
    public List<String> contenders() {
        return new ArrayList<>(columns.keySet());
    }

    /** Labels added since creation (the table keeps the last {@code capacity}). */
    public long seen() {
        return seen;
    }

    /**
     * {@code contender}'s numbers at {@code threshold} over the rows it scored, or over the rows it
     * and {@code sameAs} both scored when {@code sameAs} is not null.
     */
    public ScoreSummary summary(String contender, String sameAs, double threshold) {
        double[] column = columns.get(contender);
        double[] other = sameAs == null ? null : columns.get(sameAs);
        if (column == null || (sameAs != null && other == null)) {
            return ScoreSummary.empty(threshold);
        }
        int n = 0;
        double[] logits = new double[filled];
        byte[] ys = new byte[filled];
        for (int i = 0; i < filled; i++) {
            if (!Double.isNaN(column[i]) && (other == null || !Double.isNaN(other[i]))) {
                logits[n] = column[i];
                ys[n] = labels[i];
                n++;
            }
        }
        return ScoreSummary.of(Arrays.copyOf(logits, n), Arrays.copyOf(ys, n), threshold);
    }
}
