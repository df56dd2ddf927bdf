package io.streamscorer.admin;

import static io.streamscorer.admin.AdminFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.admin.AdminFixtures.ManualClock;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.model.ScoringWorkspace;
import io.streamscorer.topology.ComparisonBoard;
import io.streamscorer.topology.DriftProbe;
import io.streamscorer.topology.DriftWatch;
import io.streamscorer.topology.EventRejection;
import io.streamscorer.topology.ModelRegistry;
import io.streamscorer.topology.ScorerMetrics;
import io.streamscorer.topology.ServedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every admin endpoint over real HTTP, against a hand-driven Kafka Streams state. */
@Timeout(60)
class AdminServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<KafkaStreams.State> state =
            new AtomicReference<>(KafkaStreams.State.CREATED);
    private final ModelRegistry models = new ModelRegistry();
    private final ManualClock clock = new ManualClock(T0);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private AdminServer start(MeterRegistry meters) {
        AdminServer server =
                AdminServer.start(
                        "127.0.0.1",
                        0,
                        new AdminSources("fraud-scorer", state::get, models, meters),
                        clock);
        toClose.add(server);
        return server;
    }

    private HttpResponse<String> get(AdminServer server, String path) {
        return send(server, path, "GET", null);
    }

    private HttpResponse<String> send(
            AdminServer server, String path, String method, String accept) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.url()).resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/json; charset=utf-8");
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldAnswerLivenessWithTheStateAndModels() {
        AdminServer server = start(new SimpleMeterRegistry());
        models.offer(served("fraud", 4, 2, clock.instant()));
        state.set(KafkaStreams.State.REBALANCING);

        HttpResponse<String> response = get(server, "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("state").asText()).isEqualTo("REBALANCING");
        assertThat(body.get("models").get("fraud").asText()).isEqualTo("4.2");
        assertThat(body.has("reason")).isFalse();
        assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldFailLivenessOnceKafkaStreamsHasFailed() {
        AdminServer server = start(new SimpleMeterRegistry());
        state.set(KafkaStreams.State.ERROR);

        HttpResponse<String> response = get(server, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("state").asText()).isEqualTo("ERROR");
        assertThat(body.get("reason").asText()).contains("needs a restart");
    }

    @Test
    void shouldBecomeReadyOnlyWhenRunningWithAModelAndStopBeingReadyOnShutdown() {
        AdminServer server = start(new SimpleMeterRegistry());
        List<Integer> statuses = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Runnable probe =
                () -> {
                    HttpResponse<String> r = get(server, "/health/ready");
                    statuses.add(r.statusCode());
                    JsonNode reason = json(r).get("reason");
                    reasons.add(reason == null ? null : reason.asText());
                };

        probe.run(); // CREATED, no model
        state.set(KafkaStreams.State.REBALANCING);
        models.offer(served("fraud", 1, 0, clock.instant()));
        probe.run(); // REBALANCING, model
        state.set(KafkaStreams.State.RUNNING);
        probe.run(); // RUNNING, model
        state.set(KafkaStreams.State.PENDING_SHUTDOWN);
        probe.run();

        assertThat(statuses).containsExactly(503, 503, 200, 503);
        assertThat(reasons.get(0)).isEqualTo("Kafka Streams is CREATED, not RUNNING");
        assertThat(reasons.get(1)).isEqualTo("Kafka Streams is REBALANCING, not RUNNING");
        assertThat(reasons.get(2)).isNull();
        assertThat(reasons.get(3)).isEqualTo("Kafka Streams is PENDING_SHUTDOWN, not RUNNING");
    }

    @Test
    void shouldNotBeReadyWhileRunningWithoutAModel() {
        AdminServer server = start(new SimpleMeterRegistry());
        state.set(KafkaStreams.State.RUNNING);

        HttpResponse<String> response = get(server, "/health/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = json(response);
        assertThat(body.get("state").asText()).isEqualTo("RUNNING");
        assertThat(body.get("models").isEmpty()).isTrue();
        assertThat(body.get("reason").asText()).startsWith("no model is served yet");
    }

    @Test
    void shouldListTheModelsServedWithTheirVersionFeaturesHeadsThresholdsAndSwapTime() {
        AdminServer server = start(new SimpleMeterRegistry());
        models.offer(served("fraud", 1, 0, clock.instant()));
        clock.advanceMillis(90_000);
        models.offer(served("fraud", 1, 3, clock.instant(), "learner", true));
        models.offer(served("aml", 2, 0, clock.instant()));

        HttpResponse<String> response = get(server, "/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = json(response).get("models");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("aml");
        JsonNode fraud = list.get(1);
        assertThat(fraud.get("name").asText()).isEqualTo("fraud");
        assertThat(fraud.get("version").asText()).isEqualTo("1.3");
        assertThat(fraud.get("generation").asLong()).isEqualTo(1);
        assertThat(fraud.get("step").asLong()).isEqualTo(3);
        assertThat(fraud.get("features"))
                .extracting(JsonNode::asText)
                .containsExactly("amount_log", "merchant_risk", "new_device");
        assertThat(fraud.get("heads")).hasSize(2);
        assertThat(fraud.get("heads").get(0).get("name").asText()).isEqualTo("fraud");
        assertThat(fraud.get("heads").get(0).get("threshold").asDouble()).isEqualTo(0.2);
        assertThat(fraud.get("heads").get(1).get("name").asText()).isEqualTo("chargeback");
        assertThat(fraud.get("heads").get(1).get("threshold").asDouble()).isEqualTo(0.5);
        assertThat(fraud.get("origin").asText()).isEqualTo("learner");
        assertThat(fraud.get("createdAt").asText()).isEqualTo("2025-01-01T12:00:30Z");
        assertThat(fraud.get("swappedAt").asText()).isEqualTo("2025-01-01T12:01:30Z");
        assertThat(fraud.get("learningPaused").asBoolean()).isTrue();
        assertThat(list.get(0).get("learningPaused").asBoolean()).isFalse();
    }

    @Test
    void shouldShowEachModelsDriftWorstFirstWithTheScoreHistogram() {
        MeterRegistry meters = new SimpleMeterRegistry();
        DriftWatch drift = DriftWatch.watching(meters, 1_000, 1_000, 10);
        AdminServer server =
                AdminServer.start(
                        "127.0.0.1",
                        0,
                        new AdminSources(
                                "fraud-scorer",
                                state::get,
                                models,
                                meters,
                                drift,
                                new ComparisonBoard(meters)),
                        clock);
        toClose.add(server);
        ServedModel served = served("fraud", 1, 0, clock.instant());
        models.offer(served);
        ScoringModel model = served.model();
        DriftProbe probe = drift.probe();
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[model.dimension()];
        ScoringWorkspace workspace = new ScoringWorkspace();
        for (int t = 0; t < 2_000; t++) {
            for (int i = 0; i < x.length; i++) {
                // merchant_risk moves by two standard deviations after the reference
                x[i] = random.nextGaussian() + (i == 1 && t >= 1_000 ? 2 : 0);
            }
            model.score(x, workspace);
            probe.observe(model, x, workspace);
        }

        JsonNode view = json(get(server, "/models")).get("models").get(0).get("drift");

        assertThat(view.get("version").asText()).isEqualTo("1.0");
        assertThat(view.get("capturing").asBoolean()).isFalse();
        assertThat(view.get("captured").asInt()).isEqualTo(1_000);
        assertThat(view.get("windowed").asLong()).isEqualTo(1_000);
        assertThat(view.get("alertLevel").asDouble()).isEqualTo(0.25);
        JsonNode worst = view.get("columns").get(0);
        assertThat(worst.get("feature").asText()).isEqualTo("merchant_risk");
        assertThat(worst.get("psi").asDouble()).isGreaterThan(0.25);
        assertThat(view.get("columns")).hasSize(5);
        JsonNode score = view.get("score");
        assertThat(score.get("head").asText()).isEqualTo("fraud");
        assertThat(score.get("reference")).hasSize(score.get("upperEdges").size() + 1);
        assertThat(score.get("window")).hasSize(score.get("reference").size());
        double windowTotal = 0;
        for (JsonNode share : score.get("window")) {
            windowTotal += share.asDouble();
        }
        assertThat(windowTotal).isCloseTo(1.0, within(1e-9));
        JsonNode status = json(get(server, "/api/status")).get("models").get(0).get("drift");
        assertThat(status.get("columns").get(0).get("feature").asText()).isEqualTo("merchant_risk");
    }

    @Test
    void shouldShowNoDriftWhenItIsNotWatched() {
        AdminServer server = start(new SimpleMeterRegistry());
        models.offer(served("fraud", 1, 0, clock.instant()));

        JsonNode fraud = json(get(server, "/models")).get("models").get(0);

        assertThat(fraud.get("drift").isNull()).isTrue();
    }

    @Test
    void shouldShowTheSwapTimeOfAModelServedBeforeTheEndpointStarted() {
        models.offer(served("fraud", 1, 0, clock.instant()));
        clock.advanceMillis(5_000);
        AdminServer server = start(new SimpleMeterRegistry());

        JsonNode fraud = json(get(server, "/models")).get("models").get(0);

        assertThat(fraud.get("version").asText()).isEqualTo("1.0");
        assertThat(fraud.get("swappedAt").asText()).isEqualTo("2025-01-01T12:00:00Z");
    }

    @Test
    void shouldExposeTheScorersMetersAndKafkaStreamsMetricsInPrometheusTextFormat(
            @TempDir Path stateDir) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScorerMetrics metrics = new ScorerMetrics(prometheus);
        metrics.scored(0, 0, 12);
        metrics.rejected(EventRejection.NON_FINITE_FEATURE);
        models.offer(served("fraud", 3, 1, clock.instant()));
        metrics.modelServed(models.get("fraud"));
        KafkaStreams streams = unstartedStreams(stateDir);
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
        binder.bindTo(prometheus);
        toClose.add(binder);
        AdminServer server = start(prometheus);

        HttpResponse<String> response = get(server, "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains("scorer_events_scored_total 1.0")
                .contains(
                        "scorer_dead_letters_total{reason=\"NON_FINITE_FEATURE\",stage=\"score\"}"
                                + " 1.0")
                .contains("scorer_model_generation{model=\"fraud\"} 3.0")
                // A percentile histogram, so Prometheus computes quantiles across instances.
                .contains("scorer_score_latency_seconds_bucket{le=\"0.01")
                .contains("scorer_score_latency_seconds_count 1")
                .containsPattern("(?m)^kafka_stream_[a-z_]+\\{");
    }

    @Test
    void shouldAnswerOpenMetricsWhenTheScraperAsksForIt() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ScorerMetrics(prometheus).scored(0, 0, 3);
        AdminServer server = start(prometheus);

        HttpResponse<String> response =
                send(
                        server,
                        "/metrics",
                        "GET",
                        "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;q=0.4");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).contains("scorer_events_scored_total 1.0").endsWith("# EOF\n");
    }

    @Test
    void shouldFindThePrometheusRegistryInsideACompositeRegistry() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(new SimpleMeterRegistry());
        composite.add(prometheus);
        new ScorerMetrics(composite).scored(0, 0, 3);
        AdminServer server = start(composite);

        HttpResponse<String> response = get(server, "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("scorer_events_scored_total 1.0");
    }

    @Test
    void shouldAnswer503WithAClearMessageWhenTheRegistryIsNotPrometheus() {
        AdminServer server = start(new SimpleMeterRegistry());

        HttpResponse<String> response = get(server, "/metrics");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/plain; charset=utf-8");
        assertThat(response.body())
                .contains("Prometheus metrics are not available")
                .contains("SimpleMeterRegistry")
                .contains("not a PrometheusMeterRegistry");
    }

    @Test
    void shouldServeTheDashboardDataWithTotalsSamplesSwapsAndDeadLettersByReason() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ScorerMetrics metrics = new ScorerMetrics(meters);
        state.set(KafkaStreams.State.RUNNING);
        AdminServer server = start(meters);
        models.offer(served("fraud", 1, 0, clock.instant()));
        clock.advanceMillis(1_000);
        metrics.scored(0, 0, 8);
        metrics.scored(0, 0, 9);
        metrics.rejected(EventRejection.NON_FINITE_FEATURE);
        metrics.deadLettered("TRUNCATED", "deserialize");

        JsonNode status = json(get(server, "/api/status"));

        assertThat(status.get("applicationId").asText()).isEqualTo("fraud-scorer");
        assertThat(status.get("state").asText()).isEqualTo("RUNNING");
        assertThat(status.get("live").asBoolean()).isTrue();
        assertThat(status.get("ready").asBoolean()).isTrue();
        assertThat(status.get("time").asLong()).isEqualTo(T0.toEpochMilli() + 1_000);
        assertThat(status.get("intervalMs").asLong()).isEqualTo(1_000);
        assertThat(status.get("scoredTotal").asLong()).isEqualTo(2);
        assertThat(status.get("deadLettersTotal").asLong()).isEqualTo(2);
        assertThat(status.get("deadLetters").get("NON_FINITE_FEATURE").asLong()).isEqualTo(1);
        assertThat(status.get("deadLetters").get("TRUNCATED").asLong()).isEqualTo(1);
        JsonNode model = status.get("models").get(0);
        assertThat(model.get("name").asText()).isEqualTo("fraud");
        assertThat(model.get("version").asText()).isEqualTo("1.0");
        assertThat(model.get("features").asInt()).isEqualTo(3);
        assertThat(model.get("heads"))
                .extracting(JsonNode::asText)
                .containsExactly("fraud", "chargeback");
        assertThat(model.get("origin").asText()).isEqualTo("operator");
        assertThat(model.get("swappedAt").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(model.get("learningPaused").asBoolean()).isFalse();
        JsonNode swap = status.get("swaps").get(0);
        assertThat(swap.get("time").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(swap.get("model").asText()).isEqualTo("fraud");
        assertThat(swap.get("version").asText()).isEqualTo("1.0");
        assertThat(swap.get("origin").asText()).isEqualTo("operator");
        assertThat(status.get("learner").isEmpty()).isTrue();
        JsonNode samples = status.get("samples");
        assertThat(samples).isNotEmpty();
        JsonNode first = samples.get(0);
        // The sampler thread runs on real time while this test moves the clock by hand.
        assertThat(first.get("time").asLong())
                .isBetween(T0.toEpochMilli(), T0.toEpochMilli() + 1_000);
        assertThat(first.has("scored")).isTrue();
        assertThat(first.has("scoredPerSecond")).isTrue();
        assertThat(first.get("latencyMs").has("p50")).isTrue();
        assertThat(first.get("latencyMs").has("p99")).isTrue();
        assertThat(first.get("latencyMs").has("p999")).isTrue();
        assertThat(first.has("deadLetters")).isTrue();
        assertThat(first.get("models").isObject()).isTrue();
        assertThat(first.get("logLoss").isEmpty()).isTrue();
    }

    @Test
    void shouldServeTheLearnersLogLossSeriesWhenItsMeterExists() throws InterruptedException {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new ScorerMetrics(meters);
        Gauge.builder("scorer.learner.logloss", () -> 0.42).tag("model", "fraud").register(meters);
        AdminServer server = start(meters);
        awaitSamples(server, 1);

        JsonNode status = json(get(server, "/api/status"));

        assertThat(status.get("learner").get("fraud").get("logloss").asDouble()).isEqualTo(0.42);
        JsonNode samples = status.get("samples");
        assertThat(samples.get(samples.size() - 1).get("logLoss").get("fraud").asDouble())
                .isEqualTo(0.42);
    }

    private void awaitSamples(AdminServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (json(get(server, "/api/status")).get("samples").size() < count) {
            assertThat(System.nanoTime()).as("samples within 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void shouldServeASelfContainedDashboardWithStableElementIds() {
        AdminServer server = start(new SimpleMeterRegistry());

        HttpResponse<String> response = get(server, "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp ->
                                assertThat(csp)
                                        .contains("default-src 'none'", "connect-src 'self'"));
        assertThat(response.body())
                .contains(
                        "id=\"scored-total\"",
                        "id=\"throughput\"",
                        "id=\"latency-p50\"",
                        "id=\"latency-p99\"",
                        "id=\"latency-p999\"",
                        "id=\"dead-letters\"",
                        "id=\"model-version\"",
                        "id=\"chart-versions\"",
                        "id=\"chart-logloss\"",
                        "id=\"alert-rate\"",
                        "id=\"chart-alerts\"",
                        "id=\"chart-score-histogram\"",
                        "id=\"drift\"",
                        "fetch(\"api/status\"")
                .doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"(https?:)?//")
                .doesNotContainPattern("(?i)@import|url\\(\\s*['\"]?https?:");
        assertThat(get(server, "/index.html").body()).isEqualTo(response.body());
    }

    @Test
    void shouldAnswer404ForAnUnknownPathAnd405ForAnotherMethod() {
        AdminServer server = start(new SimpleMeterRegistry());

        HttpResponse<String> missing = get(server, "/nope");
        HttpResponse<String> post = send(server, "/health", "POST", null);

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).contains("/nope");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void shouldAnswerHeadWithTheStatusAndNoBody() {
        AdminServer server = start(new SimpleMeterRegistry());

        HttpResponse<String> head = send(server, "/health/ready", "HEAD", null);

        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void shouldTellWhichKeysToChangeWhenThePortIsTaken() {
        AdminServer first = start(new SimpleMeterRegistry());
        AdminSources sources =
                new AdminSources("other", state::get, models, new SimpleMeterRegistry());

        assertThatThrownBy(() -> AdminServer.start("127.0.0.1", first.port(), sources))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + first.port())
                .hasMessageContaining("scorer.admin.port=0")
                .hasMessageContaining("scorer.admin.enabled=false");
    }

    @Test
    void shouldStartNothingWhenTurnedOffAndBindTheConfiguredAddressOtherwise() {
        Map<String, String> base =
                Map.of(
                        "application.id", "admin-test",
                        "bootstrap.servers", "localhost:9092",
                        "schema.registry.url", "mock://admin-test");
        AdminSources sources =
                new AdminSources("admin-test", state::get, models, new SimpleMeterRegistry());
        ScorerConfig off = config(base, Map.of("scorer.admin.enabled", "false"));
        ScorerConfig on =
                config(base, Map.of("scorer.admin.port", "0", "scorer.admin.bind", "127.0.0.1"));

        assertThat(AdminServer.startIfEnabled(off, sources)).isEmpty();
        AdminServer server = AdminServer.startIfEnabled(on, sources).orElseThrow();
        toClose.add(server);
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        assertThat(server.port()).isPositive();
        assertThat(get(server, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldShowTheLoopbackAddressInTheUrlOfAWildcardBind() {
        AdminServer server =
                AdminServer.start(
                        "0.0.0.0",
                        0,
                        new AdminSources("app", state::get, models, new SimpleMeterRegistry()));
        toClose.add(server);

        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        assertThat(get(server, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldStopServingAndSamplingOnCloseAndTolerateASecondClose() {
        AdminServer server = start(new SimpleMeterRegistry());
        assertThat(get(server, "/health").statusCode()).isEqualTo(200);

        server.close();
        server.close();

        assertThatThrownBy(
                        () ->
                                http.send(
                                        HttpRequest.newBuilder(URI.create(server.url()))
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("scorer-admin") && t.isAlive());
    }

    private static ScorerConfig config(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> props = new java.util.HashMap<>(base);
        props.putAll(overrides);
        return new ScorerConfig(props);
    }

    private KafkaStreams unstartedStreams(Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "admin-metrics-test");
        // Never started, so never connects: the client and thread metrics exist from construction.
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        toClose.add(streams);
        return streams;
    }
}
