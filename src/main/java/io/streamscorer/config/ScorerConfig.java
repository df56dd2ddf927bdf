package io.streamscorer.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

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
                    + " bearer.auth.*, auto.register.schemas and use.latest.version keys go to the"
                    + " registry client and the Avro serdes as Confluent's serializers name them.";

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

    public static final String MODEL_DEFAULT_CONFIG = "scorer.model.default";
    private static final String MODEL_DEFAULT_DOC =
            "Model that scores events and learns from feedback that name no model.";

    public static final String MODEL_MAX_BYTES_CONFIG = "scorer.model.max.bytes";
    private static final String MODEL_MAX_BYTES_DOC =
            "Largest control record accepted; larger ones are rejected as TOO_LARGE before"
                    + " decoding.";

    public static final String REASONS_TOP_K_CONFIG = "scorer.reasons.top.k";
    private static final String REASONS_TOP_K_DOC =
            "Reason codes per head in each score: the features with the largest |w_i * x_i|."
                    + " 0 turns them off.";

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
                            REASONS_TOP_K_CONFIG,
                            ConfigDef.Type.INT,
                            3,
                            Range.between(0, 64),
                            Importance.LOW,
                            REASONS_TOP_K_DOC);

    private final Map<String, Object> originalsWithOverrides;

    /**
     * Validates {@code props}.
     *
     * @throws ConfigException naming the first key that is missing or invalid
     */
    public ScorerConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        this.originalsWithOverrides = new HashMap<>(originals());
    }

    /** The definitions of every scorer key, for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /**
     * Reads a properties file, then applies environment overrides: {@code SCORER_X_Y=v} sets {@code
     * scorer.x.y} if that is a scorer key, and {@code x.y} otherwise (so {@code
     * SCORER_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}).
     *
     * @throws ConfigException if the file cannot be read or a value is invalid
     */
    public static ScorerConfig load(Path file, Map<String, String> env) {
        return load(file, env, Map.of());
    }

    /**
     * Like {@link #load(Path, Map)}, with {@code defaults} beneath the file: the demo supplies the
     * embedded broker and registry addresses this way.
     */
    public static ScorerConfig load(Path file, Map<String, String> env, Map<String, ?> defaults) {
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
        return new ScorerConfig(merged);
    }

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
                    String scorerKey = "scorer." + key;
                    overrides.put(CONFIG.names().contains(scorerKey) ? scorerKey : key, value);
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

    /** Whether the instance runs with {@code exactly_once_v2}. */
    public boolean exactlyOnce() {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(getString(PROCESSING_GUARANTEE_CONFIG));
    }

    /** A copy with {@code overrides} applied, validated again. */
    public ScorerConfig with(Map<String, ?> overrides) {
        Map<String, Object> merged = new HashMap<>(originalsWithOverrides);
        merged.putAll(overrides);
        return new ScorerConfig(merged);
    }

    private static boolean isRegistryKey(String key) {
        return key.startsWith("schema.registry.")
                || key.startsWith("basic.auth.")
                || key.startsWith("bearer.auth.")
                || key.equals("auto.register.schemas")
                || key.equals("use.latest.version")
                || key.equals("latest.compatibility.strict");
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
