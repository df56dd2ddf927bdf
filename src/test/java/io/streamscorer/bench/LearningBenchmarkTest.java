package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamscorer.model.LearnerSettings;
import io.streamscorer.model.OptimizerKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningBenchmarkTest {
    @TempDir Path dir;

    /** 300 rows: two unscaled informative features (hundreds and hundredths) and a noise one. */
    private CsvDataset tinyDataset() throws IOException {
        SplittableRandom random = new SplittableRandom(8);
        StringBuilder csv = new StringBuilder("label,amount,ratio,noise\n");
        for (int r = 0; r < 300; r++) {
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

    @Test
    void shouldLearnTheTinyDatasetProgressively() throws IOException {
        CsvDataset data = tinyDataset();

        LearningBenchmark.ReplayResult r =
                LearningBenchmark.replay(
                        data, "adam", LearnerSettings.defaults(OptimizerKind.ADAM));

        assertThat(r.rows()).isEqualTo(300);
        assertThat(r.logLoss()).isLessThan(Math.log(2));
        assertThat(r.logLossLast30()).isLessThan(r.logLoss());
        assertThat(r.aucLast30()).isGreaterThan(0.85);
        assertThat(r.accuracyLast30()).isGreaterThan(0.75);
        assertThat(r.refused()).isZero();
    }

    @Test
    void shouldComeWithinTheTargetOfTheCeilingWithNewton() throws IOException {
        CsvDataset data = tinyDataset();

        LearningBenchmark.ReplayResult r =
                LearningBenchmark.replay(
                        data, "newton", LearnerSettings.defaults(OptimizerKind.NEWTON));
        LearningBenchmark.CeilingResult c = LearningBenchmark.ceiling(data);

        assertThat(r.logLossLast30()).isLessThan(c.logLoss() * LearningReport.CEILING_TARGET);
        assertThat(r.refused()).isZero();
    }

    @Test
    void shouldGiveTheSameFiguresOnEveryReplay() throws IOException {
        CsvDataset data = tinyDataset();
        LearnerSettings settings = LearnerSettings.defaults(OptimizerKind.FTRL);

        assertThat(LearningBenchmark.replay(data, "ftrl", settings))
                .isEqualTo(LearningBenchmark.replay(data, "ftrl", settings));
    }

    @Test
    void shouldFitTheCeilingOnTheFirstSeventyPercent() throws IOException {
        CsvDataset data = tinyDataset();

        LearningBenchmark.CeilingResult c = LearningBenchmark.ceiling(data);

        assertThat(c.trainRows()).isEqualTo(210);
        assertThat(c.testRows()).isEqualTo(90);
        assertThat(c.converged()).isTrue();
        assertThat(c.logLoss()).isLessThan(0.5);
        assertThat(c.auc()).isGreaterThan(0.85);
    }

    @Test
    void shouldCountEventsUntilThePostDriftWindowIsBackAtTheTarget() {
        double[] values = {9, 9, 9, 9, 3, 3, 1, 1, 1, 1};

        // windows of 2 after index 4: [3,3]=3, [3,1]=2, [1,1]=1 <= 1.5 at the 4th event
        assertThat(LearningBenchmark.recovery(values, 4, 2, 1.5)).isEqualTo(4);
        assertThat(LearningBenchmark.recovery(values, 4, 2, 0.5)).isEqualTo(-1);
        // the first full window only: never earlier than the window length
        assertThat(LearningBenchmark.recovery(values, 4, 2, 100)).isEqualTo(2);
    }

    @Test
    void shouldMeasureDriftOnAShortSyntheticStream() {
        LearningBenchmark.DriftResult r =
                LearningBenchmark.drift(
                        "sgd", LearnerSettings.defaults(OptimizerKind.SGD), 1, 6000, 3000, 1000);

        assertThat(r.preDriftLogLoss()).isBetween(r.bayesPreDrift(), 0.2);
        assertThat(r.peakLogLossAfterDrift()).isGreaterThan(0);
        assertThat(r.recoveryEvents()).isBetween(-1, 3000);
        assertThat(r.bayesPostDrift()).isPositive();
    }

    @Test
    void shouldRefuseADriftWithoutFullWindowsOnBothSides() {
        LearnerSettings settings = LearnerSettings.defaults(OptimizerKind.SGD);

        assertThatThrownBy(() -> LearningBenchmark.drift("sgd", settings, 1, 1500, 1000, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("full window");
    }

    @Test
    void shouldReportEveryOptimizerBesideTheCeiling() throws IOException {
        CsvDataset data = tinyDataset();
        StringWriter text = new StringWriter();

        LearningReport.run(
                List.of(data),
                List.of(BenchOptimizer.SGD, BenchOptimizer.FTRL),
                List.of(Scaling.ONLINE, Scaling.TRAIN),
                null,
                new PrintWriter(text));

        String report = text.toString();
        assertThat(report).contains("### tiny, online scaling: 300 rows, 3 features");
        assertThat(report).contains("### tiny, train scaling: 300 rows, 3 features");
        assertThat(report).containsPattern("\\| sgd \\| 0\\.\\d{4} \\|");
        assertThat(report).containsPattern("\\| ftrl \\| 0\\.\\d{4} \\|");
        assertThat(report).contains("| ceiling: batch L2");
        assertThat(report).containsPattern("Best: (sgd|ftrl), last-30% log-loss");
        assertThat(report).doesNotContain("synthetic");
    }

    @Test
    void shouldReportDriftMediansPerOptimizer() {
        StringWriter text = new StringWriter();

        LearningReport.run(
                List.of(),
                List.of(BenchOptimizer.ADAM),
                List.of(Scaling.ONLINE),
                new LearningReport.DriftSetup(6000, 3000, 1000, List.of(1L, 2L, 3L)),
                new PrintWriter(text));

        String report = text.toString();
        assertThat(report).contains("### synthetic fraud stream: 6,000 events");
        assertThat(report).containsPattern("\\| adam \\| 0\\.\\d{4} \\| 0\\.\\d{4} \\|");
        assertThat(report).contains("seeds [1, 2, 3]");
    }

    @Test
    void shouldParseOptimizerNamesAndListTheKnownOnes() {
        assertThat(BenchOptimizer.parse(" SGD-InvScaling "))
                .isEqualTo(BenchOptimizer.SGD_INVSCALING);
        assertThatThrownBy(() -> BenchOptimizer.parse("rmsprop"))
                .hasMessageContaining("known: sgd, sgd-invscaling, adagrad, adam, ftrl, newton");
    }

    @Test
    void shouldScaleWithTheTrainingRowsStatisticsWhenAsked() throws IOException {
        CsvDataset data = tinyDataset();
        var settings = BenchOptimizer.NEWTON.settings();

        var online = LearningBenchmark.replay(data, "newton", settings, Scaling.ONLINE);
        var train = LearningBenchmark.replay(data, "newton", settings, Scaling.TRAIN);

        assertThat(train.logLoss()).isNotEqualTo(online.logLoss());
        assertThat(train.rows()).isEqualTo(online.rows());
    }
}
