package io.streamscorer.serde;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The short strings a reader decoded lately, found again by their UTF-8 bytes, so that a string
 * every record repeats (a feature name, an attribute key) is one {@code String} instance: neither
 * allocated nor hashed again on every record, and recognised by identity in a model's feature
 * index.
 *
 * <p>A bounded two-way set-associative table: a string that is not found is decoded as usual and
 * takes a slot, replacing an older one, so hostile input cannot make it grow. Shared by threads
 * without locks: entries are immutable, and a racy read at worst misses and decodes again.
 */
final class DecodedStrings {
    /** Longer strings are decoded afresh every time: names are short, and comparing costs. */
    static final int MAX_LENGTH = 128;

    private static final int SET_BITS = 11;
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Entry[] slots = new Entry[2 << SET_BITS];

    /**
     * A string with its bytes as little-endian words, the last one holding the remaining 0 to 7
     * bytes: compared a word at a time. Immutable, so a thread that reads one through a race sees
     * it whole.
     */
    private static final class Entry {
        final int length;
        final long[] words;
        final String value;

        Entry(byte[] buf, int offset, int length, String value) {
            this.length = length;
            this.value = value;
            this.words = new long[length / Long.BYTES + 1];
            int i = 0;
            for (int w = 0; i + Long.BYTES <= length; i += Long.BYTES, w++) {
                words[w] = (long) LONGS.get(buf, offset + i);
            }
            words[words.length - 1] = tail(buf, offset + i, length - i);
        }

        boolean matches(byte[] buf, int offset, int length) {
            if (length != this.length) {
                return false;
            }
            int i = 0;
            int w = 0;
            for (; i + Long.BYTES <= length; i += Long.BYTES, w++) {
                if ((long) LONGS.get(buf, offset + i) != words[w]) {
                    return false;
                }
            }
            return tail(buf, offset + i, length - i) == words[w];
        }
    }

    /** The string of the UTF-8 bytes {@code buf[offset, offset + length)}. */
    String decode(byte[] buf, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(buf, offset, length, StandardCharsets.UTF_8);
        }
        int first = set(buf, offset, length) << 1;
        Entry a = slots[first];
        if (a != null && a.matches(buf, offset, length)) {
            return a.value;
        }
        Entry b = slots[first + 1];
        if (b != null && b.matches(buf, offset, length)) {
            return b.value;
        }
        return add(first, a, buf, offset, length);
    }

    private String add(int first, Entry displaced, byte[] buf, int offset, int length) {
        String value = new String(buf, offset, length, StandardCharsets.UTF_8);
        // The newest goes first and the one it displaces second: two strings that share a set and
        // recur on every record both stay.
        slots[first + 1] = displaced;
        slots[first] = new Entry(buf, offset, length, value);
        return value;
    }

    /**
     * The set of a string's bytes: a multiplicative hash over eight bytes at a time, read from its
     * top bits, the only ones every input bit reaches (a byte's bits move only upwards in a
     * product, so the low bits would ignore the last characters, where names like noise_1 and
     * noise_2 differ).
     */
    static int set(byte[] buf, int offset, int length) {
        long h = length * MIX;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            h = (h ^ (long) LONGS.get(buf, offset + i)) * MIX;
        }
        h = (h ^ tail(buf, offset + i, length - i)) * MIX;
        return (int) (h >>> (Long.SIZE - SET_BITS));
    }

    private static long tail(byte[] buf, int offset, int count) {
        long tail = 0;
        for (int k = 0; k < count; k++) {
            tail = (tail << 8) | (buf[offset + k] & 0xFF);
        }
        return tail;
    }
}
