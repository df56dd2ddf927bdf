package io.streamscorer.topology;

import io.streamscorer.avro.ModelComparison;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the comparisons topic into the instance's {@link ComparisonBoard}, keeping each champion's
 * latest bytes in a global store so that a restarted instance shows them from its start (a store
 * restored from the topic is filled without passing through this processor, so it is read at init).
 * A record that cannot be decoded is logged and skipped: a comparison is a report, nothing is lost
 * by missing one (the next replaces it), and the global thread must not stop on it.
 */
final class ApplyComparisonProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyComparisonProcessor.class);

    private final String storeName;
    private final Deserializer<ModelComparison> comparisons;
    private final ComparisonBoard board;
    private KeyValueStore<String, byte[]> store;

    ApplyComparisonProcessor(
            String storeName, Deserializer<ModelComparison> comparisons, ComparisonBoard board) {
        this.storeName = storeName;
        this.comparisons = comparisons;
        this.board = board;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                show(entry.key, entry.value);
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            board.remove(record.key());
            store.delete(record.key());
            return;
        }
        if (show(record.key(), record.value())) {
            store.put(record.key(), record.value());
        }
    }

    private boolean show(String champion, byte[] value) {
        try {
            board.accept(comparisons.deserialize(storeName, value));
            return true;
        } catch (SerializationException | IllegalArgumentException e) {
            LOG.warn(
                    "Skipped an unreadable comparison of model '{}': {}", champion, e.getMessage());
            return false;
        }
    }
}
