package io.streamscorer.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers every dead letter carries. The origin uses Kafka Streams' own dead-letter header
 * names ({@code __streams.errors.*}, KIP-1034), so one consumer of the dead-letter topic reads the
 * origin of every letter in one place; {@code scorer.dlq.*} adds the reason code, the stage that
 * refused the record and a readable detail.
 */
public final class DeadLetters {
    /** Machine-readable reason code: an {@link EventRejection} or a model rejection name. */
    public static final String REASON = "scorer.dlq.reason";

    /** The finer cause, for example the wire-format check that failed. */
    public static final String DETAIL = "scorer.dlq.detail";

    /** Which step refused it: deserialize, score, apply-model, learn. */
    public static final String STAGE = "scorer.dlq.stage";

    /** Kafka Streams' header for the exception class (our reason code when there is none). */
    public static final String EXCEPTION = "__streams.errors.exception";

    /** Kafka Streams' header for the human-readable message. */
    public static final String MESSAGE = "__streams.errors.message";

    /** Origin topic. */
    public static final String TOPIC = "__streams.errors.topic";

    /** Origin partition. */
    public static final String PARTITION = "__streams.errors.partition";

    /** Origin offset. */
    public static final String OFFSET = "__streams.errors.offset";

    private DeadLetters() {}

    /**
     * The original headers plus the dead-letter headers.
     *
     * @param original headers of the refused record, copied; may be null
     */
    public static Headers headers(
            Headers original,
            String reason,
            String stage,
            String detail,
            String exceptionClass,
            String topic,
            int partition,
            long offset) {
        RecordHeaders headers = new RecordHeaders(original == null ? null : original.toArray());
        put(headers, REASON, reason);
        put(headers, STAGE, stage);
        put(headers, DETAIL, detail);
        put(headers, EXCEPTION, exceptionClass);
        put(headers, MESSAGE, detail);
        put(headers, TOPIC, topic);
        put(headers, PARTITION, Integer.toString(partition));
        put(headers, OFFSET, Long.toString(offset));
        return headers;
    }

    /** The text of the last header named {@code name}, or null. */
    public static String text(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
