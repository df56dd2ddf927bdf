package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {
    private static final int REFERENCE = 5_000;
    private static final int WINDOW = 5_000;
    private static final int SHIFTED = 2;

    private static final LogisticModel MODEL =
            LogisticModel.builder("fraud", new ModelVersion(1, 0))
                    .features(List.of("amount", "age", "velocity", "ratio"))
                    .head("fraud", new double[] {0.8, -0.3, 0.5, 0.1}, -3.0, 0.5)
                    .build();

    /** Scores standard normal events into the window, feature {@code SHIFTED} moved by shift. */
    private static void observe(
            DriftMonitor.Window window, SplittableRandom random, int events, double shift) {
        double[] x = new double[MODEL.dimension()];
        ScoringWorkspace workspace = new ScoringWorkspace();
        for (int t = 0; t < events; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian() + (i == SHIFTED ? shift : 0);
            }
            MODEL.score(x, workspace);
            window.observe(x, workspace);
        }
    }

    @Test
    void shouldRaiseTheIndexOfAFeatureShiftedByOneStandardDeviationWithinOneWindow() {
        DriftMonitor monitor = new DriftMonitor(MODEL, REFERENCE, WINDOW, 10);
        DriftMonitor.Window window = monitor.newWindow();
        SplittableRandom random = new SplittableRandom(15);
        observe(window, random, REFERENCE, 0);

        observe(window, random, WINDOW, 1.0);

        assertThat(monitor.psi(SHIFTED)).isGreaterThan(DriftMonitor.SIGNIFICANT_SHIFT);
        for (int i = 0; i < MODEL.dimension(); i++) {
            if (i != SHIFTED) {
                assertThat(monitor.psi(i))
                        .as(monitor.columnName(i))
                        .isLessThan(DriftMonitor.MODERATE_SHIFT);
            }
        }
    }

    @Test
    void shouldKeepEveryColumnOfAnUnchangedStreamBelowTheModerateLevel() {
        DriftMonitor monitor = new DriftMonitor(MODEL, REFERENCE, WINDOW, 10);
        DriftMonitor.Window window = monitor.newWindow();
        SplittableRandom random = new SplittableRandom(16);

        observe(window, random, REFERENCE + 3 * WINDOW, 0);

        assertThat(monitor.columns()).isEqualTo(5);
        assertThat(monitor.columnName(monitor.scoreColumn(0))).isEqualTo("_score.fraud");
        for (int c = 0; c < monitor.columns(); c++) {
            assertThat(monitor.psi(c))
                    .as(monitor.columnName(c))
                    .isLessThan(DriftMonitor.MODERATE_SHIFT);
        }
    }

    @Test
    void shouldSeeTheScoreShiftWhenAWeightedFeatureShifts() {
        DriftMonitor monitor = new DriftMonitor(MODEL, REFERENCE, WINDOW, 10);
        DriftMonitor.Window window = monitor.newWindow();
        SplittableRandom random = new SplittableRandom(17);
        observe(window, random, REFERENCE, 0);

        observe(window, random, WINDOW, 2.0);

        assertThat(monitor.psi(monitor.column("_score.fraud")))
                .isGreaterThan(DriftMonitor.SIGNIFICANT_SHIFT);
    }

    @Test
    void shouldReportNoIndexUntilTheReferenceAndOneWindowAreComplete() {
        DriftMonitor monitor = new DriftMonitor(MODEL, REFERENCE, WINDOW, 10);
        DriftMonitor.Window window = monitor.newWindow();
        SplittableRandom random = new SplittableRandom(18);

        observe(window, random, REFERENCE - 1, 0);
        assertThat(monitor.captured()).isEqualTo(REFERENCE - 1);
        assertThat(monitor.reference(0)).isNull();
        assertThat(monitor.psi(0)).isNaN();

        observe(window, random, 1 + WINDOW - 1, 0);
        assertThat(monitor.reference(0)).isNotNull();
        assertThat(monitor.windowed()).isEqualTo(WINDOW - 1);
        assertThat(monitor.psi(0)).isNaN();

        observe(window, random, 1, 0);
        assertThat(monitor.psi(0)).isNotNaN();
    }

    @Test
    void shouldAllocateNothingPerObservation() {
        DriftMonitor monitor = new DriftMonitor(MODEL, 1_000, 1_000, 10);
        DriftMonitor.Window window = monitor.newWindow();
        double[] x = {0.1, -0.2, 0.3, 1.5};
        ScoringWorkspace workspace = new ScoringWorkspace();
        MODEL.score(x, workspace);
        // the reference, then the window's first (allocating) event, then warm-up
        for (int t = 0; t < 20_000; t++) {
            x[t & 3] = (t % 97) / 50.0 - 1;
            window.observe(x, workspace);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(thread);
        for (int t = 0; t < 20_000; t++) {
            x[t & 3] = (t % 89) / 40.0 - 1;
            window.observe(x, workspace);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(before).as("allocation counting is available").isNotNegative();

        // one allocation per event would be at least 16 bytes × 20,000
        assertThat(allocated).isLessThan(4096);
    }

    @Test
    void shouldShareOneReferenceAndSumTheWindowsOfConcurrentThreads() throws Exception {
        DriftMonitor monitor = new DriftMonitor(MODEL, REFERENCE, WINDOW, 10);
        int threads = 4;
        List<DriftMonitor.Window> windows = new ArrayList<>();
        List<SplittableRandom> randoms = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            windows.add(monitor.newWindow());
            randoms.add(new SplittableRandom(100 + i));
        }

        // Every thread races to capture, then every thread watches one window's worth.
        concurrently(threads, i -> observe(windows.get(i), randoms.get(i), REFERENCE, 0));
        concurrently(threads, i -> observe(windows.get(i), randoms.get(i), WINDOW, 0));

        assertThat(monitor.captured()).isEqualTo(REFERENCE);
        assertThat(monitor.windowed()).isEqualTo((long) threads * WINDOW);
        assertThat(sum(monitor.counts(0))).isEqualTo((long) threads * WINDOW);
        assertThat(monitor.psi(0)).isLessThan(DriftMonitor.MODERATE_SHIFT);
    }

    private static void concurrently(int threads, IntConsumer work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                                work.accept(index);
                            });
            thread.start();
            running.add(thread);
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
