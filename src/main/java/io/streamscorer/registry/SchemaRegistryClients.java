package io.streamscorer.registry;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one way the application gets a {@link SchemaRegistryClient}: from the same map of settings
 * the serdes take, choosing by {@code schema.registry.url}.
 *
 * <pre>{@code
 * SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(
 *         "schema.registry.url", "https://registry.example.com",
 *         "basic.auth.credentials.source", "USER_INFO",
 *         "basic.auth.user.info", "scorer:secret"));
 * }</pre>
 */
public final class SchemaRegistryClients {
    private SchemaRegistryClients() {}

    /**
     * A client of the in-process registry of the scope for {@code mock://scope}, otherwise an
     * {@link HttpSchemaRegistryClient}.
     *
     * @throws ConfigException naming the key whose value is missing or invalid
     */
    public static SchemaRegistryClient create(Map<String, ?> configs) {
        SchemaRegistryClientConfig config = new SchemaRegistryClientConfig(configs);
        List<String> urls = config.urls();
        if (urls.stream().noneMatch(url -> url.startsWith(MockSchemaRegistry.URL_PREFIX))) {
            return new HttpSchemaRegistryClient(config);
        }
        if (urls.size() != 1) {
            throw new ConfigException(
                    SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG,
                    urls,
                    "a mock:// URL cannot be combined with other URLs");
        }
        String scope = urls.get(0).substring(MockSchemaRegistry.URL_PREFIX.length());
        if (scope.isBlank()) {
            throw new ConfigException(
                    SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG,
                    urls.get(0),
                    "a mock:// URL needs a scope name, for example mock://scoring-test");
        }
        return MockSchemaRegistry.clientFor(scope);
    }
}
