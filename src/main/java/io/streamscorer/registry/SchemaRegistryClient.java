package io.streamscorer.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API a serializer and an operator need: register
 * and look up Avro schemas, read versions, check and set compatibility. Implementations are
 * thread-safe and cache what cannot change (a schema by id, the id of a schema under a subject), so
 * the hot path of a serde makes no request after the first one per schema.
 *
 * <p>Get one from {@link SchemaRegistryClients#create(java.util.Map)}: {@code mock://scope} URLs
 * give an in-process registry for tests, anything else an HTTP client.
 *
 * <p>Every method throws {@link SchemaRegistryException} (a typed subclass where one fits) when the
 * registry refuses the request, and {@link SchemaRegistryUnavailableException} when no registry URL
 * answers.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions})
     * unless it is there already, and returns its global id.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility level refuses it
     * @throws InvalidSchemaException when the registry cannot parse it
     */
    int register(String subject, Schema schema);

    /**
     * Finds {@code schema} under {@code subject} without registering it ({@code POST
     * /subjects/{subject}}).
     *
     * @throws SubjectNotFoundException when the subject has no version
     * @throws SchemaNotFoundException when the subject exists but does not hold this schema
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * The schema with this global id ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaNotFoundException when no schema has the id
     */
    Schema getById(int id);

    /**
     * The newest live version of the subject ({@code GET /subjects/{subject}/versions/latest}).
     *
     * @throws SubjectNotFoundException when the subject has no version
     */
    RegisteredSchema latest(String subject);

    /**
     * One version of the subject ({@code GET /subjects/{subject}/versions/{version}}).
     *
     * @throws SubjectNotFoundException when the subject has no version
     * @throws VersionNotFoundException when the subject has no such version
     * @throws InvalidVersionException when {@code version} is not positive
     */
    RegisteredSchema version(String subject, int version);

    /** The live versions of the subject, oldest first. */
    List<Integer> versions(String subject);

    /** Every subject with at least one live version. */
    List<String> subjects();

    /**
     * Whether registering {@code schema} under {@code subject} would pass the compatibility check
     * against the latest version ({@code POST /compatibility/subjects/{subject}/versions/latest}).
     * A subject without versions accepts any first schema, so the answer is then true.
     */
    boolean isCompatible(String subject, Schema schema);

    /**
     * The compatibility level that applies to the subject: its own setting, else the global one
     * ({@code GET /config/{subject}?defaultToGlobal=true}).
     */
    String compatibility(String subject);

    /** Sets the subject's own compatibility level ({@code PUT /config/{subject}}). */
    void setCompatibility(String subject, String level);

    /** The global compatibility level ({@code GET /config}). */
    String globalCompatibility();

    /** Sets the global compatibility level ({@code PUT /config}). */
    void setGlobalCompatibility(String level);

    /**
     * Deletes every version of the subject ({@code DELETE /subjects/{subject}}): softly, so ids
     * keep resolving, or permanently, which the registry allows only after a soft delete.
     *
     * @return the versions deleted
     */
    List<Integer> deleteSubject(String subject, boolean permanent);
}
