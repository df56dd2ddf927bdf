package io.streamscorer.serde;

import io.streamscorer.model.FeatureLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A feature layout with its names as Avro's binary encoding writes them (zig-zag varint length,
 * then UTF-8), encoded once: a reader recognises the next event's names by comparing these bytes,
 * and a writer copies them instead of encoding each name again. Immutable, so it may be shared
 * between threads.
 */
final class EncodedLayout {
    final FeatureLayout layout;
    final byte[][] names;

    EncodedLayout(FeatureLayout layout) {
        this.layout = layout;
        this.names = new byte[layout.size()][];
        for (int i = 0; i < names.length; i++) {
            names[i] = encode(layout.name(i));
        }
    }

    private static byte[] encode(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int zigzag = (utf8.length << 1) ^ (utf8.length >> 31);
        byte[] out = new byte[5 + utf8.length];
        int n = 0;
        while ((zigzag & ~0x7F) != 0) {
            out[n++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        out[n++] = (byte) zigzag;
        System.arraycopy(utf8, 0, out, n, utf8.length);
        return Arrays.copyOf(out, n + utf8.length);
    }
}
