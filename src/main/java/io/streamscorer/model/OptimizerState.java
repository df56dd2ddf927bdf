package io.streamscorer.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What one update rule remembers about one parameter vector between examples, with its update
 * count. An update is proposed into scratch buffers and committed only when the whole learner
 * update is, so a refused update leaves no trace. Its encoding is the rule's own part of the
 * learner's versioned state.
 */
abstract class OptimizerState {
    /** Which entries are weights (regularised); the others are biases. */
    final boolean[] regularised;

    final int size;
    private long steps;

    OptimizerState(boolean[] regularised) {
        this.regularised = regularised.clone();
        this.size = regularised.length;
    }

    /** Updates committed since the state was last reset. */
    final long steps() {
        return steps;
    }

    /** Makes the proposed state the current one and counts the update. */
    final void commit() {
        commitProposal();
        steps++;
    }

    abstract void commitProposal();

    /**
     * Forgets everything learned, around parameters {@code params} (FTRL sets its accumulator so
     * that its closed form reproduces them) and a starting model worth {@code priorLabels} labels
     * (NEWTON's prior; the first-order rules ignore it).
     */
    final void reset(double[] params, long priorLabels) {
        steps = 0;
        resetState(params, priorLabels);
    }

    abstract void resetState(double[] params, long priorLabels);

    /** Bytes {@link #encode} writes. */
    abstract int encodedSize();

    /** Writes the rule's state arrays, big-endian doubles. */
    abstract void encode(ByteBuffer out);

    /** Reads what {@link #encode} wrote, and the update count stored beside it. */
    final void decode(DataInputStream in, long stepCount) throws IOException {
        decodeState(in);
        steps = stepCount;
        restoredSteps(stepCount);
    }

    abstract void decodeState(DataInputStream in) throws IOException;

    /** Lets a rule rebuild what it derives from the update count (Adam's β powers). */
    void restoredSteps(long stepCount) {}

    static void putArray(ByteBuffer out, double[] values) {
        for (double v : values) {
            out.putLong(Double.doubleToLongBits(v));
        }
    }

    static void readArray(DataInputStream in, double[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readDouble();
        }
    }
}
