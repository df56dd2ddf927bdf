package io.streamscorer.topology;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamscorer.avro.ContenderScore;
import io.streamscorer.avro.LabelSummary;
import io.streamscorer.avro.ModelComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The latest comparison of each champion as this instance read it from the comparisons topic, and
 * the gauges that publish it ({@code scorer.compare.*}, tagged with the champion, the contender's
 * name and role, and the head). Every instance reads the same topic, so every instance shows the
 * same numbers, whichever one learns the model. A gauge of a contender that left the comparison
 * reads NaN.
 */
public final class ComparisonBoard {
    private final MeterRegistry registry;
    private final Map<String, ModelComparison> latest = new ConcurrentHashMap<>();
    private final Map<String, LabelSummary> current = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    /** A board registering its gauges in {@code registry}. */
    public ComparisonBoard(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Takes {@code comparison} as the latest of its champion. */
    public void accept(ModelComparison comparison) {
        String champion = comparison.getChampion();
        ModelComparison before = latest.put(champion, comparison);
        if (before != null) {
            for (ContenderScore score : before.getContenders()) {
                current.remove(key(champion, score));
            }
        }
        for (ContenderScore score : comparison.getContenders()) {
            String key = key(champion, score);
            current.put(key, score.getSummary());
            if (registered.add(key)) {
                register(key, champion, score);
            }
        }
    }

    /** Forgets the comparison of {@code champion}, as a tombstone on the topic asks. */
    public void remove(String champion) {
        ModelComparison before = latest.remove(champion);
        if (before != null) {
            for (ContenderScore score : before.getContenders()) {
                current.remove(key(champion, score));
            }
        }
    }

    /** The latest comparison of {@code champion}, or null. */
    public ModelComparison of(String champion) {
        return latest.get(champion);
    }

    /** Every champion's latest comparison. */
    public List<ModelComparison> all() {
        return new ArrayList<>(latest.values());
    }

    private static String key(String champion, ContenderScore score) {
        return champion
                + '\u0000'
                + score.getRole()
                + '\u0000'
                + score.getName()
                + '\u0000'
                + score.getHead();
    }

    private void register(String key, String champion, ContenderScore score) {
        gauge(
                "scorer.compare.labels",
                "Labels the comparison covers",
                key,
                champion,
                score,
                s -> s.getLabels());
        gauge(
                "scorer.compare.logloss",
                "Mean log-loss on the compared labels",
                key,
                champion,
                score,
                LabelSummary::getLogLoss);
        gauge(
                "scorer.compare.auc",
                "ROC AUC on the compared labels",
                key,
                champion,
                score,
                LabelSummary::getAuc);
        gauge(
                "scorer.compare.calibration.error",
                "Expected calibration error (10 bins) on the compared labels",
                key,
                champion,
                score,
                LabelSummary::getCalibrationError);
        gauge(
                "scorer.compare.alert.rate",
                "Share of compared labels alerted on",
                key,
                champion,
                score,
                LabelSummary::getAlertRate);
        gauge(
                "scorer.compare.precision",
                "Precision at the head's threshold",
                key,
                champion,
                score,
                LabelSummary::getPrecision);
        gauge(
                "scorer.compare.recall",
                "Recall at the head's threshold",
                key,
                champion,
                score,
                LabelSummary::getRecall);
    }

    private void gauge(
            String name,
            String description,
            String key,
            String champion,
            ContenderScore score,
            ToDoubleFunction<LabelSummary> value) {
        Gauge.builder(
                        name,
                        current,
                        c -> {
                            LabelSummary s = c.get(key);
                            return s == null ? Double.NaN : value.applyAsDouble(s);
                        })
                .description(description)
                .tag("model", champion)
                .tag("contender", score.getName())
                .tag("role", score.getRole())
                .tag("head", score.getHead())
                .register(registry);
    }
}
