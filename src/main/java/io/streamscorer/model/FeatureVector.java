package io.streamscorer.model;

import java.util.Map;

/**
 * A reusable buffer for one event's dense feature vector, filled by {@link ScoringModel#encode(Map,
 * FeatureVector)}. One per thread (a processor owns one): reusing it keeps the scoring path free of
 * per-event allocation. Not thread-safe.
 */
public final class FeatureVector {
    private double[] values = new double[0];
    private int imputed;
    private int unknown;
    private String nonFiniteFeature;

    /** The dense values, indexed like the model's weights; only the first {@code size} count. */
    public double[] values() {
        return values;
    }

    /** Model features the event did not carry, filled with the model's imputation values. */
    public int imputed() {
        return imputed;
    }

    /** Event features the model does not know, ignored. */
    public int unknown() {
        return unknown;
    }

    /** The name of a model feature whose value was NaN or infinite, or null if all are finite. */
    public String nonFiniteFeature() {
        return nonFiniteFeature;
    }

    /**
     * Fills this vector from {@code eventFeatures}: known names at their index, missing ones at
     * their imputation value; counts unknown names and notes a non-finite value of a known feature.
     */
    void fill(FeatureIndex features, double[] imputation, Map<String, Double> eventFeatures) {
        int dim = features.size();
        double[] x = reset(dim);
        if (eventFeatures instanceof FeatureValues decoded) {
            fillByPosition(features, imputation, decoded, x);
            return;
        }
        System.arraycopy(imputation, 0, x, 0, dim);
        int matched = 0;
        int unknown = 0;
        String nonFinite = null;
        for (Map.Entry<String, Double> e : eventFeatures.entrySet()) {
            int i = features.indexOf(e.getKey());
            if (i < 0) {
                unknown++;
                continue;
            }
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            if (!Double.isFinite(v)) {
                nonFinite = e.getKey();
            }
            x[i] = v;
            matched++;
        }
        counts(dim - matched, unknown, nonFinite);
    }

    /** {@link #fill} for decoded values: their layout's positions, mapped once per model. */
    private void fillByPosition(
            FeatureIndex features, double[] imputation, FeatureValues decoded, double[] x) {
        FeatureLayout layout = decoded.layout();
        FeatureLayout.Positions positions = layout.positions(features);
        int[] at = positions.of;
        double[] v = decoded.values;
        int nonFinite = -1;
        if (positions.complete) {
            // Every feature is present: nothing to impute, nothing unknown.
            for (int k = 0; k < at.length; k++) {
                double value = v[k];
                if (!Double.isFinite(value)) {
                    nonFinite = k;
                }
                x[at[k]] = value;
            }
            counts(0, 0, nonFinite < 0 ? null : layout.name(nonFinite));
            return;
        }
        System.arraycopy(imputation, 0, x, 0, features.size());
        int matched = 0;
        int unknown = 0;
        for (int k = 0; k < at.length; k++) {
            int i = at[k];
            if (i < 0) {
                unknown++;
                continue;
            }
            double value = v[k];
            if (!Double.isFinite(value)) {
                nonFinite = k;
            }
            x[i] = value;
            matched++;
        }
        counts(features.size() - matched, unknown, nonFinite < 0 ? null : layout.name(nonFinite));
    }

    private double[] reset(int size) {
        if (values.length < size) {
            values = new double[size];
        }
        imputed = 0;
        unknown = 0;
        nonFiniteFeature = null;
        return values;
    }

    private void counts(int imputed, int unknown, String nonFiniteFeature) {
        this.imputed = imputed;
        this.unknown = unknown;
        this.nonFiniteFeature = nonFiniteFeature;
    }
}
