package io.streamscorer.serde;

import io.streamscorer.registry.SchemaRegistryClient;
import io.streamscorer.registry.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads writer schemas by id for the deserializers, waiting out an outage of the registry. A record
 * whose writer schema this process has not seen cannot be read while no registry answers, and that
 * is not the record's fault: it must be neither dead-lettered nor skipped. So a lookup that finds
 * no registry is retried with exponential backoff (100 ms doubling to 5 s) until {@code wait} is
 * used up, and only then fails with the registry's {@link SchemaRegistryUnavailableException}; the
 * scorer then restarts the stream thread, which resumes from its last commit and reads the record
 * again. Records of schemas already seen never ask the registry (the client caches by id).
 * Thread-safe: each thread waits on its own.
 */
final class SchemaLookup {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaLookup.class);
    private static final long FIRST_BACKOFF_NANOS = Duration.ofMillis(100).toNanos();
    private static final long LONGEST_BACKOFF_NANOS = Duration.ofSeconds(5).toNanos();

    /** Waits, so that tests need not. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final SchemaRegistryClient client;
    private final long waitNanos;
    private final RegistryOutageListener listener;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    SchemaLookup(
            SchemaRegistryClient client,
            Duration wait,
            RegistryOutageListener listener,
            LongSupplier nanoTime,
            Sleeper sleeper) {
        this.client = client;
        this.waitNanos = wait.toNanos();
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** A lookup that waits up to {@code wait} in real time. */
    static SchemaLookup waitingUpTo(
            SchemaRegistryClient client, Duration wait, RegistryOutageListener listener) {
        return new SchemaLookup(
                client,
                wait,
                listener,
                System::nanoTime,
                nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /**
     * The schema with global id {@code id}.
     *
     * @throws SchemaRegistryUnavailableException when no registry answered within the wait
     */
    Schema byId(int id) {
        long started = nanoTime.getAsLong();
        long backoff = FIRST_BACKOFF_NANOS;
        int attempts = 0;
        while (true) {
            try {
                Schema schema = client.getById(id);
                if (attempts > 0) {
                    LOG.info(
                            "Schema registry reachable again: writer schema id {} read after {}"
                                    + " failed attempts in {} ms",
                            id,
                            attempts,
                            Duration.ofNanos(nanoTime.getAsLong() - started).toMillis());
                }
                return schema;
            } catch (SchemaRegistryUnavailableException e) {
                attempts++;
                long left = waitNanos - (nanoTime.getAsLong() - started);
                boolean givingUp = left <= 0;
                listener.unavailable(id, givingUp);
                if (givingUp) {
                    throw e;
                }
                if (attempts == 1) {
                    LOG.warn(
                            "Schema registry unreachable while reading writer schema id {};"
                                    + " waiting up to {} ms, its records are kept, not"
                                    + " dead-lettered: {}",
                            id,
                            Duration.ofNanos(waitNanos).toMillis(),
                            e.getMessage());
                }
                try {
                    sleeper.sleep(Math.min(backoff, left));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, LONGEST_BACKOFF_NANOS);
            }
        }
    }
}
