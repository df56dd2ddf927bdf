package io.streamscorer.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's short memory: once a second one daemon thread reads the scorer's meters and
 * models into a {@link Sample}, kept in a ring of the last {@value #CAPACITY}. Throughput comes
 * (and the alert rate, from {@code scorer.alerts}) from the difference of the counters between
 * samples; latency percentiles are the ones the latency timer publishes over Micrometer's rolling
 * window.
 *
 * <p>Learner meters are read by name when they exist: every {@code scorer.learner.*} meter goes
 * into {@link #learner()}, and {@code scorer.learner.logloss} is sampled into a per-model series.
 */
final class StatusSampler implements AutoCloseable {
    /** Samples kept: five minutes at one a second. */
    static final int CAPACITY = 300;

    static final long INTERVAL_MS = 1_000;

    static final String SCORED = "scorer.events.scored";
    static final String LATENCY = "scorer.score.latency";
    static final String DEAD_LETTERS = "scorer.dead.letters";
    static final String ALERTS = "scorer.alerts";
    static final String LEARNER_PREFIX = "scorer.learner.";
    static final String LEARNER_LOG_LOSS = "scorer.learner.logloss";

    private static final Logger LOG = LoggerFactory.getLogger(StatusSampler.class);

    /**
     * Per-second view of one instance.
     *
     * @param time epoch milliseconds
     * @param scored events scored since the instance started
     * @param scoredPerSecond events scored per second since the previous sample; null for the first
     * @param latencyMs latency percentiles in milliseconds
     * @param deadLetters dead letters since the instance started, over all reasons
     * @param models name → version served
     * @param logLoss model → the learner's progressive log-loss, for models that learn
     * @param alerts positive decisions since the instance started, over every model and head
     * @param alertsPerMinute positive decisions per minute over the last minute (or since the first
     *     sample, if that is more recent); null for the first
     */
    record Sample(
            long time,
            long scored,
            Double scoredPerSecond,
            Latency latencyMs,
            long deadLetters,
            Map<String, String> models,
            Map<String, Double> logLoss,
            long alerts,
            Double alertsPerMinute) {}

    /** Latency percentiles in milliseconds; null before the first event is scored. */
    record Latency(Double p50, Double p99, Double p999) {}

    private final AdminSources sources;
    private final InstantSource clock;
    private final ArrayDeque<Sample> ring = new ArrayDeque<>(CAPACITY);
    private ScheduledExecutorService executor;

    StatusSampler(AdminSources sources, InstantSource clock) {
        this.sources = sources;
        this.clock = clock;
    }

    /** Starts sampling every second on one daemon thread. */
    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, "scorer-admin-sampler");
                            thread.setDaemon(true);
                            return thread;
                        });
        // sampleQuietly never throws, so the future has nothing to report.
        var unused =
                executor.scheduleAtFixedRate(
                        this::sampleQuietly, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: one bad read must not freeze the
            // dashboard for the rest of the instance's life.
            LOG.warn("Could not sample the scorer's meters for the dashboard", e);
        }
    }

    /** Takes one sample now and keeps it. */
    Sample sample() {
        MeterRegistry meters = sources.meters();
        long now = clock.millis();
        long scored = (long) scoredTotal(meters);
        Timer latency = meters.find(LATENCY).timer();
        long deadLetters = deadLettersByReason(meters).values().stream().mapToLong(l -> l).sum();
        long alerts =
                (long) meters.find(ALERTS).counters().stream().mapToDouble(Counter::count).sum();
        Map<String, String> models = new TreeMap<>();
        sources.models()
                .versions()
                .forEach((name, version) -> models.put(name, version.toString()));
        Map<String, Double> logLoss = new TreeMap<>();
        for (Meter meter : meters.find(LEARNER_LOG_LOSS).meters()) {
            logLoss.put(seriesKey(meter, "model"), value(meter));
        }
        synchronized (this) {
            Sample previous = ring.peekLast();
            Double rate = null;
            Double alertRate = null;
            if (previous != null && now > previous.time()) {
                rate = (scored - previous.scored()) * 1000.0 / (now - previous.time());
            }
            Sample minuteAgo = oldestSince(now - 60_000);
            if (minuteAgo != null && now > minuteAgo.time()) {
                alertRate = (alerts - minuteAgo.alerts()) * 60_000.0 / (now - minuteAgo.time());
            }
            Sample sample =
                    new Sample(
                            now,
                            scored,
                            rate,
                            latency(latency),
                            deadLetters,
                            models,
                            logLoss,
                            alerts,
                            alertRate);
            if (ring.size() == CAPACITY) {
                ring.removeFirst();
            }
            ring.addLast(sample);
            return sample;
        }
    }

    /** The oldest sample kept taken at or after {@code time}, or null. */
    private Sample oldestSince(long time) {
        for (Sample s : ring) {
            if (s.time() >= time) {
                return s;
            }
        }
        return null;
    }

    /** The samples kept, oldest first. */
    synchronized List<Sample> samples() {
        return new ArrayList<>(ring);
    }

    /** Events scored so far, read now. */
    static double scoredTotal(MeterRegistry meters) {
        Counter scored = meters.find(SCORED).counter();
        return scored == null ? 0 : scored.count();
    }

    /** Dead letters so far by reason, over every stage, read now. */
    static Map<String, Long> deadLettersByReason(MeterRegistry meters) {
        Map<String, Long> byReason = new TreeMap<>();
        for (Counter counter : meters.find(DEAD_LETTERS).counters()) {
            String reason = counter.getId().getTag("reason");
            byReason.merge(reason == null ? "UNKNOWN" : reason, (long) counter.count(), Long::sum);
        }
        return byReason;
    }

    /**
     * Every {@code scorer.learner.*} meter read now, as model → (name without the prefix, plus any
     * tags other than {@code model}) → value. Empty while no learner runs.
     */
    Map<String, Map<String, Double>> learner() {
        Map<String, Map<String, Double>> byModel = new TreeMap<>();
        for (Meter meter : sources.meters().getMeters()) {
            String name = meter.getId().getName();
            if (!name.startsWith(LEARNER_PREFIX)) {
                continue;
            }
            String model = meter.getId().getTag("model");
            String metric = name.substring(LEARNER_PREFIX.length()) + otherTags(meter, "model");
            byModel.computeIfAbsent(model == null ? "" : model, m -> new TreeMap<>())
                    .put(metric, value(meter));
        }
        return byModel;
    }

    private static Latency latency(Timer timer) {
        if (timer == null || timer.count() == 0) {
            return new Latency(null, null, null);
        }
        Double p50 = null;
        Double p99 = null;
        Double p999 = null;
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            double ms = v.value(TimeUnit.MILLISECONDS);
            if (v.percentile() == 0.5) {
                p50 = ms;
            } else if (v.percentile() == 0.99) {
                p99 = ms;
            } else if (v.percentile() == 0.999) {
                p999 = ms;
            }
        }
        return new Latency(p50, p99, p999);
    }

    /** The key of a series: the value of {@code mainTag}, plus any other tags in braces. */
    private static String seriesKey(Meter meter, String mainTag) {
        String main = meter.getId().getTag(mainTag);
        return (main == null ? "" : main) + otherTags(meter, mainTag);
    }

    private static String otherTags(Meter meter, String except) {
        StringJoiner joiner = new StringJoiner(",", "{", "}").setEmptyValue("");
        for (Tag tag : meter.getId().getTags()) {
            if (!tag.getKey().equals(except)) {
                joiner.add(tag.getKey() + "=" + tag.getValue());
            }
        }
        return joiner.toString();
    }

    /**
     * The value a person reads off a meter: a gauge's value, a counter's count; null when it is not
     * a finite number (JSON has no NaN).
     */
    private static Double value(Meter meter) {
        Double count = null;
        Double total = null;
        for (Measurement m : meter.measure()) {
            if (m.getStatistic() == Statistic.VALUE) {
                return finite(m.getValue());
            }
            if (m.getStatistic() == Statistic.COUNT) {
                count = m.getValue();
            } else if (m.getStatistic() == Statistic.TOTAL) {
                total = m.getValue();
            }
        }
        return count != null ? finite(count) : total != null ? finite(total) : null;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Stops the sampling thread. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The dashboard sampler did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
