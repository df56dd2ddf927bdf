package io.streamscorer.topology;

import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.CandidateGate;
import io.streamscorer.model.FeatureVector;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.OnlineLearner;
import io.streamscorer.model.ScoringModel;
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
 * store, and publishes the next version ({@code generation.step+1}) to the control topic. With the
 * publish gate (the default) a version is published only when a frozen candidate beat the served
 * version on the labels that followed it ({@link CandidateTrial}); without it, every N labels or T
 * milliseconds. Records arrive keyed by model name, so one task owns each model. When the served
 * version is newer than the last one it published (an operator's deploy or rollback, a new
 * generation), it drops its working state and learns from that one. A logistic model trains with
 * the logistic learner and its settings, a network with the network learner and its own.
 */
final class LearnProcessor implements Processor<String, FeedbackEvent, String, Outcome<ModelSpec>> {
    static final String STAGE = "learn";
    private static final Logger LOG = LoggerFactory.getLogger(LearnProcessor.class);

    private final String storeName;
    private final ModelRegistry models;
    private final LearnerCandidates candidates;
    private final LearnerPolicy policy;
    private final long publishIntervalMs;
    private final LearnerMetrics metrics;
    private final ScorerMetrics scorerMetrics;
    private final Serializer<FeedbackEvent> feedbackWire;
    private final String feedbackTopic;
    private final Map<String, ModelLearning> working = new HashMap<>();
    private final FeatureVector vector = new FeatureVector();
    private final int[] heads = new int[ScoringModel.MAX_HEADS];
    private final int[] labels = new int[ScoringModel.MAX_HEADS];
    private ProcessorContext<String, Outcome<ModelSpec>> context;
    private KeyValueStore<String, byte[]> store;

