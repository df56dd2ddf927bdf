package io.streamscorer.cli;

import io.streamscorer.avro.ContenderScore;
import io.streamscorer.avro.LabelSummary;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ReliabilityBin;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a {@link ModelComparison} as {@code scorer model compare} shows it. */
final class ComparisonTable {
    private ComparisonTable() {}

    /** The whole report: the summary table, then each contender's reliability table. */
    static void print(PrintWriter out, ModelComparison report) {
        summary(out, report);
        reliability(out, report);
    }

    /** One line per contender and head. */
    static void summary(PrintWriter out, ModelComparison report) {
        out.printf(
                Locale.ROOT,
                "Comparison of '%s' reported at %s: %d label(s) compared, the last %d kept%n%n",
                report.getChampion(),
                report.getReportedAt(),
                report.getLabelsSeen(),
                report.getWindowLabels());
        out.printf(
                Locale.ROOT,
                "%-6s %-10s %-20s %-9s %8s %8s %7s %7s %6s %7s %9s %7s  %s%n",
                "HEAD",
                "ROLE",
                "MODEL",
                "VERSION",
                "LABELS",
                "LOGLOSS",
                "AUC",
                "ECE",
                "THRESH",
                "ALERTS",
                "PRECISION",
                "RECALL",
                "CHAMPION ON SAME LABELS");
        for (ContenderScore c : report.getContenders()) {
            LabelSummary s = c.getSummary();
            LabelSummary same = c.getChampionOnSameLabels();
            out.printf(
                    Locale.ROOT,
                    "%-6s %-10s %-20s %-9s %8d %8s %7s %7s %6.3f %7s %9s %7s  %s%n",
                    c.getHead(),
                    c.getRole(),
                    c.getName(),
                    c.getVersion().getGeneration() + "." + c.getVersion().getStep(),
                    s.getLabels(),
                    number(s.getLogLoss()),
                    number(s.getAuc()),
                    number(s.getCalibrationError()),
                    s.getThreshold(),
                    number(s.getAlertRate()),
                    number(s.getPrecision()),
                    number(s.getRecall()),
                    same == null
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "log-loss %s, AUC %s over %d",
                                    number(same.getLogLoss()),
                                    number(same.getAuc()),
                                    same.getLabels()));
        }
    }

    /** Each contender's 10-bin reliability table. */
    static void reliability(PrintWriter out, ModelComparison report) {
        for (ContenderScore c : report.getContenders()) {
            out.printf(
                    Locale.ROOT,
                    "%nReliability of %s '%s' (head %s): predicted vs observed%n",
                    c.getRole(),
                    c.getName(),
                    c.getHead());
            out.printf(
                    Locale.ROOT,
                    "  %-11s %8s %10s %10s%n",
                    "BIN",
                    "LABELS",
                    "PREDICTED",
                    "OBSERVED");
            for (ReliabilityBin b : c.getSummary().getReliability()) {
                out.printf(
                        Locale.ROOT,
                        "  [%.1f, %.1f) %8d %10s %10s%n",
                        b.getLower(),
                        b.getUpper(),
                        b.getCount(),
                        number(b.getMeanPredicted()),
                        number(b.getObservedRate()));
            }
        }
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
