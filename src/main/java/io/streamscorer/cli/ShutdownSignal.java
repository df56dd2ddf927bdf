package io.streamscorer.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ctrl-C or SIGTERM for a long-running command: the command waits on {@link #await}, and the JVM
 * does not exit until the command has closed what it started ({@link #close}), or the grace period
 * has passed. Without the wait the JVM exits as soon as a shutdown hook returns, in the middle of
 * Kafka Streams' close: offsets uncommitted, the group not left, temporary files not deleted.
 *
 * <pre>{@code
 * try (ShutdownSignal signal = new ShutdownSignal(Duration.ofSeconds(60));
 *         ScorerInstance instance = new ScorerInstance(config, registry)) {
 *     instance.start();
 *     signal.await();
 * }
 * }</pre>
 */
final class ShutdownSignal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignal.class);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    /** Registers the hook; {@code grace} bounds how long a signal waits for {@link #close}. */
    ShutdownSignal(Duration grace) {
        hook =
                new Thread(
                        () -> {
                            LOG.info("Shutdown requested; closing (at most {})", grace);
                            requested.countDown();
                            try {
                                if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                                    LOG.warn("Not closed within {}; exiting anyway", grace);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "scorer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits until shutdown is requested. */
    void await() throws InterruptedException {
        requested.await();
    }

    /** Waits until shutdown is requested or {@code timeout} passes; true if it was requested. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return requested.await(timeout, unit);
    }

    /** Everything is closed: lets a pending shutdown proceed, or drops the hook if none came. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            LOG.debug("The JVM is already shutting down");
        }
    }
}
