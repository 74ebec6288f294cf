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
 * A decision explains itself from the roster it was decided on, which the router keeps for its last
 * {@link Router.Builder#keepReplacedRosters} replaced rosters: while it does, an explanation rendered after roster
 * updates reads exactly as one rendered at once; after, it reads in brief (the same lines but the excluded reps, one
 * line saying the roster is no longer kept), and the winner is still named. Whether the explanation was rendered
 * before does not matter.
 */
class ReplacedRosterExplanationProperties {

  @Provide
  Arbitrary<List<Rep>> rosters() {
    return Worlds.rosters(1, 16, 6);
  }

  @Provide
  Arbitrary<Lead> leads() {
    return Worlds.leads();
  }

  @Property(tries = 200)
  void anExplanationIsFullWhileItsRosterIsKeptAndBriefAfter(@ForAll("rosters") List<Rep> roster,
      @ForAll @Size(min = 1, max = 20) List<@From("leads") Lead> leads, @ForAll @IntRange(max = 3) int keep,
      @ForAll @IntRange(max = 6) int updates) {
    try (Router router = Router.builder().roster(roster).strategies(StrategyRegistry.of())
        .clock(new ManualClock(Instant.parse("2026-12-07T15:00:00Z"))).keepReplacedRosters(keep)
        .step("hash", TestStrategies.HASH_PICK).step("least-loaded", TestStrategies.LEAST_LOADED).build()) {
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
