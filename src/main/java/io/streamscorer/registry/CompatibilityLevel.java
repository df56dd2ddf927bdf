package io.streamscorer.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The schema evolution rule of a subject, with Confluent's names and meaning, checked with Avro's
 * own {@link SchemaCompatibility}. BACKWARD (the default): the new schema reads data written with
 * the latest one; FORWARD: the latest reads data written with the new one; FULL: both; the
 * TRANSITIVE variants check every live version instead of only the latest; NONE checks nothing.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /**
     * The level named {@code name}, in any letter case.
     *
     * @throws IllegalArgumentException naming the valid levels
     */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            for (CompatibilityLevel level : values()) {
                if (level.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
                    return level;
                }
            }
        }
        throw new IllegalArgumentException(
                "Invalid compatibility level '"
                        + name
                        + "'; valid levels are "
                        + List.of(values()).stream()
                                .map(Enum::name)
                                .collect(Collectors.joining(", ")));
    }

    /**
     * Checks a candidate schema against the live versions of a subject.
     *
     * @param existing the live versions, oldest first; only the last counts unless the level is
     *     transitive
     * @return why the candidate is refused, one line per broken pair; empty when it is accepted
     */
    public List<String> check(Schema candidate, List<RegisteredSchema> existing) {
        List<String> problems = new ArrayList<>();
        if (existing.isEmpty()) {
            return problems;
        }
        List<RegisteredSchema> scope =
                transitive ? existing : existing.subList(existing.size() - 1, existing.size());
        for (RegisteredSchema old : scope) {
            if (newReadsOld) {
                describe(
                                SchemaCompatibility.checkReaderWriterCompatibility(
                                        candidate, old.schema()),
                                "the new schema cannot read data written with version "
                                        + old.version())
                        .ifPresent(problems::add);
            }
            if (oldReadsNew) {
                describe(
                                SchemaCompatibility.checkReaderWriterCompatibility(
                                        old.schema(), candidate),
                                "version "
                                        + old.version()
                                        + " cannot read data written with the new schema")
                        .ifPresent(problems::add);
            }
        }
        return problems;
    }

    private static Optional<String> describe(SchemaPairCompatibility result, String direction) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return Optional.empty();
        }
        String reasons =
                result.getResult().getIncompatibilities().stream()
                        .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                        .collect(Collectors.joining("; "));
        return Optional.of(direction + ": " + reasons);
    }
}
