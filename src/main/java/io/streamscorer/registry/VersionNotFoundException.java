package io.streamscorer.registry;

/** The subject exists but has no such version: error code 40402. */
public final class VersionNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    /** The registry's error code for this case. */
    public static final int ERROR_CODE = 40402;

    public VersionNotFoundException(String registryMessage, String url, String subject) {
        super(registryMessage, 404, ERROR_CODE, url, subject);
    }
}
