package io.streamscorer.registry;

/** The registry cannot parse the schema, or does not support its type: error code 42201. */
public final class InvalidSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    /** The registry's error code for this case. */
    public static final int ERROR_CODE = 42201;

    public InvalidSchemaException(String registryMessage, String url, String subject) {
        super(registryMessage, 422, ERROR_CODE, url, subject);
    }

    public InvalidSchemaException(
            String registryMessage, String url, String subject, Throwable cause) {
        super(registryMessage, 422, ERROR_CODE, url, subject, cause);
    }
}
