package io.streamscorer.cli;

import io.streamscorer.registry.SchemaRegistryException;
import io.streamscorer.serde.AvroReadLimits;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code scorer} command line: the only place that starts, stops or exits the process.
 *
 * <pre>
 * scorer demo                      # embedded broker, registry, model and traffic
 * scorer run --config FILE         # score against a real cluster
 * scorer model push FILE.json      # publish a model version
 * scorer config docs               # every config key
 * </pre>
 */
@Command(
        name = "scorer",
        mixinStandardHelpOptions = true,
        versionProvider = ScorerCommand.Version.class,
        description =
                "Real-time fraud and alert scoring of Avro feature events on Kafka Streams:"
                        + " logistic models and small networks, swapped live and trained online.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            ModelCommand.class,
            ConfigCommand.class,
            BenchCommand.class,
            SchemasCommand.class,
            TopicsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ScorerCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its status, also when a signal stopped it. */
    public static void main(String[] args) {
        // Before anything decodes Avro, so Avro's own decoder also reads with our limits.
        AvroReadLimits.applyDefaults();
        int status = execute(args);
        ShutdownSignal.reportExitStatus(status);
        System.exit(status);
    }

    /** Runs the command line and returns its exit status, without exiting. */
    public static int execute(String... args) {
        return execute(
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                args);
    }

    /** Runs the command line writing to {@code out} and {@code err} (for tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new ScorerCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(ScorerCommand::handle);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof ConfigException) {
            err.println("Invalid configuration: " + e.getMessage());
            return 2;
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            err.println(cli.getCommandName() + ": " + e.getMessage());
            return 2;
        }
        // What goes wrong around a command rather than in our code: a file, the cluster, the
        // registry. One line saying what and why helps more than a stack trace.
        if (e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof KafkaException
                || e instanceof SchemaRegistryException) {
            err.println(cli.getCommandName() + ": " + causes(e));
            return 1;
        }
        e.printStackTrace(err);
        return 1;
    }

    /** The messages of {@code e} and its causes, outermost first, each said once. */
    static String causes(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message =
                    t instanceof NoSuchFileException
                            ? "no such file " + t.getMessage()
                            : t.getMessage() == null
                                    ? t.getClass().getSimpleName()
                                    : t.getMessage();
            if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(message)) {
                parts.add(message);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(": ", parts);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ScorerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"stream-scorer " + (v == null ? "(development build)" : v)};
        }
    }
}
