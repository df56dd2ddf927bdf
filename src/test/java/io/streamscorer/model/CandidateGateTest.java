package io.streamscorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CandidateGateTest {

    @Test
    void shouldStayPendingUntilTheEvaluationHasItsLabels() {
        CandidateGate gate = new CandidateGate(3, 0.95, 0.0);

        assertThat(gate.record(0.1, 0.5)).isEqualTo(CandidateGate.Decision.PENDING);
        assertThat(gate.record(0.1, 0.5)).isEqualTo(CandidateGate.Decision.PENDING);
        assertThat(gate.record(0.2, 0.5)).isEqualTo(CandidateGate.Decision.PUBLISH);
    }

    @Test
    void shouldHoldACandidateThatIsNoBetter() {
        CandidateGate gate = new CandidateGate(4, 0.95, 0.0);

        gate.record(0.3, 0.5);
        gate.record(0.7, 0.5);
        gate.record(0.4, 0.5);

        assertThat(gate.record(0.6, 0.5)).isEqualTo(CandidateGate.Decision.HOLD);
    }

    @Test
    void shouldHoldACandidateBetterByLessThanTheMarginOfTheServedLoss() {
        // Better by 0.01 nats on every label, surely, but the margin asks for 10% of 0.5.
        CandidateGate gate = new CandidateGate(2, 0.95, 0.1);
        gate.record(0.49, 0.5);

        assertThat(gate.record(0.49, 0.5)).isEqualTo(CandidateGate.Decision.HOLD);
        assertThat(gate.threshold()).isCloseTo(-0.05, within(1e-12));
        assertThat(gate.upperBound()).isCloseTo(-0.01, within(1e-12));
    }

    @Test
    void shouldClipEachDifferenceSoOneLabelCannotDecideAlone() {
        CandidateGate gate = new CandidateGate(2, 0.5, 0.0);
        gate.record(0.0, 100.0);
        gate.record(0.5, 0.4);

        assertThat(gate.meanDifference()).isCloseTo((-CandidateGate.CLIP + 0.1) / 2, within(1e-12));
    }

    @Test
    void shouldDescribeTheEvaluationWithWhatTheBoundMustBeBelow() {
        CandidateGate gate = new CandidateGate(2, 0.95, 0.1);
        gate.record(0.49, 0.5);
        gate.record(0.49, 0.5);

        assertThat(gate.describe())
                .isEqualTo(
                        "mean log-loss difference -0.0100 (upper bound -0.0100, to win below"
                                + " -0.0500) over 2 labels");
    }

    @Test
    void shouldStartEachEvaluationAfresh() {
        CandidateGate gate = new CandidateGate(2, 0.95, 0.0);
        gate.record(0.1, 0.5);
        gate.record(0.1, 0.5);

        gate.reset();

        assertThat(gate.count()).isZero();
        assertThat(gate.meanDifference()).isNaN();
        assertThat(gate.record(0.1, 0.5)).isEqualTo(CandidateGate.Decision.PENDING);
    }

    @Test
    void shouldRefuseSettingsOutsideTheirRangeNamingTheSetting() {
        assertThatThrownBy(() -> new CandidateGate(1, 0.95, 0.0))
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("gateLabels"));
        assertThatThrownBy(() -> new CandidateGate(10, 1.0, 0.0))
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("gateConfidence"));
        assertThatThrownBy(() -> new CandidateGate(10, 0.95, -0.1))
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("gateMargin"));
    }
}
