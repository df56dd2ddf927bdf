package io.streamscorer.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal shows after the bytes written to {@link #out()}: it moves the cursor on a
 * carriage return, erases to the end of the line on {@code ESC [ K}, starts a line on a newline,
 * and overwrites from the cursor otherwise, as a VT100 does.
 */
final class TerminalScreen {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    PrintStream out() {
        return out;
    }

    /** The lines on the screen, the one holding the cursor last (empty if nothing is on it). */
    List<String> lines() {
        String written = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int cursor = 0;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (c == '\r') {
                cursor = 0;
            } else if (c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                cursor = 0;
            } else if (c == '\u001b' && written.startsWith("[K", i + 1)) {
                line.setLength(cursor);
                i += 2;
            } else if (c == '\u001b') {
                throw new AssertionError(
                        "An escape sequence a terminal test does not know at " + i);
            } else {
                if (cursor < line.length()) {
                    line.setCharAt(cursor, c);
                } else {
                    line.append(c);
                }
                cursor++;
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
