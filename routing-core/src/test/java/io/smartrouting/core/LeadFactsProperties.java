package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Leads stay open for days while reps leave and leads move: random sequences of routing German and US leads, days
 * passing (far beyond the 24-hour idempotency window), first contacts, SLA breaches, offboardings (and the rep's
 * return), transfers, releases and queue drains. Whatever moves a lead, it never lands with a rep outside its
 * territory: a move uses the facts the lead was routed with, and a lead whose facts nobody kept waits in a queue for a
 * person rather than going to whoever qualifies for empty facts. Run on the in-memory store, which keeps the facts, and
 * on a store of the caller's own that keeps none.
 */
class LeadFactsProperties {

  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  private static final String[] REPS = {"de-0", "de-1", "de-2", "us-0", "us-1", "us-2"};

  private static List<Rep> roster() {
    List<Rep> reps = new ArrayList<>();
    for (String id : REPS) {
      reps.add(Rep.builder(id).territories(id.startsWith("de") ? "DE" : "US").capacity(6).build());
    }
    return reps;
  }

  /** A store of the caller's own that keeps no routing facts (the SPI's default {@code saveLead}). */
  private static final class FactlessStore extends ForwardingStateStore {}

  @Property(tries = 200)
  void noMoveSendsALeadOutsideItsTerritory(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed,
      @ForAll boolean storeKeepsFacts) {
    ManualClock clock = new ManualClock(T0);
    RoutingStateStore store = storeKeepsFacts ? new InMemoryStateStore() : new FactlessStore();
    Router router = Router.builder().roster(roster()).clock(clock).stateStore(store).manualTimers()
        .strategies(StrategyRegistry.of()).step("least-loaded", TestStrategies.LEAST_LOADED)
        .sla(Tier.TIER_1, Duration.ofHours(2)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK).build();
    Random rnd = new Random(seed);
    Map<String, String> country = new HashMap<>();
    int next = 0;
    for (int op : ops) {
      List<String> open = new ArrayList<>();
      for (Placement p : router.openPlacements()) {
        open.add(p.leadId());
      }
      java.util.Collections.sort(open);
      String someLead = open.isEmpty() ? null : open.get(rnd.nextInt(open.size()));
      String someRep = REPS[rnd.nextInt(REPS.length)];
      if (op < 35) {
        String c = rnd.nextBoolean() ? "DE" : "US";
        String id = "lead-" + next++;
        country.put(id, c);
        router.route(Lead.builder(id).country(c).source(rnd.nextInt(4) == 0 ? LeadSource.DEMO_REQUEST
            : LeadSource.TRIAL).build());
      } else if (op < 50) {
        clock.advance(Duration.ofHours(1 + rnd.nextInt(30)));
        router.fireDueTimers();
      } else if (op < 58 && someLead != null) {
        router.recordContact(someLead, clock.instant());
      } else if (op < 66) {
        if (router.isAvailable(someRep)) {
          router.offboard(someRep, OffboardPolicy.reroute());
        } else {
          router.clearAvailability(someRep);
        }
      } else if (op < 78 && someLead != null) {
        try {
          router.transfer(someLead);
        } catch (IllegalStateException e) {
          // Facts unknown to the router (the factless store, past the window): documented, nothing changes.
          assertThat(e.getMessage()).contains("no longer known");
        }
      } else if (op < 88 && someLead != null) {
        router.release(someLead);
      } else {
        router.fireDueTimers();
      }
      for (Placement p : router.openPlacements()) {
        if (p.repId() != null) {
          assertThat(p.repId()).as("holder of %s (%s) after op %d", p.leadId(), country.get(p.leadId()), op)
              .startsWith(country.get(p.leadId()).toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
  }
}
