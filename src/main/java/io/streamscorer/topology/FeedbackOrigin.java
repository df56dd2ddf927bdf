package io.streamscorer.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Carries a feedback record's origin (topic, partition, offset) in headers across the repartition
 * to the learner, so a label the learner refuses is dead-lettered with where it really came from
 * rather than the internal topic's coordinates.
 */
final class FeedbackOrigin {
    static final String TOPIC = "scorer.origin.topic";
    static final String PARTITION = "scorer.origin.partition";
    static final String OFFSET = "scorer.origin.offset";

    private FeedbackOrigin() {}

    /** {@code headers} plus the origin of the record being processed. */
    static Headers stamp(Headers headers, RecordMetadata meta) {
        RecordHeaders out = new RecordHeaders(headers == null ? null : headers.toArray());
        if (meta != null) {
            put(out, TOPIC, meta.topic());
            put(out, PARTITION, Integer.toString(meta.partition()));
            put(out, OFFSET, Long.toString(meta.offset()));
        }
        return out;
    }

    private static void put(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static String topic(Headers headers) {
        return DeadLetters.text(headers, TOPIC);
    }

    static int partition(Headers headers) {
        String text = DeadLetters.text(headers, PARTITION);
        return text == null ? -1 : Integer.parseInt(text);
    }

    static long offset(Headers headers) {
        String text = DeadLetters.text(headers, OFFSET);
        return text == null ? -1 : Long.parseLong(text);
    }
}
