package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.spec.ModelFile;
import io.streamscorer.topology.DeadLetters;
import io.streamscorer.topology.MeterTotals;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * Mixes malformed and unscorable records of fifteen kinds into a stream of valid feature events and
 * checks the exact accounting of a real scorer under exactly_once_v2: every valid event scored
 * once, every bad record dead-lettered once with its reason and an origin that points back to the
 * very input record (its bytes included), each counted by reason in the scorer's own meters (so the
 * deserialization handler got the {@code ScorerMetrics} through the Kafka Streams config), and the
 * instance still RUNNING: no stream thread died, nothing ran out of memory.
 *
 * <p>The full figures of the issue (100,000 valid, 10,000 bad) are the default; {@code
 * -Dfaults.poison.valid=N -Dfaults.poison.pills=M} scale it, see docs/faults.md.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class PoisonPillIT {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonPillIT.class);
    private static final int VALID = Integer.getInteger("faults.poison.valid", 100_000);
    private static final int PILLS = Integer.getInteger("faults.poison.pills", 10_000);
    private static final String DESERIALIZE = "deserialize";
    private static final String SCORE = "score";

    /**
     * The largest value the features topic takes: the broker's default message.max.bytes, less the
     * batch and record overhead.
     */
    private static final int TOPIC_LIMIT = 1_048_588 - 200;

    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static ModelFile model;

    /** What is wrong with a record, and the reason and stage its dead letter must carry. */
    private enum Pill {
        EMPTY("EMPTY", DESERIALIZE),
        WRONG_MAGIC_BYTE("BAD_MAGIC_BYTE", DESERIALIZE),
        HEADER_ONLY_THREE_BYTES("TRUNCATED", DESERIALIZE),
        UNKNOWN_SCHEMA_ID("UNKNOWN_SCHEMA_ID", DESERIALIZE),
        TRUNCATED_BODY("TRUNCATED", DESERIALIZE),
        NEGATIVE_STRING_LENGTH("MALFORMED", DESERIALIZE),
        UNION_INDEX_OUT_OF_RANGE("MALFORMED", DESERIALIZE),
        WRONG_WRITER_SCHEMA("INCOMPATIBLE_WRITER_SCHEMA", DESERIALIZE),
        MAP_OF_TWO_TO_THE_30_ENTRIES("TOO_LARGE", DESERIALIZE),
        STRING_OF_TWO_TO_THE_40_BYTES("TOO_LARGE", DESERIALIZE),
        TRAILING_BYTES("TRAILING_BYTES", DESERIALIZE),
        NAN_OR_INFINITE_FEATURE("NON_FINITE_FEATURE", SCORE),
        MISSING_KEY("MISSING_KEY", SCORE),
        NULL_VALUE("MISSING_VALUE", SCORE),
        UNKNOWN_MODEL("NO_MODEL", SCORE),
        // Once each: as large as the topic takes, so the dead letter (the bytes plus the reason
        // headers) cannot fit the dead-letter topic.
        NAN_FEATURE_AT_THE_SIZE_LIMIT("NON_FINITE_FEATURE", SCORE, true),
        TRAILING_BYTES_AT_THE_SIZE_LIMIT("TRAILING_BYTES", DESERIALIZE, true);

        final String reason;
        final String stage;
        final boolean atTheSizeLimit;

        Pill(String reason, String stage) {
            this(reason, stage, false);
        }

        Pill(String reason, String stage, boolean atTheSizeLimit) {
            this.reason = reason;
            this.stage = stage;
            this.atTheSizeLimit = atTheSizeLimit;
        }

        /** The kinds sent once each, first, then the others in turn. */
        static Pill forRecord(int n) {
            List<Pill> once = Arrays.stream(values()).filter(p -> p.atTheSizeLimit).toList();
            List<Pill> inTurn = Arrays.stream(values()).filter(p -> !p.atTheSizeLimit).toList();
            return n < once.size() ? once.get(n) : inTurn.get(n % inTurn.size());
        }
    }

    /** Where a bad record landed on the input topic, and what it was. */
    private record Sent(
            Pill pill, ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> where) {}

    @BeforeAll
    static void startCluster() {
        model = ModelFile.read(Path.of("config/models/fraud.json"));
    }

    @Test
    void shouldDeadLetterEveryBadRecordWithItsReasonAndOriginAndScoreEveryValidOne()
            throws Exception {
        ScorerConfig config =
                cluster.config(
                        "poison",
                        Map.of(
                                "processing.guarantee", "exactly_once_v2",
                                "scorer.learning.enabled", "false"));
        String features = config.getString(ScorerConfig.TOPIC_FEATURES_CONFIG);
        AvroSerdes serdes = cluster.serdes(config);
        int featureSchemaId =
                serdes.client().register(features + "-value", FeatureEvent.getClassSchema());
        int scoreSchemaId =
                serdes.client().register("poison-writer-value", ScoreEvent.getClassSchema());
        Pills pills =
                new Pills(
                        serdes.valueSerde(FeatureEvent.class).serializer(),
                        features,
                        featureSchemaId,
                        scoreSchemaId);
        cluster.pushModel(config, model);
        ScorerInstance scorer = cluster.startInstance(config);
        await().atMost(Duration.ofSeconds(90))
                .until(
                        () ->
                                scorer.state() == KafkaStreams.State.RUNNING
                                        && scorer.models().get("fraud") != null);

        long started = System.nanoTime();
        Map<String, Sent> bad = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = rawProducer(config)) {
            List<Sent> sent = new ArrayList<>(PILLS);
            int valid = 0;
            for (int n = 0; n < PILLS; n++) {
                int upTo = (int) ((long) VALID * (n + 1) / PILLS);
                for (; valid < upTo; valid++) {
                    var unused = producer.send(pills.valid(valid));
                }
                Pill pill = Pill.forRecord(n);
                ProducerRecord<byte[], byte[]> record = pills.of(pill, n);
                sent.add(new Sent(pill, record, producer.send(record)));
            }
            producer.flush();
            for (Sent s : sent) {
                RecordMetadata m = s.where().get();
                bad.put(m.partition() + "@" + m.offset(), s);
            }
        }
        assertThat(bad).hasSize(PILLS);

        BitSet scored = new BitSet(VALID);
        AtomicLong scoresOfUnknownEvents = new AtomicLong();
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (CommittedReader<ScoreEvent> scores =
                        new CommittedReader<>(
                                config,
                                config.getString(ScorerConfig.TOPIC_SCORES_CONFIG),
                                serdes.valueSerde(ScoreEvent.class).deserializer(),
                                r -> {
                                    String id = r.value().getEventId();
                                    if (id.startsWith("v-")) {
                                        scored.set(Integer.parseInt(id.substring(2)));
                                    } else {
                                        scoresOfUnknownEvents.incrementAndGet();
                                    }
                                });
                CommittedReader<byte[]> deadLetters =
                        new CommittedReader<>(
                                config,
                                config.getString(ScorerConfig.TOPIC_DLQ_CONFIG),
                                new ByteArrayDeserializer(),
                                letters::add)) {
            await().atMost(Duration.ofSeconds(60 + (VALID + PILLS) / 1_000))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast(
                            "the scorer stopped running",
                            () -> scorer.state() != KafkaStreams.State.RUNNING)
                    .until(() -> scores.poll() >= VALID && deadLetters.poll() >= PILLS);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(scorer.state()).isEqualTo(KafkaStreams.State.RUNNING);
            scorer.close();
            long scoreCount = scores.readToEnd(Duration.ofSeconds(60));
            deadLetters.readToEnd(Duration.ofSeconds(60));
            LOG.info(
                    String.format(
                            Locale.ROOT,
                            "Poison pills: %,d valid and %,d bad records of %d kinds in %.1f s: %,d"
                                    + " scores, %,d dead letters",
                            VALID,
                            PILLS,
                            Pill.values().length,
                            seconds,
                            scoreCount,
                            letters.size()));

            assertThat(scoreCount).isEqualTo(VALID);
            assertThat(scored.cardinality()).isEqualTo(VALID);
            assertThat(scoresOfUnknownEvents).hasValue(0);
        }

        assertThat(letters).hasSize(PILLS);
        Map<String, ConsumerRecord<String, byte[]>> byOrigin = new HashMap<>();
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertThat(DeadLetters.text(letter.headers(), DeadLetters.TOPIC)).isEqualTo(features);
            String origin =
                    DeadLetters.text(letter.headers(), DeadLetters.PARTITION)
                            + "@"
                            + DeadLetters.text(letter.headers(), DeadLetters.OFFSET);
            assertThat(byOrigin.put(origin, letter)).as("one letter for %s", origin).isNull();
        }
        assertThat(byOrigin.keySet()).isEqualTo(bad.keySet());
        Map<Pill, Integer> perKind = new EnumMap<>(Pill.class);
        bad.forEach(
                (origin, sent) -> {
                    ConsumerRecord<String, byte[]> letter = byOrigin.get(origin);
                    assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON))
                            .as("reason of the %s at %s", sent.pill(), origin)
                            .isEqualTo(sent.pill().reason);
                    assertThat(DeadLetters.text(letter.headers(), DeadLetters.STAGE))
                            .isEqualTo(sent.pill().stage);
                    assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL)).isNotBlank();
                    if (sent.pill().atTheSizeLimit) {
                        assertThat(letter.key()).isNull();
                        assertThat(letter.value()).isNull();
                        assertThat(DeadLetters.text(letter.headers(), DeadLetters.DETAIL))
                                .contains("would not fit the dead-letter topic");
                    } else {
                        assertThat(letter.value()).isEqualTo(sent.record().value());
                        assertThat(bytes(letter.key())).isEqualTo(sent.record().key());
                    }
                    perKind.merge(sent.pill(), 1, Integer::sum);
                });

        assertThat(MeterTotals.scored(scorer.metrics())).isEqualTo(VALID);
        assertThat(MeterTotals.deadLetters(scorer.metrics())).isEqualTo(PILLS);
        Map<List<String>, Integer> expected = new HashMap<>();
        perKind.forEach(
                (pill, count) ->
                        expected.merge(List.of(pill.reason, pill.stage), count, Integer::sum));
        expected.forEach(
                (reasonAndStage, count) -> {
                    Counter counter =
                            scorer.metrics()
                                    .registry()
                                    .find("scorer.dead.letters")
                                    .tag("reason", reasonAndStage.get(0))
                                    .tag("stage", reasonAndStage.get(1))
                                    .counter();
                    assertThat(counter).as("scorer.dead.letters %s", reasonAndStage).isNotNull();
                    assertThat(counter.count())
                            .as("scorer.dead.letters %s", reasonAndStage)
                            .isEqualTo(count.doubleValue());
                });
    }

    private static byte[] bytes(String key) {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> rawProducer(ScorerConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * TOPIC_LIMIT);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Makes the valid events and each kind of bad record, as raw key and value bytes. */
    private static final class Pills {
        private final Serializer<FeatureEvent> serializer;
        private final String topic;
        private final int featureSchemaId;
        private final int otherSchemaId;

        Pills(
                Serializer<FeatureEvent> serializer,
                String topic,
                int featureSchemaId,
                int otherSchemaId) {
            this.serializer = serializer;
            this.topic = topic;
            this.featureSchemaId = featureSchemaId;
            this.otherSchemaId = otherSchemaId;
        }

        ProducerRecord<byte[], byte[]> valid(int n) {
            FeatureEvent event = event("v-" + n, n, null);
            return record(event.getEntityId(), serializer.serialize(topic, event));
        }

        ProducerRecord<byte[], byte[]> of(Pill pill, int n) {
            FeatureEvent event = event("p-" + n, n, null);
            byte[] good = serializer.serialize(topic, event);
            String key = event.getEntityId();
            return switch (pill) {
                case EMPTY -> record(key, new byte[0]);
                case WRONG_MAGIC_BYTE -> {
                    byte[] wrong = good.clone();
                    wrong[0] = (byte) (1 + n % 255);
                    yield record(key, wrong);
                }
                case HEADER_ONLY_THREE_BYTES -> record(key, new byte[] {0, 0, 0});
                case UNKNOWN_SCHEMA_ID -> record(key, reframe(good, 900_000 + n));
                case TRUNCATED_BODY -> record(key, Arrays.copyOf(good, 5 + 4));
                case NEGATIVE_STRING_LENGTH ->
                        record(key, new Body(featureSchemaId).varint(-5).pad(40).bytes());
                case UNION_INDEX_OUT_OF_RANGE ->
                        record(
                                key,
                                new Body(featureSchemaId)
                                        .head(n)
                                        .varint(1)
                                        .string("amount_log")
                                        .doubleValue(1.0)
                                        .varint(0)
                                        .varint(7)
                                        .varint(0)
                                        .bytes());
                case WRONG_WRITER_SCHEMA -> record(key, reframe(good, otherSchemaId));
                case MAP_OF_TWO_TO_THE_30_ENTRIES ->
                        record(
                                key,
                                new Body(featureSchemaId)
                                        .head(n)
                                        .varint(1L << 30)
                                        .pad(100)
                                        .bytes());
                case STRING_OF_TWO_TO_THE_40_BYTES ->
                        record(key, new Body(featureSchemaId).varint(1L << 40).pad(60).bytes());
                case TRAILING_BYTES -> record(key, Arrays.copyOf(good, good.length + 3));
                case NAN_OR_INFINITE_FEATURE -> {
                    double[] hostile = {
                        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
                    };
                    FeatureEvent nonFinite = event("p-" + n, n, null);
                    nonFinite.getFeatures().put("merchant_risk", hostile[n % 3]);
                    yield record(key, serializer.serialize(topic, nonFinite));
                }
                case MISSING_KEY -> record(null, good);
                case NULL_VALUE -> record(key, null);
                case NAN_FEATURE_AT_THE_SIZE_LIMIT -> {
                    FeatureEvent padded = event("p-" + n, n, null);
                    padded.getFeatures().put("merchant_risk", Double.NaN);
                    padded.setAttributes(new HashMap<>(Map.of("padding", "")));
                    int unpadded = serializer.serialize(topic, padded).length;
                    padded.getAttributes().put("padding", "x".repeat(TOPIC_LIMIT - unpadded - 3));
                    yield record(key, serializer.serialize(topic, padded));
                }
                case TRAILING_BYTES_AT_THE_SIZE_LIMIT ->
                        record(key, Arrays.copyOf(good, TOPIC_LIMIT));
                case UNKNOWN_MODEL ->
                        record(
                                key,
                                serializer.serialize(topic, event("p-" + n, n, "no-such-model")));
            };
        }

        private ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
            return new ProducerRecord<>(topic, bytes(key), value);
        }

        private static byte[] reframe(byte[] framed, int schemaId) {
            byte[] out = framed.clone();
            ByteBuffer.wrap(out, 1, 4).order(ByteOrder.BIG_ENDIAN).putInt(schemaId);
            return out;
        }

        private static FeatureEvent event(String id, int n, String modelName) {
            return ScorerClusterFixture.randomEvent(model, id, new SplittableRandom(n), 1_000)
                    .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + n))
                    .setModelName(modelName)
                    .build();
        }
    }

    /** A Confluent frame whose Avro body is written field by field, lengths true or not. */
    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body(int schemaId) {
            out.write(0);
            out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        }

        /** Zig-zag varint, as Avro writes int and long. */
        Body varint(long value) {
            long zigzag = (value << 1) ^ (value >> 63);
            while ((zigzag & ~0x7FL) != 0) {
                out.write((int) ((zigzag & 0x7F) | 0x80));
                zigzag >>>= 7;
            }
            out.write((int) zigzag);
            return this;
        }

        Body string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            out.writeBytes(utf8);
            return this;
        }

        Body doubleValue(double value) {
            out.writeBytes(
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array());
            return this;
        }

        /** The FeatureEvent fields before its features map: event id, entity id, event time. */
        Body head(int n) {
            return string("p-" + n).string("card-" + n).varint(1_700_000_000_000L + n);
        }

        Body pad(int length) {
            while (out.size() < length) {
                out.write(0);
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
