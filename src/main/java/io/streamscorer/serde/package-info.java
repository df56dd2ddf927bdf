/**
 * Avro records in Confluent's wire format (magic byte, schema id, body), with readers that decode
 * feature and feedback events straight into the model's layout. Depends on {@code registry} and
 * {@code model}.
 */
package io.streamscorer.serde;
