package io.streamscorer.bench;

import org.apache.kafka.streams.StreamsConfig;

/** The processing guarantees the pipelines are compared under. */
public enum Guarantee {
    /** Offsets committed after the outputs are flushed; a crash may repeat outputs. */
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE, "at-least-once"),
    /** Outputs and input offsets committed in one Kafka transaction. */
    EXACTLY_ONCE(StreamsConfig.EXACTLY_ONCE_V2, "exactly-once");

    private final String streamsValue;
    private final String label;

    Guarantee(String streamsValue, String label) {
        this.streamsValue = streamsValue;
        this.label = label;
    }

    /** The {@code processing.guarantee} value. */
    public String streamsValue() {
        return streamsValue;
    }

    /** How reports name it. */
    public String label() {
        return label;
    }
}
