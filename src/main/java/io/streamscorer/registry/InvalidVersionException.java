package io.streamscorer.registry;

/** A version was neither a positive number nor {@code latest}: error code 42202. */
public final class InvalidVersionException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    /** The registry's error code for this case. */
    public static final int ERROR_CODE = 42202;

    public InvalidVersionException(String registryMessage, String url, String subject) {
        super(registryMessage, 422, ERROR_CODE, url, subject);
    }
}
