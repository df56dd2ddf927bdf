package io.streamscorer.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.runtime.ScorerInstance;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The scorer as a benchmarked pipeline: a whole {@link ScorerInstance} (Avro decode, score, Avro
 * encode, meters, dead-letter routing) as {@code scorer run} starts it, optionally learning from
 * the feedback topic.
 */
public final class ScorerPipeline implements Pipeline {
    private final BenchEnvironment env;
    private final String label;
    private final boolean learning;
    private final long expectedLabels;
    private final Map<String, String> overrides;

    /**
     * A scorer pipeline.
     *
     * @param learning whether it learns from the feedback topic
     * @param expectedLabels labels on the feedback topic; the run is over when all are applied
     */
    public ScorerPipeline(
            BenchEnvironment env, String label, boolean learning, long expectedLabels) {
        this(env, label, learning, expectedLabels, Map.of());
    }

    /**
     * A scorer pipeline configured with {@code overrides} (scorer keys such as {@code
     * scorer.drift.enabled}) over the benchmark's configuration.
     */
    public ScorerPipeline(
            BenchEnvironment env,
            String label,
            boolean learning,
            long expectedLabels,
            Map<String, String> overrides) {
        this.env = env;
        this.label = label;
        this.learning = learning;
        this.expectedLabels = expectedLabels;
        this.overrides = Map.copyOf(overrides);
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public List<String> sideInputs() {
        return learning ? List.of(BenchEnvironment.FEEDBACK_TOPIC) : List.of();
    }

    @Override
    public Running start(Run run) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScorerInstance scorer =
                new ScorerInstance(env.scorerConfig(run, learning, overrides), meters);
        scorer.start();
        return new Running() {
            @Override
            public boolean sideWorkDone() {
                double applied =
                        meters.find("scorer.learner.labels").counters().stream()
                                .mapToDouble(Counter::count)
                                .sum();
                return !learning || applied >= expectedLabels;
            }

            @Override
            public Throwable failure() {
                KafkaStreams.State state = scorer.state();
                return state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED
                        ? null
                        : new IllegalStateException("the scorer is " + state);
            }

            @Override
            public void close() {
                scorer.close();
                meters.close();
            }
        };
    }
}
