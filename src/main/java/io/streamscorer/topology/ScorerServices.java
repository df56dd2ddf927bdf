package io.streamscorer.topology;

/**
 * The in-process collaborators a topology needs beyond its config and serdes: the model registry
 * the scorer reads, where refused control records go, and the meters. One per Kafka Streams
 * instance, shared by its threads.
 *
 * @param models models served by this instance
 * @param controlRejects dead letters of the model-store processor (the global thread)
 * @param metrics meters of scoring and dead letters
 * @param learnerMetrics meters of the online learner
 * @param drift drift and alert meters of the models scored
 */
public record ScorerServices(
        ModelRegistry models,
        DeadLetterSink controlRejects,
        ScorerMetrics metrics,
        LearnerMetrics learnerMetrics,
        DriftWatch drift) {}
