package io.streamscorer.config;

import java.util.function.DoublePredicate;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validates a {@code DOUBLE} key that may be left unset (null: the update rule's own default
 * applies), so a value out of range fails when the configuration is read, naming its key, as
 * Kafka's {@code ConfigDef.Range} does for keys that always have a value.
 */
final class OptionalNumber implements ConfigDef.Validator {
    private final DoublePredicate valid;
    private final String range;

    private OptionalNumber(DoublePredicate valid, String range) {
        this.valid = valid;
        this.range = range;
    }

    /** Finite and {@code > 0}. */
    static OptionalNumber positive() {
        return new OptionalNumber(v -> v > 0 && Double.isFinite(v), "finite and > 0");
    }

    /** Finite and {@code >= 0}. */
    static OptionalNumber nonNegative() {
        return new OptionalNumber(v -> v >= 0 && Double.isFinite(v), "finite and >= 0");
    }

    /** {@code > 0}, Infinity allowed (it turns a bound off). */
    static OptionalNumber positiveOrInfinity() {
        return new OptionalNumber(v -> v > 0, "> 0 (Infinity turns the bound off)");
    }

    /** In {@code (0, 1]}. */
    static OptionalNumber fraction() {
        return new OptionalNumber(v -> v > 0 && v <= 1, "in (0, 1]");
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value != null && !valid.test((Double) value)) {
            throw new ConfigException(name, value, "must be " + range + " when set");
        }
    }

    @Override
    public String toString() {
        return range + ", or unset";
    }
}
