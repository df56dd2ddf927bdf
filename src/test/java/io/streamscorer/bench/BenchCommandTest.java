package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.cli.BenchCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code bench learn} command line, exercised here beside the benchmark it drives. */
class BenchCommandTest {
    @TempDir Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldBenchmarkEveryCsvInADirectory() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "label,x\n1,2\n0,-1\n1,1.5\n0,-2\n1,3\n0,-1\n");
        Files.writeString(dir.resolve("b.csv"), "label,x\n0,2\n1,-1\n0,1.5\n1,-2\n0,3\n1,-1\n");
        Files.writeString(dir.resolve("notes.txt"), "not data");
        StringWriter out = new StringWriter();

        int status =
                run(
                        out,
                        new StringWriter(),
                        "learn",
                        "--data",
                        dir.toString(),
                        "--set",
                        "scorer.learning.optimizer=ADAM");

        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("Learner: ADAM; publish gate on")
                .containsPattern("\\| a \\| 6 \\|")
                .containsPattern("\\| b \\| 6 \\|")
                .doesNotContain("notes");
    }

    @Test
    void shouldFailWhenThereIsNothingToBenchmark() {
        StringWriter err = new StringWriter();

        int status = run(new StringWriter(), err, "learn");

        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("Nothing to benchmark");
    }

    @Test
    void shouldFailOnAnUnknownOptimizerNamingTheKey() throws IOException {
        Path file = Files.writeString(dir.resolve("a.csv"), "label,x\n1,2\n0,-1\n");
        StringWriter err = new StringWriter();

        int status =
                run(
                        new StringWriter(),
                        err,
                        "learn",
                        "--data",
                        file.toString(),
                        "--set",
                        "scorer.learning.optimizer=LBFGS");

        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("scorer.learning.optimizer").contains("LBFGS");
    }

    @Test
    void shouldRefuseToChangeAnythingButLearning() throws IOException {
        Path file = Files.writeString(dir.resolve("a.csv"), "label,x\n1,2\n0,-1\n");
        StringWriter err = new StringWriter();

        int status =
                run(
                        new StringWriter(),
                        err,
                        "learn",
                        "--data",
                        file.toString(),
                        "--set",
                        "scorer.reasons.top.k=5");

        assertThat(status).isNotZero();
        assertThat(err.toString()).contains("only scorer.learning.* keys");
    }
}
