package io.streamscorer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled benchmark dataset read from CSV: a header row, the 0/1 label in the first column and
 * numeric features after it, rows kept in file order because the benchmark replays them as a
 * stream.
 */
public final class CsvDataset {
    private final String name;
    private final List<String> featureNames;
    private final double[][] rows;
    private final int[] labels;

    private CsvDataset(String name, List<String> featureNames, double[][] rows, int[] labels) {
        this.name = name;
        this.featureNames = List.copyOf(featureNames);
        this.rows = rows;
        this.labels = labels;
    }

    /**
     * Reads {@code file}; the dataset is named after the file without its extension.
     *
     * @throws IllegalArgumentException naming the line of a malformed row, a non-numeric value or a
     *     label other than 0 and 1
     */
    public static CsvDataset read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name =
                fileName.endsWith(".csv") ? fileName.substring(0, fileName.length() - 4) : fileName;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + " is empty; expected a header row");
            }
            String[] columns = header.split(",", -1);
            if (columns.length < 2) {
                throw new IllegalArgumentException(
                        file + ": the header needs a label column and at least one feature");
            }
            List<String> features = new ArrayList<>();
            for (int c = 1; c < columns.length; c++) {
                features.add(columns[c].trim());
            }
            List<double[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != columns.length) {
                    throw new IllegalArgumentException(
                            file
                                    + ":"
                                    + lineNumber
                                    + " has "
                                    + cells.length
                                    + " columns; the header has "
                                    + columns.length);
                }
                labels.add(parseLabel(cells[0], file, lineNumber));
                double[] row = new double[features.size()];
                for (int c = 1; c < cells.length; c++) {
                    row[c - 1] = parseValue(cells[c], file, lineNumber, columns[c]);
                }
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException(file + " has a header but no rows");
            }
            int[] y = new int[labels.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels.get(i);
            }
            return new CsvDataset(name, features, rows.toArray(new double[0][]), y);
        }
    }

    private static int parseLabel(String cell, Path file, int lineNumber) {
        String text = cell.trim();
        double value = parseValue(text, file, lineNumber, "label");
        if (value != 0.0 && value != 1.0) {
            throw new IllegalArgumentException(
                    file + ":" + lineNumber + " has label '" + text + "'; labels must be 0 or 1");
        }
        return (int) value;
    }

    private static double parseValue(String cell, Path file, int lineNumber, String column) {
        try {
            double value = Double.parseDouble(cell.trim());
            if (!Double.isFinite(value)) {
                throw new NumberFormatException("not finite");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    file
                            + ":"
                            + lineNumber
                            + " column '"
                            + column.trim()
                            + "' is not a finite number: '"
                            + cell
                            + "'",
                    e);
        }
    }

    /** The dataset's name. */
    public String name() {
        return name;
    }

    /** The feature column names, in order. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Number of rows. */
    public int size() {
        return rows.length;
    }

    /** Number of features. */
    public int dimension() {
        return featureNames.size();
    }

    /** Number of rows labelled 1. */
    public int positives() {
        int n = 0;
        for (int y : labels) {
            n += y;
        }
        return n;
    }

    /** A copy of row {@code r}'s features. */
    public double[] row(int r) {
        return rows[r].clone();
    }

    /** Row {@code r}'s label, 0 or 1. */
    public int label(int r) {
        return labels[r];
    }

    double[] rowView(int r) {
        return rows[r];
    }

    @Override
    public String toString() {
        return name
                + " ("
                + rows.length
                + " rows, "
                + featureNames.size()
                + " features, "
                + positives()
                + " positive)";
    }
}
