package io.streamscorer.config;

import io.streamscorer.model.AdaGrad;
import io.streamscorer.model.Adam;
import io.streamscorer.model.DriftMonitor;
import io.streamscorer.model.Ftrl;
import io.streamscorer.model.InvalidSettingException;
import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.LearningRateSchedule;
import io.streamscorer.model.Newton;
import io.streamscorer.model.OptimizerKind;
import io.streamscorer.model.Sgd;
import io.streamscorer.model.StepSize;
import io.streamscorer.model.UpdateRule;
import io.streamscorer.registry.SchemaRegistryClientConfig;
import io.streamscorer.serde.AvroSerdeConfig;
import io.streamscorer.spec.ModelSignatures;
import io.streamscorer.spec.ModelSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every setting of a scorer instance, validated when it is built: a bad value fails at start with a
 * {@link ConfigException} naming the key. Keys of the scorer itself start with {@code scorer.};
 * every other key (Kafka Streams, consumer, producer, security, {@code schema.registry.*}) is
 * passed through to the Kafka clients or to the schema registry client unchanged.
 *
 * <pre>{@code
 * ScorerConfig config = ScorerConfig.load(Path.of("config/scorer.properties"), System.getenv());
 * Properties streams = config.streamsProperties();
 * String features = config.getString(ScorerConfig.TOPIC_FEATURES_CONFIG);
 * }</pre>
 *
 * <p>{@code scorer config docs} prints the documentation of every key, generated from the
 * definitions below by {@link ConfigDocs} so that it cannot drift from the code.
 */
public final class ScorerConfig extends AbstractConfig {
    private static final Logger LOG = LoggerFactory.getLogger(ScorerConfig.class);

    /** Environment variables with this prefix override keys of the properties file. */
    public static final String ENV_PREFIX = "SCORER_";

    public static final String APPLICATION_ID_CONFIG = StreamsConfig.APPLICATION_ID_CONFIG;
    private static final String APPLICATION_ID_DOC =
            "Kafka Streams application id: the consumer group of all scorer instances and the"
                    + " prefix of internal topics. Instances with the same id share the work.";

    public static final String BOOTSTRAP_SERVERS_CONFIG = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
    private static final String BOOTSTRAP_SERVERS_DOC =
            "Kafka brokers to connect to, host:port[,host:port].";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC =
            "Confluent-compatible schema registry, http(s)://host:port[,...], or mock://scope for"
                    + " an in-process registry in tests. Other schema.registry.*, basic.auth.*,"
                    + " bearer.auth.*, auto.register.schemas, use.latest.version and"
                    + " latest.cache.ttl.sec keys go to the registry client and the Avro serdes as"
                    + " Confluent's serializers name them.";

    public static final String PROCESSING_GUARANTEE_CONFIG =
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    private static final String PROCESSING_GUARANTEE_DOC =
            "at_least_once, or exactly_once_v2 to commit outputs, state and input offsets"
                    + " atomically (needs brokers with transactions).";

    public static final String TOPIC_FEATURES_CONFIG = "scorer.topic.features";
    private static final String TOPIC_FEATURES_DOC =
            "Input topic of FeatureEvent records, keyed by entity id.";

    public static final String TOPIC_SCORES_CONFIG = "scorer.topic.scores";
    private static final String TOPIC_SCORES_DOC =
            "Output topic of ScoreEvent records, one per scorable input, keyed like the input.";

    public static final String TOPIC_SHADOW_SCORES_CONFIG = "scorer.topic.scores.shadow";
    private static final String TOPIC_SHADOW_SCORES_DOC =
            "Output topic of challengers' ScoreEvent records (challengerOf names the champion),"
                    + " one per challenger per scored input, keyed like the input; for an entity"
                    + " a challenger decides for, the champion's score goes here instead.";

    public static final String TOPIC_COMPARISONS_CONFIG = "scorer.topic.comparisons";
    private static final String TOPIC_COMPARISONS_DOC =
            "Compacted topic of ModelComparison records keyed by champion: the instance that"
                    + " learns a model reports how its champion, challengers and learner candidate"
                    + " compare on the same labels, and every instance reads it for /models, the"
                    + " dashboard and the scorer.compare.* meters.";

    public static final String COMPARE_WINDOW_LABELS_CONFIG = "scorer.compare.window.labels";
    private static final String COMPARE_WINDOW_LABELS_DOC =
            "The comparison covers each head's last this many labels; memory is 8 bytes per label"
                    + " per contender.";

    public static final String COMPARE_REPORT_INTERVAL_MS_CONFIG =
            "scorer.compare.report.interval.ms";
    private static final String COMPARE_REPORT_INTERVAL_MS_DOC =
            "How often the instance that learns a model publishes its comparison, when labels"
                    + " arrived since the last report.";

    public static final String COMPARE_AUTO_PROMOTE_LABELS_CONFIG =
            "scorer.compare.auto.promote.labels";
    private static final String COMPARE_AUTO_PROMOTE_LABELS_DOC =
            "Automatic promotion, off at 0 (the default): after this many labels that a"
                    + " challenger and its champion both scored, the challenger becomes the"
                    + " champion's next generation if its mean log-loss is lower at"
                    + " scorer.compare.auto.promote.confidence (a one-sided paired test), and is"
                    + " retired; otherwise the next window of labels is tested.";

    public static final String COMPARE_AUTO_PROMOTE_CONFIDENCE_CONFIG =
            "scorer.compare.auto.promote.confidence";
    private static final String COMPARE_AUTO_PROMOTE_CONFIDENCE_DOC =
            "One-sided confidence of the automatic promotion's test. Every window is one test,"
                    + " so keep it high.";

    public static final String TOPIC_FEEDBACK_CONFIG = "scorer.topic.feedback";
    private static final String TOPIC_FEEDBACK_DOC =
            "Input topic of FeedbackEvent labels, keyed by event id.";

    public static final String TOPIC_MODELS_CONFIG = "scorer.topic.models";
    private static final String TOPIC_MODELS_DOC =
            "Control topic of ModelSpec records keyed by model name: compacted, one partition."
                    + " Every instance reads all of it into a global store.";

