package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelVersionTest {

    @Test
    void shouldOrderByGenerationThenStep() {
        assertThat(new ModelVersion(2, 0).isNewerThan(new ModelVersion(1, 99))).isTrue();
        assertThat(new ModelVersion(1, 3).isNewerThan(new ModelVersion(1, 2))).isTrue();
        assertThat(new ModelVersion(1, 2).isNewerThan(new ModelVersion(1, 2))).isFalse();
    }

    @Test
    void shouldParseAndPrintGenerationDotStep() {
        assertThat(ModelVersion.parse("3.12")).isEqualTo(new ModelVersion(3, 12));
        assertThat(ModelVersion.parse("4")).isEqualTo(new ModelVersion(4, 0));
        assertThat(new ModelVersion(3, 12)).hasToString("3.12");
    }

    @Test
    void shouldRejectMalformedVersionText() {
        assertThatThrownBy(() -> ModelVersion.parse("v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generation.step");
        assertThatThrownBy(() -> new ModelVersion(-1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStartANewGenerationAtStepZero() {
        assertThat(new ModelVersion(3, 7).nextGeneration()).isEqualTo(new ModelVersion(4, 0));
        assertThat(new ModelVersion(3, 7).nextStep()).isEqualTo(new ModelVersion(3, 8));
    }
}
