package io.streamscorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamscorer.model.LogisticModel;
import io.streamscorer.model.ModelVersion;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The A/B split of a champion's entities between it and its challengers. */
class LineupTest {
    private static ServedModel served(String name, String challengerOf, double share) {
        LogisticModel model =
                LogisticModel.builder(name, new ModelVersion(1, 0))
                        .features(List.of("amount"))
                        .head("fraud", new double[] {1.0}, 0.0, 0.5)
                        .build();
        return new ServedModel(
                model, false, "test", Instant.EPOCH, Instant.EPOCH, null, challengerOf, share);
    }

    @Test
    void shouldGiveEachChallengerItsShareOfAHundredThousandEntitiesWithinAStatedTolerance() {
        Lineup lineup =
                new Lineup(
                        served("fraud", null, 0),
                        List.of(
                                served("fraud-b", "fraud", 0.10),
                                served("fraud-c", "fraud", 0.25)));
        int n = 100_000;
        int[] decided = new int[3];
        for (int e = 0; e < n; e++) {
            decided[lineup.decider("card-" + e) + 1]++;
        }
        // Binomial sd at n = 100,000 is under 0.0014; 0.006 is over 4 sd for every share.
        assertThat(decided[1] / (double) n)
                .isCloseTo(0.10, org.assertj.core.data.Offset.offset(0.006));
        assertThat(decided[2] / (double) n)
                .isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.006));
        assertThat(decided[0] / (double) n)
                .isCloseTo(0.65, org.assertj.core.data.Offset.offset(0.006));
    }

    @Test
    void shouldDecideForAnEntityWithTheSameModelEveryTime() {
        Lineup lineup =
                new Lineup(served("fraud", null, 0), List.of(served("fraud-b", "fraud", 0.5)));
        Lineup rebuilt =
                new Lineup(served("fraud", null, 0), List.of(served("fraud-b", "fraud", 0.5)));
        for (int e = 0; e < 1_000; e++) {
            int first = lineup.decider("acct-" + e);
            assertThat(lineup.decider("acct-" + e)).isEqualTo(first);
            assertThat(rebuilt.decider("acct-" + e)).isEqualTo(first);
        }
    }

    @Test
    void shouldLeaveEveryDecisionToTheChampionWhenChallengersOnlyShadow() {
        Lineup lineup =
                new Lineup(served("fraud", null, 0), List.of(served("fraud-b", "fraud", 0)));
        for (int e = 0; e < 1_000; e++) {
            assertThat(lineup.decider("card-" + e)).isEqualTo(-1);
        }
    }

    @Test
    void shouldCutSharesThatAddUpToMoreThanOneAtOne() {
        Lineup lineup =
                new Lineup(
                        served("fraud", null, 0),
                        List.of(served("fraud-b", "fraud", 0.8), served("fraud-c", "fraud", 0.8)));
        int n = 20_000;
        int[] decided = new int[3];
        for (int e = 0; e < n; e++) {
            decided[lineup.decider("card-" + e) + 1]++;
        }
        assertThat(decided[0]).isZero();
        assertThat(decided[1] / (double) n)
                .isCloseTo(0.8, org.assertj.core.data.Offset.offset(0.02));
        assertThat(decided[2] / (double) n)
                .isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.02));
    }
}
