package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.core.testing.TestStrategies;
import io.smartrouting.core.testing.Worlds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.Size;

/** Invariants of the router over random rosters and leads. */
class RouterProperties {

  @Provide
  Arbitrary<List<Rep>> rosters() {
    return Worlds.rosters(0, 24, 6);
  }

  @Provide
  Arbitrary<List<Rep>> tinyCapacityRosters() {
    return Worlds.rosters(1, 8, 3);
  }

  @Provide
  Arbitrary<Lead> leads() {
    return Worlds.leads();
  }

  private static Router router(List<Rep> roster, RoutingStateStore store) {
    return Router.builder().roster(roster).strategies(StrategyRegistry.of())
        .step("hash", TestStrategies.HASH_PICK).step("least-loaded", TestStrategies.LEAST_LOADED)
        .stateStore(store).build();
  }

  @Property(tries = 200)
  void everyRoutedLeadEndsInExactlyOnePlace(@ForAll("rosters") List<Rep> roster,
      @ForAll @Size(max = 60) List<@From("leads") Lead> raw) {
    List<Lead> leads = Worlds.distinctIds(raw);
    InMemoryStateStore store = new InMemoryStateStore();
    Router router = router(roster, store);
    Map<String, Decision> decisions = new HashMap<>();
    for (Lead lead : leads) {
      decisions.put(lead.id(), router.route(lead));
    }
    Collection<Placement> placements = store.placements();
    assertThat(placements).hasSize(leads.size());
    Map<String, Integer> assignedPerRep = new HashMap<>();
    for (Placement p : placements) {
      Decision d = decisions.get(p.leadId());
      assertThat(d).as("decision for %s", p.leadId()).isNotNull();
      assertThat(d.isAssigned()).isEqualTo(p.repId() != null);
      assertThat(d.isAssigned() ? d.repId() : d.queue()).isEqualTo(p.repId() != null ? p.repId() : p.queue());
      if (p.repId() != null) {
        assignedPerRep.merge(p.repId(), 1, Integer::sum);
      }
    }
    for (Rep r : roster) {
      assertThat(store.rep(r.id()).openLeads()).as("open leads of %s", r.id())
          .isEqualTo(assignedPerRep.getOrDefault(r.id(), 0));
    }
  }

  @Property(tries = 30)
  void concurrentRoutingNeverExceedsCapacityAndReleaseNeverGoesNegative(
      @ForAll("tinyCapacityRosters") List<Rep> roster) throws Exception {
    CheckingStore store = new CheckingStore(roster);
    Router router = router(roster, store);
    int threads = 8;
    int perThread = 60;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    ConcurrentLinkedQueue<String> routed = new ConcurrentLinkedQueue<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            Lead lead = Lead.builder("t" + thread + "-" + i).country(i % 3 == 0 ? "US" : "DE").build();
            Decision d = router.route(lead);
            routed.add(d.leadId());
            if (i % 3 == 2) {
              router.release(lead.id());
              router.release(lead.id());
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.violations).isEmpty();
    assertThat(routed).hasSize(threads * perThread);
    for (Rep r : roster) {
      int open = store.rep(r.id()).openLeads();
      assertThat(open).as("open leads of %s", r.id()).isBetween(0, r.capacity());
    }
    long assigned = store.placements().stream().filter(p -> p.repId() != null).count();
    long openTotal = roster.stream().mapToInt(r -> store.rep(r.id()).openLeads()).sum();
    assertThat(openTotal).isEqualTo(assigned);
  }

  @Property(tries = 200)
  void sameRosterStateAndLeadGiveTheSameDecision(@ForAll("rosters") List<Rep> roster,
      @ForAll @Size(max = 40) List<@From("leads") Lead> raw) {
    List<Lead> leads = Worlds.distinctIds(raw);
    Router a = router(roster, new InMemoryStateStore());
    Router b = router(roster, new InMemoryStateStore());
    for (Lead lead : leads) {
      Decision da = a.route(lead);
      Decision db = b.route(lead);
      assertThat(db.repId()).isEqualTo(da.repId());
      assertThat(db.queue()).isEqualTo(da.queue());
      assertThat(db.flags()).isEqualTo(da.flags());
      assertThat(db.tier()).isEqualTo(da.tier());
      assertThat(db.segment()).isEqualTo(da.segment());
    }
  }

  /**
   * The in-memory store keeps a new lead's decision as its placement instead of a {@link Placement} made for it; every
   * read, contact, move and release must see what a store handed that {@code Placement} sees.
   */
  @Property(tries = 100)
  void theInMemoryStoreHoldsWhatAnyOtherStoreIsGiven(@ForAll("rosters") List<Rep> roster,
      @ForAll @Size(max = 40) List<@From("leads") Lead> raw) {
    List<Lead> leads = Worlds.distinctIds(raw);
    ManualClock clock = new ManualClock(java.time.Instant.parse("2026-03-02T15:00:00Z"));
    InMemoryStateStore direct = new InMemoryStateStore();
    ForwardingStateStore given = new ForwardingStateStore() { };
    List<Router> routers = new ArrayList<>();
    for (RoutingStateStore store : List.<RoutingStateStore>of(direct, given)) {
      routers.add(Router.builder().roster(roster).strategies(StrategyRegistry.of())
          .step("hash", TestStrategies.HASH_PICK).step("least-loaded", TestStrategies.LEAST_LOADED)
          .clock(clock).stateStore(store)
          .sla(io.smartrouting.api.Tier.TIER_3, java.time.Duration.ofHours(4)).build());
    }
    for (int i = 0; i < leads.size(); i++) {
      for (Router router : routers) {
        Decision d = router.route(leads.get(i));
        Placement p = router.placement(d.leadId()).orElseThrow();
        assertThat(p).isEqualTo(new Placement(d.leadId(), d.repId(), d.queue(), d.tier(), d.decidedAt(),
            d.slaDeadline(), d.hasFlag(io.smartrouting.api.Flag.CAPACITY_OVERRIDE), null));
        assertThat(p.slaDeadline()).isNotNull();
        if (i % 4 == 1) {
          router.recordContact(leads.get(i - 1).id(), clock.instant());
        } else if (i % 4 == 2) {
          router.release(leads.get(i / 2).id());
        } else if (i % 4 == 3 && router.placement(leads.get(i - 3).id()).isPresent()) {
          router.transfer(leads.get(i - 3));
        }
      }
      clock.advance(java.time.Duration.ofSeconds(7));
    }
    assertThat(new java.util.HashSet<>(direct.placements()))
        .isEqualTo(new java.util.HashSet<>(given.placements()));
    for (Lead lead : leads) {
      assertThat(direct.placement(lead.id())).isEqualTo(given.placement(lead.id()));
    }
    for (Rep r : roster) {
      assertThat(direct.rep(r.id()).openLeads()).as("open leads of %s", r.id())
          .isEqualTo(given.rep(r.id()).openLeads());
    }
  }

