package io.streamscorer.registry;

/**
 * The registry refused a schema because it breaks the subject's compatibility level: HTTP 409. The
 * message names the subject and the reason.
 */
public final class IncompatibleSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    /** The registry's error code for this case. */
    public static final int ERROR_CODE = 409;

    public IncompatibleSchemaException(String registryMessage, String url, String subject) {
        super(registryMessage, 409, ERROR_CODE, url, subject);
    }
}
