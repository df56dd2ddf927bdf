package io.streamscorer.topology;

import org.apache.kafka.common.header.Headers;

/**
 * Where the model-store processor sends refused control records. The global thread that runs it has
 * no Kafka Streams sink, so the application hands it a producer-backed sink; tests collect.
 */
public interface DeadLetterSink {
    /** Sends one dead letter: the original key and value bytes with {@link DeadLetters} headers. */
    void send(byte[] key, byte[] value, Headers headers);
}
