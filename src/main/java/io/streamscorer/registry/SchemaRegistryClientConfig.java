package io.streamscorer.registry;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings of a schema registry client, under the names Confluent's serializers use, so an
 * existing client configuration works unchanged. Other keys in the map (Kafka's, the scorer's) are
 * ignored. A value of the wrong type or out of range fails with a {@link ConfigException} naming
 * the key.
 */
public final class SchemaRegistryClientConfig extends AbstractConfig {
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    private static final String SCHEMA_REGISTRY_URL_DOC =
            "Comma-separated registry URLs, tried in order when one cannot be reached;"
                    + " mock://<scope> selects an in-process registry shared by that scope.";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG =
            "basic.auth.credentials.source";
    public static final String BASIC_AUTH_SOURCE_URL = "URL";
    public static final String BASIC_AUTH_SOURCE_USER_INFO = "USER_INFO";
    private static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC =
            "Where HTTP basic credentials come from: URL (user:password@ in the registry URL)"
                    + " or USER_INFO (basic.auth.user.info).";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC =
            "user:password for HTTP basic authentication, when the source is USER_INFO.";

    public static final String BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG =
            "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_SOURCE_STATIC_TOKEN = "STATIC_TOKEN";
    private static final String BEARER_AUTH_CREDENTIALS_SOURCE_DOC =
            "Set to STATIC_TOKEN to send bearer.auth.token as a bearer token.";

    public static final String BEARER_AUTH_TOKEN_CONFIG = "bearer.auth.token";
    private static final String BEARER_AUTH_TOKEN_DOC = "The bearer token, for STATIC_TOKEN.";

    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG =
            "schema.registry.ssl.truststore.location";
    private static final String SSL_TRUSTSTORE_LOCATION_DOC =
            "Trust store for https registry URLs; unset means the JDK's default trust.";

    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG =
            "schema.registry.ssl.truststore.password";
    private static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";

    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    private static final String SSL_TRUSTSTORE_TYPE_DOC = "Trust store type: JKS or PKCS12.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC =
            "How long one request to one registry URL may take, connecting included.";

    private static final ConfigDef CONFIG =
            new ConfigDef()
                    .define(
                            SCHEMA_REGISTRY_URL_CONFIG,
                            ConfigDef.Type.LIST,
                            ConfigDef.NO_DEFAULT_VALUE,
                            ConfigDef.ValidList.anyNonDuplicateValues(false, false),
                            ConfigDef.Importance.HIGH,
                            SCHEMA_REGISTRY_URL_DOC)
                    .define(
                            BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG,
                            ConfigDef.Type.STRING,
                            BASIC_AUTH_SOURCE_URL,
                            ConfigDef.ValidString.in(
                                    BASIC_AUTH_SOURCE_URL, BASIC_AUTH_SOURCE_USER_INFO),
                            ConfigDef.Importance.MEDIUM,
                            BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
                    .define(
                            BASIC_AUTH_USER_INFO_CONFIG,
                            ConfigDef.Type.PASSWORD,
                            null,
                            ConfigDef.Importance.MEDIUM,
                            BASIC_AUTH_USER_INFO_DOC)
                    .define(
                            BEARER_AUTH_CREDENTIALS_SOURCE_CONFIG,
                            ConfigDef.Type.STRING,
                            null,
                            ConfigDef.LambdaValidator.with(
                                    (name, value) -> {
                                        if (value != null
                                                && !BEARER_AUTH_SOURCE_STATIC_TOKEN.equals(value)) {
                                            throw new ConfigException(
                                                    name,
                                                    value,
                                                    "only "
                                                            + BEARER_AUTH_SOURCE_STATIC_TOKEN
                                                            + " is supported");
                                        }
                                    },
                                    () -> BEARER_AUTH_SOURCE_STATIC_TOKEN + " or unset"),
                            ConfigDef.Importance.MEDIUM,
                            BEARER_AUTH_CREDENTIALS_SOURCE_DOC)
                    .define(
                            BEARER_AUTH_TOKEN_CONFIG,
                            ConfigDef.Type.PASSWORD,
                            null,
                            ConfigDef.Importance.MEDIUM,
                            BEARER_AUTH_TOKEN_DOC)
                    .define(
                            SSL_TRUSTSTORE_LOCATION_CONFIG,
                            ConfigDef.Type.STRING,
                            null,
                            ConfigDef.Importance.MEDIUM,
                            SSL_TRUSTSTORE_LOCATION_DOC)
                    .define(
                            SSL_TRUSTSTORE_PASSWORD_CONFIG,
                            ConfigDef.Type.PASSWORD,
                            null,
                            ConfigDef.Importance.MEDIUM,
                            SSL_TRUSTSTORE_PASSWORD_DOC)
                    .define(
                            SSL_TRUSTSTORE_TYPE_CONFIG,
                            ConfigDef.Type.STRING,
                            "JKS",
                            ConfigDef.ValidString.in("JKS", "PKCS12"),
                            ConfigDef.Importance.LOW,
                            SSL_TRUSTSTORE_TYPE_DOC)
                    .define(
                            REQUEST_TIMEOUT_MS_CONFIG,
                            ConfigDef.Type.INT,
                            10_000,
                            ConfigDef.Range.atLeast(1),
                            ConfigDef.Importance.LOW,
                            REQUEST_TIMEOUT_MS_DOC);

    /**
     * @throws ConfigException naming the key whose value is missing or invalid
     */
    public SchemaRegistryClientConfig(Map<String, ?> originals) {
        super(CONFIG, originals, false);
    }

    /** The definition of every key, for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** The configured registry URLs, in the order to try them. */
    public List<String> urls() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG);
    }

    /** The value of a password key, or null when unset. */
    String secret(String key) {
        Password password = getPassword(key);
        return password == null ? null : password.value();
    }
}
