package io.streamscorer.cli;

import java.io.PrintStream;

/**
 * The demo's status and the events that matter, as the output allows. On a terminal the status line
 * is redrawn in place at the bottom and each event takes a line of its own above it, so an event
 * never lands in the middle of the status; anywhere else (a pipe, a container's log) both are plain
 * lines. Thread-safe: the demo's loop draws the status while logging threads print events.
 */
final class StatusLine {
    // Carriage return, then ANSI "erase to the end of the line".
    private static final String CLEAR = "\r\u001b[K";

    private final PrintStream out;
    private final boolean inPlace;
    private String status = "";

    private StatusLine(PrintStream out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /** A status line redrawn in place, for a terminal. */
    static StatusLine inPlace(PrintStream out) {
        return new StatusLine(out, true);
    }

    /** Status and events as plain lines, for output that is not a terminal. */
    static StatusLine plain(PrintStream out) {
        return new StatusLine(out, false);
    }

    /** Whether the status is redrawn in place. */
    boolean isInPlace() {
        return inPlace;
    }

    /** Draws {@code line} in place of the current status. */
    synchronized void show(String line) {
        if (inPlace) {
            status = line;
            out.print(CLEAR + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints {@code event} on a line of its own above the status, then draws the status again. */
    synchronized void event(String event) {
        if (inPlace) {
            out.print(CLEAR + event + System.lineSeparator() + status);
        } else {
            out.println(event);
        }
        out.flush();
    }

    /** Ends the status line, so what is printed next starts on a fresh line. */
    synchronized void finish() {
        if (!status.isEmpty()) {
            out.println();
        }
        status = "";
        out.flush();
    }
}
