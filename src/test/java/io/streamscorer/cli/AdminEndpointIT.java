package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.local.DemoTraffic;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.spec.ModelFile;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin endpoint of a real scorer instance on a real broker, while events flow. */
@Timeout(180)
class AdminEndpointIT {
    private static final Pattern SCORED_TOTAL =
            Pattern.compile("(?m)^scorer_events_scored_total ([0-9.Ee+]+)$");

    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static ModelFile bootstrapModel;

    @BeforeAll
    static void startCluster() {
        bootstrapModel = ModelFile.read(Path.of("config/models/fraud.json"));
    }

    private static double scoredInMetrics(String url) {
        HttpResponse<String> metrics = AdminHttp.get(url, "metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        Matcher m = SCORED_TOTAL.matcher(metrics.body());
        assertThat(m.find()).as("scorer_events_scored_total in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void shouldBecomeReadyWhenAModelIsServedAndReportModelsAndMetricsWhileEventsFlow()
            throws InterruptedException {
        ScorerConfig config = cluster.config("admin", Map.of());
        ScorerInstance instance =
                cluster.startInstance(
                        config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        String url = instance.adminUrl().orElseThrow();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> instance.state() == KafkaStreams.State.RUNNING);

        assertThat(AdminHttp.get(url, "health").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = AdminHttp.get(url, "health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(notReady).get("reason").asText())
                .startsWith("no model is served yet");

        ModelVersion pushed = cluster.pushModel(config, bootstrapModel);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> AdminHttp.get(url, "health/ready").statusCode() == 200);
        JsonNode ready = AdminHttp.json(AdminHttp.get(url, "health/ready"));
        assertThat(ready.get("state").asText()).isEqualTo("RUNNING");
        assertThat(ready.get("models").get("fraud").asText()).isEqualTo(pushed.toString());

        try (KafkaProducer<String, FeatureEvent> producer = cluster.featureProducer(config);
                DemoTraffic traffic =
                        DemoTraffic.eventsOnly(
                                producer,
                                config.getString(ScorerConfig.TOPIC_FEATURES_CONFIG),
                                400,
                                0.05,
                                7)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> scoredInMetrics(url) >= 500);
            double before = scoredInMetrics(url);
            await().atMost(Duration.ofSeconds(30)).until(() -> scoredInMetrics(url) > before);
            assertThat((long) scoredInMetrics(url)).isLessThanOrEqualTo(traffic.sent());

            String metrics = AdminHttp.get(url, "metrics").body();
            assertThat(metrics)
                    .containsPattern(
                            "(?m)^kafka_stream_client_state\\{application_id=\""
                                    + config.getString(ScorerConfig.APPLICATION_ID_CONFIG)
                                    + "\"")
                    .containsPattern("(?m)^kafka_stream_thread_process_total\\{")
                    .contains(
                            "scorer_model_generation{model=\"fraud\"} "
                                    + (double) pushed.generation())
                    .contains("scorer_model_step{model=\"fraud\"} " + (double) pushed.step())
                    .contains("scorer_model_swaps_total{model=\"fraud\"} 1.0")
                    .containsPattern(
                            "(?m)^scorer_dead_letters_total\\{reason=\"NON_FINITE_FEATURE\","
                                    + "stage=\"score\"} [1-9]");

            JsonNode model = AdminHttp.json(AdminHttp.get(url, "models")).get("models").get(0);
            assertThat(model.get("name").asText()).isEqualTo("fraud");
            assertThat(model.get("version").asText()).isEqualTo(pushed.toString());
            assertThat(model.get("features"))
                    .extracting(JsonNode::asText)
                    .containsExactlyElementsOf(bootstrapModel.features());
            assertThat(model.get("heads").get(0).get("threshold").asDouble())
                    .isEqualTo(bootstrapModel.heads().get(0).threshold());
            assertThat(model.get("origin").asText()).isEqualTo("it");
            assertThat(model.get("swappedAt").asText()).isNotBlank();

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> {
                                JsonNode status = AdminHttp.json(AdminHttp.get(url, "api/status"));
                                JsonNode samples = status.get("samples");
                                JsonNode last = samples.get(samples.size() - 1);
                                assertThat(status.get("ready").asBoolean()).isTrue();
                                assertThat(status.get("scoredTotal").asLong()).isPositive();
                                assertThat(last.get("scoredPerSecond").asDouble()).isPositive();
                                assertThat(last.get("latencyMs").get("p99").asDouble())
                                        .isPositive();
                                assertThat(last.get("models").get("fraud").asText())
                                        .isEqualTo(pushed.toString());
                                assertThat(
                                                status.get("deadLetters")
                                                        .get("NON_FINITE_FEATURE")
                                                        .asLong())
                                        .isPositive();
                            });
        }
    }

    @Test
    void shouldServeNoEndpointWhenTurnedOff() throws InterruptedException {
        ScorerConfig config = cluster.config("admin-off", Map.of("scorer.admin.enabled", "false"));

        ScorerInstance instance = cluster.startInstance(config);

        assertThat(instance.adminUrl()).isEmpty();
    }
}
