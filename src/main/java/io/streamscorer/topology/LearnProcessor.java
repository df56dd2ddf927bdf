package io.streamscorer.topology;

import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.OnlineLearner;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import io.streamscorer.model.Sigmoid;
import io.streamscorer.model.UpdateResult;
import io.streamscorer.model.UpdateStatus;
import io.streamscorer.spec.ModelSpecs;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of each model's learned versions: applies every labelled example to the model's
 * working weights (one update per label), keeps the weights and optimizer state in a changelogged
 * store, and publishes the next version ({@code generation.step+1}) to the control topic every N
 * labels or T milliseconds. Records arrive keyed by model name, so one task owns each model. When
 * the served version is newer than the last one it published (an operator's deploy or rollback, a
 * new generation), it drops its working state and learns from that one. A logistic model trains
 * with the logistic learner and its settings, a network with the network learner and its own.
 */
final class LearnProcessor implements Processor<String, FeedbackEvent, String, Outcome<ModelSpec>> {
    static final String STAGE = "learn";
    private static final Logger LOG = LoggerFactory.getLogger(LearnProcessor.class);

    private final String storeName;
    private final ModelRegistry models;
    private final LearnerSettings settings;
    private final LearnerSettings networkSettings;
    private final LearnerPolicy policy;
    private final ScoringWorkspace servedWorkspace = new ScoringWorkspace();
    private final long publishIntervalMs;
    private final LearnerMetrics metrics;
    private final ScorerMetrics scorerMetrics;
    private final Serializer<FeedbackEvent> feedbackWire;
    private final String feedbackTopic;
    private final Map<String, LearnerCheckpoint> working = new HashMap<>();
    private final Map<String, PublishGate> gates = new HashMap<>();
    private final Map<String, String> held = new HashMap<>();
    private final FeatureVector vector = new FeatureVector();
    private final int[] heads = new int[ScoringModel.MAX_HEADS];
    private final int[] labels = new int[ScoringModel.MAX_HEADS];
    private ProcessorContext<String, Outcome<ModelSpec>> context;
    private KeyValueStore<String, byte[]> store;

    LearnProcessor(
            String storeName,
            ModelRegistry models,
            LearnerPolicy policy,
            LearnerMetrics metrics,
            ScorerMetrics scorerMetrics,
            Serializer<FeedbackEvent> feedbackWire,
            String feedbackTopic) {
        this.storeName = storeName;
        this.models = models;
        this.settings = policy.settings();
        this.networkSettings = policy.networkSettings();
        this.policy = policy;
        this.publishIntervalMs = policy.publishInterval().toMillis();
        this.metrics = metrics;
        this.scorerMetrics = scorerMetrics;
        this.feedbackWire = feedbackWire;
        this.feedbackTopic = feedbackTopic;
    }

    @Override
    public void init(ProcessorContext<String, Outcome<ModelSpec>> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // A restored task starts from what the store holds, never from memory of an older run;
        // the gates too, or labels replayed after the restore would be counted twice in them.
        working.clear();
        gates.clear();
        held.clear();
        context.schedule(
                Duration.ofMillis(Math.min(1_000, publishIntervalMs)),
                PunctuationType.WALL_CLOCK_TIME,
                this::publishDue);
    }

    @Override
    public void process(Record<String, FeedbackEvent> record) {
        String name = record.key();
        FeedbackEvent example = record.value();
        ServedModel served = models.served(name);
        if (served == null) {
            refuse(record, EventRejection.NO_MODEL, "model '" + name + "' is no longer served");
            return;
        }
        if (served.learningPaused()) {
            refuse(
                    record,
                    EventRejection.LEARNING_PAUSED,
                    "learning is paused for model '" + name + "'");
            return;
        }
        LearnerCheckpoint checkpoint = checkpoint(name, served.model());
        OnlineLearner learner = checkpoint.learner;
        int count = 0;
        for (Map.Entry<String, Integer> label : example.getLabels().entrySet()) {
            int head = learner.headIndex(label.getKey());
            if (head < 0 || count == heads.length) {
                refuse(
                        record,
                        EventRejection.UNKNOWN_HEAD,
                        "head '" + label.getKey() + "' is not a head of " + name);
                return;
            }
            heads[count] = head;
            labels[count] = label.getValue();
            count++;
        }
        learner.encodeFeatures(example.getFeatures(), vector);
        double weight = example.getWeight() == null ? 1.0 : example.getWeight();
        if (policy.gateEnabled()) {
            served.model().score(vector.values(), servedWorkspace);
        }
        UpdateResult result = learner.learn(vector.values(), heads, labels, count, weight);
        LearnerMetrics.ModelMeters meters = metrics.of(name);
        PublishGate gate = gates.computeIfAbsent(name, n -> policy.newGate());
        for (int k = 0; k < result.count(); k++) {
            // Finite but huge features can overflow a logit; such a prediction has no loss to
            // record, and recording it would throw on the stream thread.
            if (Double.isFinite(result.logit(k))) {
                meters.progressive().record(result.logit(k), result.label(k));
                if (policy.gateEnabled()) {
                    double servedLogit = servedWorkspace.logit(result.head(k));
                    // An infinite loss would turn the gate's sums to inf or NaN, and the gate
                    // would then let every version through.
                    if (Double.isFinite(servedLogit)) {
                        gate.record(
                                Sigmoid.logLoss(result.logit(k), result.label(k)),
                                Sigmoid.logLoss(servedLogit, result.label(k)));
                    }
                }
            }
        }
        if (result.status() == UpdateStatus.REFUSED_NON_FINITE) {
            meters.refused().increment();
            refuse(
                    record,
                    EventRejection.UPDATE_REFUSED,
                    "the update would make a weight of model '" + name + "' non-finite");
            return;
        }
        if (result.weightChangeClipped()) {
            meters.clipped().increment();
        }
        if (result.applied()) {
            meters.labels().increment();
            checkpoint.sincePublish++;
        }
        if (checkpoint.sincePublish >= policy.publishEvery()) {
            publish(name, checkpoint, record.timestamp());
        }
        store.put(name, checkpoint.encode());
    }

