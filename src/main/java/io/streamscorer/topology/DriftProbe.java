package io.streamscorer.topology;

import io.streamscorer.model.DriftMonitor;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One scoring thread's view of the {@link DriftWatch}: its own window of every model it scores,
 * found without a lock (the last model scored, else a map of this thread's own), so that observing
 * an event costs a few nanoseconds per feature, and only one event in {@code sample every} is
 * observed at all (drawn at random, so that no periodic pattern in the traffic lines up with the
 * sample). Not thread-safe: one per {@link ScoreProcessor}.
 */
public final class DriftProbe {
    private final DriftWatch watch;
    private final int sampleEvery;
    private final SplittableRandom sample = new SplittableRandom();
    private final Map<String, Observed> byModel = new HashMap<>();
    private Observed last;

    /** What this thread observes one model version through. */
    private static final class Observed {
        final ScoringModel model;
        final DriftMonitor.Window window;
        final DriftWatch.Watched watched;

        Observed(ScoringModel model, DriftWatch.Watched watched) {
            this.model = model;
            this.watched = watched;
            this.window = watched.monitor.newWindow();
        }
    }

    /** A probe of {@code watch}; null observes nothing. */
    DriftProbe(DriftWatch watch, int sampleEvery) {
        this.watch = watch;
        this.sampleEvery = sampleEvery;
    }

    /**
     * Observes one event {@code x} that {@code model} has just scored into {@code workspace}: its
     * features and logits into the drift window, its positive decisions into the alert counters.
     */
    @SuppressWarnings("ReferenceEquality") // one model object per version
    public void observe(ScoringModel model, double[] x, ScoringWorkspace workspace) {
        if (watch == null) {
            return;
        }
        Observed observed = last;
        if (observed == null || observed.model != model) {
            observed = byModel.get(model.name());
            if (observed == null || observed.model != model) {
                DriftWatch.Watched watched = watch.watched(model);
                if (watched.monitor.model() != model) {
                    // A version being swapped out: rare, so its alerts take the slow path.
                    watch.countAlerts(model, workspace);
                    return;
                }
                observed = new Observed(model, watched);
                byModel.put(model.name(), observed);
            }
            last = observed;
        }
        if (sampleEvery == 1 || sample.nextInt(sampleEvery) == 0) {
            observed.window.observe(x, workspace);
        }
        for (int h = 0; h < observed.watched.alerts.length; h++) {
            if (workspace.probability(h) >= model.threshold(h)) {
                observed.watched.alerts[h].increment();
            }
        }
    }
}
