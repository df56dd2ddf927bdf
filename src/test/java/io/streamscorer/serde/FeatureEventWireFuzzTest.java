package io.streamscorer.serde;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamscorer.avro.FeatureEvent;

/**
 * Fuzzes the Confluent wire decoder of feature events, the scorer's untrusted input: any bytes
 * either read as a {@link FeatureEvent} whose maps are consistent or are refused with a {@link
 * WireFormatException}. Seeds: {@code FeatureEventWireFuzzTestInputs/} in the test resources.
 */
class FeatureEventWireFuzzTest {
    private static final WireFuzzTarget<FeatureEvent> TARGET =
            WireFuzzTarget.of(
                    FeatureEvent.class,
                    "scorer.features",
                    EvolvedFields.appendedTo(FeatureEvent.getClassSchema()));

    @FuzzTest(maxDuration = "5s")
    void shouldReadAnEventOrRefuseItWithAReason(byte[] data) {
        FeatureEvent event = TARGET.decodeOrRefuse(data);
        if (event != null) {
            WireFuzzTarget.requireConsistent(event.getFeatures());
            WireFuzzTarget.requireConsistent(event.getAttributes());
        }
    }
}
