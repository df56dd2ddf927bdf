package io.streamscorer.admin;

import io.streamscorer.topology.ServedModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent model swaps on this instance, for the dashboard's versions-over-time chart and
 * its list of swaps. Fed by {@link io.streamscorer.topology.ModelRegistry#onSwap}; older swaps fall
 * off, while the versions sampled every second remain in the samples.
 */
final class ModelTimeline {
    /** Swaps kept. */
    static final int CAPACITY = 100;

    /**
     * One version swapped in.
     *
     * @param time epoch milliseconds when this instance swapped it in
     * @param origin who published it (operator, learner, rollback, ...)
     */
    record Swap(long time, String model, String version, String origin) {}

    private final ArrayDeque<Swap> swaps = new ArrayDeque<>();

    /** Records that {@code served} is now served. */
    synchronized void swapped(ServedModel served) {
        if (swaps.size() == CAPACITY) {
            swaps.removeFirst();
        }
        swaps.addLast(
                new Swap(
                        served.servedSince().toEpochMilli(),
                        served.model().name(),
                        served.model().version().toString(),
                        served.origin()));
    }

    /** The most recent swaps, oldest first. */
    synchronized List<Swap> swaps() {
        return new ArrayList<>(swaps);
    }
}
