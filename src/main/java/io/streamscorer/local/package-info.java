/**
 * What runs in-process for the demo and the tests: an embedded KRaft broker, the demo's traffic and
 * the synthetic fraud stream. Depends on the Avro records and Kafka only.
 */
package io.streamscorer.local;
