package io.smartrouting.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void normalTailsMatchTables() {
    assertThat(Statistics.normalCdf(0)).isCloseTo(0.5, within(1e-7));
    assertThat(Statistics.normalCdf(1.959963985)).isCloseTo(0.975, within(1e-7));
    assertThat(Statistics.normalCdf(-2.575829)).isCloseTo(0.005, within(1e-7));
    assertThat(Statistics.twoSidedP(1.644854)).isCloseTo(0.10, within(1e-6));
  }

  @Test
  void chiSquareCriticalValuesGiveTheirLevels() {
    assertThat(Statistics.chiSquareSurvival(3.841459, 1)).isCloseTo(0.05, within(1e-6));
    assertThat(Statistics.chiSquareSurvival(5.991465, 2)).isCloseTo(0.05, within(1e-6));
    assertThat(Statistics.chiSquareSurvival(10.827566, 1)).isCloseTo(0.001, within(1e-7));
    assertThat(Statistics.chiSquareSurvival(18.307038, 10)).isCloseTo(0.05, within(1e-6));
    assertThat(Statistics.chiSquareSurvival(0.454936, 1)).isCloseTo(0.5, within(1e-6));
    assertThat(Statistics.chiSquareSurvival(0, 3)).isEqualTo(1.0);
  }

  @Test
  void studentTQuantiles() {
    assertThat(Statistics.studentT975(4)).isEqualTo(2.776);
    assertThat(Statistics.studentT975(60)).isCloseTo(2.000, within(0.002));
    assertThat(Statistics.studentT975(1_000_000)).isCloseTo(Statistics.Z_975, within(1e-5));
  }

  @Test
  void theDifferenceASampleCanFindAndTheSampleADifferenceNeeds() {
    // 100/1000 vs 100/1000: pooled p = 0.1, se = sqrt(0.09 * 0.002) = 0.013416; (1.95996 + 0.84162) * se = 0.037587.
    ProportionTest t = Statistics.twoProportion("conversion", 100, 1000, 100, 1000);
    assertThat(t.minimumDetectableDifference()).isCloseTo(0.037587, within(1e-5));
    // Per group for 2 points at p = 0.1: 2.80158^2 * 2 * 0.09 / 0.0004 = 3531.9, so 3532.
    assertThat(t.trialsPerGroupFor(0.02)).isEqualTo(3532);
    // Four times the leads halve the difference found.
    assertThat(Statistics.twoProportion("conversion", 400, 4000, 400, 4000).minimumDetectableDifference())
        .isCloseTo(t.minimumDetectableDifference() / 2, within(1e-9));
    assertThat(t.toString()).endsWith("; these sample sizes find a difference of 3.76 pp 4 times in 5");
    assertThat(Statistics.twoProportion("empty", 0, 0, 1, 10).minimumDetectableDifference()).isNaN();
    assertThatThrownBy(() -> t.trialsPerGroupFor(0)).hasMessageContaining("difference must be in (0, 1)");
  }

  @Test
  void twoProportionTestOnAWorkedExample() {
    // 200/1000 vs 250/1000: pooled p = 0.225, se = 0.018675, z = 2.677, p = 0.0074.
    ProportionTest t = Statistics.twoProportion("conversion", 200, 1000, 250, 1000);
    assertThat(t.difference()).isCloseTo(0.05, within(1e-12));
    assertThat(t.z()).isCloseTo(2.6774, within(1e-3));
    assertThat(t.pValue()).isCloseTo(0.00742, within(1e-4));
    assertThat(t.lower()).isCloseTo(0.05 - 1.959964 * Math.sqrt(0.2 * 0.8 / 1000 + 0.25 * 0.75 / 1000),
        within(1e-9));
    assertThat(t.significant()).isTrue();
    assertThat(Statistics.twoProportion("same", 100, 1000, 100, 1000).significant()).isFalse();
    assertThatThrownBy(() -> Statistics.twoProportion("bad", 5, 4, 1, 1)).hasMessageContaining("control");
  }

  @Test
  void sampleRatioCheckValidatesItsInput() {
    assertThatThrownBy(() -> Statistics.sampleRatio(new long[] {1}, new double[] {1}, 0.001))
        .hasMessageContaining(">= 2 variants");
    assertThatThrownBy(() -> Statistics.sampleRatio(new long[] {1, 2}, new double[] {1, Double.NaN}, 0.001))
        .hasMessageContaining("expected share 1");
    assertThat(Statistics.sampleRatio(new long[] {5000, 5000}, new double[] {1, 1}, 0.001).pValue())
        .isEqualTo(1.0);
  }
}
