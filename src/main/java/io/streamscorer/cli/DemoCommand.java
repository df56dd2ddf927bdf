package io.streamscorer.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.avro.ContenderScore;
import io.streamscorer.avro.FeatureEvent;
import io.streamscorer.avro.FeedbackEvent;
import io.streamscorer.avro.ModelComparison;
import io.streamscorer.avro.ScoreEvent;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.local.DemoTraffic;
import io.streamscorer.local.EmbeddedKafkaBroker;
import io.streamscorer.local.TemporaryDirectory;
import io.streamscorer.model.ScoringModel;
import io.streamscorer.registry.EmbeddedSchemaRegistry;
import io.streamscorer.runtime.ControlTopicClient;
import io.streamscorer.runtime.ModelOperations;
import io.streamscorer.runtime.ScorerInstance;
import io.streamscorer.runtime.TopicSetup;
import io.streamscorer.serde.AvroSerdes;
import io.streamscorer.spec.ModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scorer demo}: the embedded default. Starts a real single-node KRaft broker and the
 * embedded schema registry in this JVM, creates the topics, publishes the bootstrap model, starts
 * the scorer and a generator of synthetic card-payment events, and prints a live status line until
 * Ctrl-C or {@code --duration}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole scorer in this JVM on demo traffic.",
            "A real Kafka broker (KRaft), the embedded schema registry, the scorer, the bootstrap"
                    + " model and synthetic fraud-like traffic with delayed labels. Stops cleanly"
                    + " on Ctrl-C or SIGTERM, or after --duration (exit status 0).",
            "Run it from the repository root: it reads config/local.properties (unless --config"
                    + " names another file) and config/models/fraud.json (unless --model does)."
        })
