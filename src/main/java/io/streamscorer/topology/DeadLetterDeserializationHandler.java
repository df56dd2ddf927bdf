package io.streamscorer.topology;

import io.streamscorer.registry.SchemaRegistryUnavailableException;
import io.streamscorer.serde.WireFormatException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every input record whose key or value cannot be decoded (a poison pill) to the topic named
 * by {@code errors.dead.letter.queue.topic.name}, with its original bytes, its origin and the
 * wire-format check that failed, and carries on with the next record. Failures that are not the
 * record's fault, such as a schema registry unreachable for longer than the deserializers wait,
 * fail the stream thread instead: those records are good and must be scored once the registry is
 * back, so the thread is replaced and reads them again from its last commit.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    /** Config key under which the application passes its {@link ScorerMetrics} instance. */
    public static final String METRICS_CONFIG = "scorer.internal.metrics";

    static final String STAGE = "deserialize";
    private static final Logger LOG =
            LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String deadLetterTopic;
    private ScorerMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new ConfigException(
                    StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                    topic,
                    "must name the dead-letter topic");
        }
        this.deadLetterTopic = topic.toString();
        this.metrics = configs.get(METRICS_CONFIG) instanceof ScorerMetrics m ? m : null;
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context,
            ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        if (exception instanceof SchemaRegistryUnavailableException) {
            LOG.warn(
                    "Cannot read record {}-{}@{} while the schema registry is unreachable;"
                            + " failing the stream thread so that the record is read again: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    exception.getMessage());
            return Response.fail();
        }
        if (!(exception instanceof WireFormatException)
                && !(exception instanceof org.apache.kafka.common.errors.SerializationException)) {
            LOG.error(
                    "Cannot decode record {}-{}@{} for a reason that is not the record's fault;"
                            + " failing the stream thread so that the record is read again",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    exception);
            return Response.fail();
        }
        String reason =
                exception instanceof WireFormatException w
                        ? w.kind().name()
                        : EventRejection.UNDESERIALIZABLE.name();
        LOG.warn(
                "Dead-lettering undecodable record {}-{}@{} ({}): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                reason,
                exception.getMessage());
        if (metrics != null) {
            metrics.deadLettered(reason, STAGE);
        }
        Headers headers =
                DeadLetters.headers(
                        record.headers(),
                        reason,
                        STAGE,
                        exception.getMessage(),
                        exception.getClass().getName(),
                        record.topic(),
                        record.partition(),
                        record.offset());
        long size = DeadLetters.size(record.key(), record.value(), headers);
        // A record without a timestamp (-1) would make the letter itself invalid and fail the
        // thread; the letter then takes the time it is written.
        Long timestamp = record.timestamp() >= 0 ? record.timestamp() : null;
        ProducerRecord<byte[], byte[]> letter =
                size <= DeadLetters.MAX_LETTER_BYTES
                        ? new ProducerRecord<>(
                                deadLetterTopic,
                                null,
                                timestamp,
                                record.key(),
                                record.value(),
                                headers)
                        : new ProducerRecord<>(
                                deadLetterTopic,
                                null,
                                timestamp,
                                null,
                                null,
                                DeadLetters.withoutRecord(headers, size));
        return Response.resume(List.of(letter));
    }
}
