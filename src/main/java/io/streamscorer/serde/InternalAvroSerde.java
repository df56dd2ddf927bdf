package io.streamscorer.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
    private InternalAvroSerde() {}

    /** The serde of the generated class {@code type}. */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        SpecificData data = SpecificData.getForClass(type);
        var schema = SpecificData.get().getSchema(type);
        BinaryMessageEncoder<T> encoder = new BinaryMessageEncoder<>(data, schema);
        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(data, schema);
        Serializer<T> serializer =
                (topic, value) -> {
                    if (value == null) {
                        return null;
                    }
                    try {
                        ByteBuffer buffer = encoder.encode(value);
                        byte[] bytes = new byte[buffer.remaining()];
                        buffer.get(bytes);
                        return bytes;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
        Deserializer<T> deserializer =
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
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
}
