package io.streamscorer.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The {@code /metrics} body: the Prometheus text format (0.0.4), or OpenMetrics when the scraper
 * asks for it, written by Micrometer's Prometheus registry.
 */
final class PrometheusScrape {
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private PrometheusScrape() {}

    /** The Prometheus registry in {@code meters}, itself or inside a composite. */
    static Optional<PrometheusMeterRegistry> find(MeterRegistry meters) {
        if (meters instanceof PrometheusMeterRegistry prometheus) {
            return Optional.of(prometheus);
        }
        if (meters instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry member : composite.getRegistries()) {
                Optional<PrometheusMeterRegistry> found = find(member);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The format to answer a scraper's {@code Accept} header with: OpenMetrics when it names it (as
     * Prometheus itself does first), the classic text format otherwise.
     */
    static String contentType(String accept) {
        return accept != null && accept.contains("application/openmetrics-text")
                ? OPEN_METRICS
                : TEXT_FORMAT;
    }

    /** Every meter of {@code registry} in {@code contentType}, one of this class's formats. */
    static byte[] scrape(PrometheusMeterRegistry registry, String contentType) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            registry.scrape(out, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to an in-memory buffer", e);
        }
        return out.toByteArray();
    }
}