    public static final String TOPIC_DLQ_CONFIG = "scorer.topic.dlq";
    private static final String TOPIC_DLQ_DOC =
            "Dead-letter topic: the original key and value bytes of every record that could not"
                    + " be scored or applied, with headers giving the reason and origin.";

    public static final String TOPIC_MODEL_HISTORY_CONFIG = "scorer.topic.model.history";
    private static final String TOPIC_MODEL_HISTORY_DOC =
            "Append-only history of every model version published by the CLI and the learner"
                    + " (never compacted), for history, rollback and export: the compacted control"
                    + " topic keeps only the latest version of each model.";

    public static final String MODEL_DEFAULT_CONFIG = "scorer.model.default";
    private static final String MODEL_DEFAULT_DOC =
            "Model that scores events and learns from feedback that name no model.";

    public static final String MODEL_VERIFY_PUBLIC_KEY_CONFIG = "scorer.model.verify.public-key";
    private static final String MODEL_VERIFY_PUBLIC_KEY_DOC =
            "Ed25519 public keys (PEM files, or the PEM text) that model versions must be signed"
                    + " with; a version no key verifies is rejected as UNSIGNED or BAD_SIGNATURE."
                    + " Empty: signatures are not checked.";

    public static final String MODEL_SIGNING_PRIVATE_KEY_CONFIG =
            "scorer.model.signing.private-key";
    private static final String MODEL_SIGNING_PRIVATE_KEY_DOC =
            "Ed25519 private key (PKCS#8 PEM file) the learner signs its versions with, and the CLI"
                    + " signs pushes, rollbacks and learning pauses with. Needed when learning is on"
                    + " and scorer.model.verify.public-key is set.";

    public static final String MODEL_SIGNING_KEY_ID_CONFIG = "scorer.model.signing.key-id";
    private static final String MODEL_SIGNING_KEY_ID_DOC =
            "Key id recorded with each signature (as printed by scorer model keygen), for audit.";

    public static final String MODEL_MAX_BYTES_CONFIG = "scorer.model.max.bytes";
    private static final String MODEL_MAX_BYTES_DOC =
            "Largest control record accepted; larger ones are rejected as TOO_LARGE before"
                    + " decoding.";

    public static final String REASONS_TOP_K_CONFIG = "scorer.reasons.top.k";
    private static final String REASONS_TOP_K_DOC =
            "Reason codes per head in each score: the features with the largest |w_i * x_i|."
                    + " 0 turns them off.";

    public static final String DRIFT_ENABLED_CONFIG = "scorer.drift.enabled";
    private static final String DRIFT_ENABLED_DOC =
            "Watch every served model for drift: the population stability index of each feature"
                    + " and each head's score against a reference, as scorer.drift.psi, and"
                    + " positive decisions per head, as scorer.alerts. Off: neither is measured.";

    public static final String DRIFT_REFERENCE_EVENTS_CONFIG = "scorer.drift.reference.events";
    private static final String DRIFT_REFERENCE_EVENTS_DOC =
            "Events each new model version's reference distribution is captured from: the first"
                    + " ones it scores on this instance. Holds 8 bytes per feature and head per"
                    + " event until captured.";

    public static final String DRIFT_WINDOW_EVENTS_CONFIG = "scorer.drift.window.events";
    private static final String DRIFT_WINDOW_EVENTS_DOC =
            "Events in each stream thread's sliding window compared with the reference; the index"
                    + " is reported once the windows hold this many. 1 byte per feature and head"
                    + " per event and thread.";

    public static final String DRIFT_SAMPLE_EVERY_CONFIG = "scorer.drift.sample.every";
    private static final String DRIFT_SAMPLE_EVERY_DOC =
            "Observe one scored event in this many, drawn at random on each stream thread, for the"
                    + " drift references and windows; alerts are counted on every event. 1"
                    + " observes all. Sampling costs no precision per window (the index's noise"
                    + " depends on the events in the window, not on the events between them) but"
                    + " makes a window span this many times scorer.drift.window.events events.";

    public static final String DRIFT_BINS_CONFIG = "scorer.drift.bins";
    private static final String DRIFT_BINS_DOC =
            "Quantile bins of each feature and score (10: deciles of the reference); a value the"
                    + " reference holds repeatedly gets a bin of its own.";

    public static final String LEARNING_ENABLED_CONFIG = "scorer.learning.enabled";
    private static final String LEARNING_ENABLED_DOC =
            "Train models online from the feedback topic. Off: the feedback topic is not read.";

    public static final String LEARNING_OPTIMIZER_CONFIG = "scorer.learning.optimizer";
    private static final String LEARNING_OPTIMIZER_DOC =
            "Update rule: NEWTON (online Newton / iterated EKF with forgetting: O(d^2) per label,"
                    + " for up to a few hundred features; closest to a batch fit in one pass), SGD,"
                    + " ADAGRAD, ADAM or FTRL (FTRL-Proximal, McMahan et al. 2013). Every rule learns"
                    + " a correction to the served model over standardised features.";

    public static final String LEARNING_RATE_CONFIG = "scorer.learning.rate";
    private static final String LEARNING_RATE_DOC =
            "Learning rate (FTRL: alpha). Empty uses the optimizer's tuned default.";

    public static final String LEARNING_SCHEDULE_CONFIG = "scorer.learning.schedule";
    private static final String LEARNING_SCHEDULE_DOC =
            "SGD learning-rate schedule: CONSTANT, or INVERSE_SCALING (rate / t^power_t).";

    public static final String LEARNING_POWER_T_CONFIG = "scorer.learning.power.t";
    private static final String LEARNING_POWER_T_DOC =
            "Exponent of the INVERSE_SCALING schedule. Empty uses the default.";

    public static final String LEARNING_L1_CONFIG = "scorer.learning.l1";
    private static final String LEARNING_L1_DOC =
            "L1 regularisation strength (weights only). Empty uses the tuned default.";

    public static final String LEARNING_L2_CONFIG = "scorer.learning.l2";
    private static final String LEARNING_L2_DOC =
            "L2 regularisation strength (weights only), a pull towards the served model; for NEWTON"
                    + " the prior precision over standardised weights. Empty uses the tuned default"
                    + " (NEWTON: (features + 1) / 16, a prior logit spread of 4).";

