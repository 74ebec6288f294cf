package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.OffboardPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.RoutingMetrics;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The tenant's set of queued leads, which {@code claimNext} and {@code claimable} read instead of every open lead:
 * it holds exactly the leads waiting in a queue through routing, claims, drains, transfers and releases on two nodes;
 * a tenant whose leads were queued before the set existed gets it filled once; an entry whose lead left its queue
 * behind the set's back is skipped and taken out.
 */
class QueuedIndexTest extends RedisServerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T15:00:00Z");

  private static List<Rep> roster() {
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      reps.add(Rep.builder("rep-" + i).territories("US").capacity(2).build());
    }
    return reps;
  }

  private static Router router(RedisStateStore store, ManualClock clock) {
    return Router.builder().roster(roster()).stateStore(store).clock(clock).manualTimers().step("round-robin")
        .capacityThreshold(1.0).build();
  }

  private static Set<String> raw(String tenant) {
    return new TreeSet<>(rawOrder(tenant));
  }

  /** The lead ids of the tenant's claim order as Redis keeps it (each entry a lead id, a zero byte, its queue). */
  private static List<String> rawOrder(String tenant) {
    try (Jedis j = new Jedis("127.0.0.1", server.port)) {
      return j.zrange("sr:{" + tenant + "}:claims", 0, -1).stream().map(e -> e.substring(0, e.indexOf('\0')))
          .toList();
    }
  }

  private static Set<String> queuedIds(RedisStateStore store) {
    Set<String> out = new TreeSet<>();
    for (Placement p : store.placements()) {
      if (p.queue() != null) {
        out.add(p.leadId());
      }
    }
    return out;
  }

  private static Set<String> read(RedisStateStore store) {
    Set<String> out = new TreeSet<>();
    store.queuedPlacements().forEach(p -> out.add(p.leadId()));
    return out;
  }

  @Test
  void theSetHoldsExactlyTheQueuedLeadsWhicheverNodeMovesThem() throws Exception {
    String tenant = "queued-index";
    ManualClock clock = new ManualClock(T0);
    try (RedisStateStore a = server.patientStore(tenant).build();
        RedisStateStore b = server.patientStore(tenant).build();
        Router one = router(a, clock); Router two = router(b, clock)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Router node = i % 2 == 0 ? one : two;
        clock.advance(Duration.ofMinutes(1));
        Decision d = node.route(Lead.builder("L" + i).country("US").build());
        ids.add(d.leadId());
      }
      // Six slots: four leads wait.
      Set<String> waiting = queuedIds(a);
      assertThat(waiting).hasSize(4);
      assertThat(raw(tenant)).as("only the queued leads are in the set").isEqualTo(waiting);
      assertThat(read(b)).isEqualTo(waiting);
      assertThat(two.metrics().queueDepth()).as("the depth a meter registry reads, from the set")
          .isEqualTo(java.util.Map.of("unassigned", 4));

      // A release makes room; the other node's rep claims the oldest waiting lead.
      String held = a.placements().stream().filter(p -> "rep-1".equals(p.repId())).findFirst().orElseThrow()
          .leadId();
      one.release(held);
      Decision claimed = two.claimNext("rep-1").orElseThrow();
      assertThat(waiting).contains(claimed.leadId());
      assertThat(raw(tenant)).as("a claimed lead leaves the set").isEqualTo(queuedIds(a))
          .doesNotContain(claimed.leadId()).hasSize(3);

      // A waiting lead released (the buyer withdrew), another drained into a freed slot.
      String withdrawn = raw(tenant).iterator().next();
      two.release(withdrawn);
      one.release(claimed.leadId());
      b.refresh();
      a.refresh();
      two.fireDueTimers();
      one.fireDueTimers();
      assertThat(raw(tenant)).isEqualTo(queuedIds(a)).hasSize(1).doesNotContain(withdrawn);
      assertThat(read(a)).isEqualTo(queuedIds(a));

      // A lead with a rep transferred while everyone is full goes to the queue, and enters the set.
      String withRep = a.placements().stream().filter(p -> p.repId() != null).findFirst().orElseThrow().leadId();
      Decision moved = one.transfer(withRep);
      assertThat(moved.queue()).isNotNull();
      assertThat(raw(tenant)).isEqualTo(queuedIds(a)).contains(withRep).hasSize(2);
    }
  }

  @Test
  void aTenantQueuedBeforeTheSetExistedGetsItFilledOnceAndStaleEntriesAreTakenOut() throws Exception {
    String tenant = "queued-backfill";
    ManualClock clock = new ManualClock(T0);
    try (RedisStateStore a = server.patientStore(tenant).build(); Router one = router(a, clock)) {
      for (int i = 0; i < 9; i++) {
        one.route(Lead.builder("L" + i).country("US").build());
      }
      Set<String> waiting = queuedIds(a);
      assertThat(waiting).hasSize(3);
      // As a tenant written by nodes of the versions before the claim order: no claim order, no marker, and the
      // unordered set of 6 December's first version.
      try (Jedis j = new Jedis("127.0.0.1", server.port)) {
        j.del("sr:{" + tenant + "}:claims", "sr:{" + tenant + "}:claimsidx");
        j.sadd("sr:{" + tenant + "}:queued", waiting.toArray(String[]::new));
      }
    }
    try (RedisStateStore fresh = server.patientStore(tenant).build()) {
      assertThat(read(fresh)).as("filled from the placements").isEqualTo(queuedIds(fresh));
      assertThat(raw(tenant)).isEqualTo(queuedIds(fresh)).hasSize(3);
      try (Jedis j = new Jedis("127.0.0.1", server.port)) {
        assertThat(j.exists("sr:{" + tenant + "}:queued")).as("the old set deleted").isFalse();
      }
      // A lead with a rep entered behind the order's back (moved by an older node): skipped, then taken out.
      String withRep = fresh.placements().stream().filter(p -> p.repId() != null).findFirst().orElseThrow()
          .leadId();
      try (Jedis j = new Jedis("127.0.0.1", server.port)) {
        j.zadd("sr:{" + tenant + "}:claims", 0, withRep + "\0unassigned");
        j.zadd("sr:{" + tenant + "}:claims", 1, "never-placed\0unassigned");
        String queued = queuedIds(fresh).iterator().next();
        j.zadd("sr:{" + tenant + "}:claims", 2, queued + "\0escalations"); // not the queue it waits in
      }
      assertThat(read(fresh)).isEqualTo(queuedIds(fresh)).doesNotContain(withRep);
      assertThat(raw(tenant)).as("stale entries pruned").isEqualTo(queuedIds(fresh));
      assertThat(rawOrder(tenant)).as("one entry a queued lead, in its own queue").hasSameSizeAs(queuedIds(fresh));
    }
  }

  /**
   * A node that did not queue the leads lists what a rep may claim in a few round trips, not one a lead: the queued
   * set, the placements' hashes and the leads' routing facts, each in one read.
   */
  @Test
  void aNodeThatDidNotQueueTheLeadsListsWhatARepMayClaimInAFewRoundTrips() throws Exception {
    String tenant = "queued-facts";
    ManualClock clock = new ManualClock(T0);
    try (RedisStateStore a = server.patientStore(tenant).build();
        RedisStateStore b = quietStore(tenant);
        Router one = router(a, clock); Router two = router(b, clock)) {
      for (int i = 0; i < 36; i++) {
        clock.advance(Duration.ofSeconds(30));
        one.route(Lead.builder("L" + i).country("US").build());
      }
      Set<String> waiting = queuedIds(a);
      assertThat(waiting).hasSize(30);
      two.claimable("rep-0"); // scripts loaded, the set's marker read
      long before = b.roundTrips();
      List<Placement> listed = two.claimable("rep-0");
      long trips = b.roundTrips() - before;
      assertThat(listed).extracting(Placement::leadId).as("every waiting lead, oldest first")
          .containsExactlyElementsOf(waiting.stream().sorted(java.util.Comparator.comparingInt(
              (String id) -> Integer.parseInt(id.substring(1)))).toList());
      assertThat(trips).as("round trips for 30 waiting leads").isLessThanOrEqualTo(3);
    }
  }

  /**
   * A rep whose one claimable lead waits behind thirty it does not cover: the claim walks them with their facts read a
   * page at a time, not a round trip a lead.
   */
  @Test
  void aClaimWalkingALongQueueReadsTheLeadsFactsAPageAtATime() throws Exception {
    String tenant = "queued-walk";
    ManualClock clock = new ManualClock(T0);
    List<Rep> reps = new ArrayList<>(roster());
    reps.add(Rep.builder("dirk").territories("DE").capacity(1).build());
    try (RedisStateStore a = server.patientStore(tenant).build();
        RedisStateStore b = quietStore(tenant);
        Router one = Router.builder().roster(reps).stateStore(a).clock(clock).manualTimers().step("round-robin")
            .capacityThreshold(1.0).build();
        Router two = Router.builder().roster(reps).stateStore(b).clock(clock).manualTimers().step("round-robin")
            .capacityThreshold(1.0).build()) {
      one.route(Lead.builder("D0").country("DE").build());
      for (int i = 0; i < 36; i++) {
        clock.advance(Duration.ofSeconds(30));
        one.route(Lead.builder("L" + i).country("US").build());
      }
      clock.advance(Duration.ofSeconds(30));
      one.route(Lead.builder("D1").country("DE").build()); // the newest waiting lead, behind 30 US leads
      one.release("D0");
      two.claimNext("rep-0"); // scripts loaded, the set's marker read (rep-0 is full: nothing claimed)
      long before = b.roundTrips();
      Decision claimed = two.claimNext("dirk").orElseThrow();
      long trips = b.roundTrips() - before;
      assertThat(claimed.leadId()).isEqualTo("D1");
      assertThat(trips).as("round trips for a claim behind 30 leads it does not cover").isLessThanOrEqualTo(10);
    }
  }

  /**
   * A drain pass over a queue nobody has room for reads the waiting leads' placements a page at a time, not one round
   * trip a lead on every timer tick; once a rep has room, the pass moves the first lead in the drain's order.
   */
  @Test
  void aDrainPassReadsTheWaitingLeadsPlacementsAPageAtATime() throws Exception {
    String tenant = "queued-drain";
    ManualClock clock = new ManualClock(T0);
    try (RedisStateStore a = quietStore(tenant); Router one = router(a, clock)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 106; i++) {
        clock.advance(Duration.ofSeconds(10));
        ids.add(one.route(Lead.builder("L" + i).country("US").build()).leadId());
      }
      assertThat(one.waitingLeads()).isEqualTo(100);
      assertThat(one.drainQueues()).isZero(); // scripts loaded
      long before = a.roundTrips();
      assertThat(one.drainQueues()).as("every rep is full").isZero();
      long trips = a.roundTrips() - before;
      assertThat(trips).as("round trips of a drain pass over 100 waiting leads").isEqualTo(1);
      one.release("L0");
      before = a.roundTrips();
      assertThat(one.drainQueues()).isEqualTo(1);
      trips = a.roundTrips() - before;
      assertThat(a.placement("L6").repId()).as("the oldest waiting lead").isEqualTo("rep-0");
      // The placements, the shared round-robin turn, the unit and the move.
      assertThat(trips).as("round trips of a drain pass that moves one lead").isEqualTo(4);
      assertThat(one.waitingLeads()).isEqualTo(99);
    }
  }

  /**
   * Claims walk the tenant's claim order, highest tier first, then oldest, equal times by id, reading the leads a page
   * at a time: a claim served by the head of a queue of 2,500 reads one page of their hashes, where reading the
   * whole queue to sort it read all 2,500 (until 6 December).
   */
  @Test
  void aClaimWalksTheClaimOrderAndReadsOnlyThePagesItNeeds() throws Exception {
    String tenant = "claim-order";
    ManualClock clock = new ManualClock(T0);
    try (RedisStateStore a = server.patientStore(tenant).build();
        RedisStateStore b = quietStore(tenant);
        Router one = router(a, clock); Router two = router(b, clock)) {
      List<String> holding = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        holding.add(one.route(Lead.builder("H" + i).country("US").build()).repId() == null ? null : "H" + i);
      }
      assertThat(holding).doesNotContainNull();
      for (int i = 0; i < 2500; i++) {
        clock.advance(Duration.ofSeconds(1));
        one.route(Lead.builder(String.format("Q%04d", i)).country("US").build());
      }
      // Two Tier 2 leads queued last, at one instant: ahead of every Tier 3 lead, in id order.
      clock.advance(Duration.ofSeconds(1));
      assertThat(one.route(Lead.builder("T2-b").country("US").icpScore(90).build()).queue()).isNotNull();
      assertThat(one.route(Lead.builder("T2-a").country("US").icpScore(90).build()).queue()).isNotNull();
      List<String> order = rawOrder(tenant);
      assertThat(order).hasSize(2502);
      assertThat(order.subList(0, 4)).containsExactly("T2-a", "T2-b", "Q0000", "Q0001");
      assertThat(order.get(2501)).isEqualTo("Q2499");
      assertThat(b.queuedLeadIds(null)).as("what a claim walks").isEqualTo(order);

      one.release("H0");
      b.refresh();
      long trips = b.roundTrips();
      long hashes = b.leadHashesRead.sum();
      long entries = b.claimEntriesRead.sum();
      Decision claimed = two.claimNext(a.placements().stream().filter(p -> p.repId() != null)
          .map(io.smartrouting.core.state.Placement::repId).filter(r -> b.rep(r).openLeads() < 2).findFirst()
          .orElseThrow()).orElseThrow();
      assertThat(claimed.leadId()).isEqualTo("T2-a");
      assertThat(b.leadHashesRead.sum() - hashes).as("lead hashes a claim at the head of 2,500 reads")
          .isLessThanOrEqualTo(64);
      assertThat(b.claimEntriesRead.sum() - entries).as("entries of the claim order it reads (all 2,502 until 6"
          + " December, noon)").isLessThanOrEqualTo(64);
      assertThat(b.roundTrips() - trips).as("round trips of that claim").isLessThanOrEqualTo(6);
      assertThat(rawOrder(tenant)).hasSize(2501).doesNotContain("T2-a").startsWith("T2-b", "Q0000");

      // The first five a rep may claim: the head of the full list, for a page of lead hashes.
      String lister = roster().get(0).id();
      hashes = b.leadHashesRead.sum();
      List<Placement> firstFive = two.claimable(lister, 5);
      assertThat(b.leadHashesRead.sum() - hashes).as("lead hashes the first five read").isLessThanOrEqualTo(64);
      hashes = b.leadHashesRead.sum();
      List<Placement> all = two.claimable(lister);
      assertThat(b.leadHashesRead.sum() - hashes).as("the whole list reads every waiting lead")
          .isGreaterThanOrEqualTo(2501);
      assertThat(all).hasSize(2501);
      assertThat(firstFive).isEqualTo(all.subList(0, 5));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> two.claimable(lister, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");

      // A queue's depth and longest wait come from the claim order alone.
      hashes = b.leadHashesRead.sum();
      RoutingMetrics m = two.metrics();
      assertThat(m.queueDepth()).isEqualTo(Map.of("unassigned", 2501));
      assertThat(m.queueOldestWait()).isEqualTo(Map.of("unassigned",
          Duration.between(a.placement("Q0000").assignedAt(), clock.instant())));
      assertThat(b.leadHashesRead.sum() - hashes).as("lead hashes the metrics read").isZero();
      trips = b.roundTrips();
      assertThat(b.queueDepths()).isEqualTo(Map.of("unassigned", new io.smartrouting.core.state.QueueDepth(2501,
          a.placement("Q0000").assignedAt())));
      assertThat(b.roundTrips() - trips).as("round trips of the depths, whatever waits").isEqualTo(1);
      assertThat(b.waitsRebuilt.sum()).as("the queues' own sets kept by the placement scripts").isZero();

      // A claim from one queue reads that queue's leads only: the lead a rep left to a named queue, however many
      // wait in the others.
      String holder = a.placement("H1").repId();
      one.offboard(holder, OffboardPolicy.toQueue("handover"));
      assertThat(a.placement("H1").queue()).isEqualTo("handover");
      assertThat(b.queueDepths()).containsOnlyKeys("unassigned", "handover");
      one.release("H2");
      b.refresh();
      String taker = roster().stream().map(Rep::id).filter(r -> !r.equals(holder) && b.rep(r).openLeads() < 2)
          .findFirst().orElseThrow();
      List<String> handover = b.queuedLeadIds("handover");
      assertThat(handover).contains("H1").hasSizeLessThanOrEqualTo(2);
      hashes = b.leadHashesRead.sum();
      entries = b.claimEntriesRead.sum();
      assertThat(two.claimNext(taker, "handover")).map(Decision::leadId).contains(handover.get(0));
      assertThat(b.leadHashesRead.sum() - hashes).as("lead hashes a claim from a queue of one or two reads")
          .isLessThanOrEqualTo(4);
      assertThat(b.claimEntriesRead.sum() - entries).as("entries it reads: that queue's, not the 2,500 of the other")
          .isLessThanOrEqualTo(2);
      assertThat(b.waitsRebuilt.sum()).isZero();
    }
  }

  /**
   * A tenant whose queues' own sets of waiting leads are missing or wrong (written before them, or by a node of an
   * older version that moved leads without keeping them) gets them made anew from the claim order at the first read of
   * the depths, which are then right; the reads after it do not make them again.
   */
  @Test
  void theQueuesOwnSetsAreMadeAnewWhenTheyDisagreeWithTheClaimOrder() throws Exception {
    String tenant = "queue-sets";
    ManualClock clock = new ManualClock(T0);
    try (RedisStateStore a = server.patientStore(tenant).build(); Router one = router(a, clock)) {
      for (int i = 0; i < 20; i++) {
        clock.advance(Duration.ofSeconds(5));
        one.route(Lead.builder("L" + i).country("US").build());
      }
      Map<String, io.smartrouting.core.state.QueueDepth> right = a.queueDepths();
      assertThat(right).containsOnlyKeys("unassigned");
      assertThat(right.get("unassigned").leads()).isEqualTo(queuedIds(a).size()).isPositive();
      try (Jedis j = new Jedis("127.0.0.1", server.port)) {
        j.del("sr:{" + tenant + "}:queues", "sr:{" + tenant + "}:wait:unassigned");
      }
      try (RedisStateStore b = quietStore(tenant)) {
        assertThat(b.queueDepths()).as("made anew").isEqualTo(right);
        assertThat(b.waitsRebuilt.sum()).isEqualTo(1);
        try (Jedis j = new Jedis("127.0.0.1", server.port)) {
          // A lead an older node moved out of the queue without taking it out of the queue's set.
          String first = j.zrange("sr:{" + tenant + "}:wait:unassigned", 0, 0).get(0);
          j.zadd("sr:{" + tenant + "}:wait:unassigned", 1, first + "-ghost");
        }
        assertThat(b.queueDepths()).as("made anew again").isEqualTo(right);
        assertThat(b.waitsRebuilt.sum()).isEqualTo(2);
        assertThat(b.queueDepths()).isEqualTo(right);
        assertThat(b.waitsRebuilt.sum()).as("not again while they agree").isEqualTo(2);
      }
    }
  }
}
