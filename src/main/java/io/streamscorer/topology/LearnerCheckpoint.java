package io.streamscorer.topology;

import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.OnlineLearner;
import io.streamscorer.model.OnlineLogisticLearner;
import io.streamscorer.model.OnlineNetworkLearner;
import io.streamscorer.model.RestoredLearner;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The learner's whole state for one model, as kept in the changelogged learner store: the working
 * parameters and optimizer state, the last version published, and the labels applied since. Written
 * after every label, so under exactly-once it commits together with the offsets and any published
 * version. The first byte says which learner wrote it: {@value #LOGISTIC} for a logistic model (the
 * only format before networks, so existing stores still read), {@value #NETWORK} for a network.
 */
final class LearnerCheckpoint {
    private static final byte LOGISTIC = 1;
    private static final byte NETWORK = 2;
    // Format byte, published generation and step, labels since, last publish time, state length.
    private static final int HEADER_BYTES = 1 + 4 * Long.BYTES + Integer.BYTES;

    final OnlineLearner learner;
    ModelVersion published;
    long sincePublish;
    long lastPublishMs;

    LearnerCheckpoint(
            OnlineLearner learner, ModelVersion published, long sincePublish, long lastPublishMs) {
        this.learner = learner;
        this.published = published;
        this.sincePublish = sincePublish;
        this.lastPublishMs = lastPublishMs;
    }

    byte[] encode() {
        byte[] state = learner.encode();
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + state.length);
        out.put(learner instanceof OnlineNetworkLearner ? NETWORK : LOGISTIC);
        out.putLong(published.generation());
        out.putLong(published.step());
        out.putLong(sincePublish);
        out.putLong(lastPublishMs);
        out.putInt(state.length);
        out.put(state);
        return out.array();
    }

    /**
     * Reads a checkpoint back, restoring the learner of the kind that wrote it.
     *
     * @param logistic the settings a logistic learner continues with
     * @param network the settings a network learner continues with
     * @return the checkpoint and whether the optimizer state had to be reset because the store was
     *     written with another optimizer
     */
    static Decoded decode(byte[] bytes, LearnerSettings logistic, LearnerSettings network) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != LOGISTIC && format != NETWORK) {
                throw new IllegalStateException(
                        "Learner store holds checkpoint format "
                                + format
                                + ", this build reads "
                                + LOGISTIC
                                + " (logistic) and "
                                + NETWORK
                                + " (network)");
            }
            ModelVersion published = new ModelVersion(in.readLong(), in.readLong());
            long since = in.readLong();
            long last = in.readLong();
            byte[] state = new byte[in.readInt()];
            in.readFully(state);
            RestoredLearner<?> restored =
                    format == NETWORK
                            ? OnlineNetworkLearner.decode(state, network)
                            : OnlineLogisticLearner.decode(state, logistic);
            return new Decoded(
                    new LearnerCheckpoint(restored.learner(), published, since, last), restored);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt learner checkpoint", e);
        }
    }

    record Decoded(LearnerCheckpoint checkpoint, RestoredLearner<?> restored) {}
}
