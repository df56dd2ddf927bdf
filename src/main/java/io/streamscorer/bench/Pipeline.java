package io.streamscorer.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * One way of turning the records of an input topic into records of an output topic, started afresh
 * for every measured run: a plain consumer and producer, an identity Kafka Streams topology, or the
 * scorer.
 */
public interface Pipeline {
    /** A short label for reports, e.g. {@code (a) plain pipe}. */
    String label();

    /**
     * Topics besides the input that the run must have consumed to the end before it is over (the
     * feedback topic of a learning scorer).
     */
    default List<String> sideInputs() {
        return List.of();
    }

    /**
     * Starts processing {@code run.inputTopic()} from its beginning into {@code run.outputTopic()}.
     */
    Running start(Run run);

    /**
     * What one run reads and writes, and as whom.
     *
     * @param inputTopic the pre-loaded topic
     * @param outputTopic where the results go, new for this run
     * @param deadLetterTopic where refused records go, new for this run
     * @param groupId consumer group or Kafka Streams application id, new for this run
     * @param stateDir a new, empty state directory
     * @param settings the Kafka settings shared by every pipeline
     */
    record Run(
            String inputTopic,
            String outputTopic,
            String deadLetterTopic,
            String groupId,
            Path stateDir,
            PipelineSettings settings) {}

    /** A started pipeline; closing it stops it. */
    interface Running extends AutoCloseable {
        /**
         * Whether work that leaves no record on the output topic is finished (the online learner
         * has applied every label); true when there is none.
         */
        default boolean sideWorkDone() {
            return true;
        }

        /** Why the pipeline stopped on its own, or null while it is healthy. */
        Throwable failure();

        @Override
        void close();
    }
}
