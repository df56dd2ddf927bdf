package io.streamscorer.serde;

import static io.streamscorer.serde.AvroFixtures.featureEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.registry.MockSchemaRegistry;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The serdes inside a Kafka Streams topology, with a mock:// registry the test shares. */
class AvroSerdesTopologyTest {
    private final String scope = "topology-test-" + UUID.randomUUID();
    private final AvroSerdes serdes =
            AvroSerdes.create(Map.of("schema.registry.url", "mock://" + scope));

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    private TopologyTestDriver driver() {
        Serde<FeatureEvent> features = serdes.valueSerde(FeatureEvent.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), features))
                .mapValues(FeatureEvent::getEntityId, Named.as("take-entity-id"))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "serdes-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        return new TopologyTestDriver(builder.build(), config);
    }

    @Test
    void shouldReadRecordsATestWroteWithTheSameScope() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, FeatureEvent> in =
                    driver.createInputTopic(
                            "in",
                            new StringSerializer(),
                            AvroSerdes.create(Map.of("schema.registry.url", "mock://" + scope))
                                    .valueSerde(FeatureEvent.class)
                                    .serializer());
            TestOutputTopic<String, String> out =
                    driver.createOutputTopic(
                            "out", new StringDeserializer(), new StringDeserializer());

            in.pipeInput("k", featureEvent(4));

            assertThat(out.readValue()).isEqualTo(featureEvent(4).getEntityId());
        }
    }

    @Test
    void shouldLetTheDeserializationHandlerSkipBytesThatAreNotARecord() {
        try (TopologyTestDriver driver = driver()) {
            TestInputTopic<String, byte[]> raw =
                    driver.createInputTopic(
                            "in", new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, String> out =
                    driver.createOutputTopic(
                            "out", new StringDeserializer(), new StringDeserializer());
            byte[] valid =
                    serdes.valueSerde(FeatureEvent.class)
                            .serializer()
                            .serialize("in", featureEvent(2));

            raw.pipeInput("k", new byte[] {1, 2, 3});
            raw.pipeInput("k", valid);

            assertThat(out.readValuesToList()).containsExactly(featureEvent(2).getEntityId());
        }
    }
}
