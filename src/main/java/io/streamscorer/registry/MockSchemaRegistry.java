package io.streamscorer.registry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * In-process registries behind {@code mock://scope} URLs, one per scope name and shared by every
 * client of that scope in this JVM, as Confluent's own serializers do it: a test configures {@code
 * schema.registry.url=mock://<test name>} and its serializers, deserializers and assertions all see
 * the same registry, with no server. It runs the same registry code as {@link
 * EmbeddedSchemaRegistry}.
 *
 * <pre>{@code
 * String scope = "scoring-" + UUID.randomUUID();
 * AvroSerdes serdes = AvroSerdes.create(Map.of("schema.registry.url", "mock://" + scope));
 * ...
 * MockSchemaRegistry.dropScope(scope);
 * }</pre>
 */
public final class MockSchemaRegistry {
    /** The URL scheme prefix that selects an in-process registry. */
    public static final String URL_PREFIX = "mock://";

    private static final ConcurrentMap<String, RegistryCore> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {}

    /** A client of the scope's registry, creating an empty registry on first use. */
    public static SchemaRegistryClient clientFor(String scope) {
        RegistryCore core =
                SCOPES.computeIfAbsent(
                        scope,
                        s ->
                                new RegistryCore(URL_PREFIX + s, new InMemoryRegistryStorage())
                                        .open());
        return new LocalSchemaRegistryClient(core);
    }

    /**
     * Forgets the scope's registry, so the next client of that scope starts empty. Clients already
     * handed out keep the old registry.
     */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }
}
