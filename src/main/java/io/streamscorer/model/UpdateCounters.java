package io.streamscorer.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a learner's updates did since it started: applied, refused, skipped, and clipped one way or
 * the other. Kept in its checkpoint, so that the counts survive a restart, and read by the meters
 * and a learned version's metadata. Not thread-safe, as a learner is not.
 */
public final class UpdateCounters {
    /** The size of {@link #encode}'s output in bytes. */
    static final int ENCODED_SIZE = 5 * Long.BYTES;

    private long applied;
    private long refused;
    private long skipped;
    private long weightChangesClipped;
    private long gradientsClipped;

    /** Counts an applied update and how it was clipped. */
    void recordApplied(boolean gradientClipped, boolean weightChangeClipped) {
        applied++;
        if (gradientClipped) {
            gradientsClipped++;
        }
        if (weightChangeClipped) {
            weightChangesClipped++;
        }
    }

    /** Counts an update refused because it would have made the learner non-finite. */
    void recordRefused() {
        refused++;
    }

    /** Counts a call with example weight 0, which only predicted. */
    void recordSkipped() {
        skipped++;
    }

    /** Calls whose update was applied. */
    public long applied() {
        return applied;
    }

    /** Calls refused because a parameter or optimizer state would have become non-finite. */
    public long refused() {
        return refused;
    }

    /** Calls with example weight 0, which only predicted. */
    public long skipped() {
        return skipped;
    }

    /** Applied calls in which some parameter's change was cut to {@code maxWeightChange}. */
    public long weightChangesClipped() {
        return weightChangesClipped;
    }

    /** Applied calls in which the gradient was scaled down to {@code clipNorm}. */
    public long gradientsClipped() {
        return gradientsClipped;
    }

    /** Writes the counts, big-endian, in {@link #ENCODED_SIZE} bytes. */
    void encode(ByteBuffer out) {
        out.putLong(applied);
        out.putLong(refused);
        out.putLong(skipped);
        out.putLong(weightChangesClipped);
        out.putLong(gradientsClipped);
    }

    /** Writes the counts as {@link #encode(ByteBuffer)} does. */
    void encode(DataOutput out) throws IOException {
        out.writeLong(applied);
        out.writeLong(refused);
        out.writeLong(skipped);
        out.writeLong(weightChangesClipped);
        out.writeLong(gradientsClipped);
    }

    /** Reads the counts {@link #encode} wrote in place of these. */
    void decode(DataInput in) throws IOException {
        applied = in.readLong();
        refused = in.readLong();
        skipped = in.readLong();
        weightChangesClipped = in.readLong();
        gradientsClipped = in.readLong();
    }
}