    public static final String LEARNING_FORGETTING_CONFIG = "scorer.learning.forgetting";
    private static final String LEARNING_FORGETTING_DOC =
            "NEWTON's forgetting factor in (0, 1]: the memory is about 1/(1-f) labels, so the"
                    + " model follows drift. Empty uses the tuned default (0.9998).";

    public static final String LEARNING_CLIP_NORM_CONFIG = "scorer.learning.clip.norm";
    private static final String LEARNING_CLIP_NORM_DOC =
            "Clip each example's gradient to this L2 norm; empty = no clipping.";

    public static final String LEARNING_MAX_WEIGHT_CHANGE_CONFIG =
            "scorer.learning.max.weight.change";
    private static final String LEARNING_MAX_WEIGHT_CHANGE_DOC =
            "Largest change of any single weight or bias in one update; bounds what one label (or"
                    + " a burst of poisoned ones) can do. Empty uses the tuned default (1.0).";

    public static final String LEARNING_CLASS_WEIGHT_POSITIVE_CONFIG =
            "scorer.learning.class.weight.positive";
    private static final String LEARNING_CLASS_WEIGHT_POSITIVE_DOC =
            "Gradient scale of examples labelled 1, for imbalanced data (fraud is rare). Empty = 1.";

    public static final String LEARNING_CLASS_WEIGHT_NEGATIVE_CONFIG =
            "scorer.learning.class.weight.negative";
    private static final String LEARNING_CLASS_WEIGHT_NEGATIVE_DOC =
            "Gradient scale of examples labelled 0. Empty = 1.";

    public static final String LEARNING_NETWORK_OPTIMIZER_CONFIG =
            "scorer.learning.network.optimizer";
    private static final String LEARNING_NETWORK_OPTIMIZER_DOC =
            "Update rule for models with hidden layers: SGD, or ADAM as PyTorch's torch.optim.Adam."
                    + " Clip norm, max weight change and class weights are shared with logistic"
                    + " models.";

    public static final String LEARNING_NETWORK_RATE_CONFIG = "scorer.learning.network.rate";
    private static final String LEARNING_NETWORK_RATE_DOC =
            "Learning rate for models with hidden layers. Empty uses 0.01, PyTorch's Adam(lr=0.01).";

    public static final String LEARNING_NETWORK_L2_CONFIG = "scorer.learning.network.l2";
    private static final String LEARNING_NETWORK_L2_DOC =
            "Weight decay for models with hidden layers, on weights only, never biases. Empty = 0.";

    public static final String LEARNING_PUBLISH_UPDATES_CONFIG =
            "scorer.learning.publish.every.updates";
    private static final String LEARNING_PUBLISH_UPDATES_DOC =
            "Publish a new model version (next step) after this many applied labels.";

    public static final String LEARNING_PUBLISH_INTERVAL_CONFIG =
            "scorer.learning.publish.interval.ms";
    private static final String LEARNING_PUBLISH_INTERVAL_DOC =
            "Also publish when labels were applied and this long passed since the last version.";

    public static final String LEARNING_GATE_ENABLED_CONFIG = "scorer.learning.gate.enabled";
    private static final String LEARNING_GATE_ENABLED_DOC =
            "Publish gate: a learned version replaces the served one only when a frozen snapshot of"
                    + " it beats the served version on the next scorer.learning.gate.labels labels,"
                    + " which neither has trained on. Off: a version is published every"
                    + " scorer.learning.publish.every.updates labels or"
                    + " scorer.learning.publish.interval.ms, unjudged.";

    public static final String LEARNING_GATE_LABELS_CONFIG = "scorer.learning.gate.labels";
    private static final String LEARNING_GATE_LABELS_DOC =
            "Labels each candidate is scored on beside the served version before the gate decides;"
                    + " also how many labels the learner learns between candidates. A burst of"
                    + " wrong labels shorter than half of this cannot get a version served.";

    public static final String LEARNING_GATE_CONFIDENCE_CONFIG = "scorer.learning.gate.confidence";
    private static final String LEARNING_GATE_CONFIDENCE_DOC =
            "One-sided confidence that the candidate's log-loss on those labels is lower than the"
                    + " served version's (a paired test on per-label differences clipped to 4 nats).";

    public static final String LEARNING_GATE_MARGIN_CONFIG = "scorer.learning.gate.margin";
    private static final String LEARNING_GATE_MARGIN_DOC =
            "How much lower the candidate's log-loss must be, as a share of the served version's"
                    + " on the same labels (0.005: half a percent better).";

    public static final String LEARNING_PRIOR_LABELS_CONFIG = "scorer.learning.prior.labels";
    private static final String LEARNING_PRIOR_LABELS_DOC =
            "How many labels an operator's model is worth to the learner when its model file does"
                    + " not say (priorLabels): the strength of NEWTON's prior around its weights, so"
                    + " the first labels refine it rather than undo it. A model with all weights"
                    + " and biases 0 is worth none.";

    public static final String FEEDBACK_RETENTION_DAYS_CONFIG = "scorer.feedback.retention.days";
    private static final String FEEDBACK_RETENTION_DAYS_DOC =
            "How long labels are remembered to drop duplicates, and feature events to join to"
                    + " labels that carry only an event id.";

    public static final String FEEDBACK_REMEMBER_FEATURES_CONFIG =
            "scorer.feedback.remember.features";
    private static final String FEEDBACK_REMEMBER_FEATURES_DOC =
            "Remember every feature event by event id for the retention, so labels may carry only"
                    + " the event id. Costs a repartition topic and a store of about"
                    + " (events/day x retention days x event size). Off: labels must carry features.";

    public static final String ADMIN_ENABLED_CONFIG = "scorer.admin.enabled";
    private static final String ADMIN_ENABLED_DOC =
            "Serve the admin HTTP endpoint of this instance: /health, /health/ready, /metrics"
                    + " (Prometheus), /models, /api/status and the dashboard at /.";

    public static final String ADMIN_PORT_CONFIG = "scorer.admin.port";
    private static final String ADMIN_PORT_DOC =
            "TCP port of the admin HTTP endpoint; 0 picks any free port (the instance logs it).";

