package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamscorer.registry.SchemaRegistryUnavailableException;
import io.streamscorer.serde.WireFormatException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {
    private static final byte[] VALUE = {0, 0, 0, 0, 7, 2, 4};

    private final ScorerMetrics metrics = new ScorerMetrics(new SimpleMeterRegistry());
    private final DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
    private final ConsumerRecord<byte[], byte[]> record =
            new ConsumerRecord<>(
                    "scorer.features", 2, 41L, "card-1".getBytes(StandardCharsets.UTF_8), VALUE);

    @BeforeEach
    void configure() {
        handler.configure(
                Map.of(
                        StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                        "scorer.dlq",
                        DeadLetterDeserializationHandler.METRICS_CONFIG,
                        metrics));
    }

    @Test
    void shouldStopRatherThanDeadLetterWhenTheRegistryCannotBeReached() {
        var unreachable =
                new SchemaRegistryUnavailableException(
                        "http://registry:8081",
                        "http://registry:8081: connection refused",
                        null,
                        new ConnectException("connection refused"));

        // The handler reads nothing from the error context.
        DeserializationExceptionHandler.Response response =
                handler.handleError(null, record, unreachable);

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(MeterTotals.deadLetters(metrics)).isZero();
    }

    @Test
    void shouldDeadLetterABadRecordWithItsBytesReasonAndOrigin() {
        var badMagic =
                new WireFormatException(
                        WireFormatException.Kind.BAD_MAGIC_BYTE,
                        "scorer.features",
                        -1,
                        "the first byte is 0x07",
                        null);

        DeserializationExceptionHandler.Response response =
                handler.handleError(null, record, badMagic);

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
        assertThat(letter.topic()).isEqualTo("scorer.dlq");
        assertThat(letter.value()).isEqualTo(VALUE);
        assertThat(letter.key()).isEqualTo("card-1".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.REASON))
                .isEqualTo("BAD_MAGIC_BYTE");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.STAGE)).isEqualTo("deserialize");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.TOPIC))
                .isEqualTo("scorer.features");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.PARTITION)).isEqualTo("2");
        assertThat(DeadLetters.text(letter.headers(), DeadLetters.OFFSET)).isEqualTo("41");
        assertThat(MeterTotals.deadLetters(metrics)).isEqualTo(1.0);
    }
}
