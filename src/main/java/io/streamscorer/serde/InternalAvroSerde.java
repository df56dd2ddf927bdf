package io.streamscorer.serde;

import io.streamscorer.avro.FeedbackEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro for the scorer's own internal topics (repartition topics): Avro's single-object encoding (a
 * 2-byte marker, the schema's 8-byte fingerprint, the binary body), with no schema registry. Only
 * this application writes and reads these topics, so registering their schemas would only make
 * {@code auto.register.schemas=false} deployments fail. A record written by a scorer build with
 * another schema fails with {@link WireFormatException.Kind#INCOMPATIBLE_WRITER_SCHEMA}: drain
 * internal topics before an upgrade that changes the schemas.
 */
public final class InternalAvroSerde {
    // Single-object encoding: the marker C3 01, then the schema's fingerprint, little-endian.
    private static final int HEADER_SIZE = 10;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final AvroReadLimits LIMITS = AvroReadLimits.applyDefaults();
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private InternalAvroSerde() {}

    /** The serde of the generated class {@code type}. */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        SpecificData data = SpecificData.getForClass(type);
        var schema = SpecificData.get().getSchema(type);
        BinaryMessageEncoder<T> encoder = new BinaryMessageEncoder<>(data, schema);
        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(data, schema);
        DatumWriter<T> ownWriter = ownWriter(type);
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        Serializer<T> serializer =
                (topic, value) -> {
                    if (value == null) {
                        return null;
                    }
                    try {
                        if (ownWriter != null) {
                            return writeOwn(ownWriter, value, fingerprint);
                        }
                        ByteBuffer buffer = encoder.encode(value);
                        byte[] bytes = new byte[buffer.remaining()];
                        buffer.get(bytes);
                        return bytes;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
        DatumReader<T> ownReader = ownReader(type);
        boolean arrayItemsMayBeEmpty = BoundedBinaryDecoder.hasArrayOfPossiblyEmptyItems(schema);
        Deserializer<T> deserializer =
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        if (ownReader != null && hasHeader(bytes, fingerprint)) {
                            return readOwn(ownReader, bytes, arrayItemsMayBeEmpty);
                        }
                        return decoder.decode(bytes);
                    } catch (MissingSchemaException e) {
                        throw new WireFormatException(
                                WireFormatException.Kind.INCOMPATIBLE_WRITER_SCHEMA,
                                topic,
                                -1,
                                "written with another schema of "
                                        + type.getSimpleName()
                                        + " than this scorer build knows",
                                e);
                    } catch (IOException | RuntimeException e) {
                        throw new SerializationException(
                                "Cannot decode internal "
                                        + type.getSimpleName()
                                        + " on "
                                        + topic
                                        + ": "
                                        + e.getMessage(),
                                e);
                    }
                };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** The scorer's own field-by-field reader of {@code type}'s schema, if it has one. */
    @SuppressWarnings("unchecked") // type is the reader's class, so T is that class
    private static <T extends SpecificRecord> DatumReader<T> ownReader(Class<T> type) {
        return type == FeedbackEvent.class
                        && FeedbackEventReader.reads(FeedbackEvent.getClassSchema())
                ? (DatumReader<T>) new FeedbackEventReader()
                : null;
    }

    /** The scorer's own field-by-field writer of {@code type}'s schema, if it has one. */
    @SuppressWarnings("unchecked") // type is the writer's class, so T is that class
    private static <T extends SpecificRecord> DatumWriter<T> ownWriter(Class<T> type) {
        return type == FeedbackEvent.class
                        && FeedbackEventWriter.writes(FeedbackEvent.getClassSchema())
                ? (DatumWriter<T>) new FeedbackEventWriter()
                : null;
    }

    /** What Avro's {@code BinaryMessageEncoder} writes: the header, then the binary body. */
    private static <T> byte[] writeOwn(DatumWriter<T> writer, T value, long fingerprint)
            throws IOException {
        Buffers buffers = BUFFERS.get();
        buffers.bytes.reset();
        buffers.header[0] = (byte) 0xC3;
        buffers.header[1] = (byte) 0x01;
        LONGS.set(buffers.header, 2, fingerprint);
        buffers.bytes.write(buffers.header);
        buffers.encoder = EncoderFactory.get().binaryEncoder(buffers.bytes, buffers.encoder);
        writer.write(value, buffers.encoder);
        buffers.encoder.flush();
        return buffers.bytes.toByteArray();
    }

    /** One stream thread's output buffer and encoder, reused record after record. */
    private static final class Buffers {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        final byte[] header = new byte[HEADER_SIZE];
        BinaryEncoder encoder;
    }

    /** Whether {@code bytes} start with the single-object marker and {@code fingerprint}. */
    private static boolean hasHeader(byte[] bytes, long fingerprint) {
        return bytes.length >= HEADER_SIZE
                && bytes[0] == (byte) 0xC3
                && bytes[1] == (byte) 0x01
                && (long) LONGS.get(bytes, 2) == fingerprint;
    }

    private static <T> T readOwn(DatumReader<T> reader, byte[] bytes, boolean itemsMayBeEmpty)
            throws IOException {
        BoundedBinaryDecoder in =
                new BoundedBinaryDecoder(
                        bytes, HEADER_SIZE, bytes.length - HEADER_SIZE, LIMITS, itemsMayBeEmpty);
        T value = reader.read(null, in);
        if (in.remaining() > 0) {
            throw new IOException(in.remaining() + " bytes left after the record");
        }
        return value;
    }
}
