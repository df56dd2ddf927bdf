package io.streamscorer.serde;

import static io.streamscorer.serde.AvroFixtures.featureEvent;
import static io.streamscorer.serde.AvroFixtures.featureEventWith;
import static io.streamscorer.serde.AvroFixtures.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.registry.MockSchemaRegistry;
import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.serde.WireFormatException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Deserializer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hand-made hostile bytes against the FeatureEvent deserializer, in a test JVM of 512 MiB: every
 * one must fail fast with a {@link WireFormatException} of the right kind, and nothing may allocate
 * what a declared length asks for.
 */
@Timeout(60)
class HostileInputTest {
    private static final String TOPIC = "scorer.features";

    private final String scope = "hostile-test-" + UUID.randomUUID();
    private SchemaRegistryClient registry;
    private Deserializer<FeatureEvent> deserializer;
    private byte[] valid;
    private int id;

    @BeforeEach
    void registerSchema() {
        AvroSerdes serdes = AvroSerdes.create(Map.of("schema.registry.url", "mock://" + scope));
        registry = serdes.client();
        valid =
                serdes.valueSerde(FeatureEvent.class)
                        .serializer()
                        .serialize(TOPIC, featureEvent(1));
        id = registry.lookup(TOPIC + "-value", FeatureEvent.getClassSchema()).id();
        deserializer = serdes.valueSerde(FeatureEvent.class).deserializer();
    }

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    /** Builds an Avro body field by field, with any lengths and counts, true or not. */
    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);

        Body varint(long value) {
            try {
                encoder.writeLong(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Body string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            return varint(utf8.length).raw(utf8);
        }

        Body raw(byte... bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Body doubleValue(double value) {
            try {
                encoder.writeDouble(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** eventId, entityId and eventTime: everything before the features map. */
        Body head() {
            return string("e-1").string("card-1").varint(1_700_000_000_000L);
        }

        Body padTo(int length) {
            while (out.size() < length) {
                out.write(0);
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private void assertKind(byte[] data, Kind kind) {
        assertFailure(() -> deserializer.deserialize(TOPIC, data), kind);
    }

    private static void assertFailure(ThrowingCallable call, Kind kind) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(TOPIC)
                .hasMessageContaining(kind.name());
    }

    @Test
    void shouldRefuseZeroBytesAsEmpty() {
        assertKind(new byte[0], Kind.EMPTY);
    }

    @Test
    void shouldRefuseBytesWithoutTheMagicByte() {
        assertThatThrownBy(
                        () ->
                                deserializer.deserialize(
                                        TOPIC, "{\"eventId\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC_BYTE);
                            assertThat(e.schemaId()).isEmpty();
                        })
                .hasMessageContaining("0x7b");
    }

    @Test
    void shouldRefuseAHeaderShorterThanFiveBytesAsTruncated() {
        assertKind(new byte[] {0, 0, 0}, Kind.TRUNCATED);
    }

    @Test
    void shouldNameAnUnknownSchemaId() {
        byte[] unknown = frame(4242, Arrays.copyOfRange(valid, 5, valid.length));

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, unknown))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_SCHEMA_ID);
                            assertThat(e.schemaId()).hasValue(4242);
                            assertThat(e.topic()).isEqualTo(TOPIC);
                        })
                .hasMessageContaining("schema id 4242");
    }

    @Test
    void shouldRefuseABodyThatEndsInsideAValueAsTruncated() {
        assertKind(Arrays.copyOf(valid, valid.length - 3), Kind.TRUNCATED);
        assertKind(Arrays.copyOf(valid, 7), Kind.TRUNCATED);
    }

    @Test
    void shouldRefuseANegativeStringLengthAsMalformed() {
        assertKind(frame(id, new Body().varint(-5).padTo(40).bytes()), Kind.MALFORMED);
    }

    @Test
    void shouldRefuseAMapDeclaringABillionEntriesWithoutAllocatingThem() {
        byte[] hostile = frame(id, new Body().head().varint(1L << 30).padTo(95).bytes());

        assertThat(hostile).hasSize(100);
        assertKind(hostile, Kind.TOO_LARGE);
    }

    @Test
    void shouldRefuseAMapDeclaringMoreEntriesThanTheBytesLeftCouldHold() {
        byte[] hostile = frame(id, new Body().head().varint(5_000).padTo(95).bytes());

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, hostile))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
                .hasMessageContaining("declares 5000 items");
    }

    @Test
    void shouldRefuseAStringOverTheLengthLimit() {
        long overLimit = AvroReadLimits.DEFAULT_MAX_STRING_LENGTH + 1L;
        assertKind(frame(id, new Body().varint(overLimit).padTo(60).bytes()), Kind.TOO_LARGE);
        assertKind(frame(id, new Body().varint(Long.MAX_VALUE).bytes()), Kind.TOO_LARGE);
    }

    @Test
    void shouldRefuseAStringLongerThanTheBytesLeftAsTruncated() {
        assertKind(frame(id, new Body().varint(1_000).padTo(60).bytes()), Kind.TRUNCATED);
    }

    @Test
    void shouldRefuseAnOutOfRangeUnionIndexAsMalformed() {
        byte[] hostile =
                frame(
                        id,
                        new Body()
                                .head()
                                .varint(1)
                                .string("amount")
                                .doubleValue(1.0)
                                .varint(0)
                                .varint(7)
                                .varint(0)
                                .bytes());

        assertKind(hostile, Kind.MALFORMED);
    }

    @Test
    void shouldRefuseAnOverlongVarintAsMalformed() {
        byte[] elevenBytes = new byte[11];
        Arrays.fill(elevenBytes, (byte) 0x80);

        assertKind(frame(id, new Body().raw(elevenBytes).bytes()), Kind.MALFORMED);
    }

    @Test
    void shouldRefuseAWriterSchemaThatCannotBeReadAsTheClass() {
        int scoreId = registry.register("scorer.scores-value", ScoreEvent.getClassSchema());

        assertThatThrownBy(
                        () ->
                                deserializer.deserialize(
                                        TOPIC,
                                        frame(scoreId, Arrays.copyOfRange(valid, 5, valid.length))))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> {
                            assertThat(e.kind()).isEqualTo(Kind.INCOMPATIBLE_WRITER_SCHEMA);
                            assertThat(e.schemaId()).hasValue(scoreId);
                        })
                .hasMessageContaining("io.streamscorer.avro.ScoreEvent")
                .hasMessageContaining("FeatureEvent");
    }

    @Test
    void shouldRefuseBytesLeftAfterTheRecord() {
        byte[] longer = Arrays.copyOf(valid, valid.length + 2);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, longer))
                .isInstanceOfSatisfying(
                        WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.TRAILING_BYTES))
                .hasMessageContaining("2 bytes left");
    }

    @Test
    void shouldReadAMapWrittenInSizedBlocks() {
        byte[] entry = new Body().string("amount").doubleValue(42.0).bytes();
        byte[] blocked =
                new Body()
                        .head()
                        .varint(-1)
                        .varint(entry.length)
                        .raw(entry)
                        .varint(0)
                        .varint(0)
                        .varint(0)
                        .bytes();

        FeatureEvent read = deserializer.deserialize(TOPIC, frame(id, blocked));

        assertThat(read.getFeatures()).containsExactly(Map.entry("amount", 42.0));
    }

    @Test
    void shouldBoundArraysOfZeroByteItemsByTheItemLimitOnly() {
        Schema withPadding =
                featureEventWith(
                        "{\"name\":\"padding\",\"type\":{\"type\":\"array\",\"items\":\"null\"},"
                                + "\"default\":[]}");
        int paddedId = registry.register(TOPIC + "-value", withPadding);
        byte[] valueFields = new Body().varint(0).varint(0).varint(0).bytes();
        byte[] withinLimit =
                frame(paddedId, new Body().head().raw(valueFields).varint(1_000).varint(0).bytes());
        byte[] overLimit =
                frame(
                        paddedId,
                        new Body()
                                .head()
                                .raw(valueFields)
                                .varint(AvroReadLimits.DEFAULT_MAX_COLLECTION_ITEMS + 1L)
                                .varint(0)
                                .bytes());
        Body manyBlocks = new Body().head().raw(valueFields);
        for (int i = 0; i < 3; i++) {
            manyBlocks.varint(900_000);
        }
        byte[] overLimitInBlocks = frame(paddedId, manyBlocks.varint(0).bytes());

        assertThat(deserializer.deserialize(TOPIC, withinLimit).getEventId()).isEqualTo("e-1");
        assertKind(overLimit, Kind.TOO_LARGE);
        assertKind(overLimitInBlocks, Kind.TOO_LARGE);
    }

    @Test
    void shouldAnswerEveryMutationOfAValidRecordWithARecordOrAWireFormatException() {
        Random random = new Random(20_240_917L);
        int records = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] mutant = mutate(random);
            try {
                if (deserializer.deserialize(TOPIC, mutant) != null) {
                    records++;
                }
            } catch (WireFormatException e) {
                refused++;
            }
        }

        assertThat(records + refused).isEqualTo(20_000);
        assertThat(refused).isGreaterThan(1_000);
    }

    private byte[] mutate(Random random) {
        byte[] mutant;
        switch (random.nextInt(4)) {
            case 0 -> {
                mutant = valid.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    mutant[5 + random.nextInt(mutant.length - 5)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> mutant = Arrays.copyOf(valid, random.nextInt(valid.length));
            case 2 -> {
                byte[] garbage = new byte[random.nextInt(64)];
                random.nextBytes(garbage);
                mutant = frame(id, garbage);
            }
            default -> {
                mutant = valid.clone();
                int at = 5 + random.nextInt(mutant.length - 5);
                // Declared lengths and counts are varints: make one huge or negative.
                mutant[at] = (byte) (random.nextBoolean() ? 0xFF : 0x81);
            }
        }
        return mutant;
    }
}
