package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.local.DemoTraffic;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.spec.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real browser: Debian's Chromium, headless, loads it from a scorer scoring demo
 * traffic on a real broker. Without Chromium the tests are skipped, except on CI (CI=true), where
 * that is a failure: .ci/run installs the package. Each test leaves a screenshot in target/.
 */
@Timeout(120)
class DashboardBrowserIT {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardBrowserIT.class);
    private static final Path TARGET = Path.of("target");
    private static final String MISSING =
            "headless Chromium is not installed: apt-get install -y "
                    + HeadlessChromium.PACKAGE
                    + " (the Debian package; .ci/run installs it)";

    private static Path chromium;

    @RegisterExtension
    static final ScorerClusterFixture cluster = ScorerClusterFixture.withEmbeddedRegistry();

    private static ModelFile bootstrapModel;

    @BeforeAll
    static void findChromium() throws IOException {
        Optional<Path> found = HeadlessChromium.find();
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("On CI the dashboard must be tested in a browser, but " + MISSING);
            }
            LOG.warn("Skipping the dashboard browser tests: {}", MISSING);
            return;
        }
        chromium = found.orElseThrow();
        Files.createDirectories(TARGET);
        bootstrapModel = ModelFile.read(Path.of("config/models/fraud.json"));
    }

    @BeforeEach
    void requireChromium() {
        Assumptions.assumeTrue(chromium != null, "Skipped: " + MISSING);
    }

    private static DemoTraffic traffic(
            KafkaProducer<String, FeatureEvent> producer, ScorerConfig config) {
        return DemoTraffic.eventsOnly(
                producer, config.getString(ScorerConfig.TOPIC_FEATURES_CONFIG), 300, 0.01, 11);
    }

    private static HeadlessChromium browser(String test) throws IOException {
        return HeadlessChromium.launch(chromium, TARGET.resolve(test + "-chromium.log"));
    }

    private static void openWhenReady(HeadlessChromium browser, String url) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> AdminHttp.get(url, "health/ready").statusCode() == 200);
        browser.navigate(url);
    }

    private static long scoredShown(HeadlessChromium browser) {
        String text = browser.text("scored-total");
        String digits = text == null ? "" : text.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    private static int elements(HeadlessChromium browser, String selector) {
        return Integer.parseInt(
                browser.evaluate("String(document.querySelectorAll('" + selector + "').length)"));
    }

    private static void awaitShown(HeadlessChromium browser, String id, String expected) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(browser.text(id)).isEqualTo(expected));
    }

    @Test
    void shouldShowTheServedModelVersionAndARisingScoredCountWithoutReloading() throws Exception {
        long started = System.nanoTime();
        ScorerConfig config = cluster.config("dashboard", Map.of());
        ModelVersion first = cluster.pushModel(config, bootstrapModel);
        ScorerInstance instance =
                cluster.startInstance(
                        config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        String url = instance.adminUrl().orElseThrow();
        try (KafkaProducer<String, FeatureEvent> producer = cluster.featureProducer(config);
                DemoTraffic traffic = traffic(producer, config);
                HeadlessChromium browser = browser("dashboard-browser-it")) {
            openWhenReady(browser, url);
            long loaded = System.nanoTime();

            awaitShown(browser, "model-version", "fraud " + first);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> scoredShown(browser) > 0);
            long firstReading = scoredShown(browser);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> scoredShown(browser) > firstReading);
            long secondReading = scoredShown(browser);
            ModelVersion second = cluster.pushModel(config, bootstrapModel);
            awaitShown(browser, "model-version", "fraud " + second);

            assertThat(secondReading)
                    .isGreaterThan(firstReading)
                    .isLessThanOrEqualTo(traffic.sent());
            assertThat(browser.text("state")).isEqualTo("RUNNING");
            assertThat(browser.text("ready")).isEqualTo("ready");
            assertThat(browser.text("latency-p99")).endsWith(" ms");
            assertThat(elements(browser, "#chart-throughput path.series")).isEqualTo(1);
            assertThat(elements(browser, "#chart-latency path.series")).isEqualTo(3);
            assertThat(elements(browser, "#models tbody tr[data-model=fraud]")).isEqualTo(1);
            assertThat(browser.evaluate("String(document.getElementById('learning').hidden)"))
                    .as("no learner meters, so no log-loss panel")
                    .isEqualTo("true");
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () ->
                                    assertThat(browser.text("chart-versions"))
                                            .contains(first.toString(), second.toString()));
            assertThat(browser.exceptions()).as("uncaught exceptions in the page").isEmpty();
            Files.write(TARGET.resolve("dashboard-browser-it.png"), browser.screenshot());
            LOG.info(
                    "Dashboard showed {} then {}, scored {} then {}; page part {} ms, test {} ms",
                    first,
                    second,
                    firstReading,
                    secondReading,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loaded),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    @Test
    void shouldShowTheDriftTableWorstFirstTheScoreHistogramAndTheAlertRate() throws Exception {
        // Small reference and window, so that demo traffic fills both within seconds.
        ScorerConfig config =
                cluster.config(
                        "dashboard-drift",
                        Map.of(
                                ScorerConfig.DRIFT_REFERENCE_EVENTS_CONFIG, "300",
                                ScorerConfig.DRIFT_WINDOW_EVENTS_CONFIG, "300",
                                ScorerConfig.DRIFT_SAMPLE_EVERY_CONFIG, "1"));
        cluster.pushModel(config, bootstrapModel);
        ScorerInstance instance =
                cluster.startInstance(
                        config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        String url = instance.adminUrl().orElseThrow();
        int columns = bootstrapModel.features().size() + bootstrapModel.heads().size();
        try (KafkaProducer<String, FeatureEvent> producer = cluster.featureProducer(config);
                DemoTraffic traffic = traffic(producer, config);
                HeadlessChromium browser = browser("dashboard-drift-browser-it")) {
            openWhenReady(browser, url);

            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(
                            () ->
                                    assertThat(psiShown(browser))
                                            .as("a PSI per feature and score")
                                            .hasSize(columns));

            assertThat(psiShown(browser))
                    .as("worst first")
                    .isSortedAccordingTo((a, b) -> Double.compare(b, a))
                    .allSatisfy(psi -> assertThat(psi).isNotNegative().isFinite());
            assertThat(elements(browser, "#drift tbody tr[data-feature=\"_score.fraud\"]"))
                    .isEqualTo(1);
            assertThat(browser.text("drift-state")).contains("events in the window");
            assertThat(elements(browser, "#chart-score-histogram rect.bar-reference"))
                    .isGreaterThanOrEqualTo(2)
                    .isEqualTo(elements(browser, "#chart-score-histogram rect.bar-window"));
            assertThat(
                            Double.parseDouble(
                                    browser.evaluate(
                                            "String([...document.querySelectorAll("
                                                    + "'#chart-score-histogram rect.bar-window')]"
                                                    + ".reduce((s, r) => s"
                                                    + " + Number(r.getAttribute('height')), 0))")))
                    .as("window bars drawn with height")
                    .isPositive();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> elements(browser, "#chart-alerts path.series") == 1);
            assertThat(browser.text("alert-rate")).matches("[0-9][0-9,.]*");
            assertThat(traffic.sent()).isPositive();
            assertThat(browser.exceptions()).as("uncaught exceptions in the page").isEmpty();
            Files.write(TARGET.resolve("dashboard-drift-browser-it.png"), browser.screenshot());
        }
    }

    /** The PSI column of the drift table, top to bottom; NaN where it shows none yet. */
    private static List<Double> psiShown(HeadlessChromium browser) {
        String cells =
                browser.evaluate(
                        "[...document.querySelectorAll('#drift tbody tr[data-feature] td.num')]"
                                + ".map((td) => td.textContent).join(' ')");
        if (cells == null || cells.isBlank()) {
            return List.of();
        }
        return Arrays.stream(cells.trim().split(" "))
                .map(t -> t.matches("[0-9.]+") ? Double.parseDouble(t) : Double.NaN)
                .filter(v -> !v.isNaN())
                .toList();
    }

    @Test
    void shouldShowTheChampionAndItsChallengerSideBySideWithTheirCalibration() throws Exception {
        ScorerConfig config =
                cluster.config(
                        "dashboard-compare", Map.of("scorer.compare.report.interval.ms", "300"));
        cluster.pushModel(config, bootstrapModel);
        cluster.pushModel(config, ScorerClusterFixture.challenger(bootstrapModel, "fraud-b"));
        ScorerInstance instance = cluster.startInstance(config);
        String url = instance.adminUrl().orElseThrow();
        try (HeadlessChromium browser = browser("dashboard-compare-browser-it")) {
            openWhenReady(browser, url);
            cluster.produceLabels(config, bootstrapModel, 300, 8);

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    elements(
                                                            browser,
                                                            "#comparison tbody tr[data-contender]"))
                                            .as("champion and challenger rows")
                                            .isGreaterThanOrEqualTo(2));
            assertThat(
                            browser.evaluate(
                                    "[...document.querySelectorAll('#comparison tbody"
                                            + " tr[data-contender]')].map(r =>"
                                            + " r.dataset.contender).join(',')"))
                    .contains("champion:fraud", "challenger:fraud-b");
            assertThat(
                            browser.evaluate(
                                    "[...document.querySelector('#comparison"
                                            + " tr[data-contender=\"challenger:fraud-b\"]').cells]"
                                            + ".map(c => c.textContent).join('|')"))
                    .as("the challenger's labels, log-loss, ..., and the champion's on its labels")
                    .matches(
                            "fraud-b · fraud\\|challenger\\|1\\.0\\|300\\|\\d+\\.\\d{4}\\|.*\\|\\d+\\.\\d{4}");
            assertThat(elements(browser, "#chart-calibration polyline.calibration-line"))
                    .isGreaterThanOrEqualTo(2);
            assertThat(elements(browser, "#chart-calibration circle.calibration-point"))
                    .isPositive();
            assertThat(browser.text("comparison-state")).contains("fraud: 300 labels");
            assertThat(browser.exceptions()).as("uncaught exceptions in the page").isEmpty();
            Files.write(TARGET.resolve("dashboard-compare-browser-it.png"), browser.screenshot());
        }
    }

    @Test
    void shouldDrawTheOnlineLogLossCurveWhenTheLearnerReportsIt() throws Exception {
        ScorerConfig config = cluster.config("dashboard-learning", Map.of());
        cluster.pushModel(config, bootstrapModel);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Stands in for the online learner's meter: a log-loss falling as labels arrive.
        long registered = System.nanoTime();
        Gauge.builder(
                        "scorer.learner.logloss",
                        () -> 0.2 + 0.5 * Math.exp(-(System.nanoTime() - registered) / 5e9))
                .tag("model", "fraud")
                .register(meters);
        ScorerInstance instance = cluster.startInstance(config, meters);
        String url = instance.adminUrl().orElseThrow();
        try (KafkaProducer<String, FeatureEvent> producer = cluster.featureProducer(config);
                DemoTraffic traffic = traffic(producer, config);
                HeadlessChromium browser = browser("dashboard-learning-browser-it")) {
            openWhenReady(browser, url);

            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    browser.evaluate(
                                                            "String(document.querySelector("
                                                                    + "'#chart-logloss path.series')"
                                                                    + "?.getAttribute('d')"
                                                                    + ".split('L').length)"))
                                            .as("log-loss points drawn")
                                            .isNotEqualTo("undefined")
                                            .satisfies(
                                                    n ->
                                                            assertThat(Integer.parseInt(n))
                                                                    .isGreaterThanOrEqualTo(2)));

            assertThat(browser.evaluate("String(document.getElementById('learning').hidden)"))
                    .isEqualTo("false");
            assertThat(browser.text("learning-state")).isEqualTo("online learning on");
            assertThat(browser.text("legend-logloss")).isEqualTo("fraud");
            assertThat(browser.text("learner")).contains("fraud", "logloss");
            assertThat(traffic.sent()).isPositive();
            assertThat(browser.exceptions()).as("uncaught exceptions in the page").isEmpty();
            Files.write(TARGET.resolve("dashboard-learning-browser-it.png"), browser.screenshot());
        }
    }
}
