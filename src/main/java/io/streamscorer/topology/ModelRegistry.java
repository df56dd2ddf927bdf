package io.streamscorer.topology;

import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The models one instance serves, one immutable {@link ServedModel} per name, and for each champion
 * the {@link Lineup} that scores its events: it and its challengers. The model-store processor is
 * its only writer; scoring threads read a lineup once per event, so a swap is atomic per event:
 * every event is scored wholly by one set of versions.
 *
 * <pre>{@code
 * ModelRegistry registry = new ModelRegistry();
 * registry.offer(served);                        // from the control topic
 * Lineup lineup = registry.lineup("fraud");     // per event, lock-free
 * }</pre>
 */
public final class ModelRegistry {
    private final ConcurrentHashMap<String, ServedModel> models = new ConcurrentHashMap<>();
    // The newest version ever served per name, kept when a tombstone retires the model: versions
    // only move forward, so neither a replayed old record nor the learner's state of a retired
    // model can come back after a retire.
    private final ConcurrentHashMap<String, ModelVersion> newest = new ConcurrentHashMap<>();
    private final List<Consumer<ServedModel>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Lineup> lineups = Map.of();

    /** The model served under {@code name}, or null if none is loaded. */
    public ScoringModel get(String name) {
        ServedModel served = models.get(name);
        return served == null ? null : served.model();
    }

    /**
     * The champion {@code name} with its challengers, or null if no champion of that name is served
     * (a challenger scores only its champion's events).
     */
    public Lineup lineup(String name) {
        return lineups.get(name);
    }

    /** The model served under {@code name} with its control-record status, or null. */
    public ServedModel served(String name) {
        return models.get(name);
    }

    /** Every model served, in no particular order. */
    public Collection<ServedModel> all() {
        return new ArrayList<>(models.values());
    }

    /** A snapshot of name → version, sorted by name. */
    public Map<String, ModelVersion> versions() {
        Map<String, ModelVersion> out = new TreeMap<>();
        models.forEach((name, served) -> out.put(name, served.model().version()));
        return out;
    }

    /**
     * Serves {@code served} if it is newer than every version served under its name before,
     * including versions since retired.
     *
     * @return when {@code served} is refused, the newest version served before it
     */
    public Optional<ModelVersion> offer(ServedModel served) {
        ModelVersion[] refusedBy = new ModelVersion[1];
        models.compute(
                served.model().name(),
                (name, current) -> {
                    ModelVersion before = newest.get(name);
                    if (before == null || served.model().version().isNewerThan(before)) {
                        newest.put(name, served.model().version());
                        return served;
                    }
                    refusedBy[0] = before;
                    return current;
                });
        if (refusedBy[0] == null) {
            rebuildLineups();
            listeners.forEach(l -> l.accept(served));
        }
        return Optional.ofNullable(refusedBy[0]);
    }

    /**
     * Stops serving {@code name}, as a tombstone on the control topic asks; a later version must
     * still be newer than the one retired.
     */
    public Optional<ServedModel> retire(String name) {
        Optional<ServedModel> retired = Optional.ofNullable(models.remove(name));
        rebuildLineups();
        return retired;
    }

    /**
     * Regroups every served model into lineups. Swaps are rare (the control topic), so all of them
     * are rebuilt each time: simpler than patching, and a challenger re-pushed under another
     * champion moves in one step.
     */
    private synchronized void rebuildLineups() {
        Map<String, List<ServedModel>> byChampion = new HashMap<>();
        for (ServedModel served : models.values()) {
            if (served.isChallenger()) {
                byChampion
                        .computeIfAbsent(served.challengerOf(), c -> new ArrayList<>())
                        .add(served);
            }
        }
        Map<String, Lineup> next = new HashMap<>();
        for (ServedModel served : models.values()) {
            if (!served.isChallenger()) {
                List<ServedModel> challengers =
                        new ArrayList<>(byChampion.getOrDefault(served.model().name(), List.of()));
                challengers.sort(Comparator.comparing(c -> c.model().name()));
                next.put(served.model().name(), new Lineup(served, challengers));
            }
        }
        lineups = Map.copyOf(next);
    }

    /** Calls {@code listener} with every model accepted from now on. */
    public void onSwap(Consumer<ServedModel> listener) {
        listeners.add(listener);
    }
}
