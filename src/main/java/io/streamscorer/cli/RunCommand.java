package io.streamscorer.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.config.ScorerConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        ScorerConfig scorerConfig = config.load();
        CountDownLatch stopped = new CountDownLatch(1);
        try (ScorerInstance instance =
                new ScorerInstance(
                        scorerConfig, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "scorer-shutdown"));
            instance.start();
            stopped.await();
        }
        return 0;
    }
}
