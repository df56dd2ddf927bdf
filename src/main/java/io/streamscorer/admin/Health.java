package io.streamscorer.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamscorer.model.ModelVersion;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Liveness and readiness of an instance, judged from its Kafka Streams state and the models it
 * serves. Liveness answers "should the orchestrator restart this process?", readiness "should it
 * get traffic and count as up?".
 */
final class Health {
    /** States after which this Kafka Streams instance will not process again without a restart. */
    private static final Set<KafkaStreams.State> DEAD =
            EnumSet.of(
                    KafkaStreams.State.ERROR,
                    KafkaStreams.State.PENDING_ERROR,
                    KafkaStreams.State.NOT_RUNNING);

    private Health() {}

    /**
     * The body of {@code /health} and {@code /health/ready}.
     *
     * @param status {@code UP} or {@code DOWN}
     * @param state the Kafka Streams state
     * @param models name → version served
     * @param reason why the check is down; absent when up
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Report(String status, String state, Map<String, String> models, String reason) {
        boolean up() {
            return "UP".equals(status);
        }
    }

    /** Up unless Kafka Streams has stopped or failed for good. */
    static Report liveness(KafkaStreams.State state, Map<String, ModelVersion> models) {
        if (DEAD.contains(state)) {
            return down(
                    state,
                    models,
                    "Kafka Streams is "
                            + state
                            + " and will not process again; this instance needs a restart");
        }
        return up(state, models);
    }

    /** Up only while Kafka Streams is RUNNING and at least one model is served. */
    static Report readiness(KafkaStreams.State state, Map<String, ModelVersion> models) {
        if (state != KafkaStreams.State.RUNNING) {
            return down(state, models, "Kafka Streams is " + state + ", not RUNNING");
        }
        if (models.isEmpty()) {
            return down(
                    state,
                    models,
                    "no model is served yet: publish one to the control topic (scorer model"
                            + " push); events are dead-lettered as NO_MODEL until then");
        }
        return up(state, models);
    }

    private static Report up(KafkaStreams.State state, Map<String, ModelVersion> models) {
        return new Report("UP", state.name(), names(models), null);
    }

    private static Report down(
            KafkaStreams.State state, Map<String, ModelVersion> models, String reason) {
        return new Report("DOWN", state.name(), names(models), reason);
    }

    private static Map<String, String> names(Map<String, ModelVersion> models) {
        Map<String, String> out = new TreeMap<>();
        models.forEach((name, version) -> out.put(name, version.toString()));
        return out;
    }
}
