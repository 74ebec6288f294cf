package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * {@link Router#erase} under random work: a few people send leads again and again ({@code returning-contact} with a
 * look-back after the close), leads are released and erased, open or closed, at random. An erased lead is nowhere
 * and its outcome is refused; a person's next lead goes back to a rep only by a lead of theirs that was not erased;
 * and erasing never costs another lead its place or a rep its count.
 */
class ErasureProperties {

  @Property(tries = 200)
  @StatisticsReport(onFailureOnly = true)
  void anErasedLeadLeadsNoLaterLeadBackToItsRep(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int reps,
      @ForAll @IntRange(min = 1, max = 4) int people, @ForAll @IntRange(min = 10, max = 60) int steps) {
    Random rnd = new Random(seed);
    List<Rep> roster = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      roster.add(Rep.builder("rep-" + i).territories("US").capacity(1_000).build());
    }
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
    // Each lead's person and rep; the open ones; the erased ones.
    Map<String, Integer> personOf = new HashMap<>();
    Map<String, String> repOf = new HashMap<>();
    Set<String> open = new HashSet<>();
    Set<String> erased = new HashSet<>();
    int erasedThenBack = 0;
    try (Router router = Router.builder().roster(roster).clock(clock).manualTimers()
        .outcomeWindow(Duration.ofDays(90), 10_000)
        .step("returning-contact", StrategyConfig.of("withinDays", "30")).step("round-robin").build()) {
      for (int step = 0, n = 0; step < steps; step++) {
        int op = rnd.nextInt(6);
        List<String> known = new ArrayList<>(repOf.keySet());
        known.removeAll(erased);
        java.util.Collections.sort(known);
        String some = known.isEmpty() ? null : known.get(rnd.nextInt(known.size()));
        if (op <= 2 || some == null) {
          int person = rnd.nextInt(people);
          String id = "l" + n++;
          Decision d = router.route(Lead.builder(id).country("US").email("person" + person + "@gmail.com").build());
          if ("returning-contact".equals(d.decidedBy())) {
            Set<String> reachable = new HashSet<>();
            boolean anyErased = false;
            for (Map.Entry<String, Integer> e : personOf.entrySet()) {
              if (e.getValue() == person) {
                if (erased.contains(e.getKey())) {
                  anyErased = true;
                } else {
                  reachable.add(repOf.get(e.getKey()));
                }
              }
            }
            erasedThenBack += anyErased ? 1 : 0;
            assertThat(reachable).as("lead %s of person %s went back to %s", id, person, d.repId())
                .contains(d.repId());
          }
          personOf.put(id, person);
          repOf.put(id, d.repId());
          open.add(id);
        } else if (op == 3) {
          router.release(some);
          open.remove(some);
        } else if (op == 4) {
          assertThat(router.erase(some)).as("erasing %s, which the router knew", some).isTrue();
          open.remove(some);
          erased.add(some);
        } else {
          clock.advance(Duration.ofMinutes(1 + rnd.nextInt(600)));
          router.fireDueTimers();
        }
        for (String id : erased) {
          assertThat(router.placement(id)).as("erased lead %s", id).isEmpty();
        }
        for (String id : open) {
          assertThat(router.placement(id)).as("open lead %s", id).isPresent();
        }
        for (Rep r : roster) {
          long held = open.stream().filter(id -> r.id().equals(repOf.get(id))).count();
          assertThat(router.openLeads(r.id())).as("%s's open leads", r.id()).isEqualTo((int) held);
        }
      }
      for (String id : erased) {
        assertThat(router.recordOutcome(id, Outcome.WON)).as("outcome of erased lead %s", id).isFalse();
        assertThat(router.erase(id)).as("erased twice: %s", id).isFalse();
      }
    }
    Statistics.label("a person's lead routed back after one of theirs was erased").collect(erasedThenBack > 0);
    Statistics.label("a person's lead routed back after one of theirs was erased")
        .coverage(c -> c.check(true).percentage(pct -> pct >= 10));
  }
}
