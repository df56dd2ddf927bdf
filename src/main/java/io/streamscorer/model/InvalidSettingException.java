package io.streamscorer.model;

/**
 * Thrown when a learner setting is out of its valid range; names the setting so that a config error
 * can point at the key to fix.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    /** A rejection of {@code setting}, with a message that names it and its bad value. */
    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The name of the bad setting, as in {@link LearnerSettings}'s accessors. */
    public String setting() {
        return setting;
    }
}
