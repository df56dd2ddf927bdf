package io.streamscorer.serde;

import static io.streamscorer.serde.AvroFixtures.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.avro.FeatureScaling;
import io.streamscorer.avro.ModelHead;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ModelVersion;
import io.streamscorer.registry.MockSchemaRegistry;
import io.streamscorer.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Control-topic records across the change that gave {@code ModelSpec} its scaling and prior. */
class ModelSpecSerdeTest {
    private static final String TOPIC = "scorer.models";
    private static final String SUBJECT = TOPIC + "-value";

    private final String scope = "model-spec-serde-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);
    private final AvroSerdes serdes = AvroSerdes.create(config);
    private final SchemaRegistryClient registry = serdes.client();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    /** {@code ModelSpec} as it was before it had {@code scaling} and {@code priorLabels}. */
    private static Schema beforeScaling() {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : ModelSpec.getClassSchema().getFields()) {
            if (!f.name().equals("scaling") && !f.name().equals("priorLabels")) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema own = ModelSpec.getClassSchema();
        return Schema.createRecord(own.getName(), own.getDoc(), own.getNamespace(), false, fields);
    }

    private static ModelSpec spec(FeatureScaling scaling, Long priorLabels) {
        return ModelSpec.newBuilder()
                .setName("fraud")
                .setVersion(new ModelVersion(2L, 0L))
                .setFeatureNames(List.of("amount", "velocity"))
                .setHeads(List.of(new ModelHead("fraud", List.of(2.0, 0.7), -1.0, 0.5)))
                .setCreatedAt(Instant.parse("2026-12-01T00:00:00Z"))
                .setOrigin("operator")
                .setScaling(scaling)
                .setPriorLabels(priorLabels)
                .build();
    }

    private static FeatureScaling scaling() {
        return new FeatureScaling(List.of(150.0, 3.0), List.of(200.0, 1.5));
    }

    private Serde<ModelSpec> latestVersionSerde() {
        Map<String, Object> settings = new HashMap<>(config);
        settings.put("auto.register.schemas", false);
        settings.put("use.latest.version", true);
        return AvroSerdes.create(settings).valueSerde(ModelSpec.class);
    }

    @Test
    void shouldReadAVersionWrittenBeforeScalingExistedAsUnscaledWithTheScorersPrior()
            throws IOException {
        Schema older = beforeScaling();
        int id = registry.register(SUBJECT, older);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new GenericDatumWriter<ModelSpec>(older, SpecificData.getForClass(ModelSpec.class))
                .write(spec(null, null), encoder);
        encoder.flush();

        ModelSpec read =
                serdes.valueSerde(ModelSpec.class)
                        .deserializer()
                        .deserialize(TOPIC, frame(id, body.toByteArray()));

        assertThat(read).isEqualTo(spec(null, null));
        assertThat(read.getScaling()).isNull();
        assertThat(read.getPriorLabels()).isNull();
    }

    @Test
    void shouldRoundTripTheScalingAndPriorLabels() {
        Serde<ModelSpec> serde = serdes.valueSerde(ModelSpec.class);
        ModelSpec scaled = spec(scaling(), 5000L);

        ModelSpec read =
                serde.deserializer()
                        .deserialize(TOPIC, serde.serializer().serialize(TOPIC, scaled));

        assertThat(read).isEqualTo(scaled);
    }

    @Test
    void shouldWriteAnUnscaledVersionWithALatestVersionFromBeforeScalingExisted() {
        int older = registry.register(SUBJECT, beforeScaling());
        Serde<ModelSpec> serde = latestVersionSerde();

        byte[] bytes = serde.serializer().serialize(TOPIC, spec(null, null));

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(older);
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(spec(null, null));
    }

    @Test
    void shouldRefuseToWriteAScaledVersionWithALatestVersionThatWouldDropItsScaling() {
        registry.register(SUBJECT, beforeScaling());
        Serde<ModelSpec> serde = latestVersionSerde();

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, spec(scaling(), null)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("sets 'scaling'")
                .hasMessageContaining("subject '" + SUBJECT + "'")
                .hasMessageContaining("it would be lost");
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, spec(null, 0L)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("sets 'priorLabels'");
    }
}