  /**
   * The in-memory store holds a new lead's decision, and a contact or a release changes it under the stripe's lock:
   * threads routing, contacting and releasing their own and each other's leads at once must leave every rep's open
   * count equal to the placements it holds, and within its capacity.
   */
  @Property(tries = 25)
  void concurrentContactsAndReleasesKeepTheInMemoryStoreConsistent(
      @ForAll("tinyCapacityRosters") List<Rep> roster) throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    Router router = router(roster, store);
    int threads = 6;
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    io.smartrouting.core.testing.Concurrently.run(threads, t -> {
      try {
        for (int i = 0; i < 80; i++) {
          String id = "t" + t + "-" + i;
          router.route(Lead.builder(id).country(i % 3 == 0 ? "US" : "DE").build());
          String other = "t" + ((t + 1) % threads) + "-" + i;
          if (i % 4 == 1) {
            router.recordContact(id, router.clock().instant());
          }
          if (i % 3 == 2) {
            router.release(id);
          }
          if (i % 5 == 0) {
            router.release(other);
          }
          if (i % 7 == 0) {
            router.recordContact(other, router.clock().instant());
          }
        }
      } catch (Throwable e) {
        failures.add(e);
      }
    });
    assertThat(failures).isEmpty();
    Map<String, Integer> held = new HashMap<>();
    for (Placement p : store.placements()) {
      if (p.repId() != null) {
        held.merge(p.repId(), 1, Integer::sum);
      }
    }
    for (Rep r : roster) {
      int open = store.rep(r.id()).openLeads();
      assertThat(open).as("open leads of %s", r.id()).isEqualTo(held.getOrDefault(r.id(), 0));
      assertThat(open).as("open leads of %s", r.id()).isLessThanOrEqualTo(r.capacity());
    }
  }

  @Property(tries = 200)
  void routingTheSameLeadTwiceIsIdempotent(@ForAll("rosters") List<Rep> roster, @ForAll("leads") Lead lead) {
    InMemoryStateStore store = new InMemoryStateStore();
    AtomicInteger notified = new AtomicInteger();
    Router router = Router.builder().roster(roster).strategies(StrategyRegistry.of())
        .step("hash", TestStrategies.HASH_PICK).stateStore(store).listener(d -> notified.incrementAndGet())
        .build();
    Decision first = router.route(lead);
    int openAfterFirst = roster.stream().mapToInt(r -> store.rep(r.id()).openLeads()).sum();
    Decision second = router.route(Lead.builderFrom(lead).build());
    int openAfterSecond = roster.stream().mapToInt(r -> store.rep(r.id()).openLeads()).sum();
    assertThat(second).isSameAs(first);
    assertThat(openAfterSecond).isEqualTo(openAfterFirst);
    assertThat(store.placements()).hasSize(1);
    assertThat(notified).hasValue(1);
  }

  /** An in-memory store that checks the capacity invariant at every reservation and release. */
  static final class CheckingStore extends ForwardingStateStore {
    final Map<String, Integer> capacity = new HashMap<>();
    final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    CheckingStore(List<Rep> roster) {
      for (Rep r : roster) {
        capacity.put(r.id(), r.capacity());
      }
    }

    @Override
    public RepState rep(String repId) {
      RepState d = inner.rep(repId);
      int cap = capacity.getOrDefault(repId, Integer.MAX_VALUE);
      return new RepState() {
        @Override
        public String repId() {
          return repId;
        }

        @Override
        public int openLeads() {
          return d.openLeads();
        }

        @Override
        public boolean tryReserve(int limit) {
          boolean ok = d.tryReserve(limit);
          int now = d.openLeads();
          if (limit > cap) {
            violations.add(repId + " asked for limit " + limit + " above capacity " + cap);
          }
          if (now > cap) {
            violations.add(repId + " has " + now + " open, capacity " + cap);
          }
          return ok;
        }

        @Override
        public void forceReserve() {
          violations.add(repId + " was force-reserved without a flagged override");
          d.forceReserve();
        }

        @Override
        public boolean release() {
          boolean ok = d.release();
          if (d.openLeads() < 0) {
            violations.add(repId + " went below zero");
          }
          return ok;
        }

        @Override
        public void recordResponseMinutes(double minutes) {
          d.recordResponseMinutes(minutes);
        }

        @Override
        public double meanResponseMinutes(double priorMinutes) {
          return d.meanResponseMinutes(priorMinutes);
        }
      };
    }
  }
}
