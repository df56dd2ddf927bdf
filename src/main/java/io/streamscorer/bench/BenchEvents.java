package io.streamscorer.bench;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.local.SyntheticFraudStream;
import io.streamscorer.spec.ModelFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The benchmarks' traffic: synthetic card payments with 30 named features, Confluent-framed {@code
 * FeatureEvent}s keyed by card, and the 30-feature model that scores them. Optionally a share of
 * events is followed by a {@code FeedbackEvent} carrying its label and features, keyed by event id.
 */
public final class BenchEvents {
    /** Features per event and in the model: the 12 named payment features and 18 noise ones. */
    public static final int FEATURES = 30;

    /** Name of the benchmark model, which is also the scorer's default model. */
    public static final String MODEL = "fraud";

    private static final int CARDS = 50_000;
    private static final double POSITIVE_RATE = 0.01;
    // The bootstrap model's weights for the 12 named features (config/models/fraud.json).
    private static final double[] NAMED_WEIGHTS = {
        0.7, -0.2, 0.3, 1.8, -0.45, 0.35, 0.05, 0.4, 0.9, -1.1, 1.2, 0.5
    };

    private BenchEvents() {}

    /** The feature names, in the model's weight order. */
    public static List<String> featureNames() {
        return new SyntheticFraudStream(1, POSITIVE_RATE, FEATURES, Long.MAX_VALUE).featureNames();
    }

    /** The model: the bootstrap model's weights and small fixed weights for the noise features. */
    public static ModelFile model() {
        SplittableRandom random = new SplittableRandom(11);
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < FEATURES; i++) {
            weights.add(i < NAMED_WEIGHTS.length ? NAMED_WEIGHTS[i] : random.nextDouble(-0.3, 0.3));
        }
        return new ModelFile(
                MODEL,
                null,
                featureNames(),
                null,
                List.of(new ModelFile.Head("fraud", weights, -6.6, 0.2)),
                null,
                Map.of("description", "stream-scorer benchmark model"),
                null,
                null,
                null,
                null);
    }

    /** How many records {@link #load} wrote. */
    public record Loaded(long events, long feedback) {}

    /**
     * Writes {@code events} feature events to {@code topic} and, if {@code feedbackTopic} is not
     * null, a feedback event for a random {@code feedbackShare} of them to {@code feedbackTopic}.
     *
     * @param producerProps the producer's settings (bootstrap servers at least)
     */
    public static Loaded load(
            Map<String, Object> producerProps,
            Serializer<FeatureEvent> featureSerializer,
            String topic,
            long events,
            Serializer<FeedbackEvent> feedbackSerializer,
            String feedbackTopic,
            double feedbackShare) {
        Map<String, Object> props = new HashMap<>(producerProps);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        SyntheticFraudStream stream =
                new SyntheticFraudStream(1, POSITIVE_RATE, FEATURES, Long.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(5);
        long feedback = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback check =
                (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                };
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long n = 0; n < events; n++) {
                SyntheticFraudStream.Sample sample = stream.next();
                String card = "card-" + random.nextInt(CARDS);
                Instant time = Instant.now();
                FeatureEvent event =
                        FeatureEvent.newBuilder()
                                .setEventId("evt-" + n)
                                .setEntityId(card)
                                .setEventTime(time)
                                .setFeatures(sample.features())
                                .build();
                var unused =
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        bytes(card),
                                        featureSerializer.serialize(topic, event)),
                                check);
                if (feedbackTopic != null && random.nextDouble() < feedbackShare) {
                    FeedbackEvent label =
                            FeedbackEvent.newBuilder()
                                    .setEventId(event.getEventId())
                                    .setLabels(Map.of("fraud", sample.fraud() ? 1 : 0))
                                    .setFeatures(sample.features())
                                    .setSource("bench")
                                    .setEventTime(time)
                                    .setLabeledAt(time)
                                    .build();
                    var unusedToo =
                            producer.send(
                                    new ProducerRecord<>(
                                            feedbackTopic,
                                            bytes(event.getEventId()),
                                            feedbackSerializer.serialize(feedbackTopic, label)),
                                    check);
                    feedback++;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "Loading the benchmark events failed: " + failure.get(), failure.get());
        }
        return new Loaded(events, feedback);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
