package io.streamscorer.topology;

import io.streamscorer.avro.Challenge;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.InvalidModelException;
import io.streamscorer.model.ModelRejection;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.serde.WireFormatException;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSpecs;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies control-topic records to the {@link ModelRegistry}: decodes and validates each {@link
 * ModelSpec} and, only if it is valid and newer than the version served, swaps it in whole and
 * keeps its bytes in the global model store. A bad record is logged, counted and dead-lettered;
 * this processor never throws on bad data, because the global thread that runs it takes the whole
 * instance down when it dies and would replay the same record on restart.
 *
 * <p>At init it serves every model already in the store, so a restarted instance scores with the
 * latest model from its first record whether or not restoration ran through this processor.
 */
final class ApplyModelProcessor implements Processor<String, byte[], Void, Void> {
    static final String STAGE = "apply-model";
    private static final Logger LOG = LoggerFactory.getLogger(ApplyModelProcessor.class);

    private final String storeName;
    private final Deserializer<ModelSpec> specs;
    private final int maxBytes;
    private final List<PublicKey> verifyKeys;
    private final ScorerServices services;
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;

    ApplyModelProcessor(
            String storeName,
            Deserializer<ModelSpec> specs,
            int maxBytes,
            List<PublicKey> verifyKeys,
            ScorerServices services) {
        this.storeName = storeName;
        this.specs = specs;
        this.maxBytes = maxBytes;
        this.verifyKeys = List.copyOf(verifyKeys);
        this.services = services;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        int loaded = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                try {
                    ServedModel served = serve(decode(entry.value));
                    if (services.models().offer(served).isEmpty()) {
                        services.metrics().modelServed(served.model());
                        loaded++;
                    }
                } catch (InvalidModelException | WireFormatException e) {
                    LOG.warn(
                            "Stored model '{}' no longer loads and is skipped: {}",
                            entry.key,
                            e.getMessage());
                }
            }
        }
        LOG.info(
                "Model store opened: {} model(s) taken from the store; serving {}",
                loaded,
                services.models().versions());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String name = record.key();
        byte[] value = record.value();
        if (name == null) {
            reject(record, ModelRejection.UNPARSABLE, "control record has no key (model name)");
            return;
        }
        if (value == null) {
            if (!verifyKeys.isEmpty()) {
                reject(
                        record,
                        ModelRejection.UNSIGNED,
                        "a tombstone cannot be signed, and scorer.model.verify.public-key is set:"
                                + " models are not retired from the control topic; republish the"
                                + " served version so that the tombstone is not the last record"
                                + " compaction keeps");
                return;
            }
            services.models()
                    .retire(name)
                    .ifPresent(
                            old ->
                                    LOG.warn(
                                            "Model '{}' retired by a tombstone; it was at {}",
                                            name,
                                            old.model().version()));
            store.delete(name);
            return;
        }
        if (value.length > maxBytes) {
            reject(
                    record,
                    ModelRejection.TOO_LARGE,
                    "control record of "
                            + value.length
                            + " bytes exceeds scorer.model.max.bytes="
                            + maxBytes);
            return;
        }
        ServedModel served;
        try {
            ModelSpec spec = decode(value);
            if (!name.equals(spec.getName())) {
                reject(
                        record,
                        ModelRejection.UNSUPPORTED_STRUCTURE,
                        "record key '"
                                + name
                                + "' differs from model name '"
                                + spec.getName()
                                + "'");
                return;
            }
            if (!verifyKeys.isEmpty() && !ModelSignatures.verify(spec, verifyKeys)) {
                boolean unsigned = spec.getSignature() == null;
                // As written, not parsed: an unsigned record's version may not even be valid.
                String version =
                        spec.getVersion().getGeneration() + "." + spec.getVersion().getStep();
                reject(
                        record,
                        unsigned ? ModelRejection.UNSIGNED : ModelRejection.BAD_SIGNATURE,
                        unsigned
                                ? "version " + version + " is not signed"
                                : "the signature of version "
                                        + version
                                        + " (key id "
                                        + spec.getSigningKeyId()
                                        + ") verifies with none of the configured public keys");
                return;
            }
            served = serve(spec);
        } catch (WireFormatException e) {
            reject(record, ModelRejection.UNPARSABLE, e.getMessage());
            return;
        } catch (InvalidModelException e) {
            reject(record, e.reason(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            // Whatever else a hostile record trips over must not stop the global thread: every
            // start replays the control topic, so it would never come back up.
            LOG.error("Unexpected failure reading a control record for model '{}'", name, e);
            reject(record, ModelRejection.UNPARSABLE, "cannot be read: " + e);
            return;
        }
        ScoringModel model = served.model();
        Optional<ModelVersion> refusedBy = services.models().offer(served);
        if (refusedBy.isPresent()) {
            reject(
                    record,
                    ModelRejection.STALE_VERSION,
                    "version "
                            + model.version()
                            + " is not newer than "
                            + refusedBy.get()
                            + ", the newest version served under this name");
            return;
        }
        store.put(name, value);
        services.metrics().modelServed(model);
        LOG.info(
                "Model '{}' now served at version {} (origin {}{}{})",
                name,
                model.version(),
                served.origin(),
                served.learningPaused() ? ", learning paused" : "",
                served.isChallenger()
                        ? ", challenger of '"
                                + served.challengerOf()
                                + "', deciding for "
                                + served.share()
                                + " of its entities"
                        : "");
    }

    private static ServedModel serve(ModelSpec spec) {
        Challenge challenge = spec.getChallenge();
        ScoringModel model = ModelSpecs.toModel(spec);
        return new ServedModel(
                model,
                spec.getLearningPaused(),
                spec.getOrigin(),
                spec.getCreatedAt(),
                Instant.now(),
                spec.getPriorLabels(),
                challenge == null ? null : challenge.getChampion(),
                challenge == null ? 0.0 : challenge.getShare());
    }

    private ModelSpec decode(byte[] value) {
        return specs.deserialize(storeName, value);
    }

    private void reject(Record<String, byte[]> record, ModelRejection reason, String detail) {
        String name = record.key();
        ScoringModel current = name == null ? null : services.models().get(name);
        LOG.warn(
                "Rejected control record for model '{}' ({}): {}; still serving {}",
                name,
                reason,
                detail,
                current == null ? "nothing" : current.version());
        services.metrics().modelRejected(reason);
        services.metrics().deadLettered(reason.name(), STAGE);
        Optional<RecordMetadata> meta = context.recordMetadata();
        services.controlRejects()
                .send(
                        name == null ? null : name.getBytes(StandardCharsets.UTF_8),
                        record.value(),
                        DeadLetters.headers(
                                record.headers(),
                                reason.name(),
                                STAGE,
                                detail,
                                InvalidModelException.class.getName(),
                                meta.map(RecordMetadata::topic).orElse(null),
                                meta.map(RecordMetadata::partition).orElse(-1),
                                meta.map(RecordMetadata::offset).orElse(-1L)));
    }
}
