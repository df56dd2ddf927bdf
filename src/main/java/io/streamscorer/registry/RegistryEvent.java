package io.streamscorer.registry;

/**
 * One change to the registry's state, as storage keeps it. Each event replaces whatever its key
 * (subject and version, or subject's config) held before, so a compacted log of them is the state.
 */
sealed interface RegistryEvent {

    /** A version of a subject was stored, or marked soft-deleted. */
    record SchemaVersionStored(String subject, int version, int id, String schema, boolean deleted)
            implements RegistryEvent {}

    /** A version of a subject was deleted permanently. */
    record SchemaVersionRemoved(String subject, int version) implements RegistryEvent {}

    /** A compatibility level was set; a null subject means the global level. */
    record CompatibilityStored(String subject, CompatibilityLevel level) implements RegistryEvent {}

    /** A subject's own compatibility level was removed, or the global one reset to BACKWARD. */
    record CompatibilityRemoved(String subject) implements RegistryEvent {}
}
