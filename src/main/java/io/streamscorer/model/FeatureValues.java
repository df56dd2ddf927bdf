package io.streamscorer.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An event's named feature values as a decoder reads them: a shared {@link FeatureLayout} of names
 * and an array of values in the same order. An unmodifiable {@code Map<String, Double>} to anyone
 * who reads it as one; a model encodes it by position ({@link ScoringModel#encode}) without hashing
 * a name or boxing a value. {@link #get} scans the names, so it suits single lookups, not a loop
 * over every feature.
 */
public final class FeatureValues extends AbstractMap<String, Double> {
    private final FeatureLayout layout;
    // Read in place by FeatureVector, the hot path.
    final double[] values;

    private FeatureValues(FeatureLayout layout, double[] values) {
        this.layout = layout;
        this.values = values;
    }

    /**
     * The values {@code values} of the names of {@code layout}, by position. Takes {@code values}
     * over without a copy: the caller, a decoder, must not keep or change it.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static FeatureValues wrap(FeatureLayout layout, double[] values) {
        if (layout.size() != values.length) {
            throw new IllegalArgumentException(
                    "a layout of "
                            + layout.size()
                            + " names needs as many values, got "
                            + values.length);
        }
        return new FeatureValues(layout, values);
    }

    /** The names, shared with other events of the same layout. */
    public FeatureLayout layout() {
        return layout;
    }

    /** The value at {@code position} of the layout. */
    public double value(int position) {
        return values[position];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return positionOf(key) >= 0;
    }

    @Override
    public Double get(Object key) {
        int i = positionOf(key);
        return i < 0 ? null : values[i];
    }

    private int positionOf(Object key) {
        for (int i = 0; i < values.length; i++) {
            if (layout.name(i).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Map.Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return values.length;
            }

            @Override
            public Iterator<Map.Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Map.Entry<String, Double> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(layout.name(i), values[i]);
                    }
                };
            }
        };
    }
}