    public static final String ADMIN_BIND_CONFIG = "scorer.admin.bind";
    private static final String ADMIN_BIND_DOC =
            "Address the admin HTTP endpoint listens on: 0.0.0.0 for every interface, 127.0.0.1"
                    + " to keep it on this machine, or a host name or IP literal of one interface."
                    + " The endpoint has no authentication: expose it only where scrapers and"
                    + " operators may read it.";

    private static final ConfigDef CONFIG =
            new ConfigDef()
                    .define(
                            APPLICATION_ID_CONFIG,
                            ConfigDef.Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            new ConfigDef.NonEmptyString(),
                            Importance.HIGH,
                            APPLICATION_ID_DOC)
                    .define(
                            BOOTSTRAP_SERVERS_CONFIG,
                            ConfigDef.Type.LIST,
                            ConfigDef.NO_DEFAULT_VALUE,
                            new ConfigDef.NonNullValidator(),
                            Importance.HIGH,
                            BOOTSTRAP_SERVERS_DOC)
                    .define(
                            SCHEMA_REGISTRY_URL_CONFIG,
                            ConfigDef.Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            new ConfigDef.NonEmptyString(),
                            Importance.HIGH,
                            SCHEMA_REGISTRY_URL_DOC)
                    .define(
                            PROCESSING_GUARANTEE_CONFIG,
                            ConfigDef.Type.STRING,
                            StreamsConfig.AT_LEAST_ONCE,
                            ValidString.in(
                                    StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2),
                            Importance.HIGH,
                            PROCESSING_GUARANTEE_DOC)
                    .define(
                            TOPIC_FEATURES_CONFIG,
                            ConfigDef.Type.STRING,
                            "scorer.features",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            TOPIC_FEATURES_DOC)
                    .define(
                            TOPIC_SCORES_CONFIG,
                            ConfigDef.Type.STRING,
                            "scorer.scores",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            TOPIC_SCORES_DOC)
                    .define(
                            TOPIC_SHADOW_SCORES_CONFIG,
                            ConfigDef.Type.STRING,
                            "scorer.scores.shadow",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            TOPIC_SHADOW_SCORES_DOC)
                    .define(
                            TOPIC_COMPARISONS_CONFIG,
                            ConfigDef.Type.STRING,
                            "scorer.comparisons",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            TOPIC_COMPARISONS_DOC)
                    .define(
                            COMPARE_WINDOW_LABELS_CONFIG,
                            ConfigDef.Type.INT,
                            10_000,
                            Range.between(100, 1_000_000),
                            Importance.LOW,
                            COMPARE_WINDOW_LABELS_DOC)
                    .define(
                            COMPARE_REPORT_INTERVAL_MS_CONFIG,
                            ConfigDef.Type.LONG,
                            5_000L,
                            Range.between(100, 3_600_000),
                            Importance.LOW,
                            COMPARE_REPORT_INTERVAL_MS_DOC)
                    .define(
                            COMPARE_AUTO_PROMOTE_LABELS_CONFIG,
                            ConfigDef.Type.INT,
                            0,
                            Range.between(0, 10_000_000),
                            Importance.LOW,
                            COMPARE_AUTO_PROMOTE_LABELS_DOC)
                    .define(
                            COMPARE_AUTO_PROMOTE_CONFIDENCE_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            0.99,
                            Range.between(0.5, 0.999999),
                            Importance.LOW,
                            COMPARE_AUTO_PROMOTE_CONFIDENCE_DOC)
                    .define(
                            TOPIC_FEEDBACK_CONFIG,
                            ConfigDef.Type.STRING,
                            "scorer.feedback",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            TOPIC_FEEDBACK_DOC)
                    .define(
                            TOPIC_MODELS_CONFIG,
                            ConfigDef.Type.STRING,
                            "scorer.models",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            TOPIC_MODELS_DOC)
                    .define(
                            TOPIC_DLQ_CONFIG,
                            ConfigDef.Type.STRING,
                            "scorer.dlq",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            TOPIC_DLQ_DOC)
                    .define(
                            TOPIC_MODEL_HISTORY_CONFIG,
                            ConfigDef.Type.STRING,
                            "scorer.models.history",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            TOPIC_MODEL_HISTORY_DOC)
                    .define(
                            MODEL_DEFAULT_CONFIG,
                            ConfigDef.Type.STRING,
                            "fraud",
                            new ConfigDef.NonEmptyString(),
                            Importance.MEDIUM,
                            MODEL_DEFAULT_DOC)
                    .define(
                            MODEL_MAX_BYTES_CONFIG,
                            ConfigDef.Type.INT,
                            8 * 1024 * 1024,
                            Range.between(1024, 256 * 1024 * 1024),
                            Importance.LOW,
                            MODEL_MAX_BYTES_DOC)
                    .define(
                            MODEL_VERIFY_PUBLIC_KEY_CONFIG,
                            ConfigDef.Type.LIST,
                            "",
                            Importance.HIGH,
                            MODEL_VERIFY_PUBLIC_KEY_DOC)
                    .define(
                            MODEL_SIGNING_PRIVATE_KEY_CONFIG,
                            ConfigDef.Type.PASSWORD,
                            null,
                            Importance.HIGH,
                            MODEL_SIGNING_PRIVATE_KEY_DOC)
                    .define(
                            MODEL_SIGNING_KEY_ID_CONFIG,
                            ConfigDef.Type.STRING,
                            null,
                            Importance.LOW,
                            MODEL_SIGNING_KEY_ID_DOC)
                    .define(
                            REASONS_TOP_K_CONFIG,
                            ConfigDef.Type.INT,
                            3,
                            Range.between(0, 64),
                            Importance.LOW,
                            REASONS_TOP_K_DOC)
                    .define(
                            DRIFT_ENABLED_CONFIG,
                            ConfigDef.Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            DRIFT_ENABLED_DOC)
                    .define(
                            DRIFT_REFERENCE_EVENTS_CONFIG,
                            ConfigDef.Type.INT,
                            10_000,
                            Range.between(100, 1_000_000),
                            Importance.LOW,
                            DRIFT_REFERENCE_EVENTS_DOC)
                    .define(
                            DRIFT_WINDOW_EVENTS_CONFIG,
                            ConfigDef.Type.INT,
                            10_000,
                            Range.between(100, 1_000_000),
                            Importance.LOW,
                            DRIFT_WINDOW_EVENTS_DOC)
                    .define(
                            DRIFT_BINS_CONFIG,
                            ConfigDef.Type.INT,
                            10,
                            Range.between(2, DriftMonitor.MAX_QUANTILES),
                            Importance.LOW,
                            DRIFT_BINS_DOC)
                    .define(
                            DRIFT_SAMPLE_EVERY_CONFIG,
                            ConfigDef.Type.INT,
                            4,
                            Range.between(1, 1_000),
                            Importance.LOW,
                            DRIFT_SAMPLE_EVERY_DOC)
                    .define(
                            LEARNING_ENABLED_CONFIG,
                            ConfigDef.Type.BOOLEAN,
                            true,
                            Importance.HIGH,
                            LEARNING_ENABLED_DOC)
                    .define(
                            LEARNING_OPTIMIZER_CONFIG,
                            ConfigDef.Type.STRING,
                            "NEWTON",
                            ValidString.in("SGD", "ADAGRAD", "ADAM", "FTRL", "NEWTON"),
                            Importance.HIGH,
                            LEARNING_OPTIMIZER_DOC)
                    .define(
                            LEARNING_RATE_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.positive(),
                            Importance.MEDIUM,
                            LEARNING_RATE_DOC)
                    .define(
                            LEARNING_SCHEDULE_CONFIG,
                            ConfigDef.Type.STRING,
                            "CONSTANT",
                            ValidString.in("CONSTANT", "INVERSE_SCALING"),
                            Importance.LOW,
                            LEARNING_SCHEDULE_DOC)
                    .define(
                            LEARNING_POWER_T_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.nonNegative(),
                            Importance.LOW,
                            LEARNING_POWER_T_DOC)
                    .define(
                            LEARNING_L1_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.nonNegative(),
                            Importance.MEDIUM,
                            LEARNING_L1_DOC)
                    .define(
                            LEARNING_L2_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.nonNegative(),
                            Importance.MEDIUM,
                            LEARNING_L2_DOC)
                    .define(
                            LEARNING_FORGETTING_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.fraction(),
                            Importance.LOW,
                            LEARNING_FORGETTING_DOC)
                    .define(
                            LEARNING_CLIP_NORM_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.positiveOrInfinity(),
                            Importance.LOW,
                            LEARNING_CLIP_NORM_DOC)
                    .define(
                            LEARNING_MAX_WEIGHT_CHANGE_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.positiveOrInfinity(),
                            Importance.MEDIUM,
                            LEARNING_MAX_WEIGHT_CHANGE_DOC)
                    .define(
                            LEARNING_CLASS_WEIGHT_POSITIVE_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.positive(),
                            Importance.MEDIUM,
                            LEARNING_CLASS_WEIGHT_POSITIVE_DOC)
                    .define(
                            LEARNING_CLASS_WEIGHT_NEGATIVE_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.positive(),
                            Importance.MEDIUM,
                            LEARNING_CLASS_WEIGHT_NEGATIVE_DOC)
                    .define(
                            LEARNING_NETWORK_OPTIMIZER_CONFIG,
                            ConfigDef.Type.STRING,
                            "ADAM",
                            ValidString.in("SGD", "ADAM"),
                            Importance.MEDIUM,
                            LEARNING_NETWORK_OPTIMIZER_DOC)
                    .define(
                            LEARNING_NETWORK_RATE_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.positive(),
                            Importance.MEDIUM,
                            LEARNING_NETWORK_RATE_DOC)
                    .define(
                            LEARNING_NETWORK_L2_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            null,
                            OptionalNumber.nonNegative(),
                            Importance.LOW,
                            LEARNING_NETWORK_L2_DOC)
                    .define(
                            LEARNING_PUBLISH_UPDATES_CONFIG,
                            ConfigDef.Type.INT,
                            1000,
                            Range.atLeast(1),
                            Importance.MEDIUM,
                            LEARNING_PUBLISH_UPDATES_DOC)
                    .define(
                            LEARNING_PUBLISH_INTERVAL_CONFIG,
                            ConfigDef.Type.LONG,
                            60_000L,
                            Range.atLeast(100L),
                            Importance.MEDIUM,
                            LEARNING_PUBLISH_INTERVAL_DOC)
                    .define(
                            LEARNING_GATE_ENABLED_CONFIG,
                            ConfigDef.Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            LEARNING_GATE_ENABLED_DOC)
                    .define(
                            LEARNING_GATE_LABELS_CONFIG,
                            ConfigDef.Type.INT,
                            200,
                            Range.between(10, 1_000_000),
                            Importance.MEDIUM,
                            LEARNING_GATE_LABELS_DOC)
                    .define(
                            LEARNING_GATE_CONFIDENCE_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            0.9,
                            Range.between(0.5, 0.999999),
                            Importance.LOW,
                            LEARNING_GATE_CONFIDENCE_DOC)
                    .define(
                            LEARNING_GATE_MARGIN_CONFIG,
                            ConfigDef.Type.DOUBLE,
                            0.005,
                            Range.between(0.0, 0.5),
                            Importance.LOW,
                            LEARNING_GATE_MARGIN_DOC)
                    .define(
                            LEARNING_PRIOR_LABELS_CONFIG,
                            ConfigDef.Type.LONG,
                            1000L,
                            Range.atLeast(0L),
                            Importance.MEDIUM,
                            LEARNING_PRIOR_LABELS_DOC)
                    .define(
                            FEEDBACK_RETENTION_DAYS_CONFIG,
                            ConfigDef.Type.INT,
                            7,
                            Range.between(1, 3650),
                            Importance.MEDIUM,
                            FEEDBACK_RETENTION_DAYS_DOC)
                    .define(
                            FEEDBACK_REMEMBER_FEATURES_CONFIG,
                            ConfigDef.Type.BOOLEAN,
                            false,
                            Importance.MEDIUM,
                            FEEDBACK_REMEMBER_FEATURES_DOC)
                    .define(
                            ADMIN_ENABLED_CONFIG,
                            ConfigDef.Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            ADMIN_ENABLED_DOC)
                    .define(
                            ADMIN_PORT_CONFIG,
                            ConfigDef.Type.INT,
                            8080,
                            Range.between(0, 65535),
                            Importance.MEDIUM,
                            ADMIN_PORT_DOC)
                    .define(
                            ADMIN_BIND_CONFIG,
                            ConfigDef.Type.STRING,
                            "0.0.0.0",
                            new BindAddressValidator(),
                            Importance.MEDIUM,
                            ADMIN_BIND_DOC);

