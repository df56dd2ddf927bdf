package io.streamscorer.topology;

import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.OnlineLogisticLearner;
import io.streamscorer.model.RestoredLearner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The learner's whole state for one model, as kept in the changelogged learner store: the working
 * weights and optimizer state, the last version published, and the labels applied since. Written
 * after every label, so under exactly-once it commits together with the offsets and any published
 * version.
 */
final class LearnerCheckpoint {
    private static final byte FORMAT = 1;

    final OnlineLogisticLearner learner;
    ModelVersion published;
    long sincePublish;
    long lastPublishMs;

    LearnerCheckpoint(
            OnlineLogisticLearner learner,
            ModelVersion published,
            long sincePublish,
            long lastPublishMs) {
        this.learner = learner;
        this.published = published;
        this.sincePublish = sincePublish;
        this.lastPublishMs = lastPublishMs;
    }

    byte[] encode() {
        byte[] state = learner.encode();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(state.length + 40);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(published.generation());
            out.writeLong(published.step());
            out.writeLong(sincePublish);
            out.writeLong(lastPublishMs);
            out.writeInt(state.length);
            out.write(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a checkpoint back.
     *
     * @return the checkpoint and whether the optimizer state had to be reset because the store was
     *     written with another optimizer
     */
    static Decoded decode(byte[] bytes, LearnerSettings settings) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException(
                        "Learner store holds checkpoint format "
                                + format
                                + ", this build reads "
                                + FORMAT);
            }
            ModelVersion published = new ModelVersion(in.readLong(), in.readLong());
            long since = in.readLong();
            long last = in.readLong();
            byte[] state = new byte[in.readInt()];
            in.readFully(state);
            RestoredLearner<OnlineLogisticLearner> restored =
                    OnlineLogisticLearner.decode(state, settings);
            return new Decoded(
                    new LearnerCheckpoint(restored.learner(), published, since, last), restored);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt learner checkpoint", e);
        }
    }

    record Decoded(LearnerCheckpoint checkpoint, RestoredLearner<?> restored) {}
}