    private LearnerCheckpoint checkpoint(String name, ScoringModel served) {
        LearnerCheckpoint checkpoint = working.get(name);
        if (checkpoint == null) {
            byte[] stored = store.get(name);
            if (stored != null) {
                LearnerCheckpoint.Decoded decoded =
                        LearnerCheckpoint.decode(stored, settings, networkSettings);
                if (decoded.restored().optimizerStateReset()) {
                    LOG.warn(
                            "Learner state of model '{}' was written with {}; optimizer state reset for {}",
                            name,
                            decoded.restored().storedOptimizer(),
                            decoded.checkpoint().learner.settings().optimizer());
                }
                checkpoint = decoded.checkpoint();
            }
        }
        if (checkpoint == null || served.version().isNewerThan(checkpoint.published)) {
            if (checkpoint != null) {
                LOG.info(
                        "Model '{}' {} supersedes the learner's {}; learning continues from it",
                        name,
                        served.version(),
                        checkpoint.published);
            }
            PublishGate gate = gates.get(name);
            if (gate != null) {
                gate.clear();
            }
            checkpoint =
                    new LearnerCheckpoint(
                            OnlineLearner.startFrom(served, settings, networkSettings),
                            served.version(),
                            0,
                            context.currentSystemTimeMs());
        }
        working.put(name, checkpoint);
        return checkpoint;
    }

    private void publishDue(long now) {
        Iterator<Map.Entry<String, LearnerCheckpoint>> it = working.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, LearnerCheckpoint> entry = it.next();
            String name = entry.getKey();
            LearnerCheckpoint checkpoint = entry.getValue();
            ServedModel served = models.served(name);
            if (served == null) {
                // Retired by a tombstone: publishing its learned state would serve it again.
                LOG.info("Model '{}' was retired; its learner state is dropped", name);
                it.remove();
                store.delete(name);
                continue;
            }
            if (checkpoint.sincePublish > 0
                    && now - checkpoint.lastPublishMs >= publishIntervalMs
                    && mayPublishOver(served, checkpoint)) {
                publish(name, checkpoint, now);
                store.put(name, checkpoint.encode());
            }
        }
    }

    /**
     * Whether a step of the learner's generation may still follow what is served: not once an
     * operator has paused learning or deployed a newer version. Instances would refuse it anyway,
     * but on the compacted control topic it would be the last record for the name, so a restarted
     * instance would fold it out of order; the next label resets the learner to the new version.
     */
    private static boolean mayPublishOver(ServedModel served, LearnerCheckpoint checkpoint) {
        return !served.learningPaused()
                && !served.model().version().isNewerThan(checkpoint.published);
    }

    private void publish(String name, LearnerCheckpoint checkpoint, long timestamp) {
        PublishGate gate = gates.computeIfAbsent(name, n -> policy.newGate());
        String hold = gate.holdReason();
        LearnerMetrics.ModelMeters meters = metrics.of(name);
        if (hold != null) {
            if (held.put(name, hold) == null) {
                meters.gated().increment();
                LOG.warn(
                        "Publish gate holds back model '{}' after {}: {}",
                        name,
                        checkpoint.published,
                        hold);
            }
            return;
        }
        if (held.remove(name) != null) {
            LOG.info("Publish gate lets model '{}' publish again", name);
        }
        ModelVersion version = checkpoint.published.nextStep();
        ScoringModel snapshot = checkpoint.learner.snapshot(version);
        ModelSpec spec =
                ModelSpecs.toSpec(
                        snapshot,
                        "learner",
                        checkpoint.published,
                        Instant.ofEpochMilli(context.currentSystemTimeMs()));
        spec.getMetadata()
                .put("learner.labels", Long.toString(checkpoint.learner.updatesApplied()));
        spec.getMetadata()
                .put("learner.optimizer", checkpoint.learner.settings().optimizer().name());
        spec.getMetadata()
                .put(
                        "learner.window.logloss",
                        Double.toString(meters.progressive().windowLogLoss()));
        spec.getMetadata()
                .put("learner.window.auc", Double.toString(meters.progressive().windowAuc()));
        ModelSpec signed = policy.signer().map(signer -> signer.sign(spec)).orElse(spec);
        context.forward(new Record<>(name, Outcome.accept(signed), timestamp));
        LOG.info(
                "Learner published model '{}' {} after {} new label(s)",
                name,
                version,
                checkpoint.sincePublish);
        checkpoint.published = version;
        checkpoint.sincePublish = 0;
        checkpoint.lastPublishMs = context.currentSystemTimeMs();
        meters.published().increment();
    }

    private void refuse(
            Record<String, FeedbackEvent> record, EventRejection reason, String detail) {
        scorerMetrics.deadLettered(reason.name(), STAGE);
        FeedbackEvent example = record.value();
        context.forward(
                new Record<String, Outcome<ModelSpec>>(
                        example.getEventId(),
                        Outcome.refuse(feedbackWire.serialize(feedbackTopic, example)),
                        record.timestamp(),
                        DeadLetters.headers(
                                record.headers(),
                                reason.name(),
                                STAGE,
                                detail,
                                EventRejection.class.getName(),
                                FeedbackOrigin.topic(record.headers()),
                                FeedbackOrigin.partition(record.headers()),
                                FeedbackOrigin.offset(record.headers()))));
    }
}
