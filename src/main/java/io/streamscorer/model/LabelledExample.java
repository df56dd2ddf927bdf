package io.streamscorer.model;

import java.util.Arrays;

/**
 * The argument checks of {@link OnlineLearner#learn(double[], int[], int[], int, double)}, shared
 * by both learners so that they refuse the same calls with the same messages, before any state
 * changes.
 */
final class LabelledExample {
    private LabelledExample() {}

    /**
     * @param labelled scratch of one flag per head, overwritten
     * @throws IllegalArgumentException for a short {@code x}, a bad head index or label, a repeated
     *     head, or a negative or non-finite example weight
     */
    static void check(
            ScoringModel model,
            double[] x,
            int[] headIndexes,
            int[] labels,
            int count,
            double exampleWeight,
            boolean[] labelled) {
        int dim = model.dimension();
        int heads = model.headCount();
        if (x.length < dim) {
            throw new IllegalArgumentException(
                    "Feature vector has " + x.length + " values; the model needs " + dim);
        }
        if (count < 1 || count > heads || headIndexes.length < count || labels.length < count) {
            throw new IllegalArgumentException(
                    "count must be between 1 and the "
                            + heads
                            + " heads and fit both arrays, got "
                            + count);
        }
        if (!(exampleWeight >= 0 && Double.isFinite(exampleWeight))) {
            throw new IllegalArgumentException(
                    "Example weight must be finite and >= 0, got " + exampleWeight);
        }
        Arrays.fill(labelled, false);
        for (int k = 0; k < count; k++) {
            int h = headIndexes[k];
            if (h < 0 || h >= heads) {
                throw new IllegalArgumentException(
                        "Head index " + h + " is outside the model's " + heads + " heads");
            }
            if (labelled[h]) {
                throw new IllegalArgumentException(
                        "Head '" + model.headName(h) + "' is labelled twice in one example");
            }
            labelled[h] = true;
            if (labels[k] != 0 && labels[k] != 1) {
                throw new IllegalArgumentException(
                        "Label of head '"
                                + model.headName(h)
                                + "' must be 0 or 1, got "
                                + labels[k]);
            }
        }
    }
}
