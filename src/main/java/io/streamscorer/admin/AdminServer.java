package io.streamscorer.admin;

import com.sun.net.httpserver.HttpServer;
import io.streamscorer.config.ScorerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint of one scorer instance, on the JDK's built-in HTTP server:
 *
 * <ul>
 *   <li>{@code /health} (also {@code /health/live}): liveness, 200 unless Kafka Streams is in
 *       ERROR, PENDING_ERROR or NOT_RUNNING, 503 then;
 *   <li>{@code /health/ready}: readiness, 200 only while Kafka Streams is RUNNING and at least one
 *       model is served;
 *   <li>{@code /metrics}: every meter in the Prometheus text format (OpenMetrics on request), or
 *       503 when the instance has no Prometheus registry;
 *   <li>{@code /models}: the models served, as JSON;
 *   <li>{@code /api/status}: the dashboard's data, with the last five minutes sampled every second;
 *   <li>{@code /}: the live dashboard.
 * </ul>
 *
 * <pre>{@code
 * AdminSources sources = new AdminSources(appId, streams::state, models, prometheusRegistry);
 * try (AdminServer admin = AdminServer.start("127.0.0.1", 0, sources)) {
 *     log.info("Dashboard at {}", admin.url());
 * }
 * }</pre>
 *
 * <p>Every endpoint is read-only and unauthenticated: bind it where only scrapers and operators
 * reach it ({@value ScorerConfig#ADMIN_BIND_CONFIG}).
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final StatusSampler sampler;
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminServer(HttpServer server, ExecutorService executor, StatusSampler sampler) {
        this.server = server;
        this.executor = executor;
        this.sampler = sampler;
        this.url = url(server.getAddress());
    }

    /**
     * Starts the endpoint as {@code config} says, or nothing when {@value
     * ScorerConfig#ADMIN_ENABLED_CONFIG} is false.
     *
     * @throws UncheckedIOException when the address cannot be bound, naming the keys to change
     */
    public static Optional<AdminServer> startIfEnabled(ScorerConfig config, AdminSources sources) {
        if (!config.getBoolean(ScorerConfig.ADMIN_ENABLED_CONFIG)) {
            LOG.info("Admin endpoint off ({}=false)", ScorerConfig.ADMIN_ENABLED_CONFIG);
            return Optional.empty();
        }
        return Optional.of(
                start(
                        config.getString(ScorerConfig.ADMIN_BIND_CONFIG),
                        config.getInt(ScorerConfig.ADMIN_PORT_CONFIG),
                        sources));
    }

    /**
     * Binds {@code bind:port} (port 0 picks a free one), starts sampling for the dashboard and
     * serves.
     *
     * @throws UncheckedIOException when the address cannot be bound, naming the keys to change
     */
    public static AdminServer start(String bind, int port, AdminSources sources) {
        return start(bind, port, sources, InstantSource.system());
    }

    static AdminServer start(String bind, int port, AdminSources sources, InstantSource clock) {
        InetSocketAddress address = new InetSocketAddress(bind, port);
        if (address.isUnresolved()) {
            throw new UncheckedIOException(
                    new IOException(
                            "Cannot start the admin endpoint: "
                                    + ScorerConfig.ADMIN_BIND_CONFIG
                                    + "="
                                    + bind
                                    + " does not resolve to an address of this machine"));
        }
        // Everything that can fail without a socket comes first, so a failure leaves none bound.
        ModelTimeline timeline = new ModelTimeline();
        StatusSampler sampler = new StatusSampler(sources, clock);
        AdminHandler handler = new AdminHandler(sources, timeline, sampler, clock);
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot start the admin endpoint on "
                            + bind
                            + ":"
                            + port
                            + " ("
                            + e.getMessage()
                            + "). Set "
                            + ScorerConfig.ADMIN_PORT_CONFIG
                            + "=0 for any free port, another "
                            + ScorerConfig.ADMIN_BIND_CONFIG
                            + ", or "
                            + ScorerConfig.ADMIN_ENABLED_CONFIG
                            + "=false to turn it off",
                    e);
        }
        sources.models().onSwap(timeline::swapped);
        ExecutorService executor = Executors.newFixedThreadPool(2, new DaemonThreads());
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        sampler.start();
        AdminServer admin = new AdminServer(server, executor, sampler);
        LOG.info(
                "Admin endpoint serving at {} (dashboard /, /health, /health/ready, /metrics,"
                        + " /models, /api/status)",
                admin.url);
        return admin;
    }

    /**
     * The base URL, ending in a slash: the dashboard. A wildcard bind is shown as 127.0.0.1, which
     * works from this machine.
     */
    public String url() {
        return url;
    }

    /** The port actually bound, useful when {@code 0} was asked for. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static String url(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        String host =
                address.isAnyLocalAddress()
                        ? InetAddress.getLoopbackAddress().getHostAddress()
                        : address.getHostAddress();
        if (address instanceof Inet6Address && !address.isAnyLocalAddress()) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + bound.getPort() + "/";
    }

    /** Stops sampling and serving; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sampler.close();
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Admin endpoint threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Admin endpoint at {} stopped", url);
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "scorer-admin-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
