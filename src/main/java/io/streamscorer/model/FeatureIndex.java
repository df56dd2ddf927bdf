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
    // Fibonacci hashing: multiplying by 2^32/φ spreads String hashes, which for names like
    // noise_1, noise_2 differ only in their lowest bits, over the whole table.
    private static final int GOLDEN = 0x9E3779B9;

    private final String[] names;
    // One long per slot: the name's hash in the high half and its weight index + 1 in the low half
    // (0: empty). A single load answers "empty?", "same hash?" and "which index?", so a lookup
    // compares Strings only when the full hashes match, which for a known name is once.
    private final long[] slots;
    // The first other String instance found equal to each name. Decoders that hand out one
    // instance per distinct name (as our Avro deserializer does) then match by identity, skipping
    // the character comparison. Written at most once per index, so threads never contend on it;
    // a racy read only costs a character comparison.
    private final String[] aliases;
    private final int mask;
    private final int shift;

    /**
     * Builds the index of {@code names}, in weight order.
     *
     * @throws InvalidModelException if a name is null, blank or repeated
     */
    public FeatureIndex(List<String> names) {
        this.names = names.toArray(new String[0]);
        int capacity = Integer.highestOneBit(Math.max(4, this.names.length * 3)) << 1;
        this.slots = new long[capacity];
        this.aliases = new String[this.names.length];
        this.mask = capacity - 1;
        this.shift = Integer.numberOfLeadingZeros(capacity) + 1;
        for (int i = 0; i < this.names.length; i++) {
            String name = this.names[i];
            if (name == null || name.isBlank()) {
                throw new InvalidModelException(
                        ModelRejection.INVALID_FEATURE_NAME,
                        "Feature name at index " + i + " is null or blank");
            }
            ModelValidator.requireShort("Feature name", name, ModelRejection.INVALID_FEATURE_NAME);
            int existing = indexOf(name);
            if (existing >= 0) {
                throw new InvalidModelException(
                        ModelRejection.DUPLICATE_FEATURE,
                        "Feature name '"
                                + name
                                + "' appears twice (indexes "
                                + existing
                                + " and "
                                + i
                                + "); each weight needs exactly one name");
            }
            int hash = name.hashCode();
            int slot = home(hash);
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = ((long) hash << 32) | (i + 1);
        }
    }

    private int home(int hash) {
        return (hash * GOLDEN) >>> shift;
    }

    /** The weight index of {@code name}, or -1 if the model does not know it. */
    @SuppressWarnings("ReferenceEquality") // identity first, on purpose; equals() follows
    public int indexOf(String name) {
        int hash = name.hashCode();
        int slot = home(hash);
        long entry;
        while ((entry = slots[slot]) != 0) {
            if ((int) (entry >>> 32) == hash) {
                int index = ((int) entry) - 1;
                String alias = aliases[index];
                if (alias == name) {
                    return index;
                }
                if (names[index].equals(name)) {
                    if (alias == null) {
                        aliases[index] = name;
                    }
                    return index;
                }
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
