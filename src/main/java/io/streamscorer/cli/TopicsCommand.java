package io.streamscorer.cli;

import io.streamscorer.config.ScorerConfig;
import io.streamscorer.runtime.TopicSetup;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scorer topics}: the scorer's topics on a real cluster. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Create the scorer's topics on the cluster in the config.",
        subcommands = {TopicsCommand.Create.class})
final class TopicsCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code scorer topics create}: creates the missing topics, leaves existing ones alone. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create every topic the config names that does not exist yet, with the settings the"
                        + " scorer relies on: features, scores, feedback and dead letters with"
                        + " --partitions partitions (dead letters kept 30 days); the control topic"
                        + " compacted with one partition; the model history kept forever with one"
                        + " partition. Existing topics are left as they are.",
                "Partitions cap the instances times num.stream.threads that share the work. With"
                        + " scorer.feedback.remember.features on, feedback must have as many"
                        + " partitions as features, and neither count may change later."
            })
    static final class Create implements Callable<Integer> {
        @Mixin ConfigOptions config;
        @Mixin Terminal terminal;

        @Option(
                names = "--partitions",
                required = true,
                description =
                        "Partitions of the features, scores, feedback and dead-letter topics.")
        int partitions;

        @Option(
                names = "--replication",
                defaultValue = "3",
                description = "Replication factor of every topic (default ${DEFAULT-VALUE}).")
        short replication;

        @Override
        public Integer call() throws InterruptedException {
            if (partitions < 1 || replication < 1) {
                throw new IllegalArgumentException(
                        "--partitions and --replication must be at least 1");
            }
            ScorerConfig scorerConfig = config.loadForTool();
            try (Admin admin = Admin.create(scorerConfig.clientProperties())) {
                List<String> created =
                        TopicSetup.create(admin, scorerConfig, partitions, replication);
                terminal.out()
                        .println(
                                created.isEmpty()
                                        ? "Every topic already exists."
                                        : "Created " + String.join(", ", created) + ".");
            }
            return 0;
        }
    }
}
