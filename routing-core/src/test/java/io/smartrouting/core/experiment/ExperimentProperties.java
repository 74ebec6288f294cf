package io.smartrouting.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.core.testing.TestStrategies;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ExperimentProperties {

  private static final int KEYS = 100_000;

  private static Router router() {
    return Router.builder().roster(List.of(Rep.builder("r").territories("*").build()))
        .strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED).build();
  }

  private static Experiment experiment(String name, int treatmentPercent) {
    return Experiment.builder(name).variant("control", router(), 100 - treatmentPercent)
        .variant("treatment", router(), treatmentPercent).build();
  }

  @Property(tries = 15)
  void theSplitIsStickyPerKeyAndWithinOnePercentOfTheRatio(@ForAll @IntRange(min = 5, max = 95) int percent,
      @ForAll long seed) {
    Experiment exp = experiment("exp-" + seed, percent);
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, String> first = new HashMap<>();
    int treatment = 0;
    for (int i = 0; i < KEYS; i++) {
      String key = Long.toHexString(random.nextLong()) + "-" + random.nextInt(1000);
      String v = exp.variantOfKey(key);
      String before = first.putIfAbsent(key, v);
      if (before != null) {
        assertThat(v).isEqualTo(before);
        continue;
      }
      assertThat(exp.variantOfKey(key)).as("same key, same variant").isEqualTo(v);
      treatment += v.equals("treatment") ? 1 : 0;
    }
    double share = (double) treatment / first.size();
    assertThat(share).isCloseTo(percent / 100.0, org.assertj.core.api.Assertions.within(0.01));
  }

  @Property(tries = 15)
  void theSampleRatioCheckFlagsASkewedSplit(@ForAll @IntRange(min = 20, max = 80) int percent,
      @ForAll @IntRange(min = 8, max = 15) int lostPercent, @ForAll long seed) {
    Experiment exp = experiment("srm-" + seed, percent);
    SplittableRandom random = new SplittableRandom(seed);
    long[] observed = new long[2];
    for (int i = 0; i < KEYS; i++) {
      String v = exp.variantOfKey(Long.toHexString(random.nextLong()));
      if (v.equals("treatment")) {
        // A broken pipeline: some of the treatment's leads never reach the counts.
        if (random.nextInt(100) < lostPercent) {
          continue;
        }
        observed[1]++;
      } else {
        observed[0]++;
      }
    }
    SampleRatioCheck srm = Statistics.sampleRatio(observed, new double[] {100 - percent, percent}, 0.001);
    assertThat(srm.mismatch()).as(srm.toString()).isTrue();
  }
}
