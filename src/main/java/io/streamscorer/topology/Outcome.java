package io.streamscorer.topology;

import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * What a processor made of one input record: an accepted value for the next step, a shadow value (a
 * challenger's score, which goes beside the output rather than into it), or a refusal whose bytes
 * go to the dead-letter topic (its reason headers travel on the record). Every processor that can
 * refuse input routes through this one type, so every topology branch splits the same way.
 *
 * @param <T> the accepted value's type
 */
public final class Outcome<T> {
    private final T value;
    private final byte[] wire;
    private final boolean shadow;

    private Outcome(T value, byte[] wire, boolean shadow) {
        this.value = value;
        this.wire = wire;
        this.shadow = shadow;
    }

    /** An accepted value. */
    public static <T> Outcome<T> accept(T value) {
        return new Outcome<>(value, null, false);
    }

    /** A value made beside the accepted one, for the shadow output. */
    public static <T> Outcome<T> shadow(T value) {
        return new Outcome<>(value, null, true);
    }

    /** A refusal carrying the record's bytes (the original bytes where they are known). */
    public static <T> Outcome<T> refuse(byte[] wire) {
        return new Outcome<>(null, wire, false);
    }

    /**
     * {@code record} refused at {@code stage} for {@code reason}: its input's original bytes, with
     * the dead-letter headers naming the reason, the detail and where the input was read ({@code
     * origin}, empty for a record that did not come from a topic).
     */
    static <I, O> FixedKeyRecord<String, Outcome<O>> refusal(
            FixedKeyRecord<String, Sourced<I>> record,
            Optional<RecordMetadata> origin,
            EventRejection reason,
            String stage,
            String detail) {
        RecordMetadata meta = origin.orElse(null);
        Sourced<I> input = record.value();
        return record.withValue(Outcome.<O>refuse(input == null ? null : input.wire()))
                .withHeaders(
                        DeadLetters.headers(
                                record.headers(),
                                reason.name(),
                                stage,
                                detail,
                                EventRejection.class.getName(),
                                meta == null ? null : meta.topic(),
                                meta == null ? -1 : meta.partition(),
                                meta == null ? -1 : meta.offset()));
    }

    /** Whether the value was accepted for the output (a shadow value is not). */
    public boolean isAccepted() {
        return value != null && !shadow;
    }

    /** Whether this is a shadow value. */
    public boolean isShadow() {
        return shadow;
    }

    /** The accepted or shadow value, or null for a refusal. */
    public T value() {
        return value;
    }

    /** The refused record's bytes, or null for an accepted value. */
    public byte[] wire() {
        return wire;
    }
}
