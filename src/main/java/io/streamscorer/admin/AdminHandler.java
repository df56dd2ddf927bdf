package io.streamscorer.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.avro.ContenderScore;
import io.streamscorer.avro.LabelSummary;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ReliabilityBin;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.topology.ServedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes admin requests: health, Prometheus metrics, models, the dashboard and its data. */
final class AdminHandler implements HttpHandler {
    static final String JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    /** The dashboard may run its own inline script and call this server, and nothing else. */
    private static final String DASHBOARD_POLICY =
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
                    + " connect-src 'self'; img-src 'self' data:; base-uri 'none';"
                    + " form-action 'none'; frame-ancestors 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AdminSources sources;
    private final ModelTimeline timeline;
    private final StatusSampler sampler;
    private final InstantSource clock;
    private final byte[] dashboard;

    private static final class Response {
        private final int status;
        private final String contentType;
        private final byte[] body;

        Response(int status, String contentType, byte[] body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }
    }

    /**
     * One model as {@code /models} shows it.
     *
     * @param origin who published the version (operator, learner, rollback, ...)
     * @param createdAt when the version was made, ISO-8601
     * @param swappedAt when this instance started serving it, ISO-8601
     * @param learningPaused whether the online learner leaves this model alone
     * @param drift the drift of the version watched (the newest scored here); null when drift is
     *     not watched or no event has been scored
     * @param challengerOf the champion this model challenges, or null
     * @param share a challenger's A/B share
     * @param comparison a champion's latest comparison with its challengers and candidate, or null
     */
    record ModelView(
            String name,
            String version,
            long generation,
            long step,
            List<String> features,
            List<HeadView> heads,
            String origin,
            String createdAt,
            String swappedAt,
            boolean learningPaused,
            DriftView drift,
            String challengerOf,
            double share,
            ComparisonView comparison) {}

    /**
     * A champion's comparison as {@code /models} shows it: the topic's record, with NaN written as
     * null so that the JSON stays valid.
     */
    record ComparisonView(
            String reportedAt, long labelsSeen, int windowLabels, List<ContenderView> contenders) {}

    /** One contender on one head, and the champion on the same labels (null for the champion). */
    record ContenderView(
            String role,
            String name,
            String version,
            String head,
            SummaryView summary,
            SummaryView championOnSameLabels) {}

    /** The numbers of one contender; null where not defined. */
    record SummaryView(
            long labels,
            Double logLoss,
            Double auc,
            Double calibrationError,
            double threshold,
            Double alertRate,
            Double precision,
            Double recall,
            List<BinView> reliability) {}

    /** One bin of a reliability table. */
    record BinView(
            double lower, double upper, long count, Double meanPredicted, Double observedRate) {}

    /** One output head: its name and decision threshold. */
    record HeadView(String name, double threshold) {}

    /** The body of {@code /models}. */
    record ModelsView(List<ModelView> models) {}

    /**
     * A model in the dashboard's data.
     *
     * @param features how many features it reads
     * @param swappedAt epoch milliseconds when this instance started serving it
     * @param drift as in {@code /models}
     */
    record ModelSummary(
            String name,
            String version,
            int features,
            List<String> heads,
            String origin,
            long swappedAt,
            boolean learningPaused,
            DriftView drift,
            String challengerOf,
            ComparisonView comparison) {}

    /** The body of {@code /api/status}, the dashboard's data. */
    record StatusView(
            String applicationId,
            String state,
            boolean live,
            boolean ready,
            long time,
            long intervalMs,
            long scoredTotal,
            long deadLettersTotal,
            Map<String, Long> deadLetters,
            List<ModelSummary> models,
            List<ModelTimeline.Swap> swaps,
            Map<String, Map<String, Double>> learner,
            List<StatusSampler.Sample> samples) {}

    /** The body of an error. */
    record ErrorView(int status, String error) {}

    AdminHandler(
            AdminSources sources,
            ModelTimeline timeline,
            StatusSampler sampler,
            InstantSource clock) {
        this.sources = sources;
        this.timeline = timeline;
        this.sampler = sampler;
        this.clock = clock;
        this.dashboard = readDashboard();
    }

    private static byte[] readDashboard() {
        try (InputStream in = AdminHandler.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException(
                        "dashboard.html is missing from the classpath next to "
                                + AdminHandler.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboard page", e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            Response response;
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = error(405, method + " is not supported here; use GET");
            } else {
                response = respond(exchange);
            }
            send(exchange, response, head);
        }
    }

    private Response respond(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        try {
            return switch (path) {
                case "/", "/index.html" -> dashboard(exchange);
                case "/health", "/health/live" -> health(Health.liveness(state(), versions()));
                case "/health/ready" -> health(Health.readiness(state(), versions()));
                case "/metrics" -> metrics(exchange.getRequestHeaders().getFirst("Accept"));
                case "/models" -> json(200, models());
                case "/api/status" -> json(200, status());
                default -> error(404, "No endpoint at " + path + "; see / for the dashboard");
            };
        } catch (RuntimeException e) {
            // A bug behind one endpoint must answer 500, not leave the scraper hanging on a closed
            // connection; the instance itself is unaffected.
            LOG.error("Admin endpoint {} failed", path, e);
            return error(500, "Internal error serving " + path + ": " + e);
        }
    }

    private Response dashboard(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Content-Security-Policy", DASHBOARD_POLICY);
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        return new Response(200, HTML, dashboard);
    }

