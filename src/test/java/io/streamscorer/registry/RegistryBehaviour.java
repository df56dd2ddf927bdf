package io.streamscorer.registry;

/**
 * What one registry does where registries that speak Confluent's REST API differ, so the contract
 * suites state each server's behaviour explicitly and assert it, instead of leaving those cases
 * out. Our client must not depend on any of these; our own registries must follow Confluent's
 * documentation.
 *
 * @param name the registry, for assertion messages
 * @param idsSpentByAKnownSchemaUnderANewSubject how many id numbers registering an already known
 *     schema under another subject uses up (the id returned is the existing one either way)
 * @param reformattedSchemaUnderANewSubjectKeepsItsId whether the same schema written with other
 *     whitespace, registered under another subject, gets the id it already has
 * @param subjectWithoutOwnLevelAnswersGlobal whether {@code GET /config/{subject}} for a subject
 *     without its own level answers 200 with the global level (instead of 404, error code 40408)
 * @param configOfAnUnknownSubjectErrorCode the error code (with 404) of {@code GET
 *     /config/{subject}} for a subject that has neither versions nor its own level
 * @param errorContentType the {@code Content-Type} of error answers
 * @param versionBelowOneStatus HTTP status for {@code GET /subjects/{subject}/versions/0}
 * @param versionBelowOneErrorCode error code for {@code GET /subjects/{subject}/versions/0}
 * @param readsAVersionOfASoftDeletedSubject whether {@code GET
 *     /subjects/{subject}/versions/1?deleted=true} answers a version of a subject whose every
 *     version is soft-deleted (instead of 404, error code 40401)
 * @param verboseCompatibilityExplains whether {@code ?verbose=true} on a compatibility check adds
 *     the {@code messages} saying why
 * @param invalidSchemaLookupStatus HTTP status for {@code POST /subjects/{subject}} (a lookup) with
 *     a schema that does not parse
 * @param invalidSchemaLookupErrorCode error code for that lookup
 */
record RegistryBehaviour(
        String name,
        int idsSpentByAKnownSchemaUnderANewSubject,
        boolean reformattedSchemaUnderANewSubjectKeepsItsId,
        boolean subjectWithoutOwnLevelAnswersGlobal,
        int configOfAnUnknownSubjectErrorCode,
        String errorContentType,
        int versionBelowOneStatus,
        int versionBelowOneErrorCode,
        boolean readsAVersionOfASoftDeletedSubject,
        boolean verboseCompatibilityExplains,
        int invalidSchemaLookupStatus,
        int invalidSchemaLookupErrorCode) {

    /**
     * Confluent Schema Registry as its API reference documents it, which our {@code mock://} and
     * embedded registries implement. Confluent promises unique ids, not consecutive ones; ours hand
     * out the next number and spend none on a schema they already know.
     */
    static final RegistryBehaviour CONFLUENT_DOCUMENTED =
            new RegistryBehaviour(
                    "Confluent (as documented; our registries)",
                    0,
                    true,
                    false,
                    SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                    HttpSchemaRegistryClient.MEDIA_TYPE,
                    422,
                    InvalidVersionException.ERROR_CODE,
                    true,
                    true,
                    422,
                    InvalidSchemaException.ERROR_CODE);

    /** Apicurio Registry 3.3.3's ccompat API, as seen in {@code shared/REGISTRY-INTEROP.md}. */
    static final RegistryBehaviour APICURIO_3_3 =
            new RegistryBehaviour(
                    "Apicurio Registry 3.3.3",
                    1,
                    false,
                    true,
                    SubjectNotFoundException.ERROR_CODE,
                    "application/json",
                    404,
                    VersionNotFoundException.ERROR_CODE,
                    false,
                    false,
                    404,
                    SchemaNotFoundException.ERROR_CODE);
}
