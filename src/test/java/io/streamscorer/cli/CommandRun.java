package io.streamscorer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the scorer's command line in the test's JVM, as a user would type it, with its exit
 * status and what it printed.
 */
record CommandRun(int status, String out, String err) {
    /** Runs {@code scorer ARGS...}. */
    static CommandRun scorer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status =
                ScorerCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CommandRun(status, out.toString(), err.toString());
    }
}
