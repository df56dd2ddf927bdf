package io.streamscorer.serde;

/**
 * Told when a deserializer could not reach the schema registry to read a writer schema it has not
 * seen, so that the process can count outages (a meter) without the serdes depending on one.
 */
@FunctionalInterface
public interface RegistryOutageListener {
    /** A listener that does nothing. */
    RegistryOutageListener NONE = (schemaId, givingUp) -> {};

    /**
     * One failed attempt to read writer schema {@code schemaId}.
     *
     * @param givingUp whether the wait is used up, so the record's read fails and is retried later
     */
    void unavailable(int schemaId, boolean givingUp);
}
