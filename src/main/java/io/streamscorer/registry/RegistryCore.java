package io.streamscorer.registry;

import io.streamscorer.registry.RegistryEvent.CompatibilityRemoved;
import io.streamscorer.registry.RegistryEvent.CompatibilityStored;
import io.streamscorer.registry.RegistryEvent.SchemaVersionRemoved;
import io.streamscorer.registry.RegistryEvent.SchemaVersionStored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry itself: global schema ids, subjects and their versions, compatibility levels and
 * checks, with Confluent's documented behaviour and error codes. The {@code mock://} registry and
 * the embedded HTTP server both run this one class; only the {@link RegistryStorage} differs.
 *
 * <p>Schemas are canonicalised (parsed and printed back compactly), so the same schema with other
 * whitespace is the same id and the same version; an id belongs to the schema, not the subject, so
 * registering a known schema under another subject returns the id it already has.
 *
 * <p>All methods are synchronized: writes are rare, and one lock keeps id and version allocation
 * simple. The storage applies events back through {@link #apply} on the writing thread.
 */
final class RegistryCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryCore.class);
    private static final String LATEST = "latest";
    private static final Pattern VERSION_NUMBER = Pattern.compile("-?[0-9]{1,10}");

    private final String location;
    private final RegistryStorage storage;
    private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, NavigableMap<Integer, SubjectVersion>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    private record StoredSchema(int id, String canonical, Schema schema) {}

    private record SubjectVersion(int version, int id, boolean deleted) {}

    /**
     * @param location names this registry in exception messages, for example {@code mock://test}
     */
    RegistryCore(String location, RegistryStorage storage) {
        this.location = location;
        this.storage = storage;
    }

    /** Loads the stored state; call once before anything else. */
    synchronized RegistryCore open() {
        storage.open(this::apply);
        LOG.debug(
                "Registry {} holds {} schemas in {} subjects",
                location,
                schemasById.size(),
                subjects.size());
        return this;
    }

    @Override
    public void close() {
        storage.close();
    }

    synchronized int register(String subject, String schemaText) {
        requireSubject(subject);
        StoredSchema candidate = parse(schemaText, subject);
        List<RegisteredSchema> live = live(subject);
        for (RegisteredSchema existing : live) {
            if (schemasById.get(existing.id()).canonical().equals(candidate.canonical())) {
                return existing.id();
            }
        }
        CompatibilityLevel level = effectiveLevel(subject);
        List<String> problems = level.check(candidate.schema(), live);
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException(
                    "Schema being registered is incompatible with an earlier schema for subject '"
                            + subject
                            + "' (compatibility "
                            + level
                            + "): "
                            + String.join("; ", problems),
                    location,
                    subject);
        }
        int id = idsByCanonical.getOrDefault(candidate.canonical(), maxId + 1);
        NavigableMap<Integer, SubjectVersion> versions = subjects.get(subject);
        int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
        storage.append(new SchemaVersionStored(subject, version, id, candidate.canonical(), false));
        return id;
    }

    synchronized RegisteredSchema lookup(String subject, String schemaText, boolean deleted) {
        StoredSchema candidate = parse(schemaText, subject);
        NavigableMap<Integer, SubjectVersion> versions = versionsOf(subject, deleted);
        for (SubjectVersion version : versions.descendingMap().values()) {
            if ((deleted || !version.deleted())
                    && schemasById.get(version.id()).canonical().equals(candidate.canonical())) {
                return toRegistered(subject, version);
            }
        }
        throw new SchemaNotFoundException(
                "Schema not found under subject '" + subject + "'", location, subject);
    }

    synchronized Schema schemaById(int id) {
        StoredSchema stored = schemasById.get(id);
        if (stored == null) {
            throw new SchemaNotFoundException("Schema " + id + " not found", location, null);
        }
        return stored.schema();
    }

    /**
     * The subject versions that use the schema with this id, by subject and then version: the live
     * ones, and the soft-deleted ones too when {@code deleted}. A schema whose every version is
     * soft-deleted still has its id, so it answers an empty list rather than not found, as
     * Confluent's registry does.
     *
     * @throws SchemaNotFoundException when no schema has the id
     */
    synchronized List<RegisteredSchema> versionsUsing(int id, boolean deleted) {
        Schema schema = schemaById(id);
        List<RegisteredSchema> result = new ArrayList<>();
        subjects.forEach(
                (subject, versions) -> {
                    for (SubjectVersion version : versions.values()) {
                        if (version.id() == id && (deleted || !version.deleted())) {
                            result.add(
                                    new RegisteredSchema(subject, id, version.version(), schema));
                        }
                    }
                });
        return List.copyOf(result);
    }

    /**
     * @param version {@code latest}, {@code -1} (Confluent's alias of latest) or a positive number
     */
    synchronized RegisteredSchema version(String subject, String version, boolean deleted) {
        int number = parseVersion(version, subject);
        NavigableMap<Integer, SubjectVersion> versions = versionsOf(subject, deleted);
        if (number == -1) {
            for (SubjectVersion candidate : versions.descendingMap().values()) {
                if (deleted || !candidate.deleted()) {
                    return toRegistered(subject, candidate);
                }
            }
        }
        SubjectVersion found = versions.get(number);
        if (found == null || (found.deleted() && !deleted)) {
            throw new VersionNotFoundException(
                    "Version " + version + " not found for subject '" + subject + "'",
                    location,
                    subject);
        }
        return toRegistered(subject, found);
    }

    synchronized List<Integer> versions(String subject, boolean deleted) {
        List<Integer> result = new ArrayList<>();
        for (SubjectVersion version : versionsOf(subject, deleted).values()) {
            if (deleted || !version.deleted()) {
                result.add(version.version());
            }
        }
        return List.copyOf(result);
    }

    synchronized List<String> subjects(boolean deleted) {
        List<String> result = new ArrayList<>();
        subjects.forEach(
                (subject, versions) -> {
                    if (versions.values().stream().anyMatch(v -> deleted || !v.deleted())) {
                        result.add(subject);
                    }
                });
        return List.copyOf(result);
    }

    /**
     * Checks a schema against one version ({@code latest} or a number) or, when {@code version} is
     * null, against every version the subject's level covers, as registration would.
     *
     * @return why it is incompatible; empty when it is compatible
     */
    synchronized List<String> checkCompatibility(
            String subject, String version, String schemaText) {
        StoredSchema candidate = parse(schemaText, subject);
        CompatibilityLevel level = effectiveLevel(subject);
        List<RegisteredSchema> against =
                version == null ? live(subject) : List.of(version(subject, version, false));
        return level.check(candidate.schema(), against);
    }

    synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    /**
     * Sets a subject's level, or the global one when {@code subject} is null.
     *
     * @return the level set
     */
    synchronized CompatibilityLevel setCompatibility(String subject, String level) {
        if (subject != null) {
            requireSubject(subject);
        }
        CompatibilityLevel parsed;
        try {
            parsed = CompatibilityLevel.parse(level);
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(
                    e.getMessage(),
                    422,
                    SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                    location,
                    subject,
                    e);
        }
        storage.append(new CompatibilityStored(subject, parsed));
        return parsed;
    }

    /**
     * Deletes every version of a subject: softly (ids keep resolving; versions stay listed with
     * {@code deleted=true}) or, after a soft delete, permanently.
     *
     * @return the versions deleted
     */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        NavigableMap<Integer, SubjectVersion> versions = versionsOf(subject, true);
        List<Integer> live =
                versions.values().stream()
                        .filter(v -> !v.deleted())
                        .map(SubjectVersion::version)
                        .toList();
        if (permanent) {
            if (!live.isEmpty()) {
                throw new SchemaRegistryException(
                        "Subject '"
                                + subject
                                + "' was not deleted first before being permanently deleted",
                        404,
                        40405,
                        location,
                        subject);
            }
            List<Integer> all = List.copyOf(versions.keySet());
            for (int version : all) {
                storage.append(new SchemaVersionRemoved(subject, version));
            }
            return all;
        }
        if (live.isEmpty()) {
            throw new SchemaRegistryException(
                    "Subject '"
                            + subject
                            + "' was soft deleted. Set permanent=true to delete permanently",
                    404,
                    40404,
                    location,
                    subject);
        }
        for (int version : live) {
            SubjectVersion stored = versions.get(version);
            storage.append(
                    new SchemaVersionStored(
                            subject,
                            version,
                            stored.id(),
                            schemasById.get(stored.id()).canonical(),
                            true));
        }
        return live;
    }

    /** Applies one stored event to the in-memory state; called by the storage. */
    synchronized void apply(RegistryEvent event) {
        if (event instanceof SchemaVersionStored stored) {
            applyStored(stored);
        } else if (event instanceof SchemaVersionRemoved removed) {
            applyRemoved(removed);
        } else if (event instanceof CompatibilityStored level) {
            if (level.subject() == null) {
                globalLevel = level.level();
            } else {
                subjectLevels.put(level.subject(), level.level());
            }
        } else if (event instanceof CompatibilityRemoved removed) {
            if (removed.subject() == null) {
                globalLevel = CompatibilityLevel.BACKWARD;
            } else {
                subjectLevels.remove(removed.subject());
            }
        }
    }

    private void applyStored(SchemaVersionStored stored) {
        if (!schemasById.containsKey(stored.id())) {
            Schema schema;
            try {
                schema = SchemaTextParser.parse(stored.schema());
            } catch (SchemaParseException e) {
                // A record this registry did not write: skipping it keeps the rest usable.
                LOG.error(
                        "Registry {} skips stored schema id {} of subject '{}': unparsable",
                        location,
                        stored.id(),
                        stored.subject(),
                        e);
                return;
            }
            String canonical = schema.toString();
            schemasById.put(stored.id(), new StoredSchema(stored.id(), canonical, schema));
            idsByCanonical.putIfAbsent(canonical, stored.id());
            maxId = Math.max(maxId, stored.id());
        }
        subjects.computeIfAbsent(stored.subject(), s -> new TreeMap<>())
                .put(
                        stored.version(),
                        new SubjectVersion(stored.version(), stored.id(), stored.deleted()));
    }

    private void applyRemoved(SchemaVersionRemoved removed) {
        NavigableMap<Integer, SubjectVersion> versions = subjects.get(removed.subject());
        if (versions == null) {
            return;
        }
        SubjectVersion gone = versions.remove(removed.version());
        if (versions.isEmpty()) {
            subjects.remove(removed.subject());
        }
        if (gone != null && !referenced(gone.id())) {
            StoredSchema schema = schemasById.remove(gone.id());
            idsByCanonical.remove(schema.canonical(), gone.id());
        }
    }

    private boolean referenced(int id) {
        return subjects.values().stream()
                .flatMap(v -> v.values().stream())
                .anyMatch(v -> v.id() == id);
    }

    private List<RegisteredSchema> live(String subject) {
        NavigableMap<Integer, SubjectVersion> versions = subjects.get(subject);
        List<RegisteredSchema> result = new ArrayList<>();
        if (versions != null) {
            for (SubjectVersion version : versions.values()) {
                if (!version.deleted()) {
                    result.add(toRegistered(subject, version));
                }
            }
        }
        return result;
    }

    private NavigableMap<Integer, SubjectVersion> versionsOf(String subject, boolean deleted) {
        NavigableMap<Integer, SubjectVersion> versions = subjects.get(subject);
        if (versions == null
                || (!deleted && versions.values().stream().allMatch(SubjectVersion::deleted))) {
            throw new SubjectNotFoundException(
                    "Subject '" + subject + "' not found", location, subject);
        }
        return versions;
    }

    private RegisteredSchema toRegistered(String subject, SubjectVersion version) {
        return new RegisteredSchema(
                subject, version.id(), version.version(), schemasById.get(version.id()).schema());
    }

    private StoredSchema parse(String schemaText, String subject) {
        if (schemaText == null || schemaText.isBlank()) {
            throw new InvalidSchemaException("Empty schema", location, subject);
        }
        try {
            Schema schema = SchemaTextParser.parse(schemaText);
            return new StoredSchema(0, schema.toString(), schema);
        } catch (SchemaParseException e) {
            throw new InvalidSchemaException(
                    "Invalid schema: " + e.getMessage(), location, subject, e);
        }
    }

    private int parseVersion(String version, String subject) {
        if (LATEST.equalsIgnoreCase(version)) {
            return -1;
        }
        if (version != null && VERSION_NUMBER.matcher(version).matches()) {
            long number = Long.parseLong(version);
            if (number == -1 || (number >= 1 && number <= Integer.MAX_VALUE)) {
                return (int) number;
            }
        }
        throw new InvalidVersionException(
                "The specified version '"
                        + version
                        + "' is not a valid version id. Allowed values are between [1, 2^31-1]"
                        + " and the string \"latest\"",
                location,
                subject);
    }

    private void requireSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new SchemaRegistryException(
                    "The subject must not be empty", 422, 42208, location, subject);
        }
    }
}
