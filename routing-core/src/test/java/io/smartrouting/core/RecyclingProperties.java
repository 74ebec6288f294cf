package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Recycling under random routing, contacts, progress reports, transfers, releases and ticks: a lead is never recycled
 * from the rep that reported its progress, never recycled or transferred to a rep that held it before, never
 * recycled before its period has passed since the contact; every open lead stays in one place within capacity.
 */
class RecyclingProperties {

  private static final Duration PERIOD = Duration.ofHours(6);

  @Property(tries = 200)
  void recyclingNeverTakesAProgressedLeadNorGivesALeadBackAndLosesNone(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed) {
    Random rnd = new Random(seed);
    int n = 2 + rnd.nextInt(4);
    Map<String, Integer> capacity = new HashMap<>();
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      capacity.put("r" + i, 2 + rnd.nextInt(4));
      reps.add(Rep.builder("r" + i).territories("US").capacity(capacity.get("r" + i)).build());
    }
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    Router router = Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).recycleStalledLeads(PERIOD).listener(events::add).build();
    Set<String> open = new LinkedHashSet<>();
    Set<String> released = new HashSet<>();
    // By lead: every rep that held it, the rep that reported progress while holding it, and when its rep made contact.
    Map<String, Set<String>> held = new HashMap<>();
    Map<String, String> progressedWith = new HashMap<>();
    Map<String, Instant> contactedAt = new HashMap<>();
    int next = 0;
    for (int op : ops) {
      events.clear();
      if (op < 30) {
        String id = "L" + next++;
        Decision d = router.route(Lead.builder(id).country("US").build());
        open.add(id);
        if (d.repId() != null) {
          held.computeIfAbsent(id, k -> new HashSet<>()).add(d.repId());
        }
      } else if (op < 50 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        Placement p = router.placement(id).orElseThrow();
        if (p.repId() != null && router.recordContact(id, clock.instant())) {
          contactedAt.put(id, clock.instant());
        }
        if (p.repId() != null && rnd.nextInt(3) == 0) {
          router.recordOutcome(id, rnd.nextBoolean() ? Outcome.MEETING : Outcome.OPPORTUNITY);
          progressedWith.put(id, p.repId());
        }
      } else if (op < 58 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        router.release(id);
        open.remove(id);
        released.add(id);
      } else if (op < 66 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        Set<String> before = new HashSet<>(held.getOrDefault(id, Set.of()));
        Decision d = router.transfer(id);
        if (d.repId() != null) {
          assertThat(before).as("seed %d: transfer of %s back to an earlier holder", seed, id)
              .doesNotContain(d.repId());
        }
      } else {
        clock.advance(Duration.ofMinutes(30 + rnd.nextInt(240)));
        router.fireDueTimers();
      }
      for (RoutingEvent e : events) {
        if (e instanceof RoutingEvent.LeadMoved m) {
          String id = m.leadId();
          if (m.move() == RoutingEvent.Move.RECYCLED) {
            assertThat(m.fromRepId()).as("seed %d: %s recycled from the rep that reported progress", seed, id)
                .isNotEqualTo(progressedWith.get(id));
            assertThat(held.getOrDefault(id, Set.of())).as("seed %d: %s recycled back to an earlier holder", seed, id)
                .doesNotContain(m.decision().repId());
            assertThat(contactedAt.get(id)).as("seed %d: %s recycled without a contact", seed, id).isNotNull();
            assertThat(contactedAt.get(id).plus(PERIOD)).as("seed %d: %s recycled early", seed, id)
                .isBeforeOrEqualTo(clock.instant());
          }
          // A move starts afresh: no contact, no progress with the new place.
          progressedWith.remove(id);
          contactedAt.remove(id);
          if (m.decision().repId() != null) {
            held.computeIfAbsent(id, k -> new HashSet<>()).add(m.decision().repId());
          }
        } else if (e instanceof RoutingEvent.LeadReassigned r) {
          progressedWith.remove(r.leadId());
          contactedAt.remove(r.leadId());
          held.computeIfAbsent(r.leadId(), k -> new HashSet<>()).add(r.decision().repId());
        }
      }
      int placements = 0;
      for (Placement p : router.openPlacements()) {
        assertThat(open).contains(p.leadId());
        placements++;
      }
      assertThat(placements).as("seed %d: every open lead in one place", seed).isEqualTo(open.size());
      OpenLeads.assertCountsWithin(router, capacity);
      for (String id : released) {
        assertThat(router.placement(id)).isEmpty();
      }
    }
    router.close();
  }
}
