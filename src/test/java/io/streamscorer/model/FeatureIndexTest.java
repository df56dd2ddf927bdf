package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureIndexTest {

    @Test
    void shouldFindEveryNameAtItsWeightIndex() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            names.add("feature_" + i);
        }
        FeatureIndex index = new FeatureIndex(names);
        for (int i = 0; i < 1000; i++) {
            assertThat(index.indexOf("feature_" + i)).isEqualTo(i);
        }
        assertThat(index.size()).isEqualTo(1000);
    }

    @Test
    void shouldAnswerMinusOneForUnknownNames() {
        FeatureIndex index = new FeatureIndex(List.of("a", "b"));
        assertThat(index.indexOf("c")).isEqualTo(-1);
        assertThat(index.indexOf("")).isEqualTo(-1);
    }

    @Test
    void shouldHandleNamesWithCollidingHashes() {
        // "Aa" and "BB" share a String hash code.
        FeatureIndex index = new FeatureIndex(List.of("Aa", "BB", "AaBB", "BBAa"));
        assertThat(index.indexOf("Aa")).isZero();
        assertThat(index.indexOf("BB")).isEqualTo(1);
        assertThat(index.indexOf("AaBB")).isEqualTo(2);
        assertThat(index.indexOf("BBAa")).isEqualTo(3);
        assertThat(index.indexOf("AaAa")).isEqualTo(-1);
    }

    @Test
    void shouldRejectDuplicateNames() {
        assertThatThrownBy(() -> new FeatureIndex(List.of("amount", "velocity", "amount")))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.DUPLICATE_FEATURE))
                .hasMessageContaining("'amount'")
                .hasMessageContaining("indexes 0 and 2");
    }

    @Test
    void shouldRejectBlankNames() {
        assertThatThrownBy(() -> new FeatureIndex(List.of("a", " ")))
                .isInstanceOfSatisfying(
                        InvalidModelException.class,
                        e -> assertThat(e.reason()).isEqualTo(ModelRejection.INVALID_FEATURE_NAME));
    }
}
