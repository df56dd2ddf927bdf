package io.streamscorer.registry;

/**
 * The registry refused the credentials (HTTP 401) or the permission (HTTP 403). The message says
 * which credentials source was used, never the secret itself.
 */
public final class UnauthorizedException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    /**
     * @param credentialsSource how the client authenticated, for example {@code
     *     basic.auth.credentials.source=USER_INFO (user 'scorer')} or {@code no credentials}
     */
    public UnauthorizedException(
            String registryMessage,
            int httpStatus,
            String url,
            String subject,
            String credentialsSource) {
        super(
                "The schema registry refused the credentials from "
                        + credentialsSource
                        + ": "
                        + registryMessage,
                httpStatus,
                httpStatus,
                url,
                subject);
    }
}
