package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of route, contact, release, SLA breach (clock advance + timers), roster update and manual
 * availability changes: after every operation each open lead is in exactly one place, every released lead in
 * none, each rep's open-lead count equals the leads placed with it, and nobody is over capacity.
 */
class LeadLifecycleProperties {

  private static final String[] IDS = {"r0", "r1", "r2", "r3", "r4", "r5"};
  private static final Map<String, Integer> CAPACITY = Map.of("r0", 1, "r1", 2, "r2", 3, "r3", 1, "r4", 2, "r5", 4);

  private static Rep rep(String id) {
    Rep.Builder b = Rep.builder(id).territories("US").capacity(CAPACITY.get(id)).managerId(id.equals("r0") ? null
        : "r0");
    if (id.equals("r2")) {
      b.timeZone("America/New_York").workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0)));
    }
    return b.build();
  }

  @Property(tries = 300)
  void everyLeadIsInExactlyOnePlaceAndCapacityIsNeverExceeded(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed) {
    Random rnd = new Random(seed);
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T13:00:00Z"));
    List<Rep> roster = new ArrayList<>();
    for (String id : IDS) {
      roster.add(rep(id));
    }
    Router router = Router.builder().roster(roster).clock(clock).strategies(StrategyRegistry.of())
        .manualTimers().managerFallback(true).step("ll", TestStrategies.LEAST_LOADED)
        .escalation(EscalationPolicy.defaults().maxReassignments(rnd.nextInt(3))).build();
    Set<String> open = new LinkedHashSet<>();
    Set<String> released = new LinkedHashSet<>();
    int next = 0;
    for (int op : ops) {
      if (op < 40) {
        String id = "lead-" + next++;
        Lead.Builder lead = Lead.builder(id).country("US");
        if (op % 3 == 0) {
          lead.source(LeadSource.DEMO_REQUEST);
        } else if (op % 3 == 1) {
          lead.icpScore(85);
        }
        Decision d = router.route(lead.build());
        assertThat(d.repId() == null).isNotEqualTo(d.queue() == null);
        open.add(id);
      } else if (op < 55 && !open.isEmpty()) {
        String id = pick(open, rnd);
        Placement p = router.placement(id).orElseThrow();
        if (p.repId() != null) {
          router.recordContact(id, clock.instant());
        }
      } else if (op < 70 && !open.isEmpty()) {
        String id = pick(open, rnd);
        assertThat(router.release(id)).isTrue();
        open.remove(id);
        released.add(id);
      } else if (op < 85) {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(90)));
        router.fireDueTimers();
      } else if (op < 92) {
        List<Rep> next2 = new ArrayList<>();
        for (String id : IDS) {
          if (rnd.nextInt(4) != 0) {
            next2.add(rep(id));
          }
        }
        router.updateRoster(next2);
      } else {
        String id = IDS[rnd.nextInt(IDS.length)];
        if (router.roster().stream().anyMatch(r -> r.id().equals(id))) {
          if (rnd.nextBoolean()) {
            router.setAvailable(id, rnd.nextBoolean());
          } else {
            router.clearAvailability(id);
          }
        }
      }
      checkInvariants(router, open, released);
    }
  }

  private static void checkInvariants(Router router, Set<String> open, Set<String> released) {
    Map<String, Integer> placedWith = new HashMap<>();
    int placements = 0;
    for (Placement p : router.openPlacements()) {
      placements++;
      assertThat(open).as("only open leads have a placement").contains(p.leadId());
      if (p.repId() != null) {
        placedWith.merge(p.repId(), 1, Integer::sum);
      }
    }
    assertThat(placements).as("every open lead in exactly one place").isEqualTo(open.size());
    for (String id : open) {
      assertThat(router.placement(id)).as("open lead %s has a place", id).isPresent();
    }
    for (String id : released) {
      assertThat(router.placement(id)).as("released lead %s has none", id).isEmpty();
    }
    for (String id : IDS) {
      int count = placedWith.getOrDefault(id, 0);
      assertThat(router.openLeads(id)).as("open-lead count of %s matches its placements", id).isEqualTo(count);
      assertThat(count).as("%s within capacity %d", id, CAPACITY.get(id)).isLessThanOrEqualTo(CAPACITY.get(id));
    }
  }

  private static String pick(Set<String> from, Random rnd) {
    int i = rnd.nextInt(from.size());
    for (String s : from) {
      if (i-- == 0) {
        return s;
      }
    }
    throw new AssertionError();
  }
}