    LearnProcessor(
            String storeName,
            ModelRegistry models,
            LearnerCandidates candidates,
            LearnerPolicy policy,
            LearnerMetrics metrics,
            ScorerMetrics scorerMetrics,
            Serializer<FeedbackEvent> feedbackWire,
            String feedbackTopic) {
        this.storeName = storeName;
        this.models = models;
        this.candidates = candidates;
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
        // the gate's trials too, or labels replayed after the restore would be counted twice.
        working.clear();
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
        if (served.isChallenger()) {
            // A learned step would be published as a champion's version and end the challenge.
            refuse(
                    record,
                    EventRejection.NO_MODEL,
                    "model '"
                            + name
                            + "' is a challenger of '"
                            + served.challengerOf()
                            + "' and does not learn; label the champion's events instead");
            return;
        }
        if (served.learningPaused()) {
            refuse(
                    record,
                    EventRejection.LEARNING_PAUSED,
                    "learning is paused for model '" + name + "'");
            return;
        }
        ModelLearning learning = learning(name, served);
        OnlineLearner learner = learning.learner();
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
        long labelsBefore = learning.checkpoint().sincePublish;
        ModelLearning.Step step = learning.learn(vector.values(), heads, labels, count, weight);
        UpdateResult result = step.result();
        LearnerMetrics.ModelMeters meters = metrics.of(name);
        for (int k = 0; k < result.count(); k++) {
            // Finite but huge features can overflow a logit; such a prediction has no loss to
            // record, and recording it would throw on the stream thread.
            if (Double.isFinite(result.logit(k))) {
                meters.progressive().record(result.logit(k), result.label(k));
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
        }
        if (step.decision() != CandidateGate.Decision.PENDING) {
            meters.gateDifference(step.difference());
        }
        if (step.held() != null) {
            meters.gated().increment();
            LOG.info(
                    "Publish gate holds back model '{}' {}: not shown better than the served"
                            + " version, {}",
                    name,
                    step.held().version(),
                    step.evaluation());
        }
        if (step.publish() != null) {
            if (step.evaluation() != null) {
                LOG.info(
                        "Publish gate: model '{}' {} beat the served version, {}",
                        name,
                        step.publish().version(),
                        step.evaluation());
            }
            publish(
                    name,
                    learning,
                    step.publish(),
                    step.notes(),
                    labelsBefore + (result.applied() ? 1 : 0),
                    record.timestamp());
        }
        candidates.set(name, learning.candidate());
        store.put(name, learning.checkpoint().encode());
    }

    private ModelLearning learning(String name, ServedModel served) {
        ModelLearning learning = working.get(name);
        if (learning == null) {
            byte[] stored = store.get(name);
            if (stored != null) {
                ModelLearning.Restored restored =
                        ModelLearning.restore(stored, served.model(), policy);
                learning = restored.learning();
                if (restored.optimizerStateReset()) {
                    LOG.warn(
                            "Learner state of model '{}' was written with {} in an earlier format"
                                    + " or by another optimizer; optimizer state reset for {}",
                            name,
                            restored.storedOptimizer(),
                            learning.learner().settings().optimizer());
                }
            }
        }
        ModelVersion version = served.model().version();
        if (learning == null || version.isNewerThan(learning.published())) {
            if (learning != null) {
                LOG.info(
                        "Model '{}' {} supersedes the learner's {}; learning continues from it",
                        name,
                        version,
                        learning.published());
            }
            learning = ModelLearning.startFrom(served, policy, context.currentSystemTimeMs());
        }
        working.put(name, learning);
        return learning;
    }

    private void publishDue(long now) {
        Iterator<Map.Entry<String, ModelLearning>> it = working.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, ModelLearning> entry = it.next();
            String name = entry.getKey();
            ModelLearning learning = entry.getValue();
            ServedModel served = models.served(name);
            if (served == null) {
                // Retired by a tombstone: publishing its learned state would serve it again.
                LOG.info("Model '{}' was retired; its learner state is dropped", name);
                it.remove();
                store.delete(name);
                continue;
            }
            LearnerCheckpoint checkpoint = learning.checkpoint();
            if (now - checkpoint.lastPublishMs >= publishIntervalMs
                    && mayPublishOver(served, checkpoint)) {
                long labels = checkpoint.sincePublish;
                ScoringModel due = learning.dueByTime();
                if (due != null) {
                    publish(name, learning, due, Map.of(), labels, now);
                    store.put(name, checkpoint.encode());
                }
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

    /**
     * Forwards {@code snapshot}, a version of the learner's state that {@link ModelLearning} chose,
     * to the control topic, with {@code notes} added to its metadata.
     */
    private void publish(
            String name,
            ModelLearning learning,
            ScoringModel snapshot,
            Map<String, String> notes,
            long labels,
            long timestamp) {
        LearnerMetrics.ModelMeters meters = metrics.of(name);
        OnlineLearner learner = learning.learner();
        // A learner numbers its versions as consecutive steps of the generation it learns in.
        ModelVersion parent =
                new ModelVersion(snapshot.version().generation(), snapshot.version().step() - 1);
        ModelSpec spec =
                ModelSpecs.toSpec(
                        snapshot,
                        "learner",
                        parent,
                        Instant.ofEpochMilli(context.currentSystemTimeMs()));
        spec.getMetadata().put("learner.labels", Long.toString(learner.counters().applied()));
        spec.getMetadata().put("learner.optimizer", learner.settings().optimizer().name());
        spec.getMetadata()
                .put(
                        "learner.window.logloss",
                        Double.toString(meters.progressive().windowLogLoss()));
        spec.getMetadata()
                .put("learner.window.auc", Double.toString(meters.progressive().windowAuc()));
        spec.getMetadata().putAll(notes);
        ModelSpec signed = policy.signer().map(signer -> signer.sign(spec)).orElse(spec);
        context.forward(new Record<>(name, Outcome.accept(signed), timestamp));
        LOG.info(
                "Learner published model '{}' {} after {} new label(s)",
                name,
                snapshot.version(),
                labels);
        learning.checkpoint().lastPublishMs = context.currentSystemTimeMs();
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
