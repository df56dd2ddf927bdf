package io.streamscorer.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The Kafka Streams baseline: a topology that reads the input as bytes and writes them unchanged,
 * so the difference to the scorer is exactly decoding, scoring and encoding.
 */
public final class IdentityPipeline implements Pipeline {
    @Override
    public String label() {
        return "(b) identity Kafka Streams";
    }

    /** The identity topology from {@code input} to {@code output}. */
    static Topology topology(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        input,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName("read-input"))
                .to(
                        output,
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName("write-output"));
        return builder.build();
    }

    @Override
    public Running start(Run run) {
        KafkaStreams streams =
                new KafkaStreams(
                        topology(run.inputTopic(), run.outputTopic()),
                        run.settings().streamsProperties(run.groupId(), run.stateDir()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(
                e -> {
                    failure.compareAndSet(null, e);
                    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                });
        streams.start();
        return new Running() {
            @Override
            public Throwable failure() {
                return failure.get();
            }

            @Override
            public void close() {
                streams.close(Duration.ofSeconds(30));
            }
        };
    }
}
