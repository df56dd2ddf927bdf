package io.streamscorer.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a refused record into its dead letter: the original bytes with the reason headers the
 * refusing processor set, or, when that letter would be over {@link DeadLetters#MAX_LETTER_BYTES},
 * the headers alone (key, value and the record's own headers left out), so that one record as large
 * as its input topic takes cannot stop the instance by failing the send of its letter.
 */
final class UnwrapDeadLetterProcessor<T> implements Processor<String, Outcome<T>, String, byte[]> {
    private ProcessorContext<String, byte[]> context;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Outcome<T>> record) {
        byte[] wire = record.value().wire();
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        long size = DeadLetters.size(key, wire, record.headers());
        if (size <= DeadLetters.MAX_LETTER_BYTES) {
            context.forward(record.withValue(wire));
        } else {
            context.forward(
                    record.<String>withKey(null)
                            .withValue((byte[]) null)
                            .withHeaders(DeadLetters.withoutRecord(record.headers(), size)));
        }
    }
}
