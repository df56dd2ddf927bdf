package io.streamscorer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThroughputBenchmarkTest {

    @Test
    void shouldRotateThePipelineOrderEveryRound() {
        assertThat(ThroughputBenchmark.order(3, 0)).containsExactly(0, 1, 2);
        assertThat(ThroughputBenchmark.order(3, 1)).containsExactly(1, 2, 0);
        assertThat(ThroughputBenchmark.order(3, 2)).containsExactly(2, 0, 1);
        assertThat(ThroughputBenchmark.order(3, 3)).containsExactly(0, 1, 2);
    }
}
