package io.streamscorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools Protocol with the JDK's own
 * WebSocket client: enough to load a page, evaluate JavaScript in it, collect uncaught exceptions
 * and take a screenshot. Each instance gets a fresh profile directory, removed on close, and all of
 * its processes are ended on close.
 */
final class HeadlessChromium implements AutoCloseable {
    /** The Debian package that provides the browser, for skip and failure messages. */
    static final String PACKAGE = "chromium";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path profile;
    private volatile WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> exceptions = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** The {@code chromium} executable on the PATH, if the package is installed. */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, "chromium"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts the browser on about:blank and attaches to its page, with the Runtime domain enabled
     * so that exceptions thrown by any page loaded afterwards are collected.
     */
    static HeadlessChromium launch(Path executable, Path logFile) throws IOException {
        Path profile = Files.createTempDirectory("scorer-chromium-");
        List<String> command =
                List.of(
                        executable.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--window-size=1280,1100",
                        "about:blank");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(logFile.toFile())
                        .start();
        try {
            int port = devToolsPort(process, profile, logFile);
            URI page = pageWebSocket(port);
            HeadlessChromium browser = new HeadlessChromium(process, profile);
            browser.socket =
                    HttpClient.newHttpClient()
                            .newWebSocketBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .buildAsync(page, browser.new Listener())
                            .get(15, TimeUnit.SECONDS);
            browser.call("Runtime.enable", JSON.createObjectNode());
            browser.call("Page.enable", JSON.createObjectNode());
            return browser;
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            stop(process);
            deleteTree(profile);
            throw new IOException(
                    "Could not drive headless Chromium; its output is in " + logFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            deleteTree(profile);
            throw new IOException("Interrupted while starting Chromium", e);
        }
    }

    /** Chromium writes the port it chose into the profile once DevTools listens. */
    private static int devToolsPort(Process process, Path profile, Path logFile)
            throws IOException, InterruptedException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "Chromium exited with "
                                + process.exitValue()
                                + ": "
                                + Files.readString(logFile, StandardCharsets.UTF_8));
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("Chromium did not open its DevTools port within 30 s");
    }

    private static URI pageWebSocket(int port) throws IOException, InterruptedException {
        HttpResponse<String> list =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:" + port + "/json/list"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(list.body())) {
            if ("page".equals(target.path("type").asText())) {
                return URI.create(target.get("webSocketDebuggerUrl").asText());
            }
        }
        throw new IOException("Chromium lists no page target: " + list.body());
    }

    /** Loads {@code url} in the page. */
    void navigate(String url) {
        ObjectNode params = JSON.createObjectNode();
        params.put("url", url);
        JsonNode result = call("Page.navigate", params);
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException(
                    "Chromium could not load " + url + ": " + result.get("errorText").asText());
        }
    }

    /** Evaluates {@code expression} in the page and returns its value as text (null if none). */
    String evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode();
        params.put("expression", expression);
        params.put("returnByValue", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException(
                    "Evaluating `" + expression + "` threw: " + result.get("exceptionDetails"));
        }
        JsonNode value = result.path("result").path("value");
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** The text of the element with id {@code id}, or null if there is none. */
    String text(String id) {
        return evaluate(
                "(() => { const e = document.getElementById('"
                        + id
                        + "'); return e ? e.textContent : null; })()");
    }

    /** A PNG of the viewport. */
    byte[] screenshot() {
        ObjectNode params = JSON.createObjectNode();
        params.put("format", "png");
        return Base64.getDecoder()
                .decode(call("Page.captureScreenshot", params).get("data").asText());
    }

    /** Uncaught exceptions the page has thrown since launch. */
    List<String> exceptions() {
        return new ArrayList<>(exceptions);
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params);
        try {
            socket.sendText(JSON.writeValueAsString(message), true)
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode response = reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new IllegalStateException(method + " failed: " + response.get("error"));
            }
            return response.path("result");
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer from Chromium", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method, e);
        } finally {
            pending.remove(id);
        }
    }

    private void receive(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Chromium sent something that is not JSON", e);
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
        } else if ("Runtime.exceptionThrown".equals(message.path("method").asText())) {
            JsonNode details = message.path("params").path("exceptionDetails");
            exceptions.add(
                    details.path("exception")
                            .path("description")
                            .asText(details.path("text").asText()));
        }
    }

    /** Reassembles frames into messages; DevTools replies (screenshots) span many frames. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                receive(message);
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
        stop(process);
        deleteTree(profile);
    }

    /** Ends the browser and every process it started. */
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the Chromium profile " + root, e);
        }
    }
}