    private Response health(Health.Report report) {
        return json(report.up() ? 200 : 503, report);
    }

    private Response metrics(String accept) {
        Optional<PrometheusMeterRegistry> prometheus = PrometheusScrape.find(sources.meters());
        if (prometheus.isEmpty()) {
            return new Response(
                    503,
                    TEXT,
                    ("Prometheus metrics are not available: this instance records its meters in a "
                                    + sources.meters().getClass().getSimpleName()
                                    + ", not a PrometheusMeterRegistry. /api/status still"
                                    + " shows the scorer's own meters.\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        String contentType = PrometheusScrape.contentType(accept);
        return new Response(
                200, contentType, PrometheusScrape.scrape(prometheus.get(), contentType));
    }

    private ModelsView models() {
        List<ModelView> views = new ArrayList<>();
        for (ServedModel served : sortedModels()) {
            ScoringModel model = served.model();
            List<HeadView> heads = new ArrayList<>();
            for (int h = 0; h < model.headCount(); h++) {
                heads.add(new HeadView(model.headName(h), model.threshold(h)));
            }
            views.add(
                    new ModelView(
                            model.name(),
                            model.version().toString(),
                            model.version().generation(),
                            model.version().step(),
                            model.features().names(),
                            heads,
                            served.origin(),
                            served.createdAt().toString(),
                            served.servedSince().toString(),
                            served.learningPaused(),
                            drift(model.name()),
                            served.challengerOf(),
                            served.share(),
                            comparison(sources.comparisons().of(model.name()))));
        }
        return new ModelsView(views);
    }

    private static ComparisonView comparison(ModelComparison comparison) {
        if (comparison == null) {
            return null;
        }
        List<ContenderView> contenders = new ArrayList<>();
        for (ContenderScore c : comparison.getContenders()) {
            contenders.add(
                    new ContenderView(
                            c.getRole(),
                            c.getName(),
                            c.getVersion().getGeneration() + "." + c.getVersion().getStep(),
                            c.getHead(),
                            summary(c.getSummary()),
                            c.getChampionOnSameLabels() == null
                                    ? null
                                    : summary(c.getChampionOnSameLabels())));
        }
        return new ComparisonView(
                comparison.getReportedAt().toString(),
                comparison.getLabelsSeen(),
                comparison.getWindowLabels(),
                contenders);
    }

    private static SummaryView summary(LabelSummary s) {
        List<BinView> bins = new ArrayList<>();
        for (ReliabilityBin b : s.getReliability()) {
            bins.add(
                    new BinView(
                            b.getLower(),
                            b.getUpper(),
                            b.getCount(),
                            defined(b.getMeanPredicted()),
                            defined(b.getObservedRate())));
        }
        return new SummaryView(
                s.getLabels(),
                defined(s.getLogLoss()),
                defined(s.getAuc()),
                defined(s.getCalibrationError()),
                s.getThreshold(),
                defined(s.getAlertRate()),
                defined(s.getPrecision()),
                defined(s.getRecall()),
                bins);
    }

    private static Double defined(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private StatusView status() {
        KafkaStreams.State state = state();
        Map<String, ModelVersion> versions = versions();
        List<ModelSummary> models = new ArrayList<>();
        for (ServedModel served : sortedModels()) {
            ScoringModel model = served.model();
            List<String> heads = new ArrayList<>();
            for (int h = 0; h < model.headCount(); h++) {
                heads.add(model.headName(h));
            }
            models.add(
                    new ModelSummary(
                            model.name(),
                            model.version().toString(),
                            model.dimension(),
                            heads,
                            served.origin(),
                            served.servedSince().toEpochMilli(),
                            served.learningPaused(),
                            drift(model.name()),
                            served.challengerOf(),
                            comparison(sources.comparisons().of(model.name()))));
        }
        Map<String, Long> deadLetters = StatusSampler.deadLettersByReason(sources.meters());
        return new StatusView(
                sources.applicationId(),
                state.name(),
                Health.liveness(state, versions).up(),
                Health.readiness(state, versions).up(),
                clock.millis(),
                StatusSampler.INTERVAL_MS,
                (long) StatusSampler.scoredTotal(sources.meters()),
                deadLetters.values().stream().mapToLong(l -> l).sum(),
                deadLetters,
                models,
                timeline.swaps(),
                sampler.learner(),
                sampler.samples());
    }

    private DriftView drift(String model) {
        return sources.drift().monitor(model).map(DriftView::of).orElse(null);
    }

    private List<ServedModel> sortedModels() {
        List<ServedModel> models = new ArrayList<>(sources.models().all());
        models.sort(Comparator.comparing(served -> served.model().name()));
        return models;
    }

    private KafkaStreams.State state() {
        return sources.state().get();
    }

    private Map<String, ModelVersion> versions() {
        return sources.models().versions();
    }

    private static Response json(int status, Object body) {
        try {
            return new Response(status, JSON, MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + body.getClass() + " as JSON", e);
        }
    }

    private static Response error(int status, String message) {
        return json(status, new ErrorView(status, message));
    }

    private static void send(HttpExchange exchange, Response response, boolean head)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (head) {
            exchange.sendResponseHeaders(response.status, -1);
            return;
        }
        exchange.sendResponseHeaders(response.status, response.body.length);
        exchange.getResponseBody().write(response.body);
    }
}
