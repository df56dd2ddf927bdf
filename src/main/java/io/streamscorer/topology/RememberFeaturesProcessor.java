package io.streamscorer.topology;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers each feature event's original bytes by event id, so a label that arrives days later
 * carrying only the event id can be joined to what was scored. The window store forgets entries
 * after the feedback retention, by stream time. An event stamped more than an hour ahead of the
 * clock is not remembered (its label will be refused as {@code UNKNOWN_EVENT}): remembering it
 * would expire everything else the partition remembers.
 */
final class RememberFeaturesProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(RememberFeaturesProcessor.class);

    private final String storeName;
    private ProcessorContext<Void, Void> context;
    private WindowStore<String, byte[]> store;
    private long notRemembered;

    RememberFeaturesProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        if (record.timestamp() > now + PrepareFeedbackProcessor.FUTURE_TOLERANCE_MS) {
            // A producer with a broken clock sends nothing else: log the first and then a tally.
            if (notRemembered++ % 10_000 == 0) {
                LOG.warn(
                        "Not remembering event '{}': its timestamp {} is more than an hour after"
                                + " the clock ({}); {} such event(s) so far",
                        record.key(),
                        Instant.ofEpochMilli(record.timestamp()),
                        Instant.ofEpochMilli(now),
                        notRemembered);
            }
            return;
        }
        store.put(record.key(), record.value(), record.timestamp());
    }
}
