package io.streamscorer.registry;

/**
 * A schema registry refused or failed a request. Carries the HTTP status, the registry's error code
 * in Confluent's numbering (40401 subject not found, 409 incompatible, 42201 invalid schema, ...)
 * and, where known, the registry URL and the subject the request was about. Subclasses name the
 * cases callers act on, so nobody has to compare numbers.
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** No HTTP exchange happened (for example the registry could not be reached). */
    public static final int NO_HTTP_STATUS = 0;

    /** Error code of a subject that has no subject-level compatibility setting. */
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;

    /** Error code of an unknown compatibility level. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    /** Error code of a failure of the registry's own storage. */
    public static final int STORE_ERROR = 50001;

    private final int httpStatus;
    private final int errorCode;
    private final String registryMessage;
    private final String url;
    private final String subject;

    /**
     * @param registryMessage the message as the registry phrased it
     * @param url the registry URL of the request, or null when not known
     * @param subject the subject of the request, or null when it had none
     */
    public SchemaRegistryException(
            String registryMessage,
            int httpStatus,
            int errorCode,
            String url,
            String subject,
            Throwable cause) {
        super(describe(registryMessage, httpStatus, errorCode, url, subject), cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
        this.url = url;
        this.subject = subject;
    }

    public SchemaRegistryException(
            String registryMessage, int httpStatus, int errorCode, String url, String subject) {
        this(registryMessage, httpStatus, errorCode, url, subject, null);
    }

    private static String describe(
            String message, int httpStatus, int errorCode, String url, String subject) {
        StringBuilder text = new StringBuilder(message).append(" (");
        if (errorCode != 0) {
            text.append("error code ").append(errorCode).append(", ");
        }
        if (httpStatus != NO_HTTP_STATUS) {
            text.append("HTTP ").append(httpStatus).append(", ");
        }
        if (subject != null) {
            text.append("subject '").append(subject).append("', ");
        }
        text.append("registry ").append(url == null ? "unknown" : url).append(')');
        return text.toString();
    }

    /** The HTTP status of the registry's answer, or {@link #NO_HTTP_STATUS}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's error code, for example 40401; the HTTP status when it sent none. */
    public int errorCode() {
        return errorCode;
    }

    /** The message as the registry phrased it, without the context this class adds. */
    public String registryMessage() {
        return registryMessage;
    }

    /** The registry URL of the failed request, or null when not known. */
    public String url() {
        return url;
    }

    /** The subject of the failed request, or null when it had none. */
    public String subject() {
        return subject;
    }
}
