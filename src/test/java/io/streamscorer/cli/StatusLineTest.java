package io.streamscorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusLineTest {
    private final TerminalScreen screen = new TerminalScreen();

    @Test
    void shouldRedrawTheStatusInPlaceWithNothingOfTheLongerOneLeft() {
        StatusLine status = StatusLine.inPlace(screen.out());

        status.show("events 1,000,000 scored 999,999 dead letters 15");
        status.show("events 12 scored 12");

        assertThat(screen.lines()).containsExactly("events 12 scored 12");
    }

    @Test
    void shouldPrintAnEventOnALineOfItsOwnAboveTheStatus() {
        StatusLine status = StatusLine.inPlace(screen.out());

        status.show("events 100 scored 98 dead letters 15");
        status.event("07:41:02 Serving fraud v2");
        status.show("events 200 scored 197 dead letters 15");

        assertThat(screen.lines())
                .containsExactly(
                        "07:41:02 Serving fraud v2", "events 200 scored 197 dead letters 15");
    }

    @Test
    void shouldEndTheStatusLineSoWhatFollowsStartsOnAFreshLine() {
        StatusLine status = StatusLine.inPlace(screen.out());

        status.show("events 100");
        status.finish();
        screen.out().print("Stopping");

        assertThat(screen.lines()).containsExactly("events 100", "Stopping");
    }

    @Test
    void shouldWritePlainLinesWhenTheOutputIsNotATerminal() {
        StatusLine status = StatusLine.plain(screen.out());

        status.show("events 100");
        status.event("Serving fraud v2");
        status.show("events 200");
        status.finish();

        assertThat(screen.lines())
                .containsExactly("events 100", "Serving fraud v2", "events 200", "");
        assertThat(status.isInPlace()).isFalse();
    }
}
