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
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * A decision's explanation is rendered lazily, and the router reuses its per-thread buffers (the lead's facts among
 * them) for the next decision: an explanation rendered after many later decisions must read exactly as one rendered
 * at once; after roster updates, too, while the router keeps the roster it was decided on.
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
    return router(roster, Router.DEFAULT_KEEP_REPLACED_ROSTERS);
  }

  private static Router router(List<Rep> roster, int keepReplacedRosters) {
    return Router.builder().roster(roster).strategies(StrategyRegistry.of()).clock(
            new ManualClock(Instant.parse("2026-12-04T15:00:00Z"))).keepReplacedRosters(keepReplacedRosters)
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

  /**
   * A decision explains itself from the roster it was decided on, which the router keeps for its last
   * {@link Router.Builder#keepReplacedRosters} replaced rosters: while it does, an explanation rendered after roster
   * updates reads exactly as one rendered at once; after, it reads in brief (the same lines but the excluded reps, one
   * line saying the roster is no longer kept), and the winner is still named.
   */
  @Property(tries = 200)
  void anExplanationIsFullWhileItsRosterIsKeptAndBriefAfter(@ForAll("rosters") List<Rep> roster,
      @ForAll @Size(min = 1, max = 20) List<@From("leads") Lead> leads, @ForAll @IntRange(max = 3) int keep,
      @ForAll @IntRange(max = 6) int updates) {
    try (Router router = router(roster, keep)) {
      List<Decision> decisions = new ArrayList<>();
      List<String> atOnce = new ArrayList<>();
      for (Lead lead : leads) {
        Decision d = router.route(lead);
        decisions.add(d);
        atOnce.add(d.explain());
      }
      for (int u = 0; u < updates; u++) {
        router.updateRoster(roster);
      }
      for (int i = 0; i < decisions.size(); i++) {
        Decision d = decisions.get(i);
        String full = atOnce.get(i);
        String now = d.explain();
        // What the router answers for the same lead id is the remembered decision, explained the same way.
        assertThat(router.preview(leads.get(i)).explain()).isEqualTo(now);
        if (updates <= keep || !full.contains("\n  qualify: ")) {
          assertThat(now).as("kept roster (or no chain run): as rendered at once").isEqualTo(full);
          continue;
        }
        assertThat(now).as("brief").contains("    excluded: not listed (roster version " + d.rosterVersion() + ",")
            .doesNotContain("    excluded, ");
        if (d.repId() != null && full.contains("\n  winner: " + d.repId())) {
          assertThat(now).contains("\n  winner: " + d.repId());
        }
        for (String line : now.split("\n")) {
          if (line.startsWith("    excluded: not listed") || line.startsWith("  missing factors: ")
              || line.contains("#")) {
            continue; // the new line; factors that read the roster; reps other than the winner, by ordinal
          }
          assertThat(full.split("\n")).as("a line of the brief explanation").contains(line);
        }
      }
    }
  }
}
