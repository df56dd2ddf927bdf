package io.streamscorer.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Remembers each feature event's original bytes by event id, so a label that arrives days later
 * carrying only the event id can be joined to what was scored. The window store forgets entries
 * after the feedback retention, by stream time.
 */
final class RememberFeaturesProcessor implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private WindowStore<String, byte[]> store;

    RememberFeaturesProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() != null && record.value() != null) {
            store.put(record.key(), record.value(), record.timestamp());
        }
    }
}
