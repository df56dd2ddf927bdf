package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReferenceBinsTest {
    private static double[] range(int n) {
        return IntStream.range(0, n).asDoubleStream().toArray();
    }

    @Test
    void shouldPutATenthOfAUniformSampleInEachDecile() {
        ReferenceBins bins = ReferenceBins.fromSample(range(1000), 1000, 10);

        assertThat(bins.bins()).isEqualTo(10);
        assertThat(bins.shares()).containsOnly(new double[] {0.1}, within(1e-12));
        assertThat(bins.bin(-5)).isZero();
        assertThat(bins.bin(99)).isZero();
        assertThat(bins.bin(99.5)).isEqualTo(1);
        assertThat(bins.bin(999)).isEqualTo(9);
        assertThat(bins.bin(1e9)).isEqualTo(9);
    }

    @Test
    void shouldMatchTheIndexComputedByHandWithEmptyBinsFloored() {
        // Ten values, ten bins: bin i holds exactly the value i, a tenth of the reference.
        ReferenceBins bins = ReferenceBins.fromSample(range(10), 10, 10);
        long[] counts = {3, 2, 1, 1, 1, 1, 1, 0, 0, 0};

        double floor = ReferenceBins.SHARE_FLOOR;
        double byHand =
                (0.3 - 0.1) * Math.log(0.3 / 0.1)
                        + (0.2 - 0.1) * Math.log(0.2 / 0.1)
                        + 3 * (floor - 0.1) * Math.log(floor / 0.1);

        assertThat(bins.psi(counts)).isCloseTo(byHand, within(1e-12));
    }

    @Test
    void shouldGiveZeroForTheReferenceItsHistogram() {
        ReferenceBins bins = ReferenceBins.fromSample(range(10), 10, 10);

        assertThat(bins.psi(new long[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7})).isZero();
    }

    @Test
    void shouldGiveARareFlagItsOwnBinSoThatItsRiseIsSeen() {
        double[] flags = new double[1000];
        for (int i = 0; i < 50; i++) {
            flags[i] = 1;
        }
        ReferenceBins bins = ReferenceBins.fromSample(flags, flags.length, 10);
        long[] halfSet = new long[bins.bins()];
        halfSet[bins.bin(0)] = 500;
        halfSet[bins.bin(1)] += 500;

        assertThat(bins.bin(0)).isNotEqualTo(bins.bin(1));
        assertThat(bins.psi(halfSet)).isGreaterThan(DriftMonitor.SIGNIFICANT_SHIFT);
    }

    @Test
    void shouldSeeAConstantFeatureMoveEitherWay() {
        double[] constant = new double[100];
        Arrays.fill(constant, 3.0);
        ReferenceBins bins = ReferenceBins.fromSample(constant, constant.length, 10);

        assertThat(bins.bins()).isEqualTo(3);
        assertThat(bins.bin(2.9)).isZero();
        assertThat(bins.bin(3.0)).isEqualTo(1);
        assertThat(bins.bin(3.1)).isEqualTo(2);
    }

    @Test
    void shouldReportNoIndexForAnEmptyHistogram() {
        ReferenceBins bins = ReferenceBins.fromSample(range(10), 10, 10);

        assertThat(bins.psi(new long[10])).isNaN();
    }

    @Test
    void shouldFindTheSameBinAsCountingTheEdgesBelow() {
        SplittableRandom random = new SplittableRandom(21);
        double[][] samples = {
            random.doubles(5_000).map(u -> random.nextGaussian()).toArray(),
            random.doubles(5_000).map(u -> Math.exp(4 * random.nextGaussian())).toArray(),
            random.doubles(5_000).map(u -> Math.floor(u * 4)).toArray(),
            random.doubles(5_000).map(u -> u < 0.97 ? 0 : 1e300).toArray()
        };
        for (double[] sample : samples) {
            ReferenceBins bins = ReferenceBins.fromSample(sample, sample.length, 10);
            double[] edges = bins.edges();
            List<Double> probes = new ArrayList<>();
            for (double e : edges) {
                probes.addAll(List.of(e, Math.nextDown(e), Math.nextUp(e)));
            }
            probes.addAll(
                    List.of(
                            Double.NEGATIVE_INFINITY,
                            Double.POSITIVE_INFINITY,
                            -Double.MAX_VALUE,
                            Double.MAX_VALUE));
            for (int i = 0; i < 10_000; i++) {
                probes.add(sample[random.nextInt(sample.length)] * random.nextDouble(0.5, 1.5));
            }
            for (double x : probes) {
                int below = 0;
                for (double e : edges) {
                    below += e < x ? 1 : 0;
                }
                assertThat(bins.bin(x)).as("bin of %s", x).isEqualTo(below);
            }
        }
    }
}
