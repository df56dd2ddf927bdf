package io.streamscorer.model;

/**
 * Thrown when a model definition cannot be served; carries the {@link ModelRejection} reason that
 * metrics and dead letters report.
 */
public class InvalidModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final ModelRejection reason;

    /** A rejection for {@code reason}, with a message that names the offending value. */
    public InvalidModelException(ModelRejection reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the model was refused. */
    public ModelRejection reason() {
        return reason;
    }
}
