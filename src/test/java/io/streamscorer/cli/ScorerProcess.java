package io.streamscorer.cli;

import io.streamscorer.config.ScorerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A scorer in its own JVM, started from the packaged jar exactly as users run it ({@code java -jar
 * target/stream-scorer.jar run --config FILE}), so a test can kill it abruptly (SIGKILL: no
 * shutdown hook, no commit, no clean close) and start another. Closing it kills it if it still
 * runs, and so does the test JVM's exit, so that a failed or timed-out test leaves no scorer
 * behind.
 */
final class ScorerProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "stream-scorer.jar");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> LIVE.forEach(Process::destroyForcibly),
                                "scorer-process-reaper"));
    }

    private final Process process;
    private final Path log;

    private ScorerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code scorer run} with {@code config}, logging to a file in {@code dir}. */
    static ScorerProcess start(ScorerConfig config, Path dir, String name) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(
                    JAR + " is missing: integration tests run after package");
        }
        try {
            Files.createDirectories(dir);
            Path configFile =
                    ScorerClusterFixture.propertiesFile(config, dir.resolve(name + ".properties"));
            Path log = dir.resolve(name + ".log");
            Process process =
                    new ProcessBuilder(
                                    List.of(
                                            Path.of(System.getProperty("java.home"), "bin", "java")
                                                    .toString(),
                                            "-Xmx256m",
                                            "-XX:+UseSerialGC",
                                            "-XX:TieredStopAtLevel=1",
                                            "-jar",
                                            JAR.toString(),
                                            "run",
                                            "--config",
                                            configFile.toString()))
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            LIVE.add(process);
            return new ScorerProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a scorer process", e);
        }
    }

    /** Kills the JVM at once, as a crash or an OOM-killer would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        LIVE.remove(process);
    }

    /** Kills it if it still runs: the end of every test that started it, passed or not. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Stops it cleanly (SIGTERM), as an orchestrator does. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        LIVE.remove(process);
    }
}
