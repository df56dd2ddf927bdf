package io.streamscorer.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.config.ScorerConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code scorer run}: score against the Kafka cluster and schema registry in the config. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Start a scorer instance against a real Kafka cluster and Confluent-compatible schema registry.",
            "Run more instances with the same application.id to share the partitions.",
            "Stops cleanly on SIGTERM or Ctrl-C."
        })
final class RunCommand implements Callable<Integer> {
    // Kafka Streams' own close waits for its threads without a bound; a minute covers a commit.
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        ScorerConfig scorerConfig = config.load();
        try (ShutdownSignal signal = new ShutdownSignal(SHUTDOWN_GRACE);
                ScorerInstance instance =
                        new ScorerInstance(
                                scorerConfig,
                                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            instance.start();
            signal.await();
        }
        return 0;
    }
}
