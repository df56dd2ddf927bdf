package io.streamscorer.serde;

import static io.streamscorer.serde.AvroFixtures.featureEvent;
import static io.streamscorer.serde.AvroFixtures.scoreEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.local.EmbeddedKafkaBroker;
import io.streamscorer.registry.EmbeddedSchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Records through a real broker with the embedded registry over HTTP, its schemas in a Kafka topic:
 * a producer service and a consumer service each with their own serdes, as in production.
 */
@Timeout(180)
class AvroSerdesIT {
    private static final int PER_TOPIC = 5_000;
    private static final String FEATURES = "serdes-it.features";
    private static final String SCORES = "serdes-it.scores";

    @Test
    void shouldAskTheRegistryOnlyForTheFirstRecordOfEachSchemaOverTenThousandRoundTrips()
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic(FEATURES, 1, Map.of());
            broker.createTopic(SCORES, 1, Map.of());
            try (EmbeddedSchemaRegistry registry =
                    EmbeddedSchemaRegistry.builder()
                            .kafkaStorage(broker.bootstrapServers())
                            .topic("_schemas-serdes-it")
                            .start()) {
                Map<String, Object> config = Map.of("schema.registry.url", registry.url());
                AvroSerdes producerSide = AvroSerdes.create(config);
                AvroSerdes consumerSide = AvroSerdes.create(config);
                long before = registry.requestCount();

                produce(broker, producerSide);
                List<FeatureEvent> features =
                        consume(
                                broker,
                                FEATURES,
                                consumerSide.valueSerde(FeatureEvent.class).deserializer());
                List<ScoreEvent> scores =
                        consume(
                                broker,
                                SCORES,
                                consumerSide.valueSerde(ScoreEvent.class).deserializer());

                assertThat(features).hasSize(PER_TOPIC);
                assertThat(scores).hasSize(PER_TOPIC);
                for (int i = 0; i < PER_TOPIC; i++) {
                    assertThat(features.get(i)).isEqualTo(featureEvent(i));
                    assertThat(scores.get(i)).isEqualTo(scoreEvent(i));
                }
                // One registration per schema on the producer side, one id lookup per schema
                // on the consumer side, and nothing else.
                assertThat(registry.requestCount() - before).isEqualTo(4);
                assertThat(consumerSide.client().subjects())
                        .containsExactly(FEATURES + "-value", SCORES + "-value");
            }
        }
    }

    private static void produce(EmbeddedKafkaBroker broker, AvroSerdes serdes)
            throws ExecutionException, InterruptedException {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        5);
        try (KafkaProducer<String, FeatureEvent> features =
                        new KafkaProducer<>(
                                config,
                                new StringSerializer(),
                                serdes.valueSerde(FeatureEvent.class).serializer());
                KafkaProducer<String, ScoreEvent> scores =
                        new KafkaProducer<>(
                                config,
                                new StringSerializer(),
                                serdes.valueSerde(ScoreEvent.class).serializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < PER_TOPIC; i++) {
                sent.add(
                        features.send(
                                new ProducerRecord<>(FEATURES, "card-" + i, featureEvent(i))));
                sent.add(scores.send(new ProducerRecord<>(SCORES, "card-" + i, scoreEvent(i))));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        }
    }

    private static <T extends SpecificRecord> List<T> consume(
            EmbeddedKafkaBroker broker, String topic, Deserializer<T> deserializer) {
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer =
                new KafkaConsumer<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "serdes-it-" + topic,
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new StringDeserializer(),
                        deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < PER_TOPIC && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
