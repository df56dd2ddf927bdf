package io.streamscorer.registry;

/**
 * No schema has the requested id, or the schema is not registered under the subject: error code
 * 40403.
 */
public final class SchemaNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    /** The registry's error code for this case. */
    public static final int ERROR_CODE = 40403;

    public SchemaNotFoundException(String registryMessage, String url, String subject) {
        super(registryMessage, 404, ERROR_CODE, url, subject);
    }
}
