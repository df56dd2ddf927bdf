package io.streamscorer.registry;

/**
 * No configured registry URL answered: connection refused, TLS handshake failure, timeout. Not the
 * fault of any record, so callers should not dead-letter data because of it.
 */
public final class SchemaRegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    /**
     * @param urls the URLs tried, comma-separated
     * @param failures each URL with why it failed
     */
    public SchemaRegistryUnavailableException(
            String urls, String failures, String subject, Throwable lastFailure) {
        super(
                "Cannot reach the schema registry: " + failures,
                NO_HTTP_STATUS,
                0,
                urls,
                subject,
                lastFailure);
    }
}
