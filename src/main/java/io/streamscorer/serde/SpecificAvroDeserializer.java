package io.streamscorer.serde;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.registry.InvalidSchemaException;
import io.streamscorer.registry.SchemaNotFoundException;
import io.streamscorer.serde.BoundedBinaryDecoder.DecodeException;
import io.streamscorer.serde.WireFormatException.Kind;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into a generated class: the writer schema comes from the registry by
 * the id in the header (once per id), the reader schema is the class's, and Avro's schema
 * resolution bridges them, so records written with older or newer compatible schemas are read.
 * Bytes that are not such a record fail with a {@link WireFormatException} saying why, never with
 * an allocation the size of a hostile length. Thread-safe.
 *
 * <p>A null value (a tombstone) deserializes to null, as Kafka's deserializer contract asks.
 */
final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private static final AvroReadLimits LIMITS = AvroReadLimits.applyDefaults();

    private final SchemaLookup schemas;
    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData model;
    private final ConcurrentMap<Integer, ReaderPlan<T>> plans = new ConcurrentHashMap<>();
    // Every writer schema id of the class's own layout shares one reader and its name table.
    private final FeatureEventReader featureEvents = new FeatureEventReader();
    private final FeedbackEventReader feedbackEvents = new FeedbackEventReader();

    /** How records of one writer schema id are read, or why they cannot be. */
    private record ReaderPlan<T>(
            DatumReader<T> reader, boolean arrayItemsMayBeEmpty, String incompatibility) {}

    SpecificAvroDeserializer(SchemaLookup schemas, Class<T> type) {
        this.schemas = schemas;
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new WireFormatException(Kind.EMPTY, topic, -1, "the record has no bytes", null);
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new WireFormatException(
                    Kind.BAD_MAGIC_BYTE,
                    topic,
                    -1,
                    String.format(
                            "the first byte is 0x%02x, not the magic byte 0x00: not written by a"
                                    + " Confluent-compatible Avro serializer",
                            data[0]),
                    null);
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new WireFormatException(
                    Kind.TRUNCATED,
                    topic,
                    -1,
                    data.length + " bytes, shorter than the 5-byte header",
                    null);
        }
        int id =
                (data[1] & 0xFF) << 24
                        | (data[2] & 0xFF) << 16
                        | (data[3] & 0xFF) << 8
                        | (data[4] & 0xFF);
        ReaderPlan<T> plan = plan(topic, id);
        BoundedBinaryDecoder decoder =
                new BoundedBinaryDecoder(
                        data,
                        WireFormat.HEADER_SIZE,
                        data.length - WireFormat.HEADER_SIZE,
                        LIMITS,
                        plan.arrayItemsMayBeEmpty());
        T value;
        try {
            value = plan.reader().read(null, decoder);
        } catch (DecodeException e) {
            throw new WireFormatException(e.kind(), topic, id, e.getMessage(), e);
        } catch (SystemLimitException e) {
            throw new WireFormatException(Kind.TOO_LARGE, topic, id, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            // Avro's resolver rejects what the bytes select but cannot exist (a union branch or
            // enum symbol out of range) with assorted runtime exceptions; all mean bad data.
            throw new WireFormatException(
                    Kind.MALFORMED,
                    topic,
                    id,
                    "the body is not valid Avro for the writer schema: " + e,
                    e);
        }
        if (decoder.remaining() > 0) {
            throw new WireFormatException(
                    Kind.TRAILING_BYTES,
                    topic,
                    id,
                    decoder.remaining() + " bytes left after the " + type.getSimpleName(),
                    null);
        }
        return value;
    }

    private ReaderPlan<T> plan(String topic, int id) {
        ReaderPlan<T> plan = plans.get(id);
        if (plan == null) {
            try {
                plan = resolve(schemas.byId(id));
            } catch (SchemaNotFoundException e) {
                throw new WireFormatException(
                        Kind.UNKNOWN_SCHEMA_ID,
                        topic,
                        id,
                        "the schema registry has no schema with this id",
                        e);
            } catch (InvalidSchemaException e) {
                // A Protobuf or JSON Schema record shares the framing; an id never changes its
                // schema, so its records are refused from now on without asking again.
                plan =
                        new ReaderPlan<>(
                                null,
                                false,
                                "the writer schema is not one Avro can read: " + e.getMessage());
            }
            plans.putIfAbsent(id, plan);
        }
        if (plan.incompatibility() != null) {
            throw new WireFormatException(
                    Kind.INCOMPATIBLE_WRITER_SCHEMA, topic, id, plan.incompatibility(), null);
        }
        return plan;
    }

    private ReaderPlan<T> resolve(Schema writer) {
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String reasons =
                    compatibility.getResult().getIncompatibilities().stream()
                            .map(
                                    i ->
                                            i.getType()
                                                    + " at "
                                                    + i.getLocation()
                                                    + ": "
                                                    + i.getMessage())
                            .collect(Collectors.joining("; "));
            return new ReaderPlan<>(
                    null,
                    false,
                    "the writer schema "
                            + writer.getFullName()
                            + " cannot be read as "
                            + type.getName()
                            + ": "
                            + reasons);
        }
        return new ReaderPlan<>(
                readerOf(writer), BoundedBinaryDecoder.hasArrayOfPossiblyEmptyItems(writer), null);
    }

    @SuppressWarnings("unchecked") // type is the reader's class, so T is that class
    private DatumReader<T> readerOf(Schema writer) {
        if (type == FeatureEvent.class && FeatureEventReader.reads(writer)) {
            return (DatumReader<T>) featureEvents;
        }
        if (type == FeedbackEvent.class && FeedbackEventReader.reads(writer)) {
            return (DatumReader<T>) feedbackEvents;
        }
        return new SpecificDatumReader<>(writer, readerSchema, model);
    }
}
