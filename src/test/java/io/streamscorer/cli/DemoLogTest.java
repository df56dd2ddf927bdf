package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class DemoLogTest {
    private static final Logger KAFKA_CLIENT =
            LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient");
    private static final Logger MODEL_SWAPS =
            LoggerFactory.getLogger("io.streamscorer.topology.ApplyModelProcessor");
    private static final Logger SCORER_INSTANCE =
            LoggerFactory.getLogger("io.streamscorer.runtime.ScorerInstance");

    @TempDir Path directory;

    private final TerminalScreen screen = new TerminalScreen();

    @Test
    void shouldShowTheEventsThatMatterAboveTheStatusAndEverythingInTheFile() throws Exception {
        Path logFile = directory.resolve("demo.log");
        StatusLine status = StatusLine.inPlace(screen.out());

        DemoLog log = DemoLog.redirect(logFile, status);
        try {
            status.show("events 100 scored 100");
            KAFKA_CLIENT.warn("Error while fetching metadata: UNKNOWN_TOPIC_OR_PARTITION");
            SCORER_INSTANCE.info("Topology built: 3 sub-topologies");
            MODEL_SWAPS.info("Serving model fraud v2");
            SCORER_INSTANCE.warn("Registry unreachable; retrying");
            status.show("events 200 scored 200");
        } finally {
            log.close();
        }

        assertThat(screen.lines()).hasSize(3).last().isEqualTo("events 200 scored 200");
        assertThat(screen.lines().get(0)).endsWith(" Serving model fraud v2");
        assertThat(screen.lines().get(1)).endsWith(" WARN Registry unreachable; retrying");
        assertThat(Files.readString(logFile))
                .contains("UNKNOWN_TOPIC_OR_PARTITION")
                .contains("Topology built: 3 sub-topologies")
                .contains("Serving model fraud v2")
                .contains("Registry unreachable; retrying");
    }

    @Test
    void shouldPutTheConsoleLoggingBackWhenClosed() throws Exception {
        Path logFile = directory.resolve("demo.log");
        StatusLine status = StatusLine.inPlace(screen.out());

        DemoLog.redirect(logFile, status).close();
        MODEL_SWAPS.info("Serving model fraud v3");

        assertThat(screen.lines()).containsExactly("");
        assertThat(Files.readString(logFile)).doesNotContain("fraud v3");
    }
}
