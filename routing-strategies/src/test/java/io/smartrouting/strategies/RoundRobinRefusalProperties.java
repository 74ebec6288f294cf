package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.testkit.RefusingStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.assertj.core.data.Offset;

/**
 * A round-robin pick refused at the reservation (a concurrent decision took the rep's last unit between the pick and
 * the reservation) leaves the turns as if the rep had been away for that one lead: the same reps win every later lead
 * and every rep keeps the same credit as under a router that saw the rep away.
 */
class RoundRobinRefusalProperties {

  private static List<Rep> roster(List<Integer> weights) {
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      reps.add(Rep.builder("rep-" + i).territories("*").capacity(1_000_000).weight(weights.get(i)).build());
    }
    return reps;
  }

  @Property(tries = 200)
  void aRefusedPickLeavesTheTurnsAsIfTheRepWereAwayForThatLead(
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 4) Integer> weights,
      @ForAll @IntRange(min = 1, max = 150) int leads, @ForAll long seed) {
    RefusingStateStore store = new RefusingStateStore();
    RoundRobinStrategy refusing = new RoundRobinStrategy();
    RoundRobinStrategy away = new RoundRobinStrategy();
    Random rnd = new Random(seed);
    int refusals = 0;
    try (Router a = Router.builder().roster(roster(weights)).stateStore(store).step("round-robin", refusing).build();
        Router b = Router.builder().roster(roster(weights)).step("round-robin", away).build()) {
      for (int n = 0; n < leads; n++) {
        String refused = rnd.nextInt(3) == 0 ? "rep-" + rnd.nextInt(weights.size()) : null;
        if (RefusedOrAway.routeAlike(a, store, b, Lead.builder("l" + n).country("US").build(), refused)) {
          refusals++;
        }
      }
      for (int i = 0; i < weights.size(); i++) {
        assertThat(refusing.credit("rep-" + i)).as("credit of rep-%s after %s refusals", i, refusals)
            .isCloseTo(away.credit("rep-" + i), Offset.offset(1e-9));
      }
    }
  }
}
