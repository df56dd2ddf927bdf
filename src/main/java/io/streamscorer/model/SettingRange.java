package io.streamscorer.model;

/** The range checks every learner setting is validated with, each naming the setting it checks. */
final class SettingRange {
    private SettingRange() {}

    static void positiveFinite(String name, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new InvalidSettingException(name, name + " must be finite and > 0, got " + value);
        }
    }

    static void nonNegativeFinite(String name, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new InvalidSettingException(
                    name, name + " must be finite and >= 0, got " + value);
        }
    }

    static void positiveOrInfinite(String name, double value) {
        if (!(value > 0)) {
            throw new InvalidSettingException(
                    name, name + " must be > 0 (Infinity turns the bound off), got " + value);
        }
    }

    static void unitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidSettingException(name, name + " must be in [0, 1), got " + value);
        }
    }
}