final class DemoCommand implements Callable<Integer> {
    // The demo's own close (scorer, clients, registry, broker) takes a few seconds.
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
    private static final String CHALLENGER = "fraud-retrained";
    private static final DateTimeFormatter LOG_NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Mixin ConfigOptions config;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "Stop after this many seconds; 0 runs until Ctrl-C (default).")
    long durationSeconds;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            description = "Events per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--partitions",
            defaultValue = "4",
            description =
                    "Partitions of the features, scores, feedback and dead-letter topics (default:"
                            + " ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--model",
            defaultValue = "config/models/fraud.json",
            description = "Bootstrap model file (default: ${DEFAULT-VALUE}).")
    Path modelFile;

    @Option(
            names = "--bad-share",
            defaultValue = "0.002",
            description =
                    "Share of events sent with a NaN feature, to show dead letters (default: ${DEFAULT-VALUE}).")
    double badShare;

    @Option(
            names = "--label-share",
            defaultValue = "0.1",
            description =
                    "Share of events whose true label arrives later on the feedback topic, with only the event id (default: ${DEFAULT-VALUE}).")
    double labelShare;

    @Option(
            names = "--label-delay",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "How long after its event a label arrives (default: ${DEFAULT-VALUE}).")
    long labelDelaySeconds;

    @Option(
            names = "--swap-after",
            paramLabel = "SECONDS",
            defaultValue = "20",
            description =
                    "Publish a retrained model as a challenger after this many seconds, to show"
                            + " shadow scoring; 0 never (default: ${DEFAULT-VALUE}).")
    long swapAfterSeconds;

    @Option(
            names = "--promote-after",
            paramLabel = "SECONDS",
            defaultValue = "25",
            description =
                    "This many seconds after the challenger, print the comparison and promote the"
                            + " challenger if it beat the champion on the same labels (else retire"
                            + " it); 0 never (default: ${DEFAULT-VALUE}).")
    long promoteAfterSeconds;

    @Override
    // The log redirect is a resource held for the whole run but not referenced inside it.
    @SuppressWarnings("try")
    public Integer call() throws Exception {
        if (config.file == null) {
            config.file = Path.of("config/local.properties");
        }
        ModelFile bootstrapModel = ModelFile.read(modelFile);
        // On a terminal the status line is redrawn in place and the full log goes to a file;
        // piped or in a container, plain lines as everywhere else.
        StatusLine terminal =
                picocli.CommandLine.Help.Ansi.AUTO.enabled()
                        ? StatusLine.inPlace(System.out)
                        : StatusLine.plain(System.out);
        Path logFile = terminal.isInPlace() ? logFile() : null;
        if (logFile != null) {
            System.out.println("Full log: " + logFile.toAbsolutePath());
        }
        System.out.println("Starting the embedded Kafka broker (KRaft) and schema registry...");
        try (DemoLog log = logFile == null ? null : DemoLog.redirect(logFile, terminal);
                ShutdownSignal signal = new ShutdownSignal(SHUTDOWN_GRACE);
                TemporaryDirectory state = new TemporaryDirectory(freshStateDir());
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                EmbeddedSchemaRegistry registry =
                        EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0)) {
            ScorerConfig scorerConfig =
                    config.load(
                            Map.of(
                                    ScorerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                            broker.bootstrapServers(),
                                    ScorerConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                                    StreamsConfig.STATE_DIR_CONFIG, state.path().toString()));
            try (var admin = broker.admin()) {
                TopicSetup.create(admin, scorerConfig, partitions, (short) 1);
            }
            AvroSerdes serdes = AvroSerdes.create(scorerConfig.registryProperties());
            try (ControlTopicClient control = new ControlTopicClient(scorerConfig, serdes)) {
                ScoringModel published =
                        new ModelOperations(control)
                                .push(bootstrapModel, null, "demo-bootstrap")
                                .model();
                System.out.printf(
                        "Published bootstrap model %s %s%n", published.name(), published.version());
                run(scorerConfig, serdes, control, bootstrapModel, broker, signal, terminal);
            }
        }
        return 0;
    }

    private void run(
            ScorerConfig scorerConfig,
            AvroSerdes serdes,
            ControlTopicClient control,
            ModelFile bootstrapModel,
            EmbeddedKafkaBroker broker,
            ShutdownSignal stop,
            StatusLine terminal)
            throws InterruptedException {
        Map<String, Object> producerProps = new HashMap<>(scorerConfig.clientProperties());
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        try (ScorerInstance scorer =
                        new ScorerInstance(
                                scorerConfig,
                                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
                DemoStatus status =
                        new DemoStatus(
                                scorerConfig.clientProperties(),
                                scorerConfig.getString(ScorerConfig.TOPIC_SCORES_CONFIG),
                                scorerConfig.getString(ScorerConfig.TOPIC_DLQ_CONFIG),
                                serdes.valueSerde(ScoreEvent.class).deserializer());
                KafkaProducer<String, FeatureEvent> producer =
                        new KafkaProducer<>(
                                producerProps,
                                new StringSerializer(),
                                serdes.valueSerde(FeatureEvent.class).serializer());
                KafkaProducer<String, FeedbackEvent> labels =
                        new KafkaProducer<>(
                                producerProps,
                                new StringSerializer(),
                                serdes.valueSerde(FeedbackEvent.class).serializer())) {
            scorer.start();
            DemoTraffic traffic =
                    new DemoTraffic(
                            producer,
                            labels,
                            new DemoTraffic.Topics(
                                    scorerConfig.getString(ScorerConfig.TOPIC_FEATURES_CONFIG),
                                    scorerConfig.getString(ScorerConfig.TOPIC_FEEDBACK_CONFIG)),
                            new DemoTraffic.Shape(
                                    rate,
                                    badShare,
                                    labelShare,
                                    Duration.ofSeconds(labelDelaySeconds),
                                    42));
            System.out.printf(
                    "Demo running: broker %s, registry %s, %d events/s. Ctrl-C to stop.%n",
                    broker.bootstrapServers(),
                    scorerConfig.getString(ScorerConfig.SCHEMA_REGISTRY_URL_CONFIG),
                    rate);
            scorer.adminUrl()
                    .ifPresent(
                            url ->
                                    System.out.printf(
                                            "Dashboard: %s  (health %shealth/ready, Prometheus"
                                                    + " %smetrics)%n",
                                            url, url, url));
            long started = System.nanoTime();
            boolean challenged = swapAfterSeconds <= 0;
            boolean decided = challenged || promoteAfterSeconds <= 0;
            ModelOperations ops = new ModelOperations(control);
            while (!stop.await(1, TimeUnit.SECONDS)) {
                long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                if (!challenged && elapsed >= swapAfterSeconds) {
                    ScoringModel challenger =
                            ops.push(
                                            retrained(bootstrapModel)
                                                    .as(
                                                            CHALLENGER,
                                                            new ModelFile.Challenge(
                                                                    bootstrapModel.name(), 0.0)),
                                            null,
                                            "demo-retrain")
                                    .model();
                    terminal.event(
                            "Published retrained model "
                                    + challenger.name()
                                    + " "
                                    + challenger.version()
                                    + " as a challenger of '"
                                    + bootstrapModel.name()
                                    + "': shadow scores on "
                                    + scorerConfig.getString(
                                            ScorerConfig.TOPIC_SHADOW_SCORES_CONFIG));
                    challenged = true;
                }
                if (!decided && elapsed >= swapAfterSeconds + promoteAfterSeconds) {
                    decide(ops, bootstrapModel.name(), terminal);
                    decided = true;
                }
                terminal.show(status.line());
                if (durationSeconds > 0 && elapsed >= durationSeconds) {
                    break;
                }
            }
            terminal.finish();
            traffic.close();
            System.out.printf(
                    "Stopping: %,d events sent, %,d scored, %,d dead letters, %,d labels"
                            + " sent; serving %s%n",
                    traffic.sent(),
                    status.scored(),
                    status.deadLetters(),
                    traffic.labelled(),
                    scorer.models().versions());
        }
    }

    /**
     * Prints the comparison of {@code champion} with the demo's challenger, then promotes the
     * challenger if its log-loss on the same labels is lower, or retires it.
     */
    private static void decide(ModelOperations ops, String champion, StatusLine terminal) {
        Optional<ModelComparison> report = ops.comparison(champion);
        if (report.isEmpty()) {
            terminal.event(
                    "No comparison of '" + champion + "' reported yet; the challenger stays");
            return;
        }
        StringWriter table = new StringWriter();
        ComparisonTable.summary(new PrintWriter(table), report.get());
        table.toString().lines().forEach(terminal::event);
        Optional<ContenderScore> challenger =
                report.get().getContenders().stream()
                        .filter(
                                c ->
                                        c.getName().equals(CHALLENGER)
                                                && c.getChampionOnSameLabels() != null)
                        .findFirst();
        if (challenger.isPresent()
                && challenger.get().getSummary().getLogLoss()
                        < challenger.get().getChampionOnSameLabels().getLogLoss()) {
            ModelOperations.Published promoted = ops.promote(champion, CHALLENGER, "demo", true);
            terminal.event(
                    "Promoted '"
                            + CHALLENGER
                            + "': it beat the champion on the same labels; '"
                            + champion
                            + "' now serves "
                            + promoted.model().version());
        } else {
            ops.retireChallenger(CHALLENGER);
            terminal.event("Retired '" + CHALLENGER + "': it did not beat the champion");
        }
    }

    /**
     * A new state directory for this run: the embedded broker is new every time, so state from an
     * earlier run must never be reused. Under target/ when run from the repository, which also
     * keeps Kafka Streams from warning about the OS temp directory.
     */
    private static Path freshStateDir() throws IOException {
        Path target = Path.of("target");
        return Files.isDirectory(target)
                ? Files.createTempDirectory(target, "demo-state-")
                : Files.createTempDirectory("scorer-demo-state-");
    }

    /** Where the demo's full log goes: beside the build when run from the repository. */
    private static Path logFile() throws IOException {
        String name = "demo-" + LOG_NAME.format(LocalDateTime.now(ZoneId.systemDefault())) + ".log";
        Path target = Path.of("target");
        return Files.isDirectory(target)
                ? target.resolve(name)
                : Files.createTempFile("scorer-" + name.replace(".log", "-"), ".log");
    }

    /** The bootstrap model with its weights moved toward the generator's ground truth. */
    private static ModelFile retrained(ModelFile model) {
        var heads = new ArrayList<ModelFile.Head>();
        for (ModelFile.Head h : model.heads()) {
            var weights = new ArrayList<Double>();
            for (double w : h.weights()) {
                weights.add(w * 1.3);
            }
            heads.add(new ModelFile.Head(h.name(), weights, h.bias() - 1.2, h.threshold()));
        }
        return new ModelFile(
                model.name(),
                null,
                model.features(),
                model.imputation(),
                model.scaling(),
                heads,
                model.layers(),
                model.metadata(),
                model.priorLabels(),
                null,
                null,
                null,
                null,
                null);
    }
}
