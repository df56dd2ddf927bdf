package io.streamscorer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.topology.ScoringTopology;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ProducerDeadLetterSinkTest {
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final ProducerDeadLetterSink sink = new ProducerDeadLetterSink(producer, "scorer.dlq");

    private void sendOne() {
        sink.send("fraud".getBytes(StandardCharsets.UTF_8), new byte[] {1}, new RecordHeaders());
    }

    @Test
    void shouldStayQuietOnlyWhileTheModelStoreReplays() {
        TopicPartition control = new TopicPartition("scorer.models", 0);
        sink.onRestoreStart(control, ScoringTopology.MODEL_STORE, 0, 10);
        sendOne();
        sink.onRestoreEnd(control, ScoringTopology.MODEL_STORE, 10);
        sendOne();

        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void shouldNotBeSilencedByTheRestoreOfAnotherStoreThatIsSuspended() {
        TopicPartition changelog = new TopicPartition("app-learner-state-changelog", 0);
        sink.onRestoreStart(changelog, ScoringTopology.LEARNER_STORE, 0, 1_000_000);
        sink.onRestoreSuspended(changelog, ScoringTopology.LEARNER_STORE, 10);

        sendOne();

        assertThat(producer.history()).hasSize(1);
    }
}
