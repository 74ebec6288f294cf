package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.core.StrategyRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Weighted round-robin keeps every rep within one lead of its weighted share. */
class RoundRobinProperties {

  private static final double EPS = 1e-9;

  private static List<Rep> roster(List<Integer> weights, boolean[] active) {
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      reps.add(Rep.builder("rep-" + i).territories("*").capacity(1_000_000).weight(weights.get(i))
          .active(active[i]).build());
    }
    return reps;
  }

  private static Router router(List<Rep> reps) {
    return Router.builder().roster(reps).strategies(StrategyRegistry.of(new BuiltInStrategies.RoundRobinProvider()))
        .step("round-robin").build();
  }

  @Property(tries = 200)
  void shareStaysWithinOneOfTheWeightedShare(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 5) Integer> weights,
      @ForAll @IntRange(min = 1, max = 600) int leads) {
    boolean[] active = new boolean[weights.size()];
    java.util.Arrays.fill(active, true);
    Router router = router(roster(weights, active));
    Map<String, Integer> counts = new HashMap<>();
    double total = weights.stream().mapToInt(Integer::intValue).sum();
    for (int n = 1; n <= leads; n++) {
      Decision d = router.route(Lead.builder("l" + n).country("US").build());
      router.release(d.leadId());
      counts.merge(d.repId(), 1, Integer::sum);
      // The bound holds after every lead, not only at the end.
      for (int i = 0; i < weights.size(); i++) {
        double share = n * weights.get(i) / total;
        assertThat((double) counts.getOrDefault("rep-" + i, 0)).as("rep-%s after %s leads", i, n)
            .isBetween(share - 1 - EPS, share + 1 + EPS);
      }
    }
  }

  @Property(tries = 50)
  void equalDeadlinesGoInRosterOrder(@ForAll @IntRange(min = 2, max = 9) int reps,
      @ForAll @IntRange(min = 1, max = 3) int weight) {
    // Equal weights from zero credit: every turn is a tie of deadlines, which roster order breaks, so the leads go
    // round the roster in its order.
    Router router = router(roster(java.util.Collections.nCopies(reps, weight), allActive(reps)));
    for (int n = 0; n < 3 * reps; n++) {
      Decision d = router.route(Lead.builder("l" + n).country("US").build());
      router.release(d.leadId());
      assertThat(d.repId()).as("lead %s", n).isEqualTo("rep-" + (n % reps));
    }
  }

  private static boolean[] allActive(int n) {
    boolean[] active = new boolean[n];
    java.util.Arrays.fill(active, true);
    return active;
  }

  @Property(tries = 150)
  void withOneRepAwayAtATimeEachRepStaysWithinOneOfItsShareOfTheLeadsItWasAvailableFor(
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 4) Integer> weights,
      @ForAll @IntRange(min = 1, max = 300) int leads,
      @ForAll long seed) {
    checkUnderUnavailability(weights, leads, seed, 1, 1.0);
  }

  @Property(tries = 150)
  void withManyRepsAwayAtOnceEachRepStaysWithinTwoOfItsShare(
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 4) Integer> weights,
      @ForAll @IntRange(min = 1, max = 300) int leads,
      @ForAll long seed) {
    checkUnderUnavailability(weights, leads, seed, Integer.MAX_VALUE, 2.0);
  }

  private static void checkUnderUnavailability(List<Integer> weights, int leads, long seed, int maxAway,
      double bound) {
    Random rnd = new Random(seed);
    boolean[] active = new boolean[weights.size()];
    java.util.Arrays.fill(active, true);
    Router router = router(roster(weights, active));
    double[] share = new double[weights.size()];
    int[] count = new int[weights.size()];
    for (int n = 0; n < leads; n++) {
      if (rnd.nextInt(10) == 0) {
        int i = rnd.nextInt(active.length);
        int away = 0;
        for (boolean a : active) {
          away += a ? 0 : 1;
        }
        if (!active[i] || away < maxAway) {
          active[i] ^= true;
          // A roster update each time: credit must survive it.
          router.updateRoster(roster(weights, active));
        }
      }
      double total = 0;
      for (int i = 0; i < active.length; i++) {
        total += active[i] ? weights.get(i) : 0;
      }
      Decision d = router.route(Lead.builder("l" + n).country("US").build());
      if (total == 0) {
        assertThat(d.isAssigned()).isFalse();
        continue;
      }
      router.release(d.leadId());
      int winner = Integer.parseInt(d.repId().substring(4));
      assertThat(active[winner]).as("never an unavailable rep").isTrue();
      count[winner]++;
      for (int i = 0; i < active.length; i++) {
        if (active[i]) {
          share[i] += weights.get(i) / total;
        }
      }
      for (int i = 0; i < active.length; i++) {
        assertThat((double) count[i]).as("rep-%s after %s leads", i, n + 1)
            .isBetween(share[i] - bound - EPS, share[i] + bound + EPS);
      }
    }
  }
}
