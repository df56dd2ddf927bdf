package io.streamscorer.registry;

/** The registry knows no (live) version of the subject: error code 40401. */
public final class SubjectNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    /** The registry's error code for this case. */
    public static final int ERROR_CODE = 40401;

    public SubjectNotFoundException(String registryMessage, String url, String subject) {
        super(registryMessage, 404, ERROR_CODE, url, subject);
    }
}
