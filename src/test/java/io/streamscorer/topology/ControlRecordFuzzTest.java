package io.streamscorer.topology;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.model.InvalidModelException;
import io.streamscorer.registry.MockSchemaRegistry;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.serde.WireFormatException;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSpecs;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Fuzzes the value of a control record as {@link ApplyModelProcessor} reads it, through the same
 * calls in the same order: the Confluent-framed {@link ModelSpec} decoded, its signature checked
 * against a configured key, the model built. The processor refuses a {@link WireFormatException} or
 * an {@link InvalidModelException} with their reasons, and dead-letters anything else only as an
 * "unexpected failure"; here anything else is a finding. Seeds: {@code
 * ControlRecordFuzzTestInputs/} in the test resources, the repository's model files framed as
 * control records (schema id 1), signed and unsigned.
 */
class ControlRecordFuzzTest {
    private static final String TOPIC = "scorer.models";
    private static final Deserializer<ModelSpec> SPECS = specs();
    private static final List<PublicKey> KEYS =
            List.of(
                    ModelSignatures.readPublicKey(
                            "src/test/resources/signed/fraud-signed-before-scaling.pub.pem"));

    private static Deserializer<ModelSpec> specs() {
        String scope = "fuzz-control-records";
        MockSchemaRegistry.dropScope(scope);
        AvroSerdes serdes = AvroSerdes.create(Map.of("schema.registry.url", "mock://" + scope));
        int id = serdes.client().register(TOPIC + "-value", ModelSpec.getClassSchema());
        if (id != 1) {
            throw new IllegalStateException("ModelSpec registered as id " + id + ", not 1");
        }
        return serdes.valueSerde(ModelSpec.class).deserializer();
    }

    @FuzzTest(maxDuration = "5s")
    void shouldServeAControlRecordOrRefuseItWithAReason(byte[] value) {
        try {
            ModelSpec spec = SPECS.deserialize(TOPIC, value);
            if (ModelSignatures.verify(spec, KEYS) || spec.getSignature() == null) {
                ModelSpecs.toModel(spec);
            }
        } catch (WireFormatException | InvalidModelException e) {
            if (e.getMessage() == null) {
                throw new AssertionError("a refusal without a reason", e);
            }
        }
    }
}
