package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LearnerSettingsTest {

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void shouldBuildValidDefaultsForEveryOptimizer(OptimizerKind kind) {
        LearnerSettings settings = LearnerSettings.defaults(kind);

        assertThat(settings.optimizer()).isEqualTo(kind);
        assertThat(settings.schedule()).isEqualTo(LearningRateSchedule.CONSTANT);
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
    }

    @Test
    void shouldDefaultAdamToTheSeedsLearningRate() {
        assertThat(LearnerSettings.defaults(OptimizerKind.ADAM).learningRate()).isEqualTo(0.01);
    }

    @Test
    void shouldNameEachBadSetting() {
        assertNamed("learningRate", b -> b.learningRate(0));
        assertNamed("learningRate", b -> b.learningRate(Double.NaN));
        assertNamed("powerT", b -> b.powerT(-0.5));
        assertNamed("l1", b -> b.l1(-1));
        assertNamed("l2", b -> b.l2(Double.POSITIVE_INFINITY));
        assertNamed("clipNorm", b -> b.clipNorm(0));
        assertNamed("maxWeightChange", b -> b.maxWeightChange(-1));
        assertNamed("beta1", b -> b.beta1(1.0));
        assertNamed("beta2", b -> b.beta2(-0.1));
        assertNamed("epsilon", b -> b.epsilon(0));
        assertNamed("ftrlAlpha", b -> b.ftrlAlpha(0));
        assertNamed("ftrlBeta", b -> b.ftrlBeta(-1));
        assertNamed("forgetting", b -> b.forgetting(0));
        assertNamed("forgetting", b -> b.forgetting(1.0001));
        assertNamed("positiveClassWeight", b -> b.positiveClassWeight(0));
        assertNamed("negativeClassWeight", b -> b.negativeClassWeight(Double.NaN));
        assertNamed("schedule", b -> b.schedule(null));
    }

    private static void assertNamed(String setting, UnaryOperator<LearnerSettings.Builder> change) {
        InvalidSettingException e =
                catchThrowableOfType(
                        InvalidSettingException.class,
                        () -> change.apply(LearnerSettings.builder(OptimizerKind.SGD)).build());
        assertThat(e).as(setting).isNotNull();
        assertThat(e.setting()).isEqualTo(setting);
        assertThat(e.getMessage()).startsWith(setting);
    }

    @Test
    void shouldAcceptInfinityToTurnSafetyBoundsOff() {
        LearnerSettings settings =
                LearnerSettings.builder(OptimizerKind.SGD)
                        .clipNorm(Double.POSITIVE_INFINITY)
                        .maxWeightChange(Double.POSITIVE_INFINITY)
                        .build();

        assertThat(settings.clipNorm()).isInfinite();
        assertThat(settings.maxWeightChange()).isInfinite();
    }

    @Test
    void shouldRejectAScheduleForFtrl() {
        assertThatThrownBy(
                        () ->
                                LearnerSettings.builder(OptimizerKind.FTRL)
                                        .schedule(LearningRateSchedule.INVERSE_SCALING)
                                        .build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("CONSTANT for FTRL");
    }

    @Test
    void shouldRefuseWhatNewtonCannotDo() {
        assertNewtonRefuses("l1", b -> b.l1(0.01), "cannot set weights to exactly zero");
        assertNewtonRefuses("l2", b -> b.l2(0), "infinite covariance");
        assertNewtonRefuses(
                "schedule",
                b -> b.schedule(LearningRateSchedule.INVERSE_SCALING),
                "CONSTANT for NEWTON");
    }

    private static void assertNewtonRefuses(
            String setting, UnaryOperator<LearnerSettings.Builder> change, String reason) {
        InvalidSettingException e =
                catchThrowableOfType(
                        InvalidSettingException.class,
                        () -> change.apply(LearnerSettings.builder(OptimizerKind.NEWTON)).build());
        assertThat(e).as(setting).isNotNull();
        assertThat(e.setting()).isEqualTo(setting);
        assertThat(e.getMessage()).startsWith(setting).contains(reason);
    }

    @Test
    void shouldDefaultNewtonToAPriorLogitSpreadOfFourAndAMemoryOfFiveThousandLabels() {
        LearnerSettings newton = LearnerSettings.defaults(OptimizerKind.NEWTON);

        // (d+1)/16: prior variance 16/(d+1) on each of d+1 unit-variance coordinates
        assertThat(newton.newtonPrecision(30)).isEqualTo(31 / 16.0);
        assertThat(newton.newtonPrecision(63)).isEqualTo(4.0);
        assertThat(newton.toBuilder().l2(1.0).build().newtonPrecision(30)).isEqualTo(1.0);
        assertThat(newton.forgetting()).isEqualTo(0.9998);
        assertThat(LearnerSettings.defaults(OptimizerKind.SGD).l2()).isEqualTo(1e-4);
    }
}
