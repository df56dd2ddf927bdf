package io.streamscorer.admin;

import io.streamscorer.model.DriftMonitor;
import io.streamscorer.model.ReferenceBins;
import io.streamscorer.model.Sigmoid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One model's drift as {@code /models} and the dashboard show it, read from its {@link
 * DriftMonitor} at request time.
 *
 * @param version the model version whose reference this is
 * @param capturing whether the reference is still being captured
 * @param referenceEvents events the reference is captured from
 * @param captured events captured so far
 * @param windowed events in the sliding windows of every thread
 * @param alertLevel the index above which a shift is significant
 * @param columns every feature and score with its index, worst first; {@code psi} is null until the
 *     reference and one window are complete
 * @param score the first head's score histogram, window beside reference; null while capturing
 */
record DriftView(
        String version,
        boolean capturing,
        int referenceEvents,
        int captured,
        long windowed,
        double alertLevel,
        List<Column> columns,
        Histogram score) {

    /** A feature's (or a score's, {@code _score.<head>}) population stability index. */
    record Column(String feature, Double psi) {}

    /**
     * A score histogram over the reference's bins.
     *
     * @param upperEdges each bin's upper edge as a probability, but the last bin's (open)
     * @param reference the reference's share of each bin
     * @param window the windows' share of each bin; zeros while they are empty
     */
    record Histogram(
            String head, List<Double> upperEdges, List<Double> reference, List<Double> window) {}

    static DriftView of(DriftMonitor monitor) {
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < monitor.columns(); c++) {
            double psi = monitor.psi(c);
            columns.add(new Column(monitor.columnName(c), Double.isNaN(psi) ? null : psi));
        }
        columns.sort(
                Comparator.comparing(Column::psi, Comparator.nullsLast(Comparator.reverseOrder())));
        int scoreColumn = monitor.scoreColumn(0);
        ReferenceBins bins = monitor.reference(scoreColumn);
        return new DriftView(
                monitor.model().version().toString(),
                bins == null,
                monitor.referenceEvents(),
                monitor.captured(),
                monitor.windowed(),
                DriftMonitor.SIGNIFICANT_SHIFT,
                columns,
                bins == null ? null : histogram(monitor, scoreColumn, bins));
    }

    private static Histogram histogram(DriftMonitor monitor, int column, ReferenceBins bins) {
        List<Double> edges = new ArrayList<>();
        for (double logit : bins.edges()) {
            edges.add(Sigmoid.sigmoid(logit));
        }
        List<Double> reference = new ArrayList<>();
        for (double share : bins.shares()) {
            reference.add(share);
        }
        long[] counts = monitor.counts(column);
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        List<Double> window = new ArrayList<>();
        for (long c : counts) {
            window.add(total == 0 ? 0.0 : (double) c / total);
        }
        return new Histogram(monitor.model().headName(0), edges, reference, window);
    }
}
