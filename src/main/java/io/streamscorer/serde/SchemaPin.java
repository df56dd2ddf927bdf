package io.streamscorer.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The one schema a hand-written reader or writer was written for, by its parsing fingerprint: it
 * handles records of exactly that schema, and anything else is left to Avro's own.
 *
 * @param type the record's name, for messages
 * @param fingerprint {@link SchemaNormalization#parsingFingerprint64} of the schema
 */
record SchemaPin(String type, long fingerprint) {
    /** Pins the schema {@code schema} is now. */
    static SchemaPin of(Schema schema) {
        return new SchemaPin(schema.getName(), SchemaNormalization.parsingFingerprint64(schema));
    }

    /** Whether {@code schema} is the pinned one. */
    boolean matches(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema) == fingerprint;
    }

    /**
     * Refuses any other schema.
     *
     * @throws IllegalArgumentException if {@code schema} is not the pinned one
     */
    void require(Schema schema) {
        if (!matches(schema)) {
            throw new IllegalArgumentException(
                    "handles only " + type + "'s own schema, not " + schema.getFullName());
        }
    }
}
