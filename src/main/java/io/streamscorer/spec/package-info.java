/**
 * Models as operators hand them over: the model file and PyTorch export formats, their conversion
 * to and from the {@code ModelSpec} Avro record, validation, and signatures. Depends on {@code
 * model} and the generated Avro records.
 */
package io.streamscorer.spec;
