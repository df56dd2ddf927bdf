package io.streamscorer.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry 3.3.3 (an independent implementation of Confluent's REST API), run as a child
 * process for integration tests: Maven unpacks its distribution into {@code
 * target/apicurio-registry} before the integration tests, and it needs a JDK 21 or newer, which
 * {@link ApicurioJdk} finds. Storage is in-memory, so every start is empty. See {@code
 * shared/REGISTRY-INTEROP.md}.
 *
 * <p>A test class starts one in {@code @BeforeAll} with {@link #startForTests(Path)}, which skips
 * the class (or fails it under CI) when no JDK 21 is found, and closes it in {@code @AfterAll}.
 */
public final class ApicurioRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final Path HOME = Path.of("target", "apicurio-registry");

    private final Process process;
    private final String url;
    private final Path log;
    private final Thread stopOnExit;

    private ApicurioRegistry(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
        // A test JVM that exits without close() (a timeout, a kill) must not leave Apicurio behind.
        this.stopOnExit = new Thread(process::destroyForcibly, "stop-apicurio-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * The Confluent-compatible base URL, {@code http://127.0.0.1:PORT/apis/ccompat/v7}: what a
     * client takes as {@code schema.registry.url}.
     */
    public String url() {
        return url;
    }

    /**
     * Starts the registry for a test class, on the JDK {@link ApicurioJdk} finds: without one, the
     * calling test is skipped, or fails under CI. Call it from {@code @BeforeAll}.
     *
     * @param workDir a folder of the test run for the registry's log and temporary files
     */
    public static ApicurioRegistry startForTests(Path workDir)
            throws IOException, InterruptedException {
        return start(ApicurioJdk.forThisMachine().requireJava(), workDir);
    }

    /** Starts the registry with {@code java} on a free loopback port and waits until it answers. */
    public static ApicurioRegistry start(Path java, Path workDir)
            throws IOException, InterruptedException {
        Path jar = HOME.resolve("quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar
                            + " is missing: Maven's pre-integration-test phase unpacks"
                            + " io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all there");
        }
        long started = System.nanoTime();
        int port = freePort();
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java.toString(),
                                "-Xms32m",
                                "-Xmx512m",
                                "-XX:+UseSerialGC",
                                "-XX:TieredStopAtLevel=1",
                                "-Dquarkus.http.host=127.0.0.1",
                                "-Dquarkus.http.port=" + port,
                                "-Dquarkus.management.host=127.0.0.1",
                                "-Dquarkus.management.port=0",
                                "-Dapicurio.storage.kind=sql",
                                "-Dapicurio.storage.sql.kind=h2",
                                "-Dapicurio.rules.global.compatibility=BACKWARD",
                                "-Dapicurio.rest.deletion.artifact.enabled=true",
                                "-Dapicurio.rest.deletion.artifact-version.enabled=true",
                                "-Dapicurio.rest.deletion.group.enabled=true",
                                "-Djava.io.tmpdir=" + tmp,
                                "-jar",
                                jar.toString()));
        Path log = workDir.resolve("apicurio.log");
        Process process =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        ApicurioRegistry registry =
                new ApicurioRegistry(process, "http://127.0.0.1:" + port + "/apis/ccompat/v7", log);
        try {
            registry.awaitReady();
            LOG.info(
                    "Apicurio Registry ready at {} in {} ms, on {}",
                    registry.url,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    java);
        } catch (IOException | InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(url + "/subjects")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Apicurio Registry exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Apicurio Registry not ready within 90 s: " + logTail());
    }

    private String logTail() throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.substring(Math.max(0, text.length() - 2_000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops the registry with SIGTERM, and kills it if it does not stop in time. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook stops the process anyway.
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
