package io.streamscorer.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry HTTP server on 127.0.0.1 that speaks the Confluent REST subset our client and
 * serdes use, for the embedded demo and for integration tests. It stores schemas in a compacted
 * Kafka topic ({@code _schemas} by default) as Confluent's registry does, so a restart on the same
 * cluster finds the same ids and versions; without a cluster it keeps them in memory.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0)) {
 *     Map<String, Object> config = Map.of("schema.registry.url", registry.url());
 *     ...
 * }
 * }</pre>
 *
 * <p>Optional basic or bearer authentication lets tests check that clients send credentials, and
 * {@link #requestCount()} lets them check that a hot path sends no requests at all.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    /** The topic Confluent's registry stores schemas in, and so the default here. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final RegistryCore core;
    private final RegistryRestHandler handler;
    private final String url;

    private EmbeddedSchemaRegistry(
            HttpServer server,
            ExecutorService executor,
            RegistryCore core,
            RegistryRestHandler handler) {
        this.server = server;
        this.executor = executor;
        this.core = core;
        this.handler = handler;
        this.url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Starts a registry without authentication that stores schemas in the {@code _schemas} topic of
     * the cluster at {@code bootstrapServers}.
     *
     * @param port the port to listen on, or 0 for any free port
     */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, int port) {
        return builder().kafkaStorage(bootstrapServers).port(port).start();
    }

    /** A builder for the other choices: in-memory storage, another topic, authentication. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The base URL clients use as {@code schema.registry.url}, for example http://127.0.0.1:4711.
     */
    public String url() {
        return url;
    }

    /** How many HTTP requests this server has answered, refused ones included. */
    public long requestCount() {
        return handler.requestCount();
    }

    /** Stops serving, then closes the storage. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        core.close();
        LOG.info("Embedded schema registry at {} stopped", url);
    }

    /** The choices of an embedded registry; {@link #start()} starts it. */
    public static final class Builder {
        private String bootstrapServers;
        private String topic = DEFAULT_TOPIC;
        private int port;
        private final List<String> authorizations = new ArrayList<>();

        private Builder() {}

        /** Stores schemas in a compacted topic of this cluster; without it they stay in memory. */
        public Builder kafkaStorage(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** The schema topic; {@value EmbeddedSchemaRegistry#DEFAULT_TOPIC} unless set. */
        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Lets in requests with these HTTP basic credentials. */
        public Builder basicAuth(String username, String password) {
            String userInfo = username + ":" + password;
            authorizations.add(
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** Lets in requests with this bearer token. */
        public Builder bearerToken(String token) {
            authorizations.add("Bearer " + Objects.requireNonNull(token, "token"));
            return this;
        }

        /**
         * Reads the stored schemas, then starts serving.
         *
         * @throws UncheckedIOException when the port cannot be bound
         */
        public EmbeddedSchemaRegistry start() {
            RegistryStorage storage =
                    bootstrapServers == null
                            ? new InMemoryRegistryStorage()
                            : new KafkaTopicRegistryStorage(bootstrapServers, topic);
            String location =
                    bootstrapServers == null ? "embedded (in memory)" : "embedded (" + topic + ")";
            RegistryCore core = new RegistryCore(location, storage);
            try {
                core.open();
            } catch (RuntimeException e) {
                core.close();
                throw e;
            }
            RegistryRestHandler handler = new RegistryRestHandler(core, authorizations);
            HttpServer server;
            try {
                server =
                        HttpServer.create(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            } catch (IOException e) {
                core.close();
                throw new UncheckedIOException(
                        "Cannot bind the schema registry to 127.0.0.1:" + port, e);
            }
            ExecutorService executor = Executors.newFixedThreadPool(4, new DaemonThreads());
            server.setExecutor(executor);
            server.createContext("/", handler);
            server.start();
            EmbeddedSchemaRegistry registry =
                    new EmbeddedSchemaRegistry(server, executor, core, handler);
            LOG.info("Embedded schema registry serving at {}, storage {}", registry.url, location);
            return registry;
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "schema-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
