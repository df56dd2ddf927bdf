package io.streamscorer.model;

import java.util.Map;

/**
 * A reusable buffer for one event's dense feature vector, filled by {@link
 * LogisticModel#encode(Map, FeatureVector)}. One per thread (a processor owns one): reusing it
 * keeps the scoring path free of per-event allocation. Not thread-safe.
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

    double[] reset(int size) {
        if (values.length < size) {
            values = new double[size];
        }
        imputed = 0;
        unknown = 0;
        nonFiniteFeature = null;
        return values;
    }

    void counts(int imputed, int unknown, String nonFiniteFeature) {
        this.imputed = imputed;
        this.unknown = unknown;
        this.nonFiniteFeature = nonFiniteFeature;
    }
}
