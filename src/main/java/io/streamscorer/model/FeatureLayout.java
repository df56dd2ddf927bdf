package io.streamscorer.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The feature names of an event in the order the event carries them, one instance shared by every
 * event written in that order: a producer writes its features in one order, so a decoder finds the
 * layout of the previous such event again. A model maps a layout's names to its weight indexes once
 * and then places each event's values by position, with no hashing and no string comparison per
 * feature. Immutable, apart from that memo of positions, which threads may race to write: a racy
 * read at worst computes the positions again.
 */
public final class FeatureLayout {
    private final String[] names;
    // The positions in the two feature indexes used last: one model's versions succeed each other,
    // and two models scoring the same events each keep theirs.
    private volatile Positions latest;
    private volatile Positions previous;

    /** Weight indexes of a layout's names in one model's {@link FeatureIndex}; -1 if unknown. */
    static final class Positions {
        final FeatureIndex index;
        final int[] of;
        // Every model feature has a position (names are distinct, so each has exactly one).
        final boolean complete;

        Positions(FeatureIndex index, int[] of) {
            this.index = index;
            this.of = of;
            int known = 0;
            for (int i : of) {
                known += i < 0 ? 0 : 1;
            }
            this.complete = known == of.length && known == index.size();
        }
    }

    private FeatureLayout(String[] names) {
        this.names = names;
    }

    /**
     * The layout of {@code names}, in that order.
     *
     * @return the layout, or null if a name appears twice (such an event is no layout: its later
     *     value wins, as in a map)
     * @throws NullPointerException if a name is null
     */
    public static FeatureLayout of(List<String> names) {
        String[] copy = names.toArray(new String[0]);
        Set<String> seen = new HashSet<>(copy.length * 4 / 3 + 1);
        for (String name : copy) {
            if (!seen.add(Objects.requireNonNull(name, "feature name"))) {
                return null;
            }
        }
        return new FeatureLayout(copy);
    }

    /** Number of names. */
    public int size() {
        return names.length;
    }

    /** The name at position {@code position}. */
    public String name(int position) {
        return names[position];
    }

    /** The names, in order. */
    public List<String> names() {
        return Collections.unmodifiableList(Arrays.asList(names));
    }

    /** Where this layout's values go in {@code index}'s weight order. */
    @SuppressWarnings("ReferenceEquality") // one index per model version; equal ones are rare
    Positions positions(FeatureIndex index) {
        Positions p = latest;
        if (p != null && p.index == index) {
            return p;
        }
        Positions before = previous;
        if (before != null && before.index == index) {
            previous = p;
            latest = before;
            return before;
        }
        int[] of = new int[names.length];
        for (int i = 0; i < of.length; i++) {
            of[i] = index.indexOf(names[i]);
        }
        Positions computed = new Positions(index, of);
        previous = p;
        latest = computed;
        return computed;
    }

    @Override
    public String toString() {
        return Arrays.toString(names);
    }
}
