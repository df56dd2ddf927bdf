package io.streamscorer.topology;

/**
 * The in-process collaborators a topology needs beyond its config and serdes: the model registry
 * the scorer reads, where refused control records go, the meters, the drift monitors and the board
 * of comparisons. One per Kafka Streams instance, shared by its threads.
 *
 * @param models models served by this instance
 * @param controlRejects dead letters of the model-store processor (the global thread)
 * @param metrics meters of scoring and dead letters
 * @param learnerMetrics meters of the online learner
 * @param drift drift and alert meters of the models scored
 * @param comparisons the latest comparison of each champion, read from the comparisons topic
 */
public record ScorerServices(
        ModelRegistry models,
        DeadLetterSink controlRejects,
        ScorerMetrics metrics,
        LearnerMetrics learnerMetrics,
        DriftWatch drift,
        ComparisonBoard comparisons) {}
