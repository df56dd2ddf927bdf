package io.streamscorer.topology;

import io.streamscorer.avro.ScoreEvent;

/**
 * What the scorer made of one input record: a score for the scores topic, or a refusal whose
 * original bytes go to the dead-letter topic (its reason headers travel on the record).
 */
public sealed interface ScoringOutcome {

    /** Whether this is a score. */
    boolean isScore();

    /** The score, or null for a refusal. */
    ScoreEvent score();

    /** The refused record's original value bytes, or null for a score. */
    byte[] wire();

    /** A scored event. */
    record Scored(ScoreEvent score) implements ScoringOutcome {
        @Override
        public boolean isScore() {
            return true;
        }

        @Override
        public byte[] wire() {
            return null;
        }
    }

    /** A refused event and its original value bytes. */
    final class Refused implements ScoringOutcome {
        private final EventRejection reason;
        private final byte[] wire;

        Refused(EventRejection reason, byte[] wire) {
            this.reason = reason;
            this.wire = wire;
        }

        /** Why it was refused. */
        public EventRejection reason() {
            return reason;
        }

        @Override
        public byte[] wire() {
            return wire;
        }

        @Override
        public ScoreEvent score() {
            return null;
        }

        @Override
        public boolean isScore() {
            return false;
        }
    }
}
