package io.streamscorer.admin;

import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import io.streamscorer.topology.ServedModel;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Models and a hand-driven clock for the admin tests. */
final class AdminFixtures {
    private AdminFixtures() {}

    static LogisticModel model(String name, long generation, long step) {
        return LogisticModel.builder(name, new ModelVersion(generation, step))
                .features(List.of("amount_log", "merchant_risk", "new_device"))
                .head("fraud", new double[] {0.7, 1.8, 1.2}, -6.6, 0.2)
                .head("chargeback", new double[] {0.1, 0.4, 0.3}, -3.0, 0.5)
                .build();
    }

    /** {@code model(...)} as an operator's deploy, created a minute before it is served. */
    static ServedModel served(String name, long generation, long step, Instant servedSince) {
        return served(name, generation, step, servedSince, "operator", false);
    }

    static ServedModel served(
            String name,
            long generation,
            long step,
            Instant servedSince,
            String origin,
            boolean learningPaused) {
        return new ServedModel(
                model(name, generation, step),
                learningPaused,
                origin,
                servedSince.minusSeconds(60),
                servedSince,
                null);
    }

    /** A clock that moves only when told to. */
    static final class ManualClock implements InstantSource {
        private final AtomicReference<Instant> now;

        ManualClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advanceMillis(long millis) {
            now.updateAndGet(t -> t.plusMillis(millis));
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
