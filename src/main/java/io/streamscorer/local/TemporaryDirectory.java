package io.streamscorer.local;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory that is deleted, with everything in it, when closed: a broker's log directory or a
 * demo's state directory, which no later run may reuse.
 *
 * @param path the directory
 */
public record TemporaryDirectory(Path path) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TemporaryDirectory.class);

    /** Deletes the directory; a failure is logged, since the work itself is done. */
    @Override
    public void close() {
        try {
            Utils.delete(path.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", path, e.getMessage());
        }
    }
}
