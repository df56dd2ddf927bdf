package io.streamscorer.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamscorer.config.ScorerConfig;
import io.streamscorer.runtime.ScorerInstance;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code scorer run}: score against the Kafka cluster and schema registry in the config. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Start a scorer instance against a real Kafka cluster and Confluent-compatible schema registry.",
            "Run more instances with the same application.id to share the partitions.",
            "Stops cleanly on SIGTERM or Ctrl-C (exit status 0). Exits with status 1 if Kafka"
                    + " Streams stops on its own (state ERROR, for example a missing topic), so"
                    + " that an orchestrator restarts the instance."
        })
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    // Kafka Streams' own close waits for its threads without a bound; a minute covers a commit.
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    @Mixin ConfigOptions config;
    @Mixin Terminal terminal;

    @Override
    public Integer call() throws InterruptedException {
        ScorerConfig scorerConfig = config.load();
        try (ShutdownSignal signal = new ShutdownSignal(SHUTDOWN_GRACE);
                ScorerInstance instance =
                        new ScorerInstance(
                                scorerConfig,
                                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            instance.start();
            while (!signal.await(1, TimeUnit.SECONDS)) {
                KafkaStreams.State state = instance.state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                    LOG.error("Kafka Streams stopped on its own in state {}; exiting", state);
                    terminal.err()
                            .println(
                                    "run: Kafka Streams stopped in state "
                                            + state
                                            + " (the log says why); exiting with status 1 so"
                                            + " that the instance is restarted");
                    return 1;
                }
            }
        }
        return 0;
    }
}
