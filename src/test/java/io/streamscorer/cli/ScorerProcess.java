package io.streamscorer.cli;

import io.streamscorer.config.ScorerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A scorer in its own JVM, started from the packaged jar exactly as users run it ({@code java -jar
 * target/stream-scorer.jar run --config FILE}, or {@code demo}), so a test can kill it abruptly
 * (SIGKILL: no shutdown hook, no commit, no clean close) and start another, or stop it as an
 * orchestrator does and read its exit status. Closing it kills it if it still runs, and so does the
 * test JVM's exit, so that a failed or timed-out test leaves no scorer behind.
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
        try {
            Files.createDirectories(dir);
            Path configFile =
                    ScorerClusterFixture.propertiesFile(config, dir.resolve(name + ".properties"));
            return launch("-Xmx256m", List.of("run", "--config", configFile.toString()), dir, name);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the scorer's config file", e);
        }
    }

    /**
     * Starts {@code scorer demo} with {@code options} in the repository root (it reads {@code
     * config/} there, as a user runs it), logging to a file in {@code dir}. It runs a broker of its
     * own, so it needs more heap than {@code run}.
     */
    static ScorerProcess startDemo(Path dir, String name, String... options) {
        List<String> args = new ArrayList<>(List.of("demo"));
        args.addAll(List.of(options));
        return launch("-Xmx512m", args, dir, name);
    }

    private static ScorerProcess launch(String heap, List<String> args, Path dir, String name) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(
                    JAR + " is missing: integration tests run after package");
        }
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                heap,
                                "-XX:+UseSerialGC",
                                "-XX:TieredStopAtLevel=1",
                                "-jar",
                                JAR.toString()));
        command.addAll(args);
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            Process process =
                    new ProcessBuilder(command)
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

    /** What it has written so far, standard output and the log together. */
    String output() throws IOException {
        return Files.readString(log);
    }

    /**
     * Waits until it exits on its own.
     *
     * @return its exit status
     * @throws IllegalStateException when it still runs after {@code timeout}
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Still running after " + timeout + "; see " + log);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /**
     * Stops it cleanly (SIGTERM), as an orchestrator does, killing it if it has not exited a minute
     * later.
     *
     * @return its exit status
     */
    int stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        LIVE.remove(process);
        return process.exitValue();
    }
}
