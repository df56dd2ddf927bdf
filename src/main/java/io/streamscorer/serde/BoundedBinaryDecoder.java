package io.streamscorer.serde;

import io.streamscorer.serde.WireFormatException.Kind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder over one record's bytes that distrusts them: every declared length is
 * checked against the limits and against the bytes that remain before anything is allocated, so a
 * hostile record fails fast with a {@link DecodeException} of the right {@link Kind} instead of
 * allocating gigabytes. Avro's own {@code BinaryDecoder} allocates a declared string length before
 * noticing the input is shorter, and sizes a map by its declared count.
 *
 * <p>Not thread-safe: one instance decodes one record.
 */
final class BoundedBinaryDecoder extends Decoder {
    // Avro writes a double as its IEEE 754 bits, little-endian: one unaligned load.
    private static final VarHandle DOUBLES =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final int limit;
    private final AvroReadLimits limits;
    private final boolean arrayItemsMayBeEmpty;
    private int pos;
    private long[] openCollections = new long[8];
    private int depth;
    private long skippedItems;

    /** Why a record's bytes cannot be decoded; turned into a {@link WireFormatException}. */
    static final class DecodeException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Kind kind;

        DecodeException(Kind kind, String message) {
            // Hostile input can make these by the million: no stack trace to fill.
            super(message, null, false, false);
            this.kind = kind;
        }

