package io.streamscorer.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller), started in
 * this JVM. It backs the embedded default ({@code scorer demo}) and every integration test, so both
 * run against the broker users run, without Docker.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
 *     broker.createTopic("scorer.features", 4, Map.of());
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final Path logDir;
    private final String bootstrapServers;
    private final String saslBootstrapServers;

    private EmbeddedKafkaBroker(
            KafkaRaftServer server,
            Path logDir,
            String bootstrapServers,
            String saslBootstrapServers) {
        this.server = server;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
        this.saslBootstrapServers = saslBootstrapServers;
    }

    /** Starts a broker in a fresh temporary directory that is deleted on {@link #close()}. */
    public static EmbeddedKafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Starts a broker in a fresh temporary directory with, besides its plaintext listener, a
     * SASL_PLAINTEXT listener accepting the PLAIN mechanism for {@code users} (name to password),
     * to check that clients' security settings pass through.
     */
    public static EmbeddedKafkaBroker startWithSaslPlain(Map<String, String> users) {
        return start(users);
    }

    private static EmbeddedKafkaBroker start(Map<String, String> saslUsers) {
        Path logDir;
        try {
            logDir = Files.createTempDirectory("scorer-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary log directory", e);
        }
        int brokerPort = freePort();
        int controllerPort = freePort();
        int saslPort = saslUsers.isEmpty() ? -1 : freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String sasl = saslUsers.isEmpty() ? "" : ",SASL_PLAINTEXT://127.0.0.1:" + saslPort;
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort
                        + sasl);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + sasl);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT");
        if (!saslUsers.isEmpty()) {
            StringBuilder jaas =
                    new StringBuilder(
                            "org.apache.kafka.common.security.plain.PlainLoginModule required");
            saslUsers.forEach(
                    (user, password) ->
                            jaas.append(" user_")
                                    .append(user)
                                    .append("=\"")
                                    .append(password)
                                    .append('"'));
            props.put("sasl.enabled.mechanisms", "PLAIN");
            props.put(
                    "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                    jaas.append(';').toString());
        }
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        // One node: every internal topic must fit on it, and transactions must work at once.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        // Small, quiet and quick on shared 2-core machines.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));

        try {
            Path config = Files.createTempFile("scorer-kafka-", ".properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "embedded KRaft broker");
            }
            format(config);
            Files.delete(config);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the broker configuration", e);
        }

        long started = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(
                        server,
                        logDir,
                        bootstrap,
                        saslUsers.isEmpty() ? null : "127.0.0.1:" + saslPort);
        broker.awaitReady();
        LOG.info(
                "Embedded Kafka broker (KRaft) ready at {} in {} ms, log dir {}",
                bootstrap,
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                logDir);
        return broker;
    }

    private static void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            String[] args = {
                "format",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                config.toString(),
                "--ignore-formatted"
            };
            rc = StorageTool.execute(args, print);
        }
        if (rc != 0) {
            throw new IllegalStateException(
                    "Formatting the KRaft log directory failed: "
                            + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get();
                    admin.listTopics().names().get();
                    return;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "Embedded broker did not become ready within 60 s", e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
    }

    /** The {@code bootstrap.servers} value for clients of this broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The SASL_PLAINTEXT listener's {@code bootstrap.servers}, or null if it has none. */
    public String saslBootstrapServers() {
        return saslBootstrapServers;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(
                Map.<String, Object>of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        30_000));
    }

    /**
     * Creates a topic with replication factor 1 and waits until clients can see it; an existing
     * topic is left as it is.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(
                                List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                        .all()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + name, e.getCause());
                }
            }
            TopicsVisible.await(admin, List.of(name), Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        new TemporaryDirectory(logDir).close();
        LOG.info("Embedded Kafka broker at {} stopped", bootstrapServers);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port", e);
        }
    }
}
