package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.state.PlaceResult;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.Concurrently;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.core.testing.TestStrategies;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A store that takes the unit with the placement (as the Redis store does, in one round trip): the router checks
 * capacity on its view, writes once, and decides again when the write finds the rep filled up meanwhile.
 */
class ReserveWithPlacementTest {

  /** Reserves with the placement through the default composition, counting, and can steal a slot first. */
  static final class OneWriteStore extends ForwardingStateStore {
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger full = new AtomicInteger();
    final AtomicInteger placementReads = new AtomicInteger();
    volatile @Nullable String stealFrom;

    @Override
    public boolean reservesWithPlacement() {
      return true;
    }

    @Override
    public @Nullable Placement placement(String leadId) {
      placementReads.incrementAndGet();
      return super.placement(leadId);
    }

    @Override
    public PlaceResult placeAndReserve(Placement placement, @Nullable Lead facts, int limit) {
      writes.incrementAndGet();
      String thief = stealFrom;
      if (thief != null && thief.equals(placement.repId())) {
        stealFrom = null;
        rep(thief).forceReserve("another-node-" + placement.leadId()); // another router took the last slot
      }
      PlaceResult r = super.placeAndReserve(placement, facts, limit);
      if (r.status() == PlaceResult.Status.FULL) {
        full.incrementAndGet();
      }
      return r;
    }
  }

  private static Router router(OneWriteStore store, List<Rep> reps) {
    return Router.builder().roster(reps).stateStore(store).strategies(StrategyRegistry.of()).manualTimers()
        .step("least-loaded", TestStrategies.LEAST_LOADED).build();
  }

  @Test
  void oneWritePerDecisionAndNoPlacementReadBeforeIt() {
    OneWriteStore store = new OneWriteStore();
    try (Router router = router(store, List.of(Rep.builder("ana").territories("*").capacity(5).build()))) {
      Decision d = router.route(Lead.builder("L-1").country("US").build());
      assertThat(d.repId()).isEqualTo("ana");
      assertThat(store.writes.get()).isEqualTo(1);
      assertThat(store.placementReads.get()).as("the write answers whether the lead was placed").isZero();
      assertThat(store.rep("ana").openLeads()).isEqualTo(1);
    }
  }

  @Test
  void aSlotTakenBetweenTheViewAndTheWriteMakesTheRouterDecideAgain() {
    OneWriteStore store = new OneWriteStore();
    List<Rep> reps = List.of(Rep.builder("ana").territories("*").capacity(1).build(),
        Rep.builder("bob").territories("*").capacity(10).build());
    try (Router router = router(store, reps)) {
      store.stealFrom = "ana"; // least loaded picks ana (0 of 1); another node takes her only slot first
      Decision d = router.route(Lead.builder("L-1").country("US").build());
      assertThat(d.repId()).isEqualTo("bob");
      assertThat(store.full.get()).isEqualTo(1);
      assertThat(store.writes.get()).isEqualTo(2);
      assertThat(store.rep("ana").openLeads()).as("only the other node's lead").isEqualTo(1);
      assertThat(store.rep("bob").openLeads()).isEqualTo(1);
    }
  }

  @Test
  void underEightThreadsCapacityHoldsAndEveryLeadIsPlacedOnce() throws Exception {
    OneWriteStore store = new OneWriteStore();
    List<Rep> reps = List.of(Rep.builder("a").territories("*").capacity(10).build(),
        Rep.builder("b").territories("*").capacity(10).build(),
        Rep.builder("c").territories("*").capacity(10).build());
    Map<String, String> where = new ConcurrentHashMap<>();
    try (Router router = router(store, reps)) {
      Concurrently.run(8, t -> {
        for (int i = 0; i < 40; i++) {
          Decision d = router.route(Lead.builder("t" + t + "-" + i).country("US").build());
          where.put(d.leadId(), d.repId() != null ? d.repId() : "queue:" + d.queue());
        }
      });
      assertThat(where).hasSize(320);
      Map<String, Integer> perRep = new HashMap<>();
      for (Placement p : store.placements()) {
        perRep.merge(p.repId() != null ? p.repId() : "queue", 1, Integer::sum);
      }
      assertThat(store.placements()).hasSize(320);
      for (String rep : Set.of("a", "b", "c")) {
        assertThat(perRep.getOrDefault(rep, 0)).as("%s within its admit limit (9)", rep).isEqualTo(9);
        assertThat(store.rep(rep).openLeads()).as("%s's units equal its placements", rep).isEqualTo(9);
      }
      assertThat(perRep.get("queue")).isEqualTo(320 - 27);
    }
  }
}
