package io.streamscorer.serde;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The short strings a deserializer decoded lately, found again by their UTF-8 bytes, so that a
 * string every record repeats (a feature name, an attribute key, a model name) is one {@code
 * String} instance: it is neither allocated nor hashed again on every record, and a model's feature
 * index recognises it by identity. Feature maps are most of a {@code FeatureEvent}, and decoding
 * their keys afresh (a new String, then its hash in the map) was a sixth of the scorer's thread.
 *
 * <p>A bounded two-way set-associative table: a string that is not found is decoded as usual and
 * takes a slot, replacing an older one, so unique strings (event ids) cost one small entry each and
 * hostile input cannot make it grow. Shared by every thread of a deserializer without locks:
 * entries are immutable, and a racy read at worst misses and decodes the string again.
 */
final class DecodedStrings {
    /** Longer strings are decoded afresh every time: names are short, and comparing costs. */
    static final int MAX_LENGTH = 128;

    private static final int SETS = 2048;
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Entry[] slots = new Entry[SETS * 2];

    /** Immutable, so a thread that reads one through a race sees it whole. */
    private static final class Entry {
        final byte[] utf8;
        final String value;

        Entry(byte[] utf8, String value) {
            this.utf8 = utf8;
            this.value = value;
        }
    }

    /** The string of the UTF-8 bytes {@code buf[offset, offset + length)}. */
    String decode(byte[] buf, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(buf, offset, length, StandardCharsets.UTF_8);
        }
        int first = (hash(buf, offset, length) & (SETS - 1)) << 1;
        Entry a = slots[first];
        if (a != null && matches(a, buf, offset, length)) {
            return a.value;
        }
        Entry b = slots[first + 1];
        if (b != null && matches(b, buf, offset, length)) {
            return b.value;
        }
        String value = new String(buf, offset, length, StandardCharsets.UTF_8);
        Entry added = new Entry(Arrays.copyOfRange(buf, offset, offset + length), value);
        // The newest goes first, the one it displaces second: a pair of strings that share a set
        // and recur on every record both stay.
        slots[first + 1] = a;
        slots[first] = added;
        return value;
    }

    private static boolean matches(Entry e, byte[] buf, int offset, int length) {
        return Arrays.equals(e.utf8, 0, e.utf8.length, buf, offset, offset + length);
    }

    /** A multiplicative hash over eight bytes at a time. */
    static int hash(byte[] buf, int offset, int length) {
        long h = length * MIX;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            h = (h ^ (long) LONGS.get(buf, offset + i)) * MIX;
        }
        long tail = 0;
        for (; i < length; i++) {
            tail = (tail << 8) | (buf[offset + i] & 0xFF);
        }
        h = (h ^ tail) * MIX;
        return (int) (h ^ (h >>> 32));
    }
}
