package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.spi.StrategyConfig;
import io.smartrouting.testkit.RefusingStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;

/**
 * The weighted step with fair-share bounds counts a pick when it makes it; a pick the router then refuses (a concurrent
 * decision took the rep's last unit first) is taken back, so the shares are those of a router that saw the rep away
 * for that lead: the same winners, the same counts.
 */
class FairShareRefusalProperties {

  private static List<Rep> roster(int n) {
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Response times apart, so that composites differ by far more than rounding.
      reps.add(Rep.builder("r" + i).territories("*").capacity(1_000_000).weight(1 + i % 3)
          .responseMinutes(5 + 3.7 * i).build());
    }
    return reps;
  }

  private static WeightedStrategy fairLearner() {
    return WeightedStrategy.fromConfig(StrategyConfig.of("weight.territory", "0", "weight.industry", "0",
        "weight.segment", "0", "weight.capacity", "0", "weight.response", "0.5", "weight.performance", "0.5",
        "fairness.min", "0.5", "fairness.max", "1.5", "fairness.halfLife", "40"));
  }

  @Property(tries = 150)
  void aRefusedPickCountsAsIfTheRepWereAwayForThatLead(@ForAll @IntRange(min = 2, max = 7) int reps,
      @ForAll @IntRange(min = 1, max = 200) int leads, @ForAll long seed) {
    RefusingStateStore store = new RefusingStateStore();
    WeightedStrategy refusing = fairLearner();
    WeightedStrategy away = fairLearner();
    ConversionModel refusingModel = new ConversionModel();
    ConversionModel awayModel = new ConversionModel();
    Random rnd = new Random(seed);
    try (Router a = Router.builder().roster(roster(reps)).stateStore(store).learning(refusingModel).manualTimers()
            .step("fair", refusing).build();
        Router b = Router.builder().roster(roster(reps)).learning(awayModel).manualTimers()
            .step("fair", away).build()) {
      for (int n = 0; n < leads; n++) {
        if (rnd.nextInt(4) == 0) {
          String rep = "r" + rnd.nextInt(reps);
          boolean won = rnd.nextBoolean();
          refusingModel.record(rep, Segment.SMB, null, won);
          awayModel.record(rep, Segment.SMB, null, won);
        }
        String refused = rnd.nextInt(3) == 0 ? "r" + rnd.nextInt(reps) : null;
        RefusedOrAway.routeAlike(a, store, b, Lead.builder("L-" + n).country("US").employees(20).build(), refused);
      }
      for (int i = 0; i < reps; i++) {
        double[] got = refusing.fairShare().counts("r" + i);
        double[] want = away.fairShare().counts("r" + i);
        assertThat(got[0]).as("leads of r%s", i).isCloseTo(want[0], Offset.offset(1e-9));
        assertThat(got[1]).as("fair share of r%s", i).isCloseTo(want[1], Offset.offset(1e-9));
      }
    }
  }
}
