package io.streamscorer.serde;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamscorer.avro.FeedbackEvent;

/**
 * Fuzzes the Confluent wire decoder of feedback events, labels that producers outside the scorer
 * write: any bytes either read as a {@link FeedbackEvent} whose maps are consistent or are refused
 * with a {@link WireFormatException}. Seeds: {@code FeedbackEventWireFuzzTestInputs/} in the test
 * resources.
 */
class FeedbackEventWireFuzzTest {
    private static final WireFuzzTarget<FeedbackEvent> TARGET =
            WireFuzzTarget.of(
                    FeedbackEvent.class,
                    "scorer.feedback",
                    EvolvedFields.appendedTo(FeedbackEvent.getClassSchema()));

    @FuzzTest(maxDuration = "5s")
    void shouldReadFeedbackOrRefuseItWithAReason(byte[] data) {
        FeedbackEvent feedback = TARGET.decodeOrRefuse(data);
        if (feedback != null) {
            WireFuzzTarget.requireConsistent(feedback.getLabels());
            if (feedback.getFeatures() != null) {
                WireFuzzTarget.requireConsistent(feedback.getFeatures());
            }
        }
    }
}
