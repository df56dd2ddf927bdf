package io.streamscorer.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.DriftMonitor;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drift and alerts of every model this instance scores: one {@link DriftMonitor} per model name,
 * replaced by a fresh one (a new reference capture) when a newer version of the model scores its
 * first event, and the meters that publish them: {@code scorer.drift.psi{model,feature}}, the
 * population stability index of each feature and of each head's score ({@code
 * feature=_score.<head>}), NaN until the reference and one window are complete; and {@code
 * scorer.alerts{model,head}}, the positive decisions ({@code p ≥ threshold}), whose Prometheus
 * {@code rate()} is the alert rate.
 *
 * <p>Each scoring processor observes through its own {@link DriftProbe} ({@link #probe()}), which
 * holds that thread's windows, so the per-event path takes no lock (see {@link DriftMonitor} for
 * the thread model); gauges sum the threads' windows when they are read.
 *
 * <pre>{@code
 * DriftWatch drift = DriftWatch.from(config, meters);  // one per instance
 * DriftProbe probe = drift.probe();                     // one per ScoreProcessor
 * probe.observe(model, x, workspace);                   // after model.score(x, workspace)
 * }</pre>
 */
public final class DriftWatch {
    private final MeterRegistry meters;
    private final int referenceEvents;
    private final int windowEvents;
    private final int bins;
    private final int sampleEvery;
    private final ConcurrentHashMap<String, Watched> byModel = new ConcurrentHashMap<>();

    /** The monitor of one model version and its alert counters, one per head. */
    static final class Watched {
        final DriftMonitor monitor;
        final Counter[] alerts;

        Watched(DriftMonitor monitor, Counter[] alerts) {
            this.monitor = monitor;
            this.alerts = alerts;
        }
    }

    private DriftWatch(
            MeterRegistry meters,
            int referenceEvents,
            int windowEvents,
            int bins,
            int sampleEvery) {
        this.meters = meters;
        this.referenceEvents = referenceEvents;
        this.windowEvents = windowEvents;
        this.bins = bins;
        this.sampleEvery = sampleEvery;
    }

    /**
     * The watch {@code config} asks for: {@link #off()} when {@code scorer.drift.enabled=false}.
     */
    public static DriftWatch from(ScorerConfig config, MeterRegistry meters) {
        if (!config.getBoolean(ScorerConfig.DRIFT_ENABLED_CONFIG)) {
            return off();
        }
        return new DriftWatch(
                Objects.requireNonNull(meters),
                config.getInt(ScorerConfig.DRIFT_REFERENCE_EVENTS_CONFIG),
                config.getInt(ScorerConfig.DRIFT_WINDOW_EVENTS_CONFIG),
                config.getInt(ScorerConfig.DRIFT_BINS_CONFIG),
                config.getInt(ScorerConfig.DRIFT_SAMPLE_EVERY_CONFIG));
    }

    /**
     * A watch registering its meters in {@code meters}, with the sizes of {@link DriftMonitor}'s
     * constructor (checked when the first model is watched), observing every event.
     */
    public static DriftWatch watching(
            MeterRegistry meters, int referenceEvents, int windowEvents, int bins) {
        return new DriftWatch(
                Objects.requireNonNull(meters), referenceEvents, windowEvents, bins, 1);
    }

    /** A watch that observes nothing and registers no meters. */
    public static DriftWatch off() {
        return new DriftWatch(null, 0, 0, 0, 1);
    }

    /** Whether models are watched. */
    public boolean enabled() {
        return meters != null;
    }

    /** A probe for one scoring thread; it observes nothing if the watch is off. */
    public DriftProbe probe() {
        return new DriftProbe(enabled() ? this : null, sampleEvery);
    }

    /** The monitor of the newest version of {@code model} scored here, if any. */
    public Optional<DriftMonitor> monitor(String model) {
        Watched watched = byModel.get(model);
        return watched == null ? Optional.empty() : Optional.of(watched.monitor);
    }

    /**
     * The watched entry of {@code model}: its own, or a new one if it is newer than the version
     * watched so far; the newer entry if {@code model} is older (an event scored by a version being
     * swapped out, which is then not observed).
     */
    @SuppressWarnings("ReferenceEquality") // one model object per version
    Watched watched(ScoringModel model) {
        boolean[] created = new boolean[1];
        Watched watched =
                byModel.compute(
                        model.name(),
                        (name, current) -> {
                            if (current != null
                                    && (current.monitor.model() == model
                                            || !model.version()
                                                    .isNewerThan(
                                                            current.monitor.model().version()))) {
                                return current;
                            }
                            created[0] = true;
                            return new Watched(
                                    new DriftMonitor(model, referenceEvents, windowEvents, bins),
                                    alertCounters(model));
                        });
        if (created[0]) {
            registerGauges(watched.monitor);
        }
        return watched;
    }

    /** Counts {@code model}'s positive decisions in {@code workspace}, looking its counters up. */
    void countAlerts(ScoringModel model, ScoringWorkspace workspace) {
        Counter[] alerts = alertCounters(model);
        for (int h = 0; h < alerts.length; h++) {
            if (workspace.probability(h) >= model.threshold(h)) {
                alerts[h].increment();
            }
        }
    }

    private Counter[] alertCounters(ScoringModel model) {
        Counter[] alerts = new Counter[model.headCount()];
        for (int h = 0; h < alerts.length; h++) {
            alerts[h] =
                    Counter.builder("scorer.alerts")
                            .description("Positive decisions (p >= the head's threshold)")
                            .tag("model", model.name())
                            .tag("head", model.headName(h))
                            .register(meters);
        }
        return alerts;
    }

    private void registerGauges(DriftMonitor monitor) {
        String model = monitor.model().name();
        for (int c = 0; c < monitor.columns(); c++) {
            String column = monitor.columnName(c);
            // Registered once per name: a later version's gauge reads that version's monitor.
            Gauge.builder("scorer.drift.psi", this, w -> w.psi(model, column))
                    .description(
                            "Population stability index of a feature or score over the sliding"
                                    + " window against the version's reference; NaN until both"
                                    + " are complete")
                    .tag("model", model)
                    .tag("feature", column)
                    .register(meters);
        }
    }

    private double psi(String model, String column) {
        Watched watched = byModel.get(model);
        if (watched == null) {
            return Double.NaN;
        }
        int c = watched.monitor.column(column);
        return c < 0 ? Double.NaN : watched.monitor.psi(c);
    }
}
