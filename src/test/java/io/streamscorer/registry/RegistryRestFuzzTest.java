package io.streamscorer.registry;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzzes the embedded registry's REST handler with sequences of requests against a fresh in-memory
 * registry, so that a request can meet what an earlier one registered or deleted. The documented
 * refusals are 4xx answers with Confluent's error body; a 5xx answer, an exception out of the
 * handler, a second or missing response or a body that is not JSON are findings.
 *
 * <p>An input is text: requests separated by lines {@code ----}, each a line {@code METHOD TARGET}
 * (path and query, as in an HTTP request line) and the body after it. Seeds: {@code
 * RegistryRestFuzzTestInputs/} in the test resources, valid requests of each route.
 */
class RegistryRestFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEPARATOR = Pattern.compile("\n----\n");
    private static final int MAX_REQUESTS = 8;

    @FuzzTest(maxDuration = "5s")
    void shouldAnswerEveryRequestWithoutAServerError(byte[] data) throws IOException {
        RegistryRestHandler handler =
                new RegistryRestHandler(
                        new RegistryCore("fuzz://rest", new InMemoryRegistryStorage()).open(),
                        List.of());
        List<String> requests =
                SEPARATOR
                        .splitAsStream(new String(data, StandardCharsets.UTF_8))
                        .limit(MAX_REQUESTS)
                        .toList();
        for (String request : requests) {
            FakeExchange exchange = exchange(request);
            if (exchange != null) {
                handler.handle(exchange);
                check(request, exchange);
            }
        }
    }

    /**
     * The exchange {@code HttpServer} would hand the handler, or null if it would refuse itself.
     */
    private static FakeExchange exchange(String request) {
        int endOfLine = request.indexOf('\n');
        String line = endOfLine < 0 ? request : request.substring(0, endOfLine);
        String body = endOfLine < 0 ? "" : request.substring(endOfLine + 1);
        int space = line.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        try {
            URI target = new URI(line.substring(space + 1));
            if (target.getRawPath() == null || !target.getRawPath().startsWith("/")) {
                return null;
            }
            return new FakeExchange(
                    line.substring(0, space), target, body.getBytes(StandardCharsets.UTF_8));
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void check(String request, FakeExchange exchange) {
        int status = exchange.getResponseCode();
        if (exchange.responses() != 1) {
            throw new AssertionError(exchange.responses() + " responses to " + request);
        }
        if (status < 200 || status >= 500) {
            throw new AssertionError(
                    "status "
                            + status
                            + " for "
                            + request
                            + ": "
                            + new String(exchange.responseBytes(), StandardCharsets.UTF_8));
        }
        JsonNode body;
        try {
            body = JSON.readTree(exchange.responseBytes());
        } catch (IOException e) {
            throw new AssertionError("a body that is not JSON for " + request, e);
        }
        if (status >= 400 && !(body.has("error_code") && body.path("message").isTextual())) {
            throw new AssertionError("a refusal without Confluent's error body: " + body);
        }
    }
}
