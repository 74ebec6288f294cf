package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.testing.TestStrategies;
import io.smartrouting.core.testing.Worlds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * A decision's explanation is rendered lazily, and the router reuses its per-thread buffers (the lead's facts among
 * them) for the next decision: an explanation rendered after many later decisions must read exactly as one rendered
 * at once.
 */
class LazyTraceProperties {

  @Provide
  Arbitrary<List<Rep>> rosters() {
    return Worlds.rosters(1, 16, 6);
  }

  @Provide
  Arbitrary<Lead> leads() {
    return Worlds.leads();
  }

  private static Router router(List<Rep> roster) {
    return Router.builder().roster(roster).strategies(StrategyRegistry.of()).clock(
            new ManualClock(Instant.parse("2026-12-04T15:00:00Z")))
        .step("hash", TestStrategies.HASH_PICK).step("least-loaded", TestStrategies.LEAST_LOADED).build();
  }

  @Property(tries = 200)
  void anExplanationRenderedLateReadsAsOneRenderedAtOnce(@ForAll("rosters") List<Rep> roster,
      @ForAll @Size(min = 2, max = 40) List<@From("leads") Lead> leads) {
    List<String> atOnce = new ArrayList<>();
    try (Router router = router(roster)) {
      for (Lead lead : leads) {
        atOnce.add(router.route(lead).explain());
      }
    }
    List<Decision> decisions = new ArrayList<>();
    try (Router router = router(roster)) {
      for (Lead lead : leads) {
        decisions.add(router.route(lead));
      }
      for (int i = 0; i < decisions.size(); i++) {
        assertThat(decisions.get(i).explain()).as("lead %d of %d", i, decisions.size()).isEqualTo(atOnce.get(i));
      }
    }
  }
}
