package io.streamscorer.serde;

/**
 * Confluent's framing of a Kafka record value or key: the magic byte 0, the schema id as a 4-byte
 * big-endian int, then the Avro binary encoding of the record.
 */
final class WireFormat {
    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {}

    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
