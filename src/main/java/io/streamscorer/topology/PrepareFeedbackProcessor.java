package io.streamscorer.topology;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.ScoringModel;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Turns one feedback record into a labelled example for the learner, or refuses it with a reason:
 * checks the key, the model, the labels and the weight; joins the remembered features when the
 * label carries only the event id; and drops heads already labelled for the event within the
 * retention, so a duplicate label is applied once. Runs partitioned by event id, before the
 * examples are regrouped by model.
 */
final class PrepareFeedbackProcessor
        implements FixedKeyProcessor<String, Sourced<FeedbackEvent>, Outcome<FeedbackEvent>> {
    static final String STAGE = "prepare-feedback";

    /**
     * How far ahead of the wall clock a record's timestamp may be: a small share of the shortest
     * retention (a day), and more than any synchronised clock is off. The window stores expire
     * entries by the newest timestamp they were given, so a single record stamped in the far future
     * (microseconds written as milliseconds) would expire every label and remembered event of its
     * partition at once, and duplicates would be learned again.
     */
    static final long FUTURE_TOLERANCE_MS = Duration.ofHours(1).toMillis();

    private final ModelRegistry models;
    private final String defaultModel;
    private final long retentionMs;
    private final String rememberedStoreName;
    private final String labelledStoreName;
    private final Deserializer<FeatureEvent> featureEvents;
    private final ScorerMetrics metrics;
    private final FeatureVector vector = new FeatureVector();
    private FixedKeyProcessorContext<String, Outcome<FeedbackEvent>> context;
    private WindowStore<String, byte[]> remembered;
    private WindowStore<String, Long> labelled;

    /**
     * @param rememberedStoreName the remembered-features store, or null when remembering is off
     */
    PrepareFeedbackProcessor(
            ModelRegistry models,
            String defaultModel,
            Duration retention,
            String rememberedStoreName,
            String labelledStoreName,
            Deserializer<FeatureEvent> featureEvents,
            ScorerMetrics metrics) {
        this.models = models;
        this.defaultModel = defaultModel;
        this.retentionMs = retention.toMillis();
        this.rememberedStoreName = rememberedStoreName;
        this.labelledStoreName = labelledStoreName;
        this.featureEvents = featureEvents;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Outcome<FeedbackEvent>> context) {
        this.context = context;
        this.labelled = context.getStateStore(labelledStoreName);
        this.remembered =
                rememberedStoreName == null ? null : context.getStateStore(rememberedStoreName);
    }

    @Override
    public void process(FixedKeyRecord<String, Sourced<FeedbackEvent>> record) {
        Sourced<FeedbackEvent> input = record.value();
        if (input == null) {
            refuse(record, EventRejection.MISSING_VALUE, "record has no value");
            return;
        }
        FeedbackEvent feedback = input.value();
        if (record.key() == null) {
            refuse(record, EventRejection.MISSING_KEY, "record has no key (event id)");
            return;
        }
        if (!record.key().equals(feedback.getEventId())) {
            refuse(
                    record,
                    EventRejection.KEY_MISMATCH,
                    "key '"
                            + record.key()
                            + "' differs from event id '"
                            + feedback.getEventId()
                            + "'");
            return;
        }
        long now = context.currentSystemTimeMs();
        if (record.timestamp() > now + FUTURE_TOLERANCE_MS) {
            refuse(
                    record,
                    EventRejection.FUTURE_TIMESTAMP,
                    "timestamp "
                            + Instant.ofEpochMilli(record.timestamp())
                            + " is more than an hour after the scorer's clock ("
                            + Instant.ofEpochMilli(now)
                            + ")");
            return;
        }
        String modelName = feedback.getModelName() == null ? defaultModel : feedback.getModelName();
        ServedModel served = models.served(modelName);
        if (served == null) {
            refuse(record, EventRejection.NO_MODEL, "no model named '" + modelName + "' is loaded");
            return;
        }
        if (served.learningPaused()) {
            refuse(
                    record,
                    EventRejection.LEARNING_PAUSED,
                    "learning is paused for model '"
                            + modelName
                            + "' at "
                            + served.model().version());
            return;
        }
        Refusal refusal = checkLabelsAndWeight(feedback, served.model());
        if (refusal != null) {
            refuse(record, refusal.reason(), refusal.detail());
            return;
        }
        Map<String, Double> features = feedback.getFeatures();
        if (features == null) {
            features = rememberedFeatures(record, feedback);
            if (features == null) {
                return;
            }
        }
        served.model().encode(features, vector);
        if (vector.nonFiniteFeature() != null) {
            refuse(
                    record,
                    EventRejection.NON_FINITE_FEATURE,
                    "feature '"
                            + vector.nonFiniteFeature()
                            + "' is "
                            + features.get(vector.nonFiniteFeature()));
            return;
        }
        Map<String, Integer> fresh = unlabelledHeads(feedback, record.timestamp());
        if (fresh.isEmpty()) {
            refuse(
                    record,
                    EventRejection.DUPLICATE_LABEL,
                    "event '"
                            + feedback.getEventId()
                            + "' already labelled for heads "
                            + feedback.getLabels().keySet());
            return;
        }
        fresh.keySet()
                .forEach(
                        head ->
                                labelled.put(
                                        labelKey(feedback.getEventId(), head),
                                        record.timestamp(),
                                        record.timestamp()));
        // Built field by field: a builder from the feedback would deep-copy its feature map, and
        // the feedback is not used again.
        FeedbackEvent example =
                new FeedbackEvent(
                        feedback.getEventId(),
                        fresh,
                        features,
                        feedback.getWeight(),
                        modelName,
                        feedback.getSource(),
                        feedback.getEventTime(),
                        feedback.getLabeledAt());
        context.forward(
                record.withValue(Outcome.accept(example))
                        .withHeaders(
                                FeedbackOrigin.stamp(
                                        record.headers(), context.recordMetadata().orElse(null))));
    }

    private record Refusal(EventRejection reason, String detail) {}

    private static Refusal checkLabelsAndWeight(FeedbackEvent feedback, ScoringModel model) {
        Double weight = feedback.getWeight();
        if (weight != null && !(Double.isFinite(weight) && weight >= 0)) {
            return new Refusal(
                    EventRejection.INVALID_WEIGHT, "weight must be finite and >= 0, got " + weight);
        }
        if (feedback.getLabels().isEmpty()) {
            return new Refusal(
                    EventRejection.INVALID_LABEL, "labels are empty: label at least one head");
        }
        for (Map.Entry<String, Integer> label : feedback.getLabels().entrySet()) {
            if (model.headIndex(label.getKey()) < 0) {
                return new Refusal(
                        EventRejection.UNKNOWN_HEAD,
                        "head '"
                                + label.getKey()
                                + "' is not a head of model '"
                                + model.name()
                                + "'");
            }
            Integer value = label.getValue();
            if (value == null || (value != 0 && value != 1)) {
                return new Refusal(
                        EventRejection.INVALID_LABEL,
                        "label of head '" + label.getKey() + "' must be 0 or 1, got " + value);
            }
        }
        return null;
    }

    private Map<String, Double> rememberedFeatures(
            FixedKeyRecord<String, Sourced<FeedbackEvent>> record, FeedbackEvent feedback) {
        if (remembered == null) {
            refuse(
                    record,
                    EventRejection.FEATURES_NOT_REMEMBERED,
                    "label carries no features and scorer.feedback.remember.features is off");
            return null;
        }
        byte[] bytes = null;
        try (WindowStoreIterator<byte[]> it =
                remembered.fetch(feedback.getEventId(), 0L, Long.MAX_VALUE)) {
            while (it.hasNext()) {
                bytes = it.next().value;
            }
        }
        if (bytes == null) {
            boolean expired =
                    feedback.getEventTime() != null
                            && feedback.getEventTime().toEpochMilli()
                                    < record.timestamp() - retentionMs;
            refuse(
                    record,
                    expired ? EventRejection.EXPIRED_EVENT : EventRejection.UNKNOWN_EVENT,
                    expired
                            ? "event '"
                                    + feedback.getEventId()
                                    + "' happened before the feedback retention"
                            : "no feature event with id '"
                                    + feedback.getEventId()
                                    + "' was seen within the feedback retention");
            return null;
        }
        return featureEvents.deserialize(rememberedStoreName, bytes).getFeatures();
    }

    private Map<String, Integer> unlabelledHeads(FeedbackEvent feedback, long now) {
        Map<String, Integer> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> label : feedback.getLabels().entrySet()) {
            String key = labelKey(feedback.getEventId(), label.getKey());
            boolean seen;
            try (WindowStoreIterator<Long> it =
                    labelled.fetch(key, now - retentionMs, Long.MAX_VALUE)) {
                seen = it.hasNext();
            }
            if (!seen) {
                fresh.put(label.getKey(), label.getValue());
            }
        }
        return fresh;
    }

    private static String labelKey(String eventId, String head) {
        // NUL cannot appear in a head name written by a sane producer; it keeps keys unambiguous.
        return eventId + '\u0000' + head;
    }

    private void refuse(
            FixedKeyRecord<String, Sourced<FeedbackEvent>> record,
            EventRejection reason,
            String detail) {
        metrics.deadLettered(reason.name(), STAGE);
        context.forward(
                Outcome.<FeedbackEvent, FeedbackEvent>refusal(
                        record, context.recordMetadata(), reason, STAGE, detail));
    }
}
