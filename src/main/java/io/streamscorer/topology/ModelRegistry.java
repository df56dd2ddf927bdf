package io.streamscorer.topology;

import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
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
 * The models one instance serves, one immutable {@link LogisticModel} per name. The model-store
 * processor is its only writer; scoring threads read it once per event, so a swap is atomic per
 * event: every event is scored wholly by one version.
 *
 * <pre>{@code
 * ModelRegistry registry = new ModelRegistry();
 * registry.offer(model);                        // from the control topic
 * LogisticModel current = registry.get("fraud"); // per event, lock-free
 * }</pre>
 */
public final class ModelRegistry {
    private final ConcurrentHashMap<String, LogisticModel> models = new ConcurrentHashMap<>();
    private final List<Consumer<LogisticModel>> listeners = new CopyOnWriteArrayList<>();

    /** The model served under {@code name}, or null if none is loaded. */
    public LogisticModel get(String name) {
        return models.get(name);
    }

    /** Every model served, in no particular order. */
    public Collection<LogisticModel> all() {
        return new ArrayList<>(models.values());
    }

    /** A snapshot of name → version. */
    public Map<String, ModelVersion> versions() {
        Map<String, ModelVersion> out = new TreeMap<>();
        models.forEach((name, model) -> out.put(name, model.version()));
        return out;
    }

    /**
     * Serves {@code model} if no model of its name is loaded or it is newer than the one loaded.
     *
     * @return the model served before, when {@code model} was refused because it is not newer
     */
    public Optional<LogisticModel> offer(LogisticModel model) {
        LogisticModel[] refusedBy = new LogisticModel[1];
        models.compute(
                model.name(),
                (name, current) -> {
                    if (current == null || model.version().isNewerThan(current.version())) {
                        return model;
                    }
                    refusedBy[0] = current;
                    return current;
                });
        if (refusedBy[0] == null) {
            listeners.forEach(l -> l.accept(model));
        }
        return Optional.ofNullable(refusedBy[0]);
    }

    /** Stops serving {@code name}, as a tombstone on the control topic asks. */
    public Optional<LogisticModel> retire(String name) {
        return Optional.ofNullable(models.remove(name));
    }

    /** Calls {@code listener} with every model accepted from now on. */
    public void onSwap(Consumer<LogisticModel> listener) {
        listeners.add(listener);
    }
}
