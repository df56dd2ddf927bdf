package io.streamscorer.topology;

/**
 * What a processor made of one input record: an accepted value for the next step, or a refusal
 * whose bytes go to the dead-letter topic (its reason headers travel on the record). Every
 * processor that can refuse input routes through this one type, so every topology branch splits the
 * same way.
 *
 * @param <T> the accepted value's type
 */
public final class Outcome<T> {
    private final T value;
    private final byte[] wire;

    private Outcome(T value, byte[] wire) {
        this.value = value;
        this.wire = wire;
    }

    /** An accepted value. */
    public static <T> Outcome<T> accept(T value) {
        return new Outcome<>(value, null);
    }

    /** A refusal carrying the record's bytes (the original bytes where they are known). */
    public static <T> Outcome<T> refuse(byte[] wire) {
        return new Outcome<>(null, wire);
    }

    /** Whether the value was accepted. */
    public boolean isAccepted() {
        return value != null;
    }

    /** The accepted value, or null for a refusal. */
    public T value() {
        return value;
    }

    /** The refused record's bytes, or null for an accepted value. */
    public byte[] wire() {
        return wire;
    }
}
