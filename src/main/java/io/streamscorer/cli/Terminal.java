package io.streamscorer.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Where a command writes for the person at the terminal: picocli's output stream of the command, so
 * tests can capture it and nothing else writes to {@code System.out}.
 */
@Command
final class Terminal {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The command's standard output. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** The command's error output. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }
}
