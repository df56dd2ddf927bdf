package io.streamscorer.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamscorer.model.ModelRejection;
import io.streamscorer.model.ScoringModel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The scorer's own Micrometer meters: events scored, dead letters by reason, model swaps and
 * rejections, the version each model is served at, and the latency from an event's record timestamp
 * to its score. Meters are created once; the per-event path only increments them.
 */
public final class ScorerMetrics {
    private final MeterRegistry registry;
    private final Counter scored;
    private final Counter unknownFeatures;
    private final Counter imputedFeatures;
    private final Timer latency;
    private final Map<EventRejection, Counter> scoringRejects = new EnumMap<>(EventRejection.class);
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<ModelRejection, Counter> modelRejects = new EnumMap<>(ModelRejection.class);
    private final Map<String, ServedVersion> served = new ConcurrentHashMap<>();
    private final Counter registryRetried;
    private final Counter registryGaveUp;
    private final Counter threadsReplaced;
    private final Map<String, Counter> shadowScored = new ConcurrentHashMap<>();
    private final Map<String, Counter> shadowSkipped = new ConcurrentHashMap<>();

    /** Registers the meters in {@code registry}. */
    public ScorerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.scored =
                Counter.builder("scorer.events.scored")
                        .description("Events scored and written to the scores topic")
                        .register(registry);
        this.unknownFeatures =
                Counter.builder("scorer.features.unknown")
                        .description("Event features the model does not know, ignored")
                        .register(registry);
        this.imputedFeatures =
                Counter.builder("scorer.features.imputed")
                        .description("Model features missing from events, imputed")
                        .register(registry);
        this.latency =
                Timer.builder("scorer.score.latency")
                        .description("From the input record's timestamp to its score")
                        .publishPercentileHistogram()
                        .publishPercentiles(0.5, 0.99, 0.999)
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry);
        this.registryRetried = registryUnavailable("retried");
        this.registryGaveUp = registryUnavailable("gave-up");
        this.threadsReplaced =
                Counter.builder("scorer.stream.threads.replaced")
                        .description(
                                "Stream threads restarted after waiting out an unreachable schema"
                                        + " registry; each resumes from its last commit")
                        .register(registry);
        // Registered up front (a dashboard shows zeros, not gaps): only what scoring can refuse;
        // other stages' counters appear with their first letter.
        for (EventRejection reason : EventRejection.SCORING) {
            scoringRejects.put(reason, deadLetterCounter(reason.name(), "score"));
        }
        for (ModelRejection reason : ModelRejection.values()) {
            modelRejects.put(
                    reason,
                    Counter.builder("scorer.models.rejected")
                            .description("Model versions refused on the control topic")
                            .tag("reason", reason.name())
                            .register(registry));
        }
    }

    private Counter registryUnavailable(String outcome) {
        return Counter.builder("scorer.registry.unavailable")
                .description(
                        "Failed attempts to read a new writer schema from the schema registry:"
                                + " retried, or the wait was used up and the thread restarted")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** The registry the meters live in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts one scored event with its feature counts and latency. */
    public void scored(int unknown, int imputed, long latencyMs) {
        scored.increment();
        if (unknown > 0) {
            unknownFeatures.increment(unknown);
        }
        if (imputed > 0) {
            imputedFeatures.increment(imputed);
        }
        latency.record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
    }

    /** Counts one shadow score of {@code challenger}. */
    public void shadowScored(String challenger) {
        shadowScored
                .computeIfAbsent(
                        challenger,
                        c ->
                                Counter.builder("scorer.shadow.scores")
                                        .description(
                                                "Events a challenger scored beside its champion")
                                        .tag("challenger", c)
                                        .register(registry))
                .increment();
    }

    /**
     * Counts one event {@code challenger} could not score although its champion did (the event went
     * out with the champion's score).
     */
    public void shadowSkipped(String challenger, EventRejection reason) {
        shadowSkipped
                .computeIfAbsent(
                        challenger + "\u0000" + reason.name(),
                        key ->
                                Counter.builder("scorer.shadow.skipped")
                                        .description(
                                                "Events a challenger had no score for while its"
                                                        + " champion had one")
                                        .tag("challenger", challenger)
                                        .tag("reason", reason.name())
                                        .register(registry))
                .increment();
    }

    /** Counts one event refused by the scorer. */
    public void rejected(EventRejection reason) {
        scoringRejects.get(reason).increment();
    }

    /** Counts one dead letter of any stage and reason. */
    public void deadLettered(String reason, String stage) {
        deadLetters
                .computeIfAbsent(reason + "/" + stage, k -> deadLetterCounter(reason, stage))
                .increment();
    }

    /**
     * Counts one failed attempt to read writer schema {@code schemaId} from an unreachable
     * registry; a {@code RegistryOutageListener}.
     */
    public void registryUnavailable(int schemaId, boolean givingUp) {
        (givingUp ? registryGaveUp : registryRetried).increment();
    }

    /** Counts one stream thread restarted after a registry outage. */
    public void threadReplaced() {
        threadsReplaced.increment();
    }

    /** Counts one model version refused. */
    public void modelRejected(ModelRejection reason) {
        modelRejects.get(reason).increment();
    }

    /** Records that {@code model} is now served. */
    public void modelServed(ScoringModel model) {
        served.computeIfAbsent(model.name(), this::servedVersion).update(model);
    }

    /** The scoring latency timer. */
    public Timer latency() {
        return latency;
    }

    private Counter deadLetterCounter(String reason, String stage) {
        return Counter.builder("scorer.dead.letters")
                .description("Records sent to the dead-letter topic")
                .tag("reason", reason)
                .tag("stage", stage)
                .register(registry);
    }

    private ServedVersion servedVersion(String model) {
        ServedVersion v = new ServedVersion();
        Gauge.builder("scorer.model.generation", v, ServedVersion::generation)
                .description("Generation of the model version served")
                .tag("model", model)
                .register(registry);
        Gauge.builder("scorer.model.step", v, ServedVersion::step)
                .description("Step of the model version served")
                .tag("model", model)
                .register(registry);
        v.swaps =
                Counter.builder("scorer.model.swaps")
                        .description("Model versions swapped in")
                        .tag("model", model)
                        .register(registry);
        return v;
    }

    private static final class ServedVersion {
        private volatile long generation;
        private volatile long step;
        private Counter swaps;

        void update(ScoringModel model) {
            generation = model.version().generation();
            step = model.version().step();
            swaps.increment();
        }

        double generation() {
            return generation;
        }

        double step() {
            return step;
        }
    }
}
