package io.streamscorer.topology;

import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A decoded value together with the exact bytes it was decoded from. A record that cannot be scored
 * goes to the dead-letter topic as those original bytes, so nothing a newer writer schema carried
 * is lost by re-encoding.
 *
 * @param <T> the decoded type
 */
public final class Sourced<T> {
    private final T value;
    private final byte[] wire;

    private Sourced(T value, byte[] wire) {
        this.value = value;
        this.wire = wire;
    }

    /** The decoded value. */
    public T value() {
        return value;
    }

    /** The bytes as they were on the topic; not copied, do not modify. */
    public byte[] wire() {
        return wire;
    }

    /**
     * A serde that decodes with {@code inner} and keeps the bytes; serializing writes the original
     * bytes back. A null record value decodes to null.
     */
    public static <T> Serde<Sourced<T>> serde(Deserializer<T> inner) {
        return Serdes.serdeFrom(new WireSerializer<>(), new SourcedDeserializer<>(inner));
    }

    private static final class SourcedDeserializer<T> implements Deserializer<Sourced<T>> {
        private final Deserializer<T> inner;

        SourcedDeserializer(Deserializer<T> inner) {
            this.inner = inner;
        }

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            inner.configure(configs, isKey);
        }

        @Override
        public Sourced<T> deserialize(String topic, byte[] data) {
            return deserialize(topic, null, data);
        }

        @Override
        public Sourced<T> deserialize(String topic, Headers headers, byte[] data) {
            if (data == null) {
                return null;
            }
            return new Sourced<>(inner.deserialize(topic, headers, data), data);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static final class WireSerializer<T> implements Serializer<Sourced<T>> {
        @Override
        public byte[] serialize(String topic, Sourced<T> data) {
            return data == null ? null : data.wire;
        }
    }
}
