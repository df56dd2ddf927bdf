package io.streamscorer.topology;

import java.util.List;

/**
 * The models that score one champion's events: the champion and its challengers, in name order,
 * with each challenger's share of the A/B split. Immutable and rebuilt by the {@link ModelRegistry}
 * on every change, so a scoring thread reads one lineup per event and every event is scored by one
 * consistent set of versions.
 *
 * <p>The split gives challenger {@code i} the entities whose {@link EntitySplit} position falls in
 * {@code [s_0 + … + s_(i−1), s_0 + … + s_i)}; the champion decides for the rest. Shares adding up
 * to more than 1 are cut at 1, the later challengers (by name) losing what does not fit.
 */
public final class Lineup {
    private final ServedModel champion;
    private final List<ServedModel> challengers;
    private final double[] splitEnds;

    Lineup(ServedModel champion, List<ServedModel> challengers) {
        this.champion = champion;
        this.challengers = List.copyOf(challengers);
        this.splitEnds = new double[this.challengers.size()];
        double end = 0;
        for (int i = 0; i < splitEnds.length; i++) {
            end = Math.min(1.0, end + this.challengers.get(i).share());
            splitEnds[i] = end;
        }
    }

    /** The champion: the model events name. */
    public ServedModel champion() {
        return champion;
    }

    /** Its challengers, by name. */
    public List<ServedModel> challengers() {
        return challengers;
    }

    /** Whether the champion has challengers. */
    public boolean hasChallengers() {
        return !challengers.isEmpty();
    }

    /**
     * Which model decides for {@code entityId}: the index of a challenger in {@link
     * #challengers()}, or −1 for the champion.
     */
    public int decider(String entityId) {
        if (splitEnds.length == 0 || splitEnds[splitEnds.length - 1] == 0) {
            return -1;
        }
        double position = EntitySplit.position(entityId, champion.model().name());
        for (int i = 0; i < splitEnds.length; i++) {
            if (position < splitEnds[i]) {
                return i;
            }
        }
        return -1;
    }
}
