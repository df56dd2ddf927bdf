package io.streamscorer.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class EmbeddedKafkaBrokerIT {

    @Test
    void shouldRoundTripRecordsThroughARealKraftBroker() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic("broker-it.roundtrip", 2, Map.of());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(
                            Map.<String, Object>of(
                                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    broker.bootstrapServers()),
                            new StringSerializer(),
                            new StringSerializer())) {
                producer.send(new ProducerRecord<>("broker-it.roundtrip", "k", "v")).get();
            }
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(
                            Map.<String, Object>of(
                                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    broker.bootstrapServers(),
                                    ConsumerConfig.GROUP_ID_CONFIG,
                                    "broker-it",
                                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                    "earliest"),
                            new StringDeserializer(),
                            new StringDeserializer())) {
                consumer.subscribe(List.of("broker-it.roundtrip"));
                ConsumerRecord<String, String> record = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (record == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        record = r;
                    }
                }
                assertThat(record).isNotNull();
                assertThat(record.key()).isEqualTo("k");
                assertThat(record.value()).isEqualTo("v");
            }
        }
    }
}
