package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.streamscorer.avro.DenseLayer;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ModelHead;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.ModelRejection;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.runtime.ControlTopicClient;
import io.streamscorer.runtime.ModelOperations;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSpecs;
import io.streamscorer.topology.DeadLetters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Floods the control topic, straight from a raw producer, with 1,000 bad model versions of nineteen
 * kinds (non-finite parameters, wrong dimensions, duplicated or blank feature names, version
 * regressions, unparsable bytes, a wrong or missing key, the largest record the topic accepts)
 * while events are scored, and checks that none is served: every score names the last good version,
 * each rejection is counted by reason and dead-lettered once with its reason and origin, the
 * instance keeps running, a new instance restores the good version past the flood, and both still
 * take the next good version.
 *
 * <p>Two hostile records never reach the scorer, and the test checks that the broker refuses them:
 * a 100 MB record (the control topic's {@code max.message.bytes} is 16 MiB, so the oversized record
 * that reaches the scorer is the largest the topic accepts) and a record without a key (a compacted
 * topic takes none). With signatures verified, unsigned, wrongly signed and altered versions are
 * refused the same way. {@code -Dfaults.control.bad=N} scales the flood, see docs/faults.md.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class HostileControlIT {
    private static final Logger LOG = LoggerFactory.getLogger(HostileControlIT.class);
    private static final int BAD = Integer.getInteger("faults.control.bad", 1_000);
    private static final int EVENTS_PER_100_BAD = 100;
    private static final int HUNDRED_MB = 100_000_000;
    private static final int TOPIC_LIMIT = 16 * 1024 * 1024;

    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static ModelFile file;

    /** A kind of bad control record and the rejection reason it must get. */
    private enum Bad {
        NAN_WEIGHT(ModelRejection.NON_FINITE_PARAMETER),
        INFINITE_WEIGHT(ModelRejection.NON_FINITE_PARAMETER),
        INFINITE_BIAS(ModelRejection.NON_FINITE_PARAMETER),
        NAN_IMPUTATION(ModelRejection.NON_FINITE_PARAMETER),
        THRESHOLD_ABOVE_ONE(ModelRejection.NON_FINITE_PARAMETER),
        TOO_FEW_WEIGHTS(ModelRejection.DIMENSION_MISMATCH),
        TOO_MANY_WEIGHTS(ModelRejection.DIMENSION_MISMATCH),
        WRONG_IMPUTATION_LENGTH(ModelRejection.DIMENSION_MISMATCH),
        DUPLICATED_FEATURE_NAME(ModelRejection.DUPLICATE_FEATURE),
        BLANK_FEATURE_NAME(ModelRejection.INVALID_FEATURE_NAME),
        NO_HEADS(ModelRejection.EMPTY_MODEL),
        NEGATIVE_VERSION(ModelRejection.EMPTY_MODEL),
        UNKNOWN_ACTIVATION(ModelRejection.UNSUPPORTED_STRUCTURE),
        KEY_NAMES_ANOTHER_MODEL(ModelRejection.UNSUPPORTED_STRUCTURE),
        OLDER_VERSION(ModelRejection.STALE_VERSION),
        SAME_VERSION_OTHER_WEIGHTS(ModelRejection.STALE_VERSION),
        RANDOM_BYTES(ModelRejection.UNPARSABLE),
        TRUNCATED_SPEC(ModelRejection.UNPARSABLE),
        // Once each, first: too large for the dead-letter topic, so their letters carry no value.
        LARGEST_THE_TOPIC_ACCEPTS(ModelRejection.TOO_LARGE, true),
        NAN_WEIGHT_IN_A_2_MIB_MODEL(ModelRejection.NON_FINITE_PARAMETER, true);

        final ModelRejection reason;
        final boolean once;

        Bad(ModelRejection reason) {
            this(reason, false);
        }

        Bad(ModelRejection reason, boolean once) {
            this.reason = reason;
            this.once = once;
        }

        /** The kinds sent once each, first, then the others in turn. */
        static Bad forRecord(int n) {
            List<Bad> first = Arrays.stream(values()).filter(b -> b.once).toList();
            List<Bad> inTurn = Arrays.stream(values()).filter(b -> !b.once).toList();
            return n < first.size() ? first.get(n) : inTurn.get(n % inTurn.size());
        }
    }

    private record Sent(
            Bad kind, ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> where) {}

    @BeforeAll
    static void startCluster() {
        file = ModelFile.read(Path.of("config/models/fraud.json"));
    }

    @Test
    void shouldRejectEveryHostileControlRecordAndKeepServingTheLastGoodModel() throws Exception {
        ScorerConfig config =
                cluster.config("hostile-control", Map.of("scorer.learning.enabled", "false"));
        String controlTopic = config.getString(ScorerConfig.TOPIC_MODELS_CONFIG);
        ModelVersion good;
        try (ControlTopicClient control = new ControlTopicClient(config, cluster.serdes(config))) {
            good = new ModelOperations(control).push(file, "5.0", "it").model().version();
        }
        ScorerInstance first = cluster.startInstance(config);
        await().atMost(Duration.ofSeconds(90))
                .until(
                        () ->
                                first.state() == KafkaStreams.State.RUNNING
                                        && good.equals(first.models().get("fraud").version()));
        Serializer<ModelSpec> specs =
                cluster.serdes(config).valueSerde(ModelSpec.class).serializer();
        ModelSpec base = file.toSpec(good, "hostile", Instant.now());
        Specs bad = new Specs(specs, controlTopic, base, TOPIC_LIMIT);

        try (KafkaProducer<byte[], byte[]> producer = rawProducer(config, HUNDRED_MB + 1024)) {
            byte[] hundredMb = new byte[HUNDRED_MB];
            assertThatThrownBy(
                            () ->
                                    producer.send(
                                                    new ProducerRecord<>(
                                                            controlTopic,
                                                            bytes("fraud"),
                                                            hundredMb))
                                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }

        try (KafkaProducer<byte[], byte[]> producer = rawProducer(config, TOPIC_LIMIT)) {
            assertThatThrownBy(
                            () ->
                                    producer.send(
                                                    new ProducerRecord<>(
                                                            controlTopic,
                                                            null,
                                                            specs.serialize(controlTopic, base)))
                                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InvalidRecordException.class);
        }

        List<Sent> sent = new ArrayList<>();
        int events = 0;
        try (KafkaProducer<byte[], byte[]> producer = rawProducer(config, TOPIC_LIMIT);
                KafkaProducer<String, FeatureEvent> features = cluster.featureProducer(config)) {
            for (int n = 0; n < BAD; n++) {
                Bad kind = Bad.forRecord(n);
                sent.add(send(producer, kind, bad.of(kind, n)));
                if (n % 100 == 0) {
                    producer.flush();
                    ScorerClusterFixture.produceFeatures(
                            features, config, file, "during-" + n + "-", EVENTS_PER_100_BAD);
                    events += EVENTS_PER_100_BAD;
                }
            }
            producer.flush();
        }
        Map<Long, Sent> byOffset = new HashMap<>();
        for (Sent s : sent) {
            byOffset.put(s.where().get().offset(), s);
        }
        assertThat(byOffset).hasSize(BAD);

        await().atMost(Duration.ofMinutes(2))
                .failFast(
                        "the scorer stopped running",
                        () -> first.state() != KafkaStreams.State.RUNNING)
                .until(() -> rejected(first) == BAD);
        assertThat(first.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(first.models().versions()).containsExactly(Map.entry("fraud", good));
        cluster.produceFeatures(config, file, "after-flood-", 1_000);
        events += 1_000;

        ScorerInstance restarted =
                cluster.startInstance(
                        config.with(
                                Map.of("state.dir", config.originals().get("state.dir") + "-b")));
        await().atMost(Duration.ofSeconds(90))
                .until(
                        () ->
                                restarted.state() == KafkaStreams.State.RUNNING
                                        && restarted.models().get("fraud") != null);
        assertThat(restarted.models().versions()).containsExactly(Map.entry("fraud", good));

        ModelVersion next;
        try (ControlTopicClient control = new ControlTopicClient(config, cluster.serdes(config))) {
            next = new ModelOperations(control).push(file, null, "it").model().version();
        }
        assertThat(next).isEqualTo(good.nextGeneration());
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                next.equals(first.models().get("fraud").version())
                                        && next.equals(restarted.models().get("fraud").version()));
        cluster.produceFeatures(config, file, "after-next-", 1_000);

        int expectedScores = events + 1_000;
        List<ScoreEvent> scores = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (CommittedReader<ScoreEvent> scoreReader =
                        new CommittedReader<>(
                                config,
                                config.getString(ScorerConfig.TOPIC_SCORES_CONFIG),
                                cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer(),
                                r -> scores.add(r.value()));
                CommittedReader<byte[]> letterReader =
                        new CommittedReader<>(
                                config,
                                config.getString(ScorerConfig.TOPIC_DLQ_CONFIG),
                                new ByteArrayDeserializer(),
                                letters::add)) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> scoreReader.poll() >= expectedScores);
            first.close();
            restarted.close();
            scoreReader.readToEnd(Duration.ofSeconds(60));
            letterReader.readToEnd(Duration.ofSeconds(60));
        }

        assertThat(scores).hasSize(expectedScores);
        assertThat(scores)
                .filteredOn(s -> !s.getEventId().startsWith("after-next-"))
                .hasSize(events)
                .allSatisfy(s -> assertThat(version(s)).isEqualTo(good));
        assertThat(scores)
                .filteredOn(s -> s.getEventId().startsWith("after-next-"))
                .hasSize(1_000)
                .allSatisfy(s -> assertThat(version(s)).isEqualTo(next));

        assertThat(letters).hasSize(BAD);
        Map<ModelRejection, Integer> perReason = new EnumMap<>(ModelRejection.class);
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertThat(DeadLetters.text(letter.headers(), DeadLetters.TOPIC))
                    .isEqualTo(controlTopic);
            assertThat(DeadLetters.text(letter.headers(), DeadLetters.PARTITION)).isEqualTo("0");
            assertThat(DeadLetters.text(letter.headers(), DeadLetters.STAGE))
                    .isEqualTo("apply-model");
            long offset = Long.parseLong(DeadLetters.text(letter.headers(), DeadLetters.OFFSET));
            Sent origin = byOffset.remove(offset);
            assertThat(origin)
                    .as("the record at offset %d, dead-lettered once", offset)
                    .isNotNull();
            assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON))
                    .as("reason for %s", origin.kind())
                    .isEqualTo(origin.kind().reason.name());
            assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL)).isNotBlank();
            if (origin.kind().once) {
                assertThat(letter.value()).isNull();
                assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL))
                        .contains("would not fit the dead-letter topic");
            } else {
                assertThat(letter.value()).isEqualTo(origin.record().value());
            }
            perReason.merge(origin.kind().reason, 1, Integer::sum);
        }
        assertThat(byOffset).isEmpty();
        perReason.forEach(
                (reason, count) ->
                        assertThat(rejectedCounter(first, reason).count())
                                .as("scorer.models.rejected %s", reason)
                                .isEqualTo(count.doubleValue()));
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "Hostile control records: %,d rejected (%s), %,d scores all naming %s, then %s",
                        BAD,
                        perReason,
                        expectedScores - 1_000,
                        good,
                        next));
    }

    @Test
    void shouldServeOnlyModelsSignedWithTheConfiguredKeyWhenSignaturesAreVerified()
            throws Exception {
        KeyPair operator = ModelSignatures.generate();
        KeyPair stranger = ModelSignatures.generate();
        ScorerConfig config =
                cluster.config(
                        "hostile-signed",
                        Map.of(
                                "scorer.learning.enabled",
                                "false",
                                ScorerConfig.MODEL_VERIFY_PUBLIC_KEY_CONFIG,
                                ModelSignatures.pem(operator.getPublic())));
        String controlTopic = config.getString(ScorerConfig.TOPIC_MODELS_CONFIG);
        Serializer<ModelSpec> specs =
                cluster.serdes(config).valueSerde(ModelSpec.class).serializer();
        ModelVersion good = new ModelVersion(5, 0);
        ModelSpec base = file.toSpec(good, "hostile", Instant.now());
        ScorerInstance scorer = cluster.startInstance(config);
        try (KafkaProducer<byte[], byte[]> producer = rawProducer(config, TOPIC_LIMIT)) {
            producer.send(
                            new ProducerRecord<>(
                                    controlTopic,
                                    bytes("fraud"),
                                    specs.serialize(
                                            controlTopic,
                                            ModelSignatures.sign(
                                                    base, operator.getPrivate(), "operator"))))
                    .get();
        }
        await().atMost(Duration.ofSeconds(90))
                .until(
                        () ->
                                scorer.state() == KafkaStreams.State.RUNNING
                                        && scorer.models().get("fraud") != null
                                        && good.equals(scorer.models().get("fraud").version()));

        // Every bad version is newer than the served one, so only its signature can refuse it.
        int perKind = Math.max(1, BAD / 10);
        Map<ModelRejection, Integer> expected = new EnumMap<>(ModelRejection.class);
        int events = 0;
        List<Future<RecordMetadata>> written = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = rawProducer(config, TOPIC_LIMIT);
                KafkaProducer<String, FeatureEvent> features = cluster.featureProducer(config)) {
            for (int n = 0; n < perKind; n++) {
                ModelSpec newer =
                        ModelSpec.newBuilder(base)
                                .setVersion(new io.streamscorer.avro.ModelVersion(6L, (long) n))
                                .build();
                ModelSpec tampered = ModelSignatures.sign(newer, operator.getPrivate(), "operator");
                tampered.getHeads().get(0).setBias(tampered.getHeads().get(0).getBias() + 3.0);
                ModelSpec garbled =
                        ModelSpec.newBuilder(newer)
                                .setSignature(ByteBuffer.wrap(new byte[64]))
                                .setSigningKeyId("operator")
                                .build();
                for (ModelSpec spec :
                        List.of(
                                newer,
                                ModelSignatures.sign(newer, stranger.getPrivate(), "operator"),
                                tampered,
                                garbled)) {
                    written.add(
                            producer.send(
                                    new ProducerRecord<>(
                                            controlTopic,
                                            bytes("fraud"),
                                            specs.serialize(controlTopic, spec))));
                }
                expected.merge(ModelRejection.UNSIGNED, 1, Integer::sum);
                expected.merge(ModelRejection.BAD_SIGNATURE, 3, Integer::sum);
                if (n % 10 == 0) {
                    producer.flush();
                    ScorerClusterFixture.produceFeatures(
                            features, config, file, "signed-" + n + "-", EVENTS_PER_100_BAD);
                    events += EVENTS_PER_100_BAD;
                }
            }
        }
        for (Future<RecordMetadata> w : written) {
            w.get();
        }
        int bad = written.size();
        await().atMost(Duration.ofMinutes(2))
                .failFast(
                        "the scorer stopped running",
                        () -> scorer.state() != KafkaStreams.State.RUNNING)
                .until(() -> rejected(scorer) == bad);
        assertThat(scorer.models().versions()).containsExactly(Map.entry("fraud", good));
        expected.forEach(
                (reason, count) ->
                        assertThat(rejectedCounter(scorer, reason).count())
                                .as("scorer.models.rejected %s", reason)
                                .isEqualTo(count.doubleValue()));

        ModelVersion next = new ModelVersion(7, 0);
        try (KafkaProducer<byte[], byte[]> producer = rawProducer(config, TOPIC_LIMIT)) {
            ModelSpec signedNext =
                    ModelSignatures.sign(
                            ModelSpec.newBuilder(base).setVersion(ModelSpecs.toAvro(next)).build(),
                            operator.getPrivate(),
                            "operator");
            producer.send(
                            new ProducerRecord<>(
                                    controlTopic,
                                    bytes("fraud"),
                                    specs.serialize(controlTopic, signedNext)))
                    .get();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> next.equals(scorer.models().get("fraud").version()));

        List<ScoreEvent> scores = new ArrayList<>();
        try (CommittedReader<ScoreEvent> scoreReader =
                new CommittedReader<>(
                        config,
                        config.getString(ScorerConfig.TOPIC_SCORES_CONFIG),
                        cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer(),
                        r -> scores.add(r.value()))) {
            int expectedScores = events;
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> scoreReader.poll() >= expectedScores);
            scorer.close();
            scoreReader.readToEnd(Duration.ofSeconds(30));
        }
        assertThat(scores).hasSize(events).allSatisfy(s -> assertThat(version(s)).isEqualTo(good));
        LOG.info(
                String.format(
                        Locale.ROOT,
                        "Hostile control records, signed: %,d rejected (%s), %,d scores all"
                                + " naming %s, then %s signed by the operator served",
                        bad,
                        expected,
                        events,
                        good,
                        next));
    }

    private static Sent send(
            KafkaProducer<byte[], byte[]> producer, Bad kind, ProducerRecord<byte[], byte[]> r) {
        return new Sent(kind, r, producer.send(r));
    }

    private static double rejected(ScorerInstance instance) {
        return instance.metrics().registry().find("scorer.models.rejected").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static Counter rejectedCounter(ScorerInstance instance, ModelRejection reason) {
        return instance.metrics()
                .registry()
                .find("scorer.models.rejected")
                .tag("reason", reason.name())
                .counter();
    }

    private static ModelVersion version(ScoreEvent s) {
        return ModelSpecs.toVersion(s.getModelVersion());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> rawProducer(ScorerConfig config, int maxRecord) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecord);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, 2L * maxRecord));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Makes each kind of bad control record from one good model version. */
    private static final class Specs {
        private final Serializer<ModelSpec> serializer;
        private final String topic;
        private final ModelSpec good;
        private final int topicLimit;

        Specs(Serializer<ModelSpec> serializer, String topic, ModelSpec good, int topicLimit) {
            this.serializer = serializer;
            this.topic = topic;
            this.good = good;
            this.topicLimit = topicLimit;
        }

        ProducerRecord<byte[], byte[]> of(Bad kind, int n) {
            ModelSpec spec = ModelSpec.newBuilder(good).build();
            ModelHead head = spec.getHeads().get(0);
            List<Double> weights = new ArrayList<>(head.getWeights());
            String key = "fraud";
            switch (kind) {
                case NAN_WEIGHT -> weights.set(n % weights.size(), Double.NaN);
                case INFINITE_WEIGHT ->
                        weights.set(
                                n % weights.size(),
                                n % 2 == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
                case INFINITE_BIAS -> head.setBias(Double.POSITIVE_INFINITY);
                case NAN_IMPUTATION -> {
                    List<Double> imputation = new ArrayList<>(spec.getImputation());
                    imputation.set(n % imputation.size(), Double.NaN);
                    spec.setImputation(imputation);
                }
                case THRESHOLD_ABOVE_ONE -> head.setThreshold(1.5);
                case TOO_FEW_WEIGHTS -> weights.remove(weights.size() - 1);
                case TOO_MANY_WEIGHTS -> weights.add(0.5);
                case WRONG_IMPUTATION_LENGTH -> spec.setImputation(List.of(1.0, 2.0));
                case DUPLICATED_FEATURE_NAME -> {
                    List<String> names = new ArrayList<>(spec.getFeatureNames());
                    names.set(names.size() - 1, names.get(0));
                    spec.setFeatureNames(names);
                }
                case BLANK_FEATURE_NAME -> {
                    List<String> names = new ArrayList<>(spec.getFeatureNames());
                    names.set(n % names.size(), " ");
                    spec.setFeatureNames(names);
                }
                case NO_HEADS -> spec.setHeads(new ArrayList<>());
                case NEGATIVE_VERSION ->
                        spec.setVersion(new io.streamscorer.avro.ModelVersion(-1L, (long) n));
                case UNKNOWN_ACTIVATION -> {
                    spec.setLayers(
                            List.of(new DenseLayer(List.of(weights), List.of(0.0), "softmax")));
                    weights = new ArrayList<>(List.of(1.0));
                }
                case KEY_NAMES_ANOTHER_MODEL -> key = "fraud-shadow-" + n;
                case OLDER_VERSION ->
                        spec.setVersion(
                                new io.streamscorer.avro.ModelVersion((long) (n % 5), (long) n));
                case SAME_VERSION_OTHER_WEIGHTS -> weights.set(0, weights.get(0) + 1.0);
                case RANDOM_BYTES -> {
                    byte[] noise = new byte[1 + n % 300];
                    new SplittableRandom(n).nextBytes(noise);
                    return new ProducerRecord<>(topic, bytes(key), noise);
                }
                case TRUNCATED_SPEC -> {
                    byte[] whole = serializer.serialize(topic, spec);
                    return new ProducerRecord<>(
                            topic, bytes(key), Arrays.copyOf(whole, 5 + n % (whole.length - 6)));
                }
                case LARGEST_THE_TOPIC_ACCEPTS -> {
                    // Valid and newer: only its size is wrong, so serving it would show at once.
                    spec.setVersion(new io.streamscorer.avro.ModelVersion(99L, 0L));
                    return padded(spec, topicLimit - 1024);
                }
                case NAN_WEIGHT_IN_A_2_MIB_MODEL -> {
                    weights.set(0, Double.NaN);
                    head.setWeights(weights);
                    spec.setVersion(new io.streamscorer.avro.ModelVersion(99L, 0L));
                    return padded(spec, 2 * 1024 * 1024);
                }
            }
            head.setWeights(weights);
            return new ProducerRecord<>(topic, bytes(key), serializer.serialize(topic, spec));
        }

        /** {@code spec} padded with metadata to {@code size} bytes or just under. */
        private ProducerRecord<byte[], byte[]> padded(ModelSpec spec, int size) {
            spec.setMetadata(new HashMap<>(Map.of("padding", "")));
            int unpadded = serializer.serialize(topic, spec).length;
            spec.getMetadata().put("padding", "x".repeat(size - unpadded - 4));
            return new ProducerRecord<>(topic, bytes("fraud"), serializer.serialize(topic, spec));
        }
    }
}
