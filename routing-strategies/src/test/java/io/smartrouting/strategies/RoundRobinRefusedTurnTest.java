package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.testkit.RefusingStateStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A round-robin turn won by a rep whose last unit another decision took between the pick and the reservation (a race
 * between two threads of one router) is taken back: the rep keeps its place in line instead of falling a lead behind
 * its share for good.
 */
class RoundRobinRefusedTurnTest {

  private static Map<String, Integer> route(Router router, String prefix, int leads) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < leads; i++) {
      Decision d = router.route(Lead.builder(prefix + i).country("US").build());
      counts.merge(d.repId(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void aRepRefusedItsTurnKeepsItsPlaceInLine() {
    RefusingStateStore store = new RefusingStateStore();
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(1000).build(),
        Rep.builder("ben").territories("US").capacity(1000).build(),
        Rep.builder("cal").territories("US").capacity(1000).build());
    RoundRobinStrategy strategy = new RoundRobinStrategy();
    try (Router router = Router.builder().roster(reps).stateStore(store).step("round-robin", strategy).build()) {
      store.refuseOnce("ana");
      Decision first = router.route(Lead.builder("first").country("US").build());
      assertThat(first.repId()).isEqualTo("ben");
      assertThat(first.explain()).contains("ana filled up concurrently; picking again");
      // The turn ana could not use is not counted against her: she is next but one, as before the refusal.
      assertThat(strategy.credit("ana")).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
      Map<String, Integer> counts = route(router, "lead-", 29);
      counts.merge("ben", 1, Integer::sum);
      assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(Map.of("ana", 10, "ben", 10, "cal", 10)));
    }
  }

  @Test
  void aWeightedRepRefusedSeveralTimesStillGetsItsShare() {
    RefusingStateStore store = new RefusingStateStore();
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(1000).weight(2).build(),
        Rep.builder("ben").territories("US").capacity(1000).build(),
        Rep.builder("cal").territories("US").capacity(1000).build());
    try (Router router = Router.builder().roster(reps).stateStore(store).step("round-robin").build()) {
      Map<String, Integer> counts = new TreeMap<>();
      for (int round = 0; round < 10; round++) {
        store.refuseOnce(round % 2 == 0 ? "ana" : "cal");
        route(router, "round-" + round + "-", 4).forEach((rep, n) -> counts.merge(rep, n, Integer::sum));
      }
      // 40 leads over a total weight of 4: 20, 10 and 10 within a lead (the rule's bound), the refusals
      // notwithstanding; a rep paying for turns it could not use would fall a lead behind for each.
      assertThat(counts.get("ana")).isBetween(19, 21);
      assertThat(counts.get("ben")).isBetween(9, 11);
      assertThat(counts.get("cal")).isBetween(9, 11);
    }
  }
}
