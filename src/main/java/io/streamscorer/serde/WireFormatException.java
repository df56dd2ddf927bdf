package io.streamscorer.serde;

import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a readable Confluent-framed Avro record for the expected type: what a
 * deserialization exception handler should dead-letter. {@link #kind()} says what is wrong, so
 * handlers and metrics can tell a producer writing another format from a truncated record or a
 * hostile one; the message names the topic, the kind and the schema id where known.
 *
 * <p>A registry that cannot be reached is not a property of the record and is reported as a {@link
 * io.streamscorer.registry.SchemaRegistryException}, never as this.
 */
public final class WireFormatException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the bytes. */
    public enum Kind {
        /** Zero bytes. */
        EMPTY,
        /** The first byte is not the magic byte 0: not written by a Confluent Avro serializer. */
        BAD_MAGIC_BYTE,
        /** Shorter than the 5-byte header, or the body ends inside a value. */
        TRUNCATED,
        /** The registry has no schema with the id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The writer schema cannot be resolved to the reader's (the generated class's). */
        INCOMPATIBLE_WRITER_SCHEMA,
        /** Not valid Avro for the writer schema: negative length, bad union index, bad varint. */
        MALFORMED,
        /**
         * A string, bytes or collection over the configured limits ({@link AvroReadLimits}), or a
         * collection declaring more items than the remaining bytes could hold.
         */
        TOO_LARGE,
        /** Bytes left over after the record. */
        TRAILING_BYTES
    }

    private final Kind kind;
    private final String topic;
    private final int schemaId;

    /**
     * @param schemaId the id in the header, or -1 when the header was not read
     */
    public WireFormatException(
            Kind kind, String topic, int schemaId, String detail, Throwable cause) {
        super(
                "Cannot deserialize a record of topic '"
                        + topic
                        + "' ("
                        + kind
                        + (schemaId < 0 ? "" : ", schema id " + schemaId)
                        + "): "
                        + detail,
                cause);
        this.kind = kind;
        this.topic = topic;
        this.schemaId = schemaId;
    }

    /** What is wrong with the bytes. */
    public Kind kind() {
        return kind;
    }

    /** The topic the record came from. */
    public String topic() {
        return topic;
    }

    /** The schema id in the record's header, when the header could be read. */
    public OptionalInt schemaId() {
        return schemaId < 0 ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }
}