        Kind kind() {
            return kind;
        }
    }

    /**
     * @param arrayItemsMayBeEmpty whether the writer schema has an array whose items can take zero
     *     bytes (see {@link #hasArrayOfPossiblyEmptyItems}); then array counts cannot be bounded by
     *     the remaining bytes, only by the item limit
     */
    BoundedBinaryDecoder(
            byte[] buf,
            int offset,
            int length,
            AvroReadLimits limits,
            boolean arrayItemsMayBeEmpty) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
        this.limits = limits;
        this.arrayItemsMayBeEmpty = arrayItemsMayBeEmpty;
    }

    /** Bytes not read yet. */
    int remaining() {
        return limit - pos;
    }

    /**
     * Whether {@code schema} contains an array whose items may encode to zero bytes (null, an empty
     * record, a zero-size fixed), so that a count of items says nothing about their size.
     */
    static boolean hasArrayOfPossiblyEmptyItems(Schema schema) {
        return hasArrayOfPossiblyEmptyItems(schema, identitySet());
    }

    private static Set<Schema> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private static boolean hasArrayOfPossiblyEmptyItems(Schema schema, Set<Schema> seen) {
        return switch (schema.getType()) {
            case ARRAY ->
                    mayBeEmpty(schema.getElementType(), identitySet())
                            || hasArrayOfPossiblyEmptyItems(schema.getElementType(), seen);
            case MAP -> hasArrayOfPossiblyEmptyItems(schema.getValueType(), seen);
            case UNION ->
                    schema.getTypes().stream()
                            .anyMatch(branch -> hasArrayOfPossiblyEmptyItems(branch, seen));
            case RECORD ->
                    seen.add(schema)
                            && schema.getFields().stream()
                                    .anyMatch(f -> hasArrayOfPossiblyEmptyItems(f.schema(), seen));
            default -> false;
        };
    }

    private static boolean mayBeEmpty(Schema schema, Set<Schema> enclosing) {
        return switch (schema.getType()) {
            case NULL -> true;
            case FIXED -> schema.getFixedSize() == 0;
            case RECORD -> {
                // A record inside itself cannot be empty: it would be infinite.
                if (!enclosing.add(schema)) {
                    yield false;
                }
                boolean empty =
                        schema.getFields().stream()
                                .allMatch(f -> mayBeEmpty(f.schema(), enclosing));
                enclosing.remove(schema);
                yield empty;
            }
            default -> false;
        };
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() {
        require(1, "boolean");
        byte value = buf[pos++];
        if (value == 0 || value == 1) {
            return value == 1;
        }
        throw malformed("boolean byte " + value + " is neither 0 nor 1");
    }

    @Override
    public int readInt() {
        int raw = (int) readVarint(5, "int");
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public long readLong() {
        long raw = readVarint(10, "long");
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public float readFloat() {
        require(4, "float");
        int bits =
                (buf[pos] & 0xFF)
                        | (buf[pos + 1] & 0xFF) << 8
                        | (buf[pos + 2] & 0xFF) << 16
                        | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() {
        require(8, "double");
        double value = (double) DOUBLES.get(buf, pos);
        pos += 8;
        return value;
    }

    @Override
    public Utf8 readString(Utf8 old) {
        int length = length("string", limits.maxStringLength());
        Utf8 result = old == null ? new Utf8() : old;
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() {
        int length = length("string", limits.maxStringLength());
        String result = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    /** A string read through {@code strings}: one instance for bytes seen before. */
    /**
     * Consumes the next bytes if they are exactly {@code expected}, the encoding of a string
     * already read and checked before (its length as a varint, then its UTF-8 bytes); else reads
     * nothing.
     */
    boolean skipIfNext(byte[] expected) {
        int n = expected.length;
        if (n > limit - pos || !Arrays.equals(buf, pos, pos + n, expected, 0, n)) {
            return false;
        }
        pos += n;
        return true;
    }

    String readString(DecodedStrings strings) {
        int length = length("string", limits.maxStringLength());
        String result = strings.decode(buf, pos, length);
        pos += length;
        return result;
    }

    @Override
    public void skipString() {
        int length = length("string", limits.maxStringLength());
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) {
        int length = length("bytes", limits.maxBytesLength());
        ByteBuffer result = ByteBuffer.wrap(Arrays.copyOfRange(buf, pos, pos + length));
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() {
        int length = length("bytes", limits.maxBytesLength());
        pos += length;
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) {
        require(length, "fixed");
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) {
        require(length, "fixed");
        pos += length;
    }

    @Override
    public int readEnum() {
        return index("enum symbol");
    }

    @Override
    public int readIndex() {
        return index("union branch");
    }

    @Override
    public long readArrayStart() {
        open();
        return nextBlock("array", false);
    }

    @Override
    public long arrayNext() {
        return nextBlock("array", false);
    }

    @Override
    public long skipArray() {
        return skipBlocks("array", false);
    }

    @Override
    public long readMapStart() {
        open();
        return nextBlock("map", true);
    }

    @Override
    public long mapNext() {
        return nextBlock("map", true);
    }

    @Override
    public long skipMap() {
        return skipBlocks("map", true);
    }

    private int index(String what) {
        int index = readInt();
        if (index < 0) {
            throw malformed("negative " + what + " index " + index);
        }
        return index;
    }

    private void open() {
        if (depth == openCollections.length) {
            openCollections = Arrays.copyOf(openCollections, depth * 2);
        }
        openCollections[depth++] = 0;
    }

    private long nextBlock(String what, boolean map) {
        long count = blockCount(what);
        if (depth == 0) {
            throw malformed(what + " block outside any " + what);
        }
        if (count == 0) {
            depth--;
            return 0;
        }
        checkCount(count, what, map);
        openCollections[depth - 1] += count;
        if (openCollections[depth - 1] > limits.maxCollectionItems()) {
            throw tooLarge(what, openCollections[depth - 1]);
        }
        return count;
    }

    private long skipBlocks(String what, boolean map) {
        while (true) {
            long count = readLong();
            if (count == 0) {
                return 0;
            }
            if (count > 0) {
                checkCount(count, what, map);
                if (!map && arrayItemsMayBeEmpty) {
                    // Items of no size cost no bytes to declare, only time to skip: cap them.
                    skippedItems += count;
                    if (skippedItems > limits.maxCollectionItems()) {
                        throw tooLarge(what, skippedItems);
                    }
                }
                return count;
            }
            if (count == Long.MIN_VALUE) {
                throw malformed(what + " block count " + count);
            }
            // A negative count is followed by the block's size in bytes: skip it whole.
            long size = readLong();
            if (size < 0) {
                throw malformed("negative " + what + " block size " + size);
            }
            require(size, what + " block");
            pos += (int) size;
        }
    }

    private long blockCount(String what) {
        long count = readLong();
        if (count >= 0) {
            return count;
        }
        if (count == Long.MIN_VALUE) {
            throw malformed(what + " block count " + count);
        }
        long size = readLong();
        if (size < 0) {
            throw malformed("negative " + what + " block size " + size);
        }
        return -count;
    }

    private void checkCount(long count, String what, boolean map) {
        if (count > limits.maxCollectionItems()) {
            throw tooLarge(what, count);
        }
        // Every map entry has at least its key's length byte; most array items take a byte too.
        if ((map || !arrayItemsMayBeEmpty) && count > remaining()) {
            throw new DecodeException(
                    Kind.TOO_LARGE,
                    what
                            + " declares "
                            + count
                            + " items but only "
                            + remaining()
                            + " bytes remain to hold them");
        }
    }

    private int length(String what, int max) {
        long length = readLong();
        if (length < 0) {
            throw malformed("negative " + what + " length " + length);
        }
        if (length > max) {
            throw new DecodeException(
                    Kind.TOO_LARGE,
                    what + " of " + length + " bytes is over the limit of " + max + " bytes");
        }
        require(length, what);
        return (int) length;
    }

    private long readVarint(int maxBytes, String what) {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= limit) {
                throw truncated(what);
            }
            int b = buf[pos++] & 0xFF;
            raw |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                // The last byte of a 5-byte int may carry 4 more bits, of a 10-byte long 1.
                int spareBits = maxBytes == 5 ? 4 : 1;
                if (i == maxBytes - 1 && b >>> spareBits != 0) {
                    throw malformed(
                            what + " varint overflows " + (maxBytes == 5 ? 32 : 64) + " bits");
                }
                return raw;
            }
        }
        throw malformed(what + " varint longer than " + maxBytes + " bytes");
    }

    private void require(long length, String what) {
        if (length > remaining()) {
            throw new DecodeException(
                    Kind.TRUNCATED,
                    what + " needs " + length + " bytes but the record ends after " + remaining());
        }
    }

    private DecodeException truncated(String what) {
        return new DecodeException(Kind.TRUNCATED, "the record ends inside a " + what);
    }

    private static DecodeException malformed(String message) {
        return new DecodeException(Kind.MALFORMED, message);
    }

    private DecodeException tooLarge(String what, long count) {
        return new DecodeException(
                Kind.TOO_LARGE,
                what
                        + " of "
                        + count
                        + " items is over the limit of "
                        + limits.maxCollectionItems()
                        + " items");
    }
}
