package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.spec.ModelFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A challenger on two instances of one application on a real broker: one push makes both score with
 * it beside the champion, and both report the same comparison once the labels are in, though only
 * one of them learns the model.
 */
@Timeout(240)
class ChallengerIT {
    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static final int EVENTS = 400;
    private static final int LABELS = 300;

    @Test
    void shouldScoreWithTheChallengerOnBothInstancesAfterOnePushAndReportTheSameComparison()
            throws Exception {
        ScorerConfig config =
                cluster.config(
                        "challenger",
                        Map.of(
                                "scorer.compare.report.interval.ms", "300",
                                "num.stream.threads", "1"));
        ModelFile champion = ModelFile.read(Path.of("config/models/fraud.json"));
        cluster.pushModel(config, champion);
        MeterRegistry metersA = new SimpleMeterRegistry();
        MeterRegistry metersB = new SimpleMeterRegistry();
        ScorerInstance a = cluster.startInstance(config, metersA);
        ScorerInstance b =
                cluster.startInstance(
                        config.with(
                                Map.of("state.dir", config.originals().get("state.dir") + "-b")),
                        metersB);
        await().atMost(Duration.ofSeconds(90))
                .until(
                        () ->
                                a.models().lineup("fraud") != null
                                        && b.models().lineup("fraud") != null);

        cluster.pushModel(config, ScorerClusterFixture.challenger(champion, "fraud-b"));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                a.models().lineup("fraud").hasChallengers()
                                        && b.models().lineup("fraud").hasChallengers());
        cluster.produceFeatures(config, champion, "ev-", EVENTS);

        List<ScoreEvent> shadow = new ArrayList<>();
        try (CommittedReader<ScoreEvent> reader =
                new CommittedReader<>(
                        config,
                        config.getString(ScorerConfig.TOPIC_SHADOW_SCORES_CONFIG),
                        cluster.serdes(config).valueSerde(ScoreEvent.class).deserializer(),
                        r -> shadow.add(r.value()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll() >= EVENTS);
            reader.readToEnd(Duration.ofSeconds(10));
        }
        assertThat(shadow)
                .hasSize(EVENTS)
                .allSatisfy(
                        s -> {
                            assertThat(s.getModelName()).isEqualTo("fraud-b");
                            assertThat(s.getChallengerOf()).isEqualTo("fraud");
                        });
        assertThat(shadowScores(metersA)).as("instance a scored with the challenger").isPositive();
        assertThat(shadowScores(metersB)).as("instance b scored with the challenger").isPositive();
        assertThat(shadowScores(metersA) + shadowScores(metersB)).isEqualTo(EVENTS);

        cluster.produceLabels(config, champion, LABELS, 5);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> labelsSeen(a) == LABELS && labelsSeen(b) == LABELS);
        JsonNode onA = comparison(a);
        JsonNode onB = comparison(b);
        assertThat(onA).isEqualTo(onB);
        assertThat(onA.get("contenders"))
                .extracting(c -> c.get("role").asText() + ":" + c.get("name").asText())
                .contains("champion:fraud", "challenger:fraud-b");
        for (JsonNode contender : onA.get("contenders")) {
            long labels = contender.get("summary").get("labels").asLong();
            if (contender.get("role").asText().equals("candidate")) {
                // Taken after scorer.learning.gate.labels (200) labels, it scored those after.
                assertThat(labels).isEqualTo(LABELS - 200);
            } else {
                assertThat(labels).isEqualTo(LABELS);
            }
        }
    }

    private static double shadowScores(MeterRegistry meters) {
        return meters.find("scorer.shadow.scores").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static JsonNode comparison(ScorerInstance instance) {
        JsonNode models =
                AdminHttp.json(AdminHttp.get(instance.adminUrl().orElseThrow(), "models"));
        for (JsonNode model : models.get("models")) {
            if (model.get("name").asText().equals("fraud")) {
                return model.get("comparison");
            }
        }
        throw new AssertionError("no model fraud in " + models);
    }

    private static long labelsSeen(ScorerInstance instance) {
        JsonNode comparison = comparison(instance);
        return comparison == null || comparison.isNull()
                ? -1
                : comparison.get("labelsSeen").asLong();
    }
}
