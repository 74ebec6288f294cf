package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.OffboardPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.SlaClock;
import io.smartrouting.core.state.Placement;
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
import net.jqwik.api.constraints.Size;

/**
 * A lead's life on many nodes: two routers on one Redis tenant, random sequences of routing German and US leads on
 * either, days passing, first contacts, timer passes, offboardings (and returns), transfers, requeues and releases,
 * each on a random node. After every step each open lead is in exactly one place, every rep's Redis set equals its
 * placements, the timed index holds exactly the leads with a deadline or in a queue, and no lead is with a rep outside
 * its territory, whichever node moved it.
 */
class SharedLifecycleProperties extends RedisProperties {

  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  private static final String[] REPS = {"de-0", "de-1", "de-2", "us-0", "us-1", "us-2"};

  private static List<Rep> roster() {
    List<Rep> reps = new ArrayList<>();
    for (String id : REPS) {
      reps.add(Rep.builder(id).territories(id.startsWith("de") ? "DE" : "US").capacity(8).build());
    }
    return reps;
  }

  private static Router router(RedisStateStore store, ManualClock clock) {
    return Router.builder().roster(roster()).stateStore(store).clock(clock).manualTimers().step("round-robin")
        .sla(Tier.TIER_1, Duration.ofHours(2)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK).build();
  }

  @Property(tries = 50)
  void leadsStayInOnePlaceAndInTheirTerritoryWhicheverNodeMovesThem(
      @ForAll @Size(min = 5, max = 40) List<@IntRange(min = 0, max = 99) Integer> ops, @ForAll long seed)
      throws Exception {
    String tenant = freshTenant("life");
    ManualClock clock = new ManualClock(T0);
    List<RedisStateStore> stores = List.of(server.patientStore(tenant).build(), server.patientStore(tenant).build());
    List<Router> routers = List.of(router(stores.get(0), clock), router(stores.get(1), clock));
    try {
      Random rnd = new Random(seed);
      Map<String, String> country = new HashMap<>();
      Set<String> open = new HashSet<>();
      int next = 0;
      for (int op : ops) {
        Router node = routers.get(rnd.nextInt(2));
        List<String> ids = new ArrayList<>(open);
        java.util.Collections.sort(ids);
        String someLead = ids.isEmpty() ? null : ids.get(rnd.nextInt(ids.size()));
        String someRep = REPS[rnd.nextInt(REPS.length)];
        if (op < 40) {
          String c = rnd.nextBoolean() ? "DE" : "US";
          String id = "lead-" + next++;
          country.put(id, c);
          node.route(Lead.builder(id).country(c).source(rnd.nextInt(3) == 0 ? LeadSource.DEMO_REQUEST
              : LeadSource.TRIAL).build());
          open.add(id);
        } else if (op < 52) {
          clock.advance(Duration.ofHours(1 + rnd.nextInt(30)));
          for (RedisStateStore s : stores) {
            s.refresh(); // what each store's background refresh has read by the next tick
          }
          for (Router r : routers) {
            r.syncAvailability();
            r.fireDueTimers();
          }
        } else if (op < 58 && someLead != null) {
          node.recordContact(someLead, clock.instant());
        } else if (op < 66) {
          if (node.isAvailable(someRep)) {
            node.offboard(someRep, OffboardPolicy.reroute());
          } else {
            node.clearAvailability(someRep);
          }
        } else if (op < 75 && someLead != null) {
          node.transfer(someLead);
        } else if (op < 80 && someLead != null) {
          // A person puts the lead in a queue: it drains from there, never back to the rep that gave it back.
          Placement before = stores.get(0).placement(someLead);
          if ("returns".equals(before.queue())) {
            assertThatThrownBy(() -> node.requeue(someLead, "returns", "property")).isInstanceOf(
                IllegalArgumentException.class);
          } else {
            node.requeue(someLead, "returns", "property");
            Placement after = stores.get(0).placement(someLead);
            assertThat(after.queue()).isEqualTo("returns");
            if (before.repId() != null) {
              assertThat(after.earlierHolders()).contains(before.repId());
            }
          }
        } else if (op < 90 && someLead != null) {
          assertThat(node.release(someLead)).isTrue();
          open.remove(someLead);
        } else {
          for (Router r : routers) {
            r.fireDueTimers();
          }
        }
        SharedRoutingTest.assertConsistent(stores.get(0), roster(), open);
        for (Placement p : stores.get(0).placements()) {
          if (p.repId() != null) {
            assertThat(p.repId()).as("holder of %s (%s) after op %d", p.leadId(), country.get(p.leadId()), op)
                .startsWith(country.get(p.leadId()).toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
    } finally {
      closeAll(routers, stores);
    }
  }
}
