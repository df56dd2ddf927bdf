package io.streamscorer.topology;

import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The models one instance serves, one immutable {@link ServedModel} per name. The model-store
 * processor is its only writer; scoring threads read it once per event, so a swap is atomic per
 * event: every event is scored wholly by one version.
 *
 * <pre>{@code
 * ModelRegistry registry = new ModelRegistry();
 * registry.offer(served);                        // from the control topic
 * ScoringModel current = registry.get("fraud");  // per event, lock-free
 * }</pre>
 */
public final class ModelRegistry {
    private final ConcurrentHashMap<String, ServedModel> models = new ConcurrentHashMap<>();
    // The newest version ever served per name, kept when a tombstone retires the model: versions
    // only move forward, so neither a replayed old record nor the learner's state of a retired
    // model can come back after a retire.
    private final ConcurrentHashMap<String, ModelVersion> newest = new ConcurrentHashMap<>();
    private final List<Consumer<ServedModel>> listeners = new CopyOnWriteArrayList<>();

    /** The model served under {@code name}, or null if none is loaded. */
    public ScoringModel get(String name) {
        ServedModel served = models.get(name);
        return served == null ? null : served.model();
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
            listeners.forEach(l -> l.accept(served));
        }
        return Optional.ofNullable(refusedBy[0]);
    }

    /**
     * Stops serving {@code name}, as a tombstone on the control topic asks; a later version must
     * still be newer than the one retired.
     */
    public Optional<ServedModel> retire(String name) {
        return Optional.ofNullable(models.remove(name));
    }

    /** Calls {@code listener} with every model accepted from now on. */
    public void onSwap(Consumer<ServedModel> listener) {
        listeners.add(listener);
    }
}
