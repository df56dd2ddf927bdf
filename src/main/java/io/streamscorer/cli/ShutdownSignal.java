package io.streamscorer.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ctrl-C or SIGTERM for a long-running command: the command waits on {@link #await}, and the JVM
 * does not exit until the command has closed what it started ({@link #close}), or the grace period
 * has passed. Without the wait the JVM exits as soon as a shutdown hook returns, in the middle of
 * Kafka Streams' close: offsets uncommitted, the group not left, temporary files not deleted.
 *
 * <p>Once closed, the process exits with the status the command line decided ({@link
 * #reportExitStatus}, from {@code main}), as it would without a signal: 0 for a clean stop.
 * Otherwise the JVM, which a signal has already started shutting down, would end with the signal's
 * own status (143 = 128 + 15 for SIGTERM) when the hook returns, and {@code System.exit} in {@code
 * main} would only block. A close that overruns the grace period still ends with the signal's
 * status, since it was not clean.
 *
 * <pre>{@code
 * try (ShutdownSignal signal = new ShutdownSignal(Duration.ofSeconds(60));
 *         ScorerInstance instance = new ScorerInstance(config, registry)) {
 *     instance.start();
 *     signal.await();
 * }
 * }</pre>
 */
public final class ShutdownSignal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignal.class);

    /**
     * How long a closed command's hook waits for {@code main}: only picocli's return (and at most
     * an error message) lies between; without a {@code main} (a command run in-process by a test)
     * it never comes.
     */
    private static final Duration STATUS_WAIT = Duration.ofSeconds(10);

    /** The status {@code main} exits with; one per process, as the command line is. */
    private static final CompletableFuture<Integer> EXIT_STATUS = new CompletableFuture<>();

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    /** Registers the hook; {@code grace} bounds how long a signal waits for {@link #close}. */
    public ShutdownSignal(Duration grace) {
        hook = new Thread(() -> shutDown(grace), "scorer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * The status the process exits with. Call it from {@code main} just before {@code
     * System.exit(status)}: after a signal that call blocks, and the hook ends the JVM with this
     * status instead.
     */
    public static void reportExitStatus(int status) {
        EXIT_STATUS.complete(status);
    }

    private void shutDown(Duration grace) {
        LOG.info("Shutdown requested; closing (at most {})", grace);
        requested.countDown();
        try {
            if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Not closed within {}; exiting anyway", grace);
                return;
            }
            int status = EXIT_STATUS.get(STATUS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Closed; exiting with status {}", status);
            System.out.flush();
            System.err.flush();
            // System.exit here would wait for this very hook to return: a deadlock.
            Runtime.getRuntime().halt(status);
        } catch (TimeoutException e) {
            LOG.debug("No exit status reported; the JVM ends as the signal does");
        } catch (ExecutionException e) {
            throw new IllegalStateException("The exit status is never completed exceptionally", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until shutdown is requested. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** Waits until shutdown is requested or {@code timeout} passes; true if it was requested. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
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
