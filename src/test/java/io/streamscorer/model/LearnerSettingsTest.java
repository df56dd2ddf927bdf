package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LearnerSettingsTest {

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void shouldBuildValidDefaultsForEveryOptimizer(OptimizerKind kind) {
        LearnerSettings settings = LearnerSettings.defaults(kind);

        assertThat(settings.optimizer()).isEqualTo(kind);
        assertThat(settings.rule().kind()).isEqualTo(kind);
        assertThat(settings.maxWeightChange()).isEqualTo(1.0);
        assertThat(settings.clipNorm()).isInfinite();
    }

    @Test
    void shouldDefaultAdamToTheSeedsLearningRate() {
        assertThat(Adam.defaults().stepSize()).isEqualTo(StepSize.constant(0.01));
    }

    @Test
    void shouldNameEachBadSettingInTheRuleThatTakesIt() {
        StepSize rate = StepSize.constant(0.1);
        assertNamed("learningRate", () -> StepSize.constant(0));
        assertNamed("learningRate", () -> StepSize.constant(Double.NaN));
        assertNamed("powerT", () -> new StepSize(0.1, LearningRateSchedule.INVERSE_SCALING, -0.5));
        assertNamed("schedule", () -> new StepSize(0.1, null, 0.5));
        assertNamed("l1", () -> new Sgd(rate, -1, 0));
        assertNamed("l2", () -> new Sgd(rate, 0, Double.POSITIVE_INFINITY));
        assertNamed("epsilon", () -> new AdaGrad(rate, 0, 0, 0));
        assertNamed("beta1", () -> new Adam(rate, 1.0, 0.999, 1e-8, 0, 0));
        assertNamed("beta2", () -> new Adam(rate, 0.9, -0.1, 1e-8, 0, 0));
        assertNamed("epsilon", () -> new Adam(rate, 0.9, 0.999, 0, 0, 0));
        assertNamed("ftrlAlpha", () -> new Ftrl(0, 1, 0, 0));
        assertNamed("ftrlBeta", () -> new Ftrl(0.1, -1, 0, 0));
        assertNamed("forgetting", () -> new Newton(Double.NaN, 0));
        assertNamed("forgetting", () -> new Newton(Double.NaN, 1.0001));
        LearnerSettings sgd = LearnerSettings.defaults(OptimizerKind.SGD);
        assertNamed("clipNorm", () -> sgd.withClipNorm(0));
        assertNamed("maxWeightChange", () -> sgd.withMaxWeightChange(-1));
        assertNamed("positiveClassWeight", () -> sgd.withClassWeights(0, 1));
        assertNamed("negativeClassWeight", () -> sgd.withClassWeights(1, Double.NaN));
        assertNamed("optimizer", () -> sgd.withRule(null));
    }

    private static void assertNamed(String setting, Runnable construction) {
        InvalidSettingException e =
                catchThrowableOfType(InvalidSettingException.class, construction::run);
        assertThat(e).as(setting).isNotNull();
        assertThat(e.setting()).isEqualTo(setting);
        assertThat(e.getMessage()).startsWith(setting);
    }

    @Test
    void shouldAcceptInfinityToTurnSafetyBoundsOff() {
        LearnerSettings settings =
                LearnerSettings.defaults(OptimizerKind.SGD)
                        .withClipNorm(Double.POSITIVE_INFINITY)
                        .withMaxWeightChange(Double.POSITIVE_INFINITY);

        assertThat(settings.clipNorm()).isInfinite();
        assertThat(settings.maxWeightChange()).isInfinite();
    }

    @Test
    void shouldRefuseAZeroPriorPrecisionForNewton() {
        InvalidSettingException e =
                catchThrowableOfType(InvalidSettingException.class, () -> new Newton(0, 1));

        assertThat(e.setting()).isEqualTo("l2");
        assertThat(e.getMessage()).contains("infinite covariance");
    }

    @Test
    void shouldDefaultNewtonToAPriorLogitSpreadOfFourAndAMemoryOfFiveThousandLabels() {
        Newton newton = Newton.defaults();

        // (d+1)/16: prior variance 16/(d+1) on each of d+1 unit-variance coordinates
        assertThat(newton.precision(30)).isEqualTo(31 / 16.0);
        assertThat(newton.precision(63)).isEqualTo(4.0);
        assertThat(new Newton(1.0, newton.forgetting()).precision(30)).isEqualTo(1.0);
        assertThat(newton.forgetting()).isEqualTo(0.9998);
        assertThat(Sgd.defaults().l2()).isEqualTo(1e-4);
    }
}