    /** The serdes' own keys (auto.register.schemas, ...), taken from their definition. */
    private static final Set<String> SERDE_KEYS = AvroSerdeConfig.configDef().names();

    private final Map<String, Object> originalsWithOverrides;

    /**
     * Validates {@code props}.
     *
     * @throws ConfigException naming the first key that is missing or invalid
     */
    public ScorerConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        this.originalsWithOverrides = new HashMap<>(originals());
        rejectUnknownScorerKeys(originals());
        rejectUnsupportedRegistryKeys(originals());
    }

    /**
     * The registry client supports a subset of Confluent's settings; any other would be ignored,
     * and a registry that needs it (a client certificate, OAuth) would then refuse the scorer late.
     */
    private static void rejectUnsupportedRegistryKeys(Map<String, Object> props) {
        Set<String> supported = SchemaRegistryClientConfig.configDef().names();
        for (String key : new TreeSet<>(props.keySet())) {
            if (hasRegistryPrefix(key) && !supported.contains(key) && !SERDE_KEYS.contains(key)) {
                throw new ConfigException(
                        key,
                        "[hidden]",
                        "not a registry client setting this scorer supports ("
                                + String.join(", ", new TreeSet<>(supported))
                                + "); client certificates, OAuth and SASL_INHERIT are not"
                                + " supported");
            }
        }
    }

    /**
     * A misspelt scorer key would otherwise be passed to Kafka and ignored, and its default used
     * without a word: every {@code scorer.*} key must be one of ours.
     */
    private static void rejectUnknownScorerKeys(Map<String, Object> props) {
        for (String key : new TreeSet<>(props.keySet())) {
            if (key.startsWith("scorer.") && !CONFIG.names().contains(key)) {
                // The value is not shown: a misspelt key may well hold a secret.
                throw new ConfigException(
                        key,
                        "[hidden]",
                        "not a scorer key"
                                + closest(key).map(k -> "; did you mean " + k + "?").orElse("")
                                + " (`config docs` lists them all)");
            }
        }
    }

    /** The scorer key nearest to {@code key} by edit distance, if it is near at all. */
    private static Optional<String> closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : new TreeSet<>(CONFIG.names())) {
            int d = editDistance(key, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 5)
                ? Optional.ofNullable(best)
                : Optional.empty();
    }

    /** Levenshtein distance, one row at a time. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The definitions of every scorer key, for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /**
     * Reads a properties file, then applies environment overrides: {@code SCORER_X_Y=v} sets {@code
     * scorer.x.y} if that is a scorer key, and {@code x.y} otherwise (so {@code
     * SCORER_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}); an underscore also matches a
     * {@code -} of a scorer key ({@code SCORER_MODEL_VERIFY_PUBLIC_KEY} sets {@code
     * scorer.model.verify.public-key}).
     *
     * @throws ConfigException if the file cannot be read or a value is invalid
     */
    public static ScorerConfig load(Path file, Map<String, String> env) {
        return load(file, env, Map.of(), Map.of());
    }

    /**
     * Like {@link #load(Path, Map)}, with {@code defaults} beneath the file (the demo supplies the
     * embedded broker and registry addresses this way) and {@code overrides} above the environment
     * (the command line's {@code --set}).
     */
    public static ScorerConfig load(
            Path file, Map<String, String> env, Map<String, ?> defaults, Map<String, ?> overrides) {
        Properties props = new Properties();
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new ConfigException(
                        "Config file " + file + " does not exist or is unreadable");
            }
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read config file " + file, e);
            }
        }
        Map<Object, Object> merged = new HashMap<>(defaults);
        merged.putAll(props);
        merged.putAll(environmentOverrides(env));
        merged.putAll(overrides);
        ScorerConfig config = new ScorerConfig(merged);
        config.originals().keySet().stream()
                .filter(key -> !key.startsWith("scorer.") && !CONFIG.names().contains(key))
                .filter(key -> !isPassThroughKey(key))
                .sorted()
                .forEach(
                        key ->
                                LOG.warn(
                                        "Config key '{}' is not a setting of Kafka Streams, its"
                                                + " clients or the schema registry client; it is"
                                                + " passed on but probably ignored (a typo?)",
                                        key));
        return config;
    }

    /**
     * The key a {@code SCORER_*} variable that is not one of ours names: a Kafka or registry key as
     * it is; one close to a scorer key as that misspelt scorer key, so that the check of scorer
     * keys refuses it with a hint instead of Kafka ignoring it; anything else (the log levels
     * logback reads, variables an orchestrator sets) is no key, and skipped.
     */
    private static String passThroughOrMisspelt(String variable, String key) {
        if (isPassThroughKey(key)) {
            return key;
        }
        if (closest("scorer." + key).isPresent()) {
            return "scorer." + key;
        }
        if (!NOT_KEYS.contains(variable)) {
            LOG.debug("Environment variable {} names no setting; ignored", variable);
        }
        return null;
    }

    /** Variables of ours that are not config keys: logback.xml reads them. */
    private static final Set<String> NOT_KEYS =
            Set.of("SCORER_LOG_LEVEL", "SCORER_KAFKA_LOG_LEVEL");

    /** The keys set by {@code SCORER_*} variables in {@code env}. */
    static Map<String, String> environmentOverrides(Map<String, String> env) {
        Map<String, String> overrides = new TreeMap<>();
        env.forEach(
                (name, value) -> {
                    if (!name.startsWith(ENV_PREFIX) || name.length() == ENV_PREFIX.length()) {
                        return;
                    }
                    String key =
                            name.substring(ENV_PREFIX.length())
                                    .toLowerCase(Locale.ROOT)
                                    .replace('_', '.');
                    // An environment variable cannot spell '-': match it as a '.'.
                    String known =
                            CONFIG.names().stream()
                                    .filter(
                                            k ->
                                                    k.replace('-', '.').equals("scorer." + key)
                                                            || k.replace('-', '.').equals(key))
                                    .findFirst()
                                    .orElseGet(() -> passThroughOrMisspelt(name, key));
                    if (known != null) {
                        overrides.put(known, value);
                    }
                });
        return overrides;
    }

    /**
     * The settings for Kafka Streams and its clients: every key that is neither a scorer key nor a
     * schema-registry key, plus the application id, bootstrap servers and processing guarantee.
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        originalsWithOverrides.forEach(
                (key, value) -> {
                    if (!key.startsWith("scorer.") && !isRegistryKey(key)) {
                        props.put(key, value);
                    }
                });
        props.put(APPLICATION_ID_CONFIG, getString(APPLICATION_ID_CONFIG));
        props.put(BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG)));
        props.put(PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE_CONFIG));
        return props;
    }

    /**
     * Settings for plain Kafka clients of the same cluster (the CLI's producer and consumers): the
     * bootstrap servers and every security or client setting given, without Streams-only keys.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        originalsWithOverrides.forEach(
                (key, value) -> {
                    if (isClientKey(key)) {
                        props.put(key, value);
                    }
                });
        props.put(BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG)));
        return props;
    }

    /** The settings for the schema registry client and the Avro serdes. */
    public Map<String, Object> registryProperties() {
        Map<String, Object> props = new HashMap<>();
        originalsWithOverrides.forEach(
                (key, value) -> {
                    if (isRegistryKey(key)) {
                        props.put(key, value);
                    }
                });
        return props;
    }

    /**
     * The online learner's settings: the optimizer's tuned defaults, overridden by every {@code
     * scorer.learning.*} key that is set.
     *
     * @throws ConfigException naming the key whose value the learner refuses
     */
    public LearnerSettings learnerSettings() {
        OptimizerKind kind = OptimizerKind.valueOf(getString(LEARNING_OPTIMIZER_CONFIG));
        try {
            return withSafetyKeys(LearnerSettings.of(learningRule(kind)));
        } catch (InvalidSettingException e) {
            String key = SETTING_KEYS.getOrDefault(e.setting(), LEARNING_OPTIMIZER_CONFIG);
            throw new ConfigException(key, originals().get(key), e.getMessage());
        }
    }

    // Each rule's defaults, overridden by the keys it takes; a key a rule cannot honour is refused.
    private UpdateRule learningRule(OptimizerKind kind) {
        LearningRateSchedule schedule =
                LearningRateSchedule.valueOf(getString(LEARNING_SCHEDULE_CONFIG));
        double l1 = doubleOr(LEARNING_L1_CONFIG, 0.0);
        return switch (kind) {
            case SGD -> {
                Sgd d = Sgd.defaults();
                yield new Sgd(
                        stepSize(d.stepSize(), schedule), l1, doubleOr(LEARNING_L2_CONFIG, d.l2()));
            }
            case ADAGRAD -> {
                AdaGrad d = AdaGrad.defaults();
                yield new AdaGrad(
                        stepSize(d.stepSize(), schedule),
                        d.epsilon(),
                        l1,
                        doubleOr(LEARNING_L2_CONFIG, d.l2()));
            }
            case ADAM -> {
                Adam d = Adam.defaults();
                yield new Adam(
                        stepSize(d.stepSize(), schedule),
                        d.beta1(),
                        d.beta2(),
                        d.epsilon(),
                        l1,
                        doubleOr(LEARNING_L2_CONFIG, d.l2()));
            }
            case FTRL -> {
                requireConstant(schedule, "FTRL's per-coordinate rate α/(β+√n) already decays");
                Ftrl d = Ftrl.defaults();
                yield new Ftrl(
                        doubleOr(LEARNING_RATE_CONFIG, d.alpha()),
                        d.beta(),
                        l1,
                        doubleOr(LEARNING_L2_CONFIG, d.l2()));
            }
            case NEWTON -> {
                requireConstant(schedule, "its steps shrink with the covariance, not with a rate");
                if (l1 != 0) {
                    throw new InvalidSettingException(
                            "l1",
                            "l1 must be 0 for NEWTON, got "
                                    + l1
                                    + ": a Gaussian posterior cannot set weights to exactly zero");
                }
                Newton d = Newton.defaults();
                yield new Newton(
                        doubleOr(LEARNING_L2_CONFIG, d.l2()),
                        doubleOr(LEARNING_FORGETTING_CONFIG, d.forgetting()));
            }
        };
    }

    private StepSize stepSize(StepSize defaults, LearningRateSchedule schedule) {
        return new StepSize(
                doubleOr(LEARNING_RATE_CONFIG, defaults.initial()),
                schedule,
                doubleOr(LEARNING_POWER_T_CONFIG, defaults.powerT()));
    }

    private void requireConstant(LearningRateSchedule schedule, String why) {
        if (schedule != LearningRateSchedule.CONSTANT) {
            throw new InvalidSettingException(
                    "schedule",
                    "schedule must be CONSTANT for "
                            + getString(LEARNING_OPTIMIZER_CONFIG)
                            + ", got "
                            + schedule
                            + ": "
                            + why);
        }
    }

    // The safety bounds and class weights every rule shares.
    private LearnerSettings withSafetyKeys(LearnerSettings s) {
        return new LearnerSettings(
                s.rule(),
                doubleOr(LEARNING_CLIP_NORM_CONFIG, s.clipNorm()),
                doubleOr(LEARNING_MAX_WEIGHT_CHANGE_CONFIG, s.maxWeightChange()),
                doubleOr(LEARNING_CLASS_WEIGHT_POSITIVE_CONFIG, s.positiveClassWeight()),
                doubleOr(LEARNING_CLASS_WEIGHT_NEGATIVE_CONFIG, s.negativeClassWeight()));
    }

    private static final Map<String, String> SETTING_KEYS =
            Map.ofEntries(
                    Map.entry("learningRate", LEARNING_RATE_CONFIG),
                    Map.entry("ftrlAlpha", LEARNING_RATE_CONFIG),
                    Map.entry("schedule", LEARNING_SCHEDULE_CONFIG),
                    Map.entry("powerT", LEARNING_POWER_T_CONFIG),
                    Map.entry("l1", LEARNING_L1_CONFIG),
                    Map.entry("l2", LEARNING_L2_CONFIG),
                    Map.entry("clipNorm", LEARNING_CLIP_NORM_CONFIG),
                    Map.entry("forgetting", LEARNING_FORGETTING_CONFIG),
                    Map.entry("maxWeightChange", LEARNING_MAX_WEIGHT_CHANGE_CONFIG),
                    Map.entry("positiveClassWeight", LEARNING_CLASS_WEIGHT_POSITIVE_CONFIG),
                    Map.entry("negativeClassWeight", LEARNING_CLASS_WEIGHT_NEGATIVE_CONFIG));

    /**
     * The settings models with hidden layers train with: PyTorch's defaults for the {@code
     * scorer.learning.network.*} optimizer (Adam, learning rate 0.01, no weight decay), overridden
     * by the network keys that are set and by the safety keys shared with logistic models (clip
     * norm, max weight change, class weights).
     *
     * @throws ConfigException naming the key whose value the learner refuses
     */
    public LearnerSettings networkLearnerSettings() {
        OptimizerKind kind = OptimizerKind.valueOf(getString(LEARNING_NETWORK_OPTIMIZER_CONFIG));
        try {
            UpdateRule rule = LearnerSettings.networkDefaults(kind).rule();
            StepSize rate = StepSize.constant(doubleOr(LEARNING_NETWORK_RATE_CONFIG, 0.01));
            double l2 = doubleOr(LEARNING_NETWORK_L2_CONFIG, 0.0);
            UpdateRule configured =
                    rule instanceof Adam d
                            ? new Adam(rate, d.beta1(), d.beta2(), d.epsilon(), 0.0, l2)
                            : new Sgd(rate, 0.0, l2);
            return withSafetyKeys(LearnerSettings.of(configured));
        } catch (InvalidSettingException e) {
            String key =
                    switch (e.setting()) {
                        case "learningRate" -> LEARNING_NETWORK_RATE_CONFIG;
                        case "l2" -> LEARNING_NETWORK_L2_CONFIG;
                        default ->
                                SETTING_KEYS.getOrDefault(
                                        e.setting(), LEARNING_NETWORK_OPTIMIZER_CONFIG);
                    };
            throw new ConfigException(key, originals().get(key), e.getMessage());
        }
    }

    private double doubleOr(String key, double fallback) {
        Double value = getDouble(key);
        return value == null ? fallback : value;
    }

    /**
     * The public keys model versions must verify with; empty when signatures are not checked.
     *
     * @throws ConfigException naming the key if one cannot be read
     */
    public List<PublicKey> modelVerifyKeys() {
        List<PublicKey> keys = new ArrayList<>();
        for (String key : getList(MODEL_VERIFY_PUBLIC_KEY_CONFIG)) {
            try {
                keys.add(ModelSignatures.readPublicKey(key));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new ConfigException(MODEL_VERIFY_PUBLIC_KEY_CONFIG, key, e.getMessage());
            }
        }
        return keys;
    }

    /**
     * The signer of published model versions, or empty when no signing key is configured.
     *
     * @throws ConfigException naming the key if it cannot be read, or if versions must be verified
     *     and the learner has no key to sign with
     */
    public Optional<ModelSigner> modelSigner() {
        Password key = getPassword(MODEL_SIGNING_PRIVATE_KEY_CONFIG);
        if (key == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new ModelSigner(
                            ModelSignatures.readPrivateKey(key.value()),
                            getString(MODEL_SIGNING_KEY_ID_CONFIG)));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigException(MODEL_SIGNING_PRIVATE_KEY_CONFIG, "[hidden]", e.getMessage());
        }
    }

    /** A copy with {@code overrides} applied, validated again. */
    public ScorerConfig with(Map<String, ?> overrides) {
        Map<String, Object> merged = new HashMap<>(originalsWithOverrides);
        merged.putAll(overrides);
        return new ScorerConfig(merged);
    }

    /**
     * Whether Kafka Streams, a Kafka client (also under the prefixes Streams accepts) or the
     * registry client knows {@code key}.
     */
    static boolean isPassThroughKey(String key) {
        if (isRegistryKey(key) || isClientKey(key) || key.startsWith("client.tag.")) {
            return true;
        }
        if (key.startsWith("topic.")) {
            return TOPIC_KEYS.contains(key.substring("topic.".length()));
        }
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return KAFKA_KEYS.contains(key.substring(prefix.length()));
            }
        }
        return KAFKA_KEYS.contains(key);
    }

    private static final List<String> CLIENT_PREFIXES =
            List.of(
                    "main.consumer.",
                    "restore.consumer.",
                    "global.consumer.",
                    "consumer.",
                    "producer.",
                    "admin.");

    private static final Set<String> KAFKA_KEYS = kafkaKeys();

    // Settings of the internal topics Streams creates ("topic." prefix); TopicConfig lists them
    // only as constants.
    private static final Set<String> TOPIC_KEYS = topicKeys();

    private static Set<String> topicKeys() {
        Set<String> keys = new TreeSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (field.getName().endsWith("_CONFIG") && field.getType() == String.class) {
                try {
                    keys.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    private static Set<String> kafkaKeys() {
        Set<String> keys = new TreeSet<>(StreamsConfig.configDef().names());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }

    private static boolean isRegistryKey(String key) {
        return hasRegistryPrefix(key)
                || SERDE_KEYS.contains(key)
                || key.equals("latest.compatibility.strict");
    }

    private static boolean hasRegistryPrefix(String key) {
        return key.startsWith("schema.registry.")
                || key.startsWith("basic.auth.")
                || key.startsWith("bearer.auth.");
    }

    private static boolean isClientKey(String key) {
        return key.startsWith("security.")
                || key.startsWith("sasl.")
                || key.startsWith("ssl.")
                || key.equals("client.dns.lookup")
                || key.equals("request.timeout.ms")
                || key.equals("retry.backoff.ms");
    }
}
