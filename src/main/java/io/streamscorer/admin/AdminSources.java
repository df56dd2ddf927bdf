package io.streamscorer.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamscorer.topology.ComparisonBoard;
import io.streamscorer.topology.DriftWatch;
import io.streamscorer.topology.ModelRegistry;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the admin endpoint reads from one scorer instance: its Kafka Streams state, the models it
 * serves and the registry its meters live in. Everything is read live at request or sample time;
 * the endpoint holds no copy of its own beyond the dashboard's short history.
 *
 * @param applicationId the Kafka Streams application id, shown on the dashboard
 * @param state the current Kafka Streams state, for example {@code streams::state}
 * @param models the instance's model registry
 * @param meters the instance's meters; {@code /metrics} needs a {@code PrometheusMeterRegistry}
 *     (directly or inside a composite), the other endpoints take any registry
 * @param drift the instance's drift monitors, shown per model in {@code /models}
 * @param comparisons the latest comparison of each champion
 */
public record AdminSources(
        String applicationId,
        Supplier<KafkaStreams.State> state,
        ModelRegistry models,
        MeterRegistry meters,
        DriftWatch drift,
        ComparisonBoard comparisons) {

    /** Checks that nothing is missing. */
    public AdminSources {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(comparisons, "comparisons");
    }

    /** Sources of an instance that watches no drift and has no comparison to show. */
    public AdminSources(
            String applicationId,
            Supplier<KafkaStreams.State> state,
            ModelRegistry models,
            MeterRegistry meters) {
        this(applicationId, state, models, meters, DriftWatch.off(), new ComparisonBoard(meters));
    }
}
