package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.config.ScorerConfig;
import io.streamscorer.topology.LearnerPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningBenchmarkTest {
    @TempDir Path dir;

    /** 1,200 rows: two unscaled informative features (hundreds and hundredths) and a noise one. */
    private CsvDataset dataset() throws IOException {
        SplittableRandom random = new SplittableRandom(8);
        StringBuilder csv = new StringBuilder("label,amount,ratio,noise\n");
        for (int r = 0; r < 1200; r++) {
            double amount = random.nextDouble(0, 1000);
            double ratio = random.nextDouble(0, 0.05);
            double z = (amount - 500) / 150 + (ratio - 0.025) / 0.01;
            int label = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%.3f,%.6f,%.4f%n",
                            label,
                            amount,
                            ratio,
                            random.nextDouble(-1, 1)));
        }
        return CsvDataset.read(Files.writeString(dir.resolve("tiny.csv"), csv.toString()));
    }

    private static LearnerPolicy defaults() {
        Map<String, Object> props = new HashMap<>();
        props.put(ScorerConfig.APPLICATION_ID_CONFIG, "bench-test");
        props.put(ScorerConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(ScorerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://bench-test");
        return LearnerPolicy.from(new ScorerConfig(props));
    }

    @Test
    void shouldLearnUnscaledFeaturesFromAColdStartAndServeWhatItLearned() throws IOException {
        CsvDataset data = dataset();

        LearningBenchmark.Replay cold = LearningBenchmark.cold(data, defaults());

        assertThat(cold.rows()).isEqualTo(1200);
        // within 10% of the offline fit on the first 70%, from a zero model and raw units
        assertThat(cold.learner()).isLessThan(1.1 * LearningBenchmark.ceiling(data));
        assertThat(cold.published()).isPositive();
        assertThat(cold.served()).isLessThan(Math.log(2));
        assertThat(cold.deployed()).isNaN();
    }

    @Test
    void shouldNeverServeWorseThanTheDeployedModelLeftAlone() throws IOException {
        CsvDataset data = dataset();

        LearningBenchmark.Replay deployed = LearningBenchmark.deployed(data, defaults());

        assertThat(deployed.served())
                .isLessThanOrEqualTo(deployed.deployed() * LearningReport.DEPLOYED_TARGET);
        assertThat(deployed.learner()).isLessThan(1.05 * deployed.deployed());
    }

    @Test
    void shouldReplayIdenticallyTwice() throws IOException {
        CsvDataset data = dataset();

        assertThat(LearningBenchmark.deployed(data, defaults()))
                .isEqualTo(LearningBenchmark.deployed(data, defaults()));
    }

    @Test
    void shouldCountEventsUntilTheWindowIsWithinTenPercentOfTheFloor() {
        double[] floor = {1, 1, 1, 1, 1, 1, 1, 1};
        double[] loss = {1, 1, 1, 1, 3, 1.2, 1.05, 1.1};

        assertThat(LearningBenchmark.recovery(loss, floor, 4, 2)).isEqualTo(4);
        assertThat(LearningBenchmark.recovery(loss, floor, 4, 1)).isEqualTo(3);
        assertThat(LearningBenchmark.recovery(new double[] {1, 1, 2, 2}, floor, 2, 1))
                .isEqualTo(-1);
    }

    @Test
    void shouldRecoverFromADriftThatLeavesTheDeployedModelStale() {
        LearningBenchmark.Drift r = LearningBenchmark.drift(defaults(), 1, 60_000, 30_000, 5_000);

        assertThat(r.served()).isLessThan(r.stale());
        assertThat(r.servedRecovery()).isPositive();
        assertThat(r.published()).isPositive();
    }

    @Test
    void shouldRefuseADriftWithoutWholeWindowsAroundIt() {
        assertThatThrownBy(() -> LearningBenchmark.drift(defaults(), 1, 1500, 1000, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two windows");
    }

    @Test
    void shouldReportColdAndDeployedFiguresBesideTheCeiling() throws IOException {
        StringWriter text = new StringWriter();

        LearningReport.run(List.of(dataset()), defaults(), null, new PrintWriter(text));

        String report = text.toString();
        assertThat(report).contains("Learner: NEWTON; publish gate on (200 labels per candidate");
        assertThat(report)
                .containsPattern(
                        "\\| tiny \\| 1200 \\| 0\\.\\d{4} \\| 0\\.\\d{4} \\| 0\\.\\d{4} \\|"
                                + " 0\\.\\d{4} \\| 0\\.\\d{4} \\| 0\\.\\d{4} \\| \\d\\.\\d{3} met \\|");
        assertThat(report).doesNotContain("Synthetic drift");
    }

    @Test
    void shouldReportDriftPerSeedAndTheirMedian() {
        StringWriter text = new StringWriter();

        LearningReport.run(
                List.of(),
                defaults(),
                new LearningReport.DriftSetup(24_000, 12_000, 3_000, List.of(1L, 2L, 3L)),
                new PrintWriter(text));

        String report = text.toString();
        assertThat(report).contains("Synthetic drift: 24,000 events");
        assertThat(report)
                .containsPattern("\\| 3 \\| 0\\.\\d{5} \\| 0\\.\\d{5} \\| 0\\.\\d{5} \\|");
        assertThat(report).contains("| median |");
    }
}
