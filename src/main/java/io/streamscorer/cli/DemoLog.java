package io.streamscorer.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The demo's log while it runs on a terminal: every line goes to a file, and the terminal shows
 * only the events that matter above the {@link StatusLine} (model swaps and refusals, learned
 * versions and the gate's decisions, and any warning of the scorer's own), so the status is not
 * buried under the expected chatter of an embedded broker starting up. Closing it puts the console
 * logging back.
 */
final class DemoLog implements AutoCloseable {
    private static final String PATTERN =
            "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    // The scorer's loggers whose INFO lines are events an operator watching the demo wants.
    private static final Set<String> EVENT_LOGGERS =
            Set.of(
                    "io.streamscorer.topology.ApplyModelProcessor",
                    "io.streamscorer.topology.LearnProcessor");

    private final Logger root;
    private final List<Appender<ILoggingEvent>> consoleAppenders = new ArrayList<>();
    private final FileAppender<ILoggingEvent> file;
    private final Appender<ILoggingEvent> terminal;

    private DemoLog(Path logFile, StatusLine status) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            consoleAppenders.add(it.next());
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        file = new FileAppender<>();
        file.setContext(context);
        file.setName("demo-file");
        file.setFile(logFile.toString());
        file.setEncoder(encoder);
        file.start();
        terminal = new EventAppender(status);
        terminal.setContext(context);
        terminal.start();
        root.addAppender(file);
        root.addAppender(terminal);
        consoleAppenders.forEach(root::detachAppender);
    }

    /** Sends the log to {@code logFile} and the events that matter to {@code status}. */
    static DemoLog redirect(Path logFile, StatusLine status) {
        return new DemoLog(logFile, status);
    }

    /** Whether the terminal shows {@code event}. */
    static boolean matters(ILoggingEvent event) {
        String logger = event.getLoggerName();
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            return true;
        }
        if (!logger.startsWith("io.streamscorer.")) {
            return false;
        }
        return event.getLevel().isGreaterOrEqual(Level.WARN) || EVENT_LOGGERS.contains(logger);
    }

    @Override
    public void close() {
        consoleAppenders.forEach(root::addAppender);
        root.detachAppender(terminal);
        root.detachAppender(file);
        terminal.stop();
        file.stop();
    }

    private static final class EventAppender extends AppenderBase<ILoggingEvent> {
        private final StatusLine status;

        EventAppender(StatusLine status) {
            this.status = status;
            setName("demo-terminal");
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (matters(event)) {
                String level =
                        event.getLevel().isGreaterOrEqual(Level.WARN) ? event.getLevel() + " " : "";
                status.event(
                        TIME.format(event.getInstant())
                                + " "
                                + level
                                + event.getFormattedMessage());
            }
        }
    }
}
