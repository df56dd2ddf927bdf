package io.streamscorer.cli;

import static io.streamscorer.cli.CommandRun.scorer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as a user meets it: help everywhere, and one-line errors. */
class ScorerCommandTest {

    private static void collect(CommandLine command, List<String> path, List<List<String>> all) {
        all.add(path);
        command.getSubcommands()
                .forEach(
                        (name, sub) -> {
                            if (!name.equals("help")) {
                                List<String> next = new ArrayList<>(path);
                                next.add(name);
                                collect(sub, next, all);
                            }
                        });
    }

    @Test
    void shouldPrintUsageForEveryCommandWithHelp() {
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new ScorerCommand()), List.of(), commands);
        assertThat(commands).hasSizeGreaterThan(15);

        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CommandRun run = scorer(args.toArray(String[]::new));

            assertThat(run.status()).as("%s: %s", args, run.err()).isZero();
            assertThat(run.out())
                    .as("%s", args)
                    .startsWith(
                            "Usage: scorer"
                                    + (command.isEmpty() ? "" : " ")
                                    + String.join(" ", command));
        }
    }

    @Test
    void shouldSummariseEveryCommandInAWholeSentence() {
        List<List<String>> commands = new ArrayList<>();
        CommandLine root = new CommandLine(new ScorerCommand());
        collect(root, List.of(), commands);

        for (List<String> command : commands) {
            CommandLine cli = root;
            for (String name : command) {
                cli = cli.getSubcommands().get(name);
            }
            // A parent's command list shows the first description line alone.
            String[] description = cli.getCommandSpec().usageMessage().description();
            assertThat(description).as("%s", command).isNotEmpty();
            assertThat(description[0]).as("%s", command).endsWith(".");
        }
    }

    @Test
    void shouldReportAMissingFileInOneLineNamingIt() {
        CommandRun run = scorer("model", "validate", "no-such-model.json");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().strip())
                .contains("no-such-model.json")
                .contains("no such file")
                .doesNotContain("\tat ")
                .doesNotContain("\n");
    }

    @Test
    void shouldRefuseAMisspeltScorerKeyOnTheCommandLine() {
        CommandRun run =
                scorer(
                        "model",
                        "show",
                        "--set",
                        "bootstrap.servers=localhost:1",
                        "--set",
                        "schema.registry.url=mock://cli-test",
                        "--set",
                        "application.id=cli-test",
                        "--set",
                        "scorer.topic.modles=x");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("scorer.topic.modles")
                .contains("did you mean scorer.topic.models?");
    }
}
