package io.streamscorer.cli;

import io.streamscorer.config.ConfigDocs;
import io.streamscorer.config.ScorerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scorer config}: configuration helpers. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Configuration helpers.",
        subcommands = {ConfigCommand.Docs.class})
final class ConfigCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints every config key, generated from the config class. */
    @Command(
            name = "docs",
            mixinStandardHelpOptions = true,
            description =
                    "Print every scorer config key with type, default, valid values and meaning.")
    static final class Docs implements Callable<Integer> {
        @picocli.CommandLine.Mixin Terminal terminal;

        @Option(
                names = "--format",
                defaultValue = "markdown",
                description = "markdown (default), rst or html")
        String format;

        @Option(
                names = "--update",
                paramLabel = "FILE.md",
                description =
                        "Replace the table between the config-docs markers of this Markdown file (the README) instead of printing.")
        Path update;

        @Override
        public Integer call() throws IOException {
            if (update != null) {
                Files.writeString(
                        update,
                        ConfigDocs.replaceMarked(
                                Files.readString(update),
                                ConfigDocs.markdown(ScorerConfig.configDef())));
                terminal.out().println("Updated the config table in " + update);
                terminal.out().flush();
                return 0;
            }
            String doc =
                    switch (format) {
                        case "rst" -> ScorerConfig.configDef().toRst();
                        case "html" -> ScorerConfig.configDef().toHtml();
                        case "markdown" -> ConfigDocs.markdown(ScorerConfig.configDef());
                        default ->
                                throw new IllegalArgumentException(
                                        "--format must be markdown, rst or html, got " + format);
                    };
            terminal.out().print(doc);
            terminal.out().flush();
            return 0;
        }
    }
}
