package io.streamscorer.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
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

    /**
     * The largest dead letter (key, value and headers) written whole: under Kafka's default limits
     * of 1 MiB per record on a topic and per producer request. The letter of a record as large as
     * its input topic takes would not fit the dead-letter topic, and a send the producer refuses
     * fails the whole transaction under exactly-once and stops the instance; such a letter leaves
     * the record out ({@link #withoutRecord}).
     */
    public static final int MAX_LETTER_BYTES = 1_000_000;

    /** Details quote input (a model name an event asks for): they are cut to this many chars. */
    private static final int MAX_DETAIL_CHARS = 1_000;

    private static final List<String> OWN =
            List.of(REASON, STAGE, DETAIL, EXCEPTION, MESSAGE, TOPIC, PARTITION, OFFSET);

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
        String shortDetail =
                detail == null || detail.length() <= MAX_DETAIL_CHARS
                        ? detail
                        : detail.substring(0, MAX_DETAIL_CHARS) + "...";
        put(headers, REASON, reason);
        put(headers, STAGE, stage);
        put(headers, DETAIL, shortDetail);
        put(headers, EXCEPTION, exceptionClass);
        put(headers, MESSAGE, shortDetail);
        put(headers, TOPIC, topic);
        put(headers, PARTITION, Integer.toString(partition));
        put(headers, OFFSET, Long.toString(offset));
        return headers;
    }

    /** The bytes a letter of {@code key}, {@code value} and {@code headers} takes, roughly. */
    public static long size(byte[] key, byte[] value, Headers headers) {
        long size = key == null ? 0 : key.length;
        size += value == null ? 0 : value.length;
        for (Header h : headers) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    /**
     * The headers of a letter too large to write whole ({@link #size} over {@link
     * #MAX_LETTER_BYTES}): only the dead-letter headers of {@code letter}, the detail saying that
     * the record's key, value and own headers were left out. The origin still points at the record.
     */
    public static Headers withoutRecord(Headers letter, long size) {
        RecordHeaders kept = new RecordHeaders();
        for (String name : OWN) {
            put(kept, name, text(letter, name));
        }
        String detail = text(letter, DETAIL);
        String note =
                (detail == null ? "" : detail + "; ")
                        + "the letter leaves out the record's key, value and headers: their "
                        + size
                        + " bytes would not fit the dead-letter topic";
        put(kept, DETAIL, note);
        put(kept, MESSAGE, note);
        return kept;
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
