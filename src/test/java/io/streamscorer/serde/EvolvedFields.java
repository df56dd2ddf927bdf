package io.streamscorer.serde;

import org.apache.avro.Schema;

/**
 * Fields a newer producer might add to a record, one of each kind the resolving reader skips: an
 * enum in a union, an array of records, an array of nulls (items of no size), bytes, a fixed and a
 * map of arrays.
 */
final class EvolvedFields {
    private static final String JSON =
            """
            {"name": "risk", "type": ["null", {"type": "enum", "name": "Risk",
                "symbols": ["LOW", "HIGH"]}], "default": null},
            {"name": "hops", "type": {"type": "array", "items": {"type": "record",
                "name": "Hop", "fields": [{"name": "at", "type": "long"},
                {"name": "via", "type": ["null", "string"]}]}}, "default": []},
            {"name": "marks", "type": {"type": "array", "items": "null"}, "default": []},
            {"name": "blob", "type": "bytes", "default": ""},
            {"name": "digest", "type": {"type": "fixed", "name": "Digest", "size": 4},
                "default": "abcd"},
            {"name": "tags", "type": {"type": "map", "values": {"type": "array",
                "items": "float"}}, "default": {}}
            """;

    private EvolvedFields() {}

    /** {@code schema}, a record, with the fields above appended. */
    static Schema appendedTo(Schema schema) {
        String json = schema.toString();
        return new Schema.Parser().parse(json.substring(0, json.length() - 2) + "," + JSON + "]}");
    }
}
