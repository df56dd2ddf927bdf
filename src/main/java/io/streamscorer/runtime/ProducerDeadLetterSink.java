package io.streamscorer.runtime;

import io.streamscorer.topology.DeadLetterSink;
import io.streamscorer.topology.DeadLetters;
import io.streamscorer.topology.ScoringTopology;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the model store's dead letters with a plain idempotent producer, since the global thread
 * has no Kafka Streams sink. Silent while the global store is being restored: records replayed at
 * start were dead-lettered when first seen, so each instance reports a refused control record once.
 */
public final class ProducerDeadLetterSink implements DeadLetterSink, StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerDeadLetterSink.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicBoolean restoring = new AtomicBoolean();

    ProducerDeadLetterSink(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void send(byte[] key, byte[] value, Headers headers) {
        if (restoring.get()) {
            return;
        }
        long size = DeadLetters.size(key, value, headers);
        ProducerRecord<byte[], byte[]> letter =
                size <= DeadLetters.MAX_LETTER_BYTES
                        ? new ProducerRecord<>(topic, null, key, value, headers)
                        : new ProducerRecord<>(
                                topic,
                                null,
                                (byte[]) null,
                                (byte[]) null,
                                DeadLetters.withoutRecord(headers, size));
        var unused =
                producer.send(
                        letter,
                        (metadata, error) -> {
                            if (error != null) {
                                LOG.error(
                                        "Could not write a model dead letter to {}", topic, error);
                            }
                        });
    }

    // Kafka Streams reports the restores of every store here, the learner's and the window
    // stores' too; only the model store's replay is what this sink must keep quiet about.
    @Override
    public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
        if (ScoringTopology.MODEL_STORE.equals(store)) {
            restoring.set(true);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long end, long count) {}

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long total) {
        if (ScoringTopology.MODEL_STORE.equals(store)) {
            restoring.set(false);
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long total) {
        if (ScoringTopology.MODEL_STORE.equals(store)) {
            restoring.set(false);
        }
    }
}
