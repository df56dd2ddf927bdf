package io.streamscorer.topology;

import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ModelSpec;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of one scorer, each name travelling with its key and value serdes. Built once from the
 * config, so a topology and its tests cannot pair a topic with the wrong serde.
 *
 * @param features input events, value kept with its original bytes for dead letters
 * @param scores output scores
 * @param shadowScores challengers' scores beside the output
 * @param feedback labels, value kept with its original bytes for dead letters
 * @param models the control topic, read as raw bytes so decoding failures are ours to handle
 * @param modelSpecs the control topic, for the learner's published versions
 * @param modelHistory the append-only history of published versions
 * @param comparisonRecords the comparisons topic, read as raw bytes into each instance's board
 * @param comparisons the comparisons topic, for the reports the comparing task writes
 * @param deadLetters refused records as original bytes
 * @param feedbackPartitions partitions of the feedback topic, or 0 if unknown; the remembered
 *     features are repartitioned to match it, so a label and its event meet in one task
 */
public record ScorerTopics(
        TopicSpec<String, Sourced<FeatureEvent>> features,
        TopicSpec<String, ScoreEvent> scores,
        TopicSpec<String, ScoreEvent> shadowScores,
        TopicSpec<String, Sourced<FeedbackEvent>> feedback,
        TopicSpec<String, byte[]> models,
        TopicSpec<String, ModelSpec> modelSpecs,
        TopicSpec<String, ModelSpec> modelHistory,
        TopicSpec<String, byte[]> comparisonRecords,
        TopicSpec<String, ModelComparison> comparisons,
        TopicSpec<String, byte[]> deadLetters,
        int feedbackPartitions) {

    /** The topics named in {@code config}, with serdes from {@code serdes}. */
    public static ScorerTopics from(ScorerConfig config, AvroSerdes serdes) {
        String models = config.getString(ScorerConfig.TOPIC_MODELS_CONFIG);
        String comparisons = config.getString(ScorerConfig.TOPIC_COMPARISONS_CONFIG);
        return new ScorerTopics(
                new TopicSpec<>(
                        config.getString(ScorerConfig.TOPIC_FEATURES_CONFIG),
                        Serdes.String(),
                        Sourced.serde(serdes.valueSerde(FeatureEvent.class).deserializer())),
                new TopicSpec<>(
                        config.getString(ScorerConfig.TOPIC_SCORES_CONFIG),
                        Serdes.String(),
                        serdes.valueSerde(ScoreEvent.class)),
                new TopicSpec<>(
                        config.getString(ScorerConfig.TOPIC_SHADOW_SCORES_CONFIG),
                        Serdes.String(),
                        serdes.valueSerde(ScoreEvent.class)),
                new TopicSpec<>(
                        config.getString(ScorerConfig.TOPIC_FEEDBACK_CONFIG),
                        Serdes.String(),
                        Sourced.serde(serdes.valueSerde(FeedbackEvent.class).deserializer())),
                new TopicSpec<>(models, Serdes.String(), Serdes.ByteArray()),
                new TopicSpec<>(models, Serdes.String(), serdes.valueSerde(ModelSpec.class)),
                new TopicSpec<>(
                        config.getString(ScorerConfig.TOPIC_MODEL_HISTORY_CONFIG),
                        Serdes.String(),
                        serdes.valueSerde(ModelSpec.class)),
                new TopicSpec<>(comparisons, Serdes.String(), Serdes.ByteArray()),
                new TopicSpec<>(
                        comparisons, Serdes.String(), serdes.valueSerde(ModelComparison.class)),
                new TopicSpec<>(
                        config.getString(ScorerConfig.TOPIC_DLQ_CONFIG),
                        Serdes.String(),
                        Serdes.ByteArray()),
                0);
    }

    /** A copy knowing the feedback topic's partition count. */
    public ScorerTopics withFeedbackPartitions(int partitions) {
        return new ScorerTopics(
                features,
                scores,
                shadowScores,
                feedback,
                models,
                modelSpecs,
                modelHistory,
                comparisonRecords,
                comparisons,
                deadLetters,
                partitions);
    }
}
