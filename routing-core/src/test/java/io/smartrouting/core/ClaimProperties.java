package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link Router#claimNext} under random routing, releases, transfers, drains, claims and time: a claim takes exactly
 * the lead a person would expect (the highest-tier, oldest waiting lead of the rep's territory that it never held),
 * returns nothing only when there is no such lead or the rep has no room, a drain never pushes a lead within its
 * queue's claim window, and no lead is ever lost or put over capacity.
 */
class ClaimProperties {

  private static final String[] COUNTRIES = {"US", "DE"};

  @Property(tries = 300)
  void aClaimTakesTheFirstLeadTheRepMayTakeAndNothingIsLostOrOverCapacity(
      @ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed) {
    Random rnd = new Random(seed);
    int n = 2 + rnd.nextInt(4);
    Map<String, Integer> capacity = new HashMap<>();
    Map<String, String> territory = new HashMap<>();
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "r" + i;
      capacity.put(id, 1 + rnd.nextInt(3));
      territory.put(id, COUNTRIES[rnd.nextInt(COUNTRIES.length)]);
      reps.add(Rep.builder(id).territories(territory.get(id)).capacity(capacity.get(id)).build());
    }
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    // A claim window of 0, 5 or 20 minutes: the drain never pushes a lead that has waited less.
    Duration window = Duration.ofMinutes(new int[] {0, 5, 20}[rnd.nextInt(3)]);
    List<io.smartrouting.api.RoutingEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    // In half the worlds a rule places every DE lead in 'pool' (drained, transferred and claimed as any queue's).
    boolean pooled = rnd.nextBoolean();
    Router.Builder builder = Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of())
        .manualTimers().capacityThreshold(1.0).listener(events::add)
        .queuePolicy(QueuePolicy.of("unassigned").claimWindow(window));
    if (pooled) {
      builder.step(ChainStep.toQueue("pool").when("country = 'DE'"));
    }
    Router router = builder.step("ll", TestStrategies.LEAST_LOADED).build();
    Set<String> open = new LinkedHashSet<>();
    Set<String> released = new HashSet<>();
    Map<String, String> country = new HashMap<>();
    Map<String, Set<String>> held = new HashMap<>();
    Map<String, Instant> queuedAt = new HashMap<>();
    int next = 0;
    for (int op : ops) {
      if (op < 35) {
        String id = "L" + next++;
        country.put(id, COUNTRIES[rnd.nextInt(COUNTRIES.length)]);
        Lead.Builder b = Lead.builder(id).country(country.get(id));
        if (rnd.nextInt(4) == 0) {
          b.source(LeadSource.DEMO_REQUEST); // Tier 1: claimed before older Tier 3 leads
        }
        Decision d = router.route(b.build());
        if (pooled && country.get(id).equals("DE")) {
          assertThat(d.queue()).as("%s, a DE lead, by the rule", id).isEqualTo("pool");
        }
        note(d, held, queuedAt, clock);
        open.add(id);
      } else if (op < 50 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        assertThat(router.release(id)).isTrue();
        open.remove(id);
        released.add(id);
      } else if (op < 58 && !open.isEmpty()) {
        String id = OpenLeads.pick(open, rnd);
        if (router.placement(id).orElseThrow().repId() != null) {
          note(router.transfer(id), held, queuedAt, clock);
        }
      } else if (op < 63) {
        events.clear();
        router.drainQueues();
        for (io.smartrouting.api.RoutingEvent.LeadMoved m : OpenLeads.moves(events,
            io.smartrouting.api.RoutingEvent.Move.DRAINED)) {
          if (!"unassigned".equals(m.fromQueue())) {
            continue; // 'pool' has no claim window
          }
          assertThat(Duration.between(queuedAt.get(m.leadId()), clock.instant())).as("%s drained", m.leadId())
              .isGreaterThanOrEqualTo(window);
        }
        for (Placement p : router.openPlacements()) {
          if (p.repId() != null) {
            held.computeIfAbsent(p.leadId(), k -> new HashSet<>()).add(p.repId());
          }
        }
        for (Placement p : router.openPlacements()) {
          // The drain passes over the rule that queued it: a pooled lead does not wait while a rep could take it.
          if ("pool".equals(p.queue())) {
            for (Rep r : reps) {
              assertThat(r.territories().contains("DE") && router.openLeads(r.id()) < capacity.get(r.id())
                  && !held.getOrDefault(p.leadId(), Set.of()).contains(r.id()))
                  .as("%s waits in pool while %s could take it", p.leadId(), r.id()).isFalse();
            }
          }
        }
      } else if (op < 70) {
        clock.advance(Duration.ofMinutes(1 + rnd.nextInt(30)));
      } else {
        String rep = "r" + rnd.nextInt(n);
        // What a person would expect: the first waiting lead of the rep's territory it never held, in the drain's
        // order, if the rep has room.
        List<String> mayTake = router.openPlacements().stream()
            .filter(p -> p.queue() != null && country.get(p.leadId()).equals(territory.get(rep))
                && !held.getOrDefault(p.leadId(), Set.of()).contains(rep))
            .sorted(Comparator.comparing(Placement::tier).thenComparing(p -> queuedAt.get(p.leadId()))
                .thenComparing(Placement::leadId)).map(Placement::leadId).toList();
        assertThat(router.claimable(rep)).as("what %s may claim, in order", rep).extracting(Placement::leadId)
            .containsExactlyElementsOf(mayTake);
        Optional<String> expected = mayTake.stream().findFirst();
        boolean room = router.openLeads(rep) < capacity.get(rep);
        Optional<Decision> claimed = router.claimNext(rep);
        if (expected.isPresent() && room) {
          assertThat(claimed).as("%s claims", rep).isPresent();
          assertThat(claimed.get().leadId()).isEqualTo(expected.get());
          assertThat(claimed.get().repId()).isEqualTo(rep);
          note(claimed.get(), held, queuedAt, clock);
        } else {
          assertThat(claimed).as("%s: nothing it may take (room: %s)", rep, room).isEmpty();
        }
      }
      OpenLeads.assertOnePlaceEach(router, next, released, capacity);
    }
  }

  /** Who held the lead {@code d} placed, or since when it waits. */
  private static void note(Decision d, Map<String, Set<String>> held, Map<String, Instant> queuedAt,
      ManualClock clock) {
    if (d.repId() != null) {
      held.computeIfAbsent(d.leadId(), k -> new HashSet<>()).add(d.repId());
    } else {
      queuedAt.put(d.leadId(), clock.instant());
    }
  }
}
