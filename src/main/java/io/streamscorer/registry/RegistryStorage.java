package io.streamscorer.registry;

import java.util.function.Consumer;

/**
 * Where a {@link RegistryCore} keeps its events: in memory for {@code mock://} and fast tests, in a
 * compacted Kafka topic for the embedded server.
 */
interface RegistryStorage extends AutoCloseable {

    /** Replays every stored event into {@code apply}, then keeps it for {@link #append}. */
    void open(Consumer<RegistryEvent> apply);

    /**
     * Stores the event durably and, before returning, passes it (and any event stored before it) to
     * the consumer given to {@link #open}, so the caller reads its own write.
     */
    void append(RegistryEvent event);

    @Override
    void close();
}
