package io.streamscorer.topology;

import io.streamscorer.avro.FeatureEvent;
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
 * @param models the control topic, read as raw bytes so decoding failures are ours to handle
 * @param deadLetters refused records as original bytes
 */
public record ScorerTopics(
        TopicSpec<String, Sourced<FeatureEvent>> features,
        TopicSpec<String, ScoreEvent> scores,
        TopicSpec<String, byte[]> models,
        TopicSpec<String, byte[]> deadLetters) {

    /** The topics named in {@code config}, with serdes from {@code serdes}. */
    public static ScorerTopics from(ScorerConfig config, AvroSerdes serdes) {
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
                        config.getString(ScorerConfig.TOPIC_MODELS_CONFIG),
                        Serdes.String(),
                        Serdes.ByteArray()),
                new TopicSpec<>(
                        config.getString(ScorerConfig.TOPIC_DLQ_CONFIG),
                        Serdes.String(),
                        Serdes.ByteArray()));
    }
}
