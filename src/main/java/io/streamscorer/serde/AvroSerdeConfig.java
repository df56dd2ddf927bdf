package io.streamscorer.serde;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * How the Avro serdes choose the writer schema, under the names Confluent's serializers use. The
 * registry connection itself is configured by {@link
 * io.streamscorer.registry.SchemaRegistryClientConfig}; both read the same map, and other keys in
 * it are ignored.
 */
public final class AvroSerdeConfig extends AbstractConfig {
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC =
            "Register the generated class's schema under the topic's subject on first use. When"
                    + " false the schema must already be registered there (it is looked up).";

    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";
    private static final String USE_LATEST_VERSION_DOC =
            "Write with the latest schema registered under the subject instead of the class's"
                    + " own; it must be able to represent the class's records. Requires"
                    + " auto.register.schemas=false.";

    public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";
    private static final String LATEST_CACHE_TTL_SEC_DOC =
            "How long the latest version found for use.latest.version is kept before it is asked"
                    + " for again; -1 keeps it for the life of the serializer.";

    public static final String OUTAGE_WAIT_MS_CONFIG = "schema.registry.outage.wait.ms";
    private static final String OUTAGE_WAIT_MS_DOC =
            "How long a deserializer waits for an unreachable registry when a record names a"
                    + " writer schema it has not seen, retrying with backoff, before the read fails"
                    + " and the scorer restarts the stream thread (which reads the record again"
                    + " from its last commit). Records are never dead-lettered or skipped for an"
                    + " outage. At most 240000: two waits in one poll stay below Kafka Streams'"
                    + " max.poll.interval.ms (300000), so a waiting thread keeps its partitions.";

    private static final ConfigDef CONFIG =
            new ConfigDef()
                    .define(
                            AUTO_REGISTER_SCHEMAS_CONFIG,
                            ConfigDef.Type.BOOLEAN,
                            true,
                            ConfigDef.Importance.MEDIUM,
                            AUTO_REGISTER_SCHEMAS_DOC)
                    .define(
                            USE_LATEST_VERSION_CONFIG,
                            ConfigDef.Type.BOOLEAN,
                            false,
                            ConfigDef.Importance.MEDIUM,
                            USE_LATEST_VERSION_DOC)
                    .define(
                            LATEST_CACHE_TTL_SEC_CONFIG,
                            ConfigDef.Type.LONG,
                            -1L,
                            ConfigDef.Range.atLeast(-1),
                            ConfigDef.Importance.LOW,
                            LATEST_CACHE_TTL_SEC_DOC)
                    .define(
                            OUTAGE_WAIT_MS_CONFIG,
                            ConfigDef.Type.LONG,
                            120_000L,
                            ConfigDef.Range.between(0, 240_000),
                            ConfigDef.Importance.LOW,
                            OUTAGE_WAIT_MS_DOC);

    /**
     * @throws ConfigException naming the key whose value is invalid
     */
    public AvroSerdeConfig(Map<String, ?> originals) {
        super(CONFIG, originals, false);
        if (useLatestVersion() && autoRegisterSchemas()) {
            throw new ConfigException(
                    USE_LATEST_VERSION_CONFIG,
                    true,
                    "writing with the latest registered version excludes registering the class's"
                            + " own schema: set "
                            + AUTO_REGISTER_SCHEMAS_CONFIG
                            + "=false as well");
        }
    }

    /** The definition of every key, for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION_CONFIG);
    }

    /** How long a deserializer waits for an unreachable registry. */
    public Duration outageWait() {
        return Duration.ofMillis(getLong(OUTAGE_WAIT_MS_CONFIG));
    }

    /** Seconds to keep the latest version, or -1 for ever. */
    public long latestCacheTtlSeconds() {
        return getLong(LATEST_CACHE_TTL_SEC_CONFIG);
    }
}
