package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureValuesTest {
    private static LogisticModel model(ModelVersion version) {
        return LogisticModel.builder("fraud", version)
                .features(List.of("amount", "velocity", "age"))
                .head("fraud", new double[] {0.5, -1.0, 0.25}, 0.1, 0.5)
                .imputation(new double[] {7.0, 8.0, 9.0})
                .build();
    }

    private static FeatureValues values(FeatureLayout layout, double... values) {
        return FeatureValues.wrap(layout, values);
    }

    @Test
    void shouldReadAsTheMapOfItsNamesAndValues() {
        FeatureValues values =
                values(FeatureLayout.of(List.of("velocity", "colour", "amount")), 1.0, 2.0, 3.0);

        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("velocity", 1.0);
        expected.put("colour", 2.0);
        expected.put("amount", 3.0);
        assertThat(values).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(values.get("amount")).isEqualTo(3.0);
        assertThat(values.get("size")).isNull();
        assertThat(values.containsKey("colour")).isTrue();
        assertThatThrownBy(() -> values.put("size", 1.0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldEncodeByPositionAsTheSameFeaturesInAMap() {
        FeatureLayout layout = FeatureLayout.of(List.of("velocity", "colour", "amount"));
        LogisticModel model = model(new ModelVersion(1, 0));
        FeatureVector byPosition = new FeatureVector();
        FeatureVector byName = new FeatureVector();

        for (int event = 0; event < 3; event++) {
            FeatureValues decoded = values(layout, 1.0 + event, 2.0, 3.0 - event);
            model.encode(decoded, byPosition);
            model.encode(new HashMap<>(decoded), byName);

            assertThat(byPosition.values()).containsExactly(byName.values());
            assertThat(byPosition.values()).containsExactly(3.0 - event, 1.0 + event, 9.0);
            assertThat(byPosition.imputed()).isEqualTo(1).isEqualTo(byName.imputed());
            assertThat(byPosition.unknown()).isEqualTo(1).isEqualTo(byName.unknown());
            assertThat(byPosition.nonFiniteFeature()).isNull();
        }
    }

    @Test
    void shouldPlaceValuesByEachModelsOwnIndexes() {
        FeatureLayout layout = FeatureLayout.of(List.of("age", "amount"));
        LogisticModel first = model(new ModelVersion(1, 0));
        LogisticModel other =
                LogisticModel.builder("other", new ModelVersion(1, 0))
                        .features(List.of("amount", "size"))
                        .head("fraud", new double[] {1.0, 1.0}, 0.0, 0.5)
                        .build();
        LogisticModel next = model(new ModelVersion(1, 1));
        FeatureVector x = new FeatureVector();

        for (LogisticModel model : List.of(first, other, first, next, other)) {
            model.encode(values(layout, 4.0, 5.0), x);
            double[] expected =
                    model.name().equals("other")
                            ? new double[] {5.0, 0.0}
                            : new double[] {5.0, 8.0, 4.0};
            assertThat(x.values()).startsWith(expected);
        }
    }

    @Test
    void shouldNameANonFiniteValueOfAKnownFeature() {
        FeatureLayout layout = FeatureLayout.of(List.of("colour", "velocity"));
        FeatureVector x = new FeatureVector();

        model(new ModelVersion(1, 0)).encode(values(layout, Double.NaN, Double.NaN), x);

        assertThat(x.nonFiniteFeature()).isEqualTo("velocity");
    }

    @Test
    void shouldRefuseALayoutThatRepeatsAName() {
        assertThat(FeatureLayout.of(List.of("amount", "velocity", "amount"))).isNull();
        assertThatThrownBy(
                        () ->
                                FeatureValues.wrap(
                                        FeatureLayout.of(List.of("amount")), new double[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
