package io.streamscorer.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A client that calls a {@link RegistryCore} in this JVM directly, with the same answers and
 * exceptions the HTTP API gives: what {@code mock://} URLs resolve to.
 */
final class LocalSchemaRegistryClient implements SchemaRegistryClient {
    private final RegistryCore core;

    LocalSchemaRegistryClient(RegistryCore core) {
        this.core = core;
    }

    @Override
    public int register(String subject, Schema schema) {
        return core.register(subject, schema.toString());
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return core.lookup(subject, schema.toString(), false);
    }

    @Override
    public Schema getById(int id) {
        return core.schemaById(id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return core.version(subject, "latest", false);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return core.version(subject, Integer.toString(version), false);
    }

    @Override
    public List<Integer> versions(String subject) {
        return core.versions(subject, false);
    }

    @Override
    public List<String> subjects() {
        return core.subjects(false);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            return core.checkCompatibility(subject, "latest", schema.toString()).isEmpty();
        } catch (SubjectNotFoundException e) {
            // Nothing to be incompatible with: registration would accept any first schema.
            return true;
        }
    }

    @Override
    public String compatibility(String subject) {
        return core.effectiveLevel(subject).name();
    }

    @Override
    public void setCompatibility(String subject, String level) {
        core.setCompatibility(subject, level);
    }

    @Override
    public String globalCompatibility() {
        return core.globalCompatibility().name();
    }

    @Override
    public void setGlobalCompatibility(String level) {
        core.setCompatibility(null, level);
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return core.deleteSubject(subject, permanent);
    }
}
