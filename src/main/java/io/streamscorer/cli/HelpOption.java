package io.streamscorer.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} alone, for commands whose own {@code --version} (of a model) rules out
 * picocli's standard help mixin, which would also claim {@code -V/--version}.
 */
final class HelpOption {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;
}
