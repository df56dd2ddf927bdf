package io.streamscorer.model;

import java.util.Arrays;
import java.util.List;

/**
 * The immutable map from feature name to weight index of one model version, built once when the
 * version is loaded and read for every feature of every event.
 *
 * <p>An open-addressing table over the names' cached {@link String#hashCode()}: a lookup is one
 * hash, usually one probe and one {@code equals}, with no boxing and no allocation, which a {@code
 * HashMap<String, Integer>} cannot promise.
 */
public final class FeatureIndex {
    private final String[] names;
    private final String[] slots;
    private final int[] indexes;
    private final int mask;

    /**
     * Builds the index of {@code names}, in weight order.
     *
     * @throws InvalidModelException if a name is null, blank or repeated
     */
    public FeatureIndex(List<String> names) {
        this.names = names.toArray(new String[0]);
        int capacity = Integer.highestOneBit(Math.max(4, this.names.length * 3)) << 1;
        this.slots = new String[capacity];
        this.indexes = new int[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < this.names.length; i++) {
            String name = this.names[i];
            if (name == null || name.isBlank()) {
                throw new InvalidModelException(
                        ModelRejection.INVALID_FEATURE_NAME,
                        "Feature name at index " + i + " is null or blank");
            }
            int slot = name.hashCode() & mask;
            while (slots[slot] != null) {
                if (slots[slot].equals(name)) {
                    throw new InvalidModelException(
                            ModelRejection.DUPLICATE_FEATURE,
                            "Feature name '"
                                    + name
                                    + "' appears twice (indexes "
                                    + indexes[slot]
                                    + " and "
                                    + i
                                    + "); each weight needs exactly one name");
                }
                slot = (slot + 1) & mask;
            }
            slots[slot] = name;
            indexes[slot] = i;
        }
    }

    /** The weight index of {@code name}, or -1 if the model does not know it. */
    public int indexOf(String name) {
        int slot = name.hashCode() & mask;
        String candidate;
        while ((candidate = slots[slot]) != null) {
            if (candidate.equals(name)) {
                return indexes[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /** Number of features. */
    public int size() {
        return names.length;
    }

    /** The name at weight index {@code index}. */
    public String name(int index) {
        return names[index];
    }

    /** All names, in weight order. */
    public List<String> names() {
        return List.of(names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureIndex other && Arrays.equals(names, other.names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names);
    }
}
