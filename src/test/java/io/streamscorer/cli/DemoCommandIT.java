package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scorer demo} in a JVM of its own, run from the repository root as the README says: its
 * broker, registry and topics are its own, so it shares nothing with other tests.
 */
@Timeout(240)
class DemoCommandIT {

    @Test
    void shouldExitWithStatusZeroWhenSigtermStopsItCleanly(@TempDir Path dir) throws Exception {
        try (ScorerProcess demo =
                ScorerProcess.startDemo(
                        dir,
                        "demo",
                        "--rate",
                        "100",
                        "--swap-after",
                        "0",
                        // Any free port: 8080, the demo's own, may be taken on a shared machine.
                        "--set",
                        "scorer.admin.port=0")) {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> demo.output().contains("Demo running"));

            int status = demo.stop();

            assertThat(status).as("exit status; output:%n%s", demo.output()).isZero();
            assertThat(demo.output())
                    .contains("Shutdown requested")
                    .contains("Scorer stopped")
                    .contains("exiting with status 0");
        }
    }
}
