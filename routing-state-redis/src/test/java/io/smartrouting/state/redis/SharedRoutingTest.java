package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two routers on one Redis behave as one; Redis dying mid-run loses nothing; a restarted router resumes SLAs. */
class SharedRoutingTest extends RedisServerTest {

  static List<Rep> roster(int reps, int capacity) {
    List<Rep> out = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      out.add(Rep.builder("rep-" + i).territories("US").capacity(capacity + i % 3).responseMinutes(5 + i).build());
    }
    return out;
  }

  static Lead lead(String id, int i) {
    Lead.Builder b = Lead.builder(id).country("US").employees(50 + (i % 7) * 300);
    if (i % 5 == 0) {
      b.source(LeadSource.DEMO_REQUEST);
    } else if (i % 5 == 1) {
      b.icpScore(90);
    }
    return b.build();
  }

  /** Every open placement names one rep or queue; each rep's Redis set equals its placements and fits capacity. */
  static void assertConsistent(RedisStateStore store, List<Rep> reps, Collection<String> open) {
    Collection<Placement> placements = store.placements();
    Map<String, Integer> byRep = new HashMap<>();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    for (Placement p : placements) {
      assertThat(ids.add(p.leadId())).as("lead %s placed once", p.leadId()).isTrue();
      if (p.repId() != null) {
        byRep.merge(p.repId(), 1, Integer::sum);
      }
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(open);
    // The index the timer-lease holder reads holds exactly the open leads with a deadline or in a queue.
    Set<String> timed = new java.util.HashSet<>();
    for (Placement p : placements) {
      if (p.slaDeadline() != null || p.queue() != null) {
        timed.add(p.leadId());
      }
    }
    Set<String> indexed = new java.util.HashSet<>();
    io.smartrouting.core.state.TimedPlacements page;
    long cursor = 0;
    do {
      page = store.timedPlacementsSince(cursor);
      page.placements().forEach(p -> indexed.add(p.leadId()));
      cursor = page.cursor();
    } while (page.more());
    assertThat(indexed).as("the timed index").isEqualTo(timed);
    // The claim order, as Redis keeps it (read before anything prunes it): exactly the leads waiting in a queue, each
    // once under its own queue, in claim order; the queue metrics read from it alone agree.
    List<Placement> queued = placements.stream().filter(p -> p.queue() != null).sorted(java.util.Comparator
        .comparing(Placement::tier).thenComparing(Placement::assignedAt).thenComparing(Placement::leadId)).toList();
    Map<String, io.smartrouting.core.state.QueueDepth> depths = new HashMap<>();
    for (Placement p : queued) {
      depths.merge(p.queue(), new io.smartrouting.core.state.QueueDepth(1, p.assignedAt()),
          (x, y) -> new io.smartrouting.core.state.QueueDepth(x.leads() + 1,
              y.oldestQueuedAt().isBefore(x.oldestQueuedAt()) ? y.oldestQueuedAt() : x.oldestQueuedAt()));
    }
    long rebuilt = store.waitsRebuilt.sum();
    assertThat(store.queueDepths()).as("the queue depths").isEqualTo(depths);
    assertThat(store.waitsRebuilt.sum()).as("the queues' own sets, as the scripts kept them").isEqualTo(rebuilt);
    List<String> order = queued.stream().map(Placement::leadId).toList();
    assertThat(store.queuedLeadIds(null)).as("the claim order").isEqualTo(order);
    assertThat(store.queuedLeadIds(null, 2)).as("its head").isEqualTo(order.subList(0, Math.min(2, order.size())));
    for (String q : depths.keySet()) {
      List<String> ofQueue = queued.stream().filter(p -> q.equals(p.queue())).map(Placement::leadId).toList();
      assertThat(store.queuedLeadIds(q, 3)).as("the head of queue %s", q)
          .isEqualTo(ofQueue.subList(0, Math.min(3, ofQueue.size())));
    }
    assertThat(store.waitsRebuilt.sum()).as("the queues' own sets, as the scripts kept them").isEqualTo(rebuilt);
    // What claims read: exactly the leads waiting in a queue, as their placements say.
    assertThat(store.queuedPlacements()).as("the queued leads").containsExactlyInAnyOrderElementsOf(
        placements.stream().filter(p -> p.queue() != null).toList());
    // What offboarding and a rep's own list read: each rep's leads, found from the units it holds, as the placements
    // say; and every held lead once, for all the reps together.
    for (Rep r : reps) {
      assertThat(store.placementsHeldBy(List.of(r.id()))).as("the leads %s holds", r.id())
          .containsExactlyInAnyOrderElementsOf(placements.stream().filter(p -> r.id().equals(p.repId())).toList());
    }
    assertThat(store.placementsHeldBy(reps.stream().map(Rep::id).toList())).as("the leads the reps hold")
        .containsExactlyInAnyOrderElementsOf(placements.stream().filter(p -> p.repId() != null
            && reps.stream().anyMatch(r -> r.id().equals(p.repId()))).toList());
    store.refresh();
    for (Rep r : reps) {
      int openAtRep = store.rep(r.id()).openLeads();
      assertThat(openAtRep).as("open set of %s equals its placements", r.id())
          .isEqualTo(byRep.getOrDefault(r.id(), 0));
      assertThat(openAtRep).as("%s within capacity (Tier 1 may override)", r.id())
          .isLessThanOrEqualTo(r.capacity() + overrides(placements, r.id()));
    }
  }

  private static int overrides(Collection<Placement> placements, String repId) {
    int n = 0;
    for (Placement p : placements) {
      n += repId.equals(p.repId()) && p.capacityOverride() ? 1 : 0;
    }
    return n;
  }

  @Test
  void killingRedisMidRunQueuesFlaggedLeadsWithinTheTimeoutAndReconcilesAfterRestart() throws Exception {
    String tenant = "outage";
    List<Rep> reps = roster(6, 50);
    try (RedisStateStore store = server.store(tenant).build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      List<String> open = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Decision d = router.route(lead("before-" + i, i));
        assertThat(d.repId()).isNotNull();
        open.add(d.leadId());
      }
      server.kill();
      List<String> duringOutage = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        long start = System.nanoTime();
        Decision d = router.route(lead("during-" + i, i));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("answer within the timeout (200 ms) plus slack").isLessThan(1_000);
        assertThat(d.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
        assertThat(d.flags()).contains(Flag.STATE_UNAVAILABLE, Flag.FALLBACK_QUEUE);
        assertThat(d.explain()).contains("live state unavailable");
        duringOutage.add(d.leadId());
      }
      assertThat(router.unreconciledLeads()).isEqualTo(40);
      assertThat(router.reconcile()).as("still down").isZero();
      server.restart();
      Thread.sleep(250); // the store's retry-after window
      assertThat(router.reconcile()).isEqualTo(40);
      assertThat(router.unreconciledLeads()).isZero();
      open.addAll(duringOutage);
      assertConsistent(store, reps, open);
      for (String id : duringOutage) {
        assertThat(store.placement(id).queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
        assertThat(store.savedLead(id)).as("written with its facts").isNotNull();
      }
      // Routing is back to normal, and the leads queued meanwhile drain to reps (before 5 December 2026 they were
      // written without their facts and not queued for draining: they sat in the queue until a person moved them).
      assertThat(router.route(lead("after", 2)).repId()).isNotNull();
      open.add("after");
      assertThat(router.fireDueTimers()).isZero();
      for (String id : duringOutage) {
        assertThat(store.placement(id).repId()).as("%s drained", id).isNotNull();
      }
      assertThat(router.waitingLeads()).isZero();
      assertConsistent(store, reps, open);
    }
  }

  @Test
  void outcomesRecordedOnOneNodeTeachTheOtherNodesModel() {
    List<Rep> reps = roster(2, 100);
    io.smartrouting.core.learning.ConversionModel m1 = new io.smartrouting.core.learning.ConversionModel();
    io.smartrouting.core.learning.ConversionModel m2 = new io.smartrouting.core.learning.ConversionModel();
    try (RedisStateStore s1 = server.patientStore("learn").build();
        RedisStateStore s2 = server.patientStore("learn").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).learning(m1).manualTimers().step("round-robin")
            .build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).learning(m2).manualTimers().step("round-robin")
            .build()) {
      for (int i = 0; i < 40; i++) {
        Decision d = r1.route(Lead.builder("l-" + i).country("US").industry("fintech").employees(300).build());
        r1.recordOutcome(d.leadId(), i % 4 == 0 ? io.smartrouting.api.Outcome.WON
            : io.smartrouting.api.Outcome.LOST);
        r1.release(d.leadId());
      }
      assertThat(m2.outcomes()).isZero();
      assertThat(r2.syncLearning()).isTrue();
      assertThat(m2.outcomes()).isEqualTo(40);
      for (Rep r : reps) {
        for (String industry : new String[] {null, "fintech"}) {
          io.smartrouting.core.learning.ConversionEstimate a =
              m1.estimate(r.id(), io.smartrouting.api.Segment.MID_MARKET, industry);
          io.smartrouting.core.learning.ConversionEstimate b =
              m2.estimate(r.id(), io.smartrouting.api.Segment.MID_MARKET, industry);
          assertThat(b).isEqualTo(a);
        }
      }
      assertThat(m2.counts()).containsExactlyInAnyOrderElementsOf(m1.counts());
    }
  }

  /**
   * {@code recordOutcome(lead, rep, outcome)} on a node that did not route the lead, after the lead moved on: the
   * shared counts credit the rep named, and the new holder's placement gets no progress mark.
   */
  @Test
  void anOutcomeNamingTheOldRepReachesAnotherNodeAfterATransferAndIsThatRepsOnly() {
    List<Rep> reps = roster(2, 100);
    io.smartrouting.core.learning.ConversionModel m1 = new io.smartrouting.core.learning.ConversionModel();
    io.smartrouting.core.learning.ConversionModel m2 = new io.smartrouting.core.learning.ConversionModel();
    try (RedisStateStore s1 = server.patientStore("named-outcome").build();
        RedisStateStore s2 = server.patientStore("named-outcome").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).learning(m1).manualTimers().step("round-robin")
            .build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).learning(m2).manualTimers().step("round-robin")
            .build()) {
      Decision first = r1.route(Lead.builder("moved").country("US").industry("fintech").employees(300).build());
      Decision second = r1.transfer(first.leadId());
      assertThat(second.repId()).isNotNull().isNotEqualTo(first.repId());
      assertThat(r2.recordOutcome("moved", first.repId(), io.smartrouting.api.Outcome.MEETING)).isTrue();
      assertThat(s1.placement("moved").progressedAt()).as("the old rep's meeting is no progress of the new one")
          .isNull();
      assertThat(r2.recordOutcome("moved", first.repId(), io.smartrouting.api.Outcome.WON)).isTrue();
      assertThat(r1.recordOutcome("moved", io.smartrouting.api.Outcome.WON)).as("retried on the other node").isTrue();
      assertThat(s1.outcomeCounts()).containsExactlyInAnyOrder(
          new io.smartrouting.core.learning.OutcomeCount(first.repId(), Segment.MID_MARKET, null, 1, 1),
          new io.smartrouting.core.learning.OutcomeCount(first.repId(), Segment.MID_MARKET, "fintech", 1, 1));
      assertThat(r2.recordOutcome("moved", second.repId(), io.smartrouting.api.Outcome.MEETING)).isTrue();
      assertThat(s1.placement("moved").progressedAt()).as("the holder's own meeting").isNotNull();
    }
  }

  @Test
  void anOutcomeReportedToAnotherNodeTeachesTheModelOnce() {
    List<Rep> reps = roster(2, 100);
    io.smartrouting.core.learning.ConversionModel m1 = new io.smartrouting.core.learning.ConversionModel();
    io.smartrouting.core.learning.ConversionModel m2 = new io.smartrouting.core.learning.ConversionModel();
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.smartrouting.api.RoutingListener outcomes = e -> {
      if (e instanceof io.smartrouting.api.RoutingEvent.OutcomeRecorded o) {
        told.add(o.leadId());
      }
    };
    try (RedisStateStore s1 = server.patientStore("learn-elsewhere").build();
        RedisStateStore s2 = server.patientStore("learn-elsewhere").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).learning(m1).manualTimers().step("round-robin")
            .listener(outcomes).build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).learning(m2).manualTimers().step("round-robin")
            .listener(outcomes).build()) {
      Decision open = r1.route(Lead.builder("open").country("US").industry("fintech").employees(300).build());
      Decision closed = r1.route(Lead.builder("closed").country("US").industry("fintech").employees(300).build());
      r1.release(closed.leadId());
      // A CRM's webhook reaches whichever node the load balancer picks: the lead open, or released by its router.
      assertThat(r2.recordOutcome(open.leadId(), io.smartrouting.api.Outcome.WON)).isTrue();
      assertThat(r2.recordOutcome(closed.leadId(), io.smartrouting.api.Outcome.LOST)).isTrue();
      // Retried, on the node that routed them: acknowledged, not counted again.
      assertThat(r1.recordOutcome(open.leadId(), io.smartrouting.api.Outcome.WON)).isTrue();
      assertThat(r1.recordOutcome(closed.leadId(), io.smartrouting.api.Outcome.LOST)).isTrue();
      assertThat(m2.outcomes()).isEqualTo(2);
      assertThat(m1.outcomes()).as("the routing node counted neither again").isZero();
      assertThat(told).as("each outcome published once").containsExactlyInAnyOrder("open", "closed");
      java.util.List<io.smartrouting.core.learning.OutcomeCount> counts = s1.outcomeCounts();
      // Credited to the rep that held each lead, in the segment and industry it was routed in.
      assertThat(counts).containsExactlyInAnyOrder(
          new io.smartrouting.core.learning.OutcomeCount(open.repId(), Segment.MID_MARKET, null, 1, 1),
          new io.smartrouting.core.learning.OutcomeCount(open.repId(), Segment.MID_MARKET, "fintech", 1, 1),
          new io.smartrouting.core.learning.OutcomeCount(closed.repId(), Segment.MID_MARKET, null, 1, 0),
          new io.smartrouting.core.learning.OutcomeCount(closed.repId(), Segment.MID_MARKET, "fintech", 1, 0));
      assertThat(r1.syncLearning()).isTrue();
      assertThat(m1.counts()).containsExactlyInAnyOrderElementsOf(counts);
      assertThat(s1.releasedLeadsKept()).as("the learning routers' attribution window")
          .isEqualTo(java.time.Duration.ofDays(90));
    }
    try (RedisStateStore plain = server.patientStore("no-learning").build();
        Router r = Router.builder().roster(reps).stateStore(plain).manualTimers().step("round-robin").build()) {
      assertThat(plain.releasedLeadsKept()).as("a router that does not learn keeps nothing").isZero();
      Decision d = r.route(Lead.builder("x").country("US").build());
      r.release(d.leadId());
      assertThat(plain.releasedLead(d.leadId())).isNull();
    }
    // Kept for no time, a released lead is gone with its release: only its own router can still count it.
    try (RedisStateStore s1 = server.patientStore("learn-forget").keepReleasedLeads(java.time.Duration.ZERO).build();
        RedisStateStore s2 = server.patientStore("learn-forget").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1)
            .learning(new io.smartrouting.core.learning.ConversionModel()).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(reps).stateStore(s2)
            .learning(new io.smartrouting.core.learning.ConversionModel()).manualTimers().step("round-robin").build()) {
      Decision d = r1.route(Lead.builder("gone").country("US").employees(300).build());
      r1.release(d.leadId());
      assertThat(r2.recordOutcome(d.leadId(), io.smartrouting.api.Outcome.WON)).isFalse();
      assertThat(r1.recordOutcome(d.leadId(), io.smartrouting.api.Outcome.WON)).isTrue();
    }
  }

  @Test
  void aRepMarkedAwayThroughOneNodeIsAwayForEveryNode() {
    List<Rep> reps = roster(3, 100);
    try (RedisStateStore s1 = server.patientStore("away").build();
        RedisStateStore s2 = server.patientStore("away").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin").build()) {
      // The rep told the CRM it is away; the vendor told the node that served the request.
      r1.setAvailable("rep-0", false);
      assertThat(r2.isAvailable("rep-0")).as("not yet read").isTrue();
      assertThat(r2.syncAvailability()).isTrue();
      assertThat(r2.isAvailable("rep-0")).isFalse();
      for (int i = 0; i < 30; i++) {
        Decision d = r2.route(lead("away-" + i, i));
        assertThat(d.repId()).isNotNull().isNotEqualTo("rep-0");
      }
      // Back, through the other node this time.
      assertThat(r2.clearAvailability("rep-0")).isTrue();
      r1.syncAvailability();
      assertThat(r1.isAvailable("rep-0")).isTrue();
      assertThat(s1.availabilityOverrides()).isEmpty();
      // A rep offboarded through one node gets no new lead from the other.
      r1.offboard("rep-1", io.smartrouting.core.OffboardPolicy.reroute());
      r2.syncAvailability();
      for (int i = 0; i < 30; i++) {
        assertThat(r2.route(lead("after-offboard-" + i, i)).repId()).isNotNull().isNotEqualTo("rep-1");
      }
    }
  }

  /**
   * A plain lead (no deadline, no queue, no learning) routed by one node moves through the chain on another: its
   * routing facts are saved with its placement. Before 5 December 2026 only leads with a deadline or in a queue had
   * them, so the other node queued an offboarded rep's leads with empty facts (and then drained them to anyone) and
   * refused {@code transfer(leadId)}.
   */
  @Test
  void aLeadRoutedByOneNodeIsOffboardedAndTransferredByAnotherWithItsFacts() {
    List<Rep> reps = List.of(Rep.builder("leaver").territories("DE").languages("de").capacity(10).build(),
        Rep.builder("de-1").territories("DE").languages("de").capacity(10).build(),
        Rep.builder("de-2").territories("DE").languages("de").capacity(10).build(),
        Rep.builder("us").territories("US").capacity(10).build());
    try (RedisStateStore s1 = server.patientStore("facts").build();
        RedisStateStore s2 = server.patientStore("facts").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin").build()) {
      List<String> held = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Decision d = r1.route(Lead.builder("de-" + i).country("DE").language("de").employees(40).build());
        if ("leaver".equals(d.repId())) {
          held.add(d.leadId());
        }
      }
      assertThat(held).isNotEmpty();
      List<Decision> moved = r2.offboard("leaver", io.smartrouting.core.OffboardPolicy.reroute());
      assertThat(moved).hasSize(held.size()).allSatisfy(d -> assertThat(d.repId()).isIn("de-1", "de-2"));
      String id = held.get(0);
      String now = s1.placement(id).repId();
      Decision again = r2.transfer(id);
      assertThat(again.repId()).isIn("de-1", "de-2").isNotEqualTo(now);
      assertThat(s2.savedLead(id).language()).isEqualTo("de");
    }
  }

  /**
   * A step whose condition reads a custom attribute decides alike on the node that moves the lead: Redis keeps the
   * lead's attributes with its facts (before 7 December 2026 it kept none, so another node's transfer passed the
   * campaign's step and gave the lead to the other team).
   */
  @Test
  void aStepsConditionOnAnAttributeHoldsOnTheNodeThatMovesTheLead() {
    List<Rep> reps = List.of(Rep.builder("vip-a").team("vip").territories("US").capacity(10).build(),
        Rep.builder("vip-b").team("vip").territories("US").capacity(10).build(),
        Rep.builder("std-a").team("std").territories("US").capacity(10).build(),
        Rep.builder("std-b").team("std").territories("US").capacity(10).build());
    java.util.function.Function<RedisStateStore, Router> node = store -> Router.builder().roster(reps)
        .stateStore(store).manualTimers()
        .step(io.smartrouting.core.ChainStep.of("round-robin").when("attributes.campaign = 'vip'")
            .reps("team = 'vip'").named("vip"))
        .step(io.smartrouting.core.ChainStep.of("round-robin").reps("team = 'std'").named("std")).build();
    try (RedisStateStore s1 = server.patientStore("attrs").build();
        RedisStateStore s2 = server.patientStore("attrs").build();
        Router r1 = node.apply(s1); Router r2 = node.apply(s2)) {
      Decision first = r1.route(Lead.builder("camp-1").country("US").attribute("campaign", "vip").build());
      assertThat(first.repId()).isIn("vip-a", "vip-b");
      Decision moved = r2.transfer("camp-1");
      assertThat(moved.repId()).as("moved by the other node through the campaign's step")
          .isIn("vip-a", "vip-b").isNotEqualTo(first.repId());
      assertThat(s2.savedLead("camp-1").attributes()).containsEntry("campaign", "vip");
      Decision plain = r1.route(Lead.builder("plain-1").country("US").build());
      assertThat(r2.transfer(plain.leadId()).repId()).isIn("std-a", "std-b");
    }
  }

  /**
   * Routers that do not learn recognise an outcome of a lead another node routed and released when the stores keep
   * released leads ({@code keepReleasedLeads}): counted and published with its rep, tier and segment (the segment from
   * the facts kept with it; before 5 December 2026 it was published without one). Without that setting they answer
   * false, as documented.
   */
  @Test
  void anOutcomeOfALeadReleasedElsewhereIsKnownToRoutersThatDoNotLearnWhenTheStoresKeepReleasedLeads() {
    List<Rep> reps = roster(3, 100);
    List<RoutingEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (RedisStateStore s1 = server.patientStore("kept-plain").keepReleasedLeads(Duration.ofDays(30)).build();
        RedisStateStore s2 = server.patientStore("kept-plain").keepReleasedLeads(Duration.ofDays(30)).build();
        RedisStateStore s3 = server.patientStore("kept-none").build();
        RedisStateStore s4 = server.patientStore("kept-none").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin")
            .listener(events::add).build();
        Router r3 = Router.builder().roster(reps).stateStore(s3).manualTimers().step("round-robin").build();
        Router r4 = Router.builder().roster(reps).stateStore(s4).manualTimers().step("round-robin").build()) {
      Decision d = r1.route(Lead.builder("won-elsewhere").country("US").employees(2_000).build());
      assertThat(r1.release(d.leadId())).isTrue();
      assertThat(r2.recordOutcome(d.leadId(), io.smartrouting.api.Outcome.WON)).isTrue();
      assertThat(events).filteredOn(e -> e instanceof RoutingEvent.OutcomeRecorded).singleElement().satisfies(e -> {
        RoutingEvent.OutcomeRecorded o = (RoutingEvent.OutcomeRecorded) e;
        assertThat(o.repId()).isEqualTo(d.repId());
        assertThat(o.segment()).isEqualTo(Segment.ENTERPRISE);
      });
      Decision other = r3.route(Lead.builder("won-unknown").country("US").build());
      assertThat(r3.release(other.leadId())).isTrue();
      assertThat(r4.recordOutcome(other.leadId(), io.smartrouting.api.Outcome.WON)).isFalse();
    }
  }

  /**
   * Another node routes to a rep offboarded through this one until it takes the override at its next tick: this
   * node's ticks move those leads too, for a while after the offboarding (before 5 December 2026 they stayed with
   * the rep who left); a rep made available again is left alone.
   */
  /**
   * A lead updated on a node that does not run the tenant's timers (5,000 employees and a demo request now) moves to a
   * rep who covers it with Tier 1's deadline; the node that runs the timers follows that deadline at its next tick,
   * not the Tier 2 one it armed, and reassigns at the breach with the new facts (an enterprise rep, not the other SMB
   * rep), also when the update left its deadline as it was. Before 5 December (night) it breached at the old instant
   * and re-routed with the facts it had.
   */
  @Test
  void aLeadUpdatedOnAnotherNodeIsTimedAndReassignedWithItsNewFacts() {
    List<Rep> reps = List.of(
        Rep.builder("smb-1").territories("US").segments(Segment.SMB).languages("en").capacity(10).build(),
        Rep.builder("smb-2").territories("US").segments(Segment.SMB).languages("en", "de").capacity(10).build(),
        Rep.builder("ent-1").territories("US").segments(Segment.ENTERPRISE).capacity(10).build(),
        Rep.builder("ent-2").territories("US").segments(Segment.ENTERPRISE).capacity(10).build());
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T15:00:00Z"));
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    try (RedisStateStore s1 = server.patientStore("update").build();
        RedisStateStore s2 = server.patientStore("update").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
            .listener(events::add).build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
            .build()) {
      r1.fireDueTimers();
      assertThat(r1.holdsTimerLease()).as("r1 runs the tenant's timers").isTrue();
      Lead first = Lead.builder("L").country("US").employees(40).icpScore(85).build();
      Decision d = r1.route(first);
      assertThat(d.repId()).isEqualTo("smb-1");
      assertThat(d.tier()).isEqualTo(Tier.TIER_2);

      Decision moved = r2.update(Lead.builderFrom(first).employees(5000).source(LeadSource.DEMO_REQUEST).build());
      assertThat(moved.repId()).isEqualTo("ent-1");
      assertThat(moved.tier()).isEqualTo(Tier.TIER_1);
      assertThat(moved.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
      assertThat(s1.placement("L").tier()).isEqualTo(Tier.TIER_1);

      clock.advance(Duration.ofSeconds(30));
      r1.fireDueTimers();
      clock.advance(Duration.ofMinutes(5));
      r1.fireDueTimers();
      RoutingEvent.SlaBreached breach = events.stream()
          .filter(e -> e instanceof RoutingEvent.SlaBreached)
          .map(e -> (RoutingEvent.SlaBreached) e).findFirst().orElseThrow();
      assertThat(breach.deadline()).isEqualTo(moved.slaDeadline());
      assertThat(breach.repId()).isEqualTo("ent-1");
      assertThat(s1.placement("L").repId()).as("reassigned with the new facts").isEqualTo("ent-2");

      // Facts that keep the lead where it is and its deadline as it was (now in German, which its rep speaks too):
      // the breach still re-routes with them, so not to the rep who speaks English only.
      Lead second = Lead.builder("L2").country("US").language("en").employees(40).icpScore(85).build();
      assertThat(r1.route(second).repId()).isEqualTo("smb-2");
      Decision stays = r2.update(Lead.builderFrom(second).language("de").build());
      assertThat(stays.repId()).isEqualTo("smb-2");
      clock.advance(Duration.ofMinutes(61));
      r1.fireDueTimers();
      assertThat(s1.placement("L2").repId()).as("nobody else speaks German").isNotEqualTo("smb-1");
    }
  }

  /**
   * Leads taken up on a node that does not run the timers ({@code Router.adopt}: a go-live, or a restart): the units,
   * the timed index and the claim order are written as for routed leads, so the node that runs the timers breaches the
   * overdue one and drains the waiting one; adopting again, on either node, takes no second unit.
   */
  @Test
  void leadsAdoptedOnOneNodeAreTimedAndDrainedByTheNodeThatRunsTheTimers() {
    List<Rep> reps = roster(2, 3);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
    Instant now = clock.instant();
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    try (RedisStateStore s1 = server.patientStore("adopt").build();
        RedisStateStore s2 = server.patientStore("adopt").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
            .listener(events::add).build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
            .build()) {
      r1.fireDueTimers();
      assertThat(r1.holdsTimerLease()).isTrue();
      r1.setAvailable("rep-1", false);
      Decision late = r2.adopt(io.smartrouting.core.ExistingLead.heldBy(lead("A1", 0), "rep-0",
          now.minus(Duration.ofMinutes(10))));
      assertThat(late.slaDeadline()).isEqualTo(now.minus(Duration.ofMinutes(5)));
      r2.adopt(io.smartrouting.core.ExistingLead.heldBy(lead("A2", 0), "rep-0", now.minus(Duration.ofHours(1)))
          .contactedAt(now.minus(Duration.ofMinutes(50))));
      r2.adopt(io.smartrouting.core.ExistingLead.waitingIn(lead("A3", 2), "unassigned",
          now.minus(Duration.ofHours(2))));
      assertThat(r1.adopt(io.smartrouting.core.ExistingLead.heldBy(lead("A1", 0), "rep-1", now)).repId())
          .as("left where it is").isEqualTo("rep-0");
      assertConsistent(s1, reps, List.of("A1", "A2", "A3"));
      assertThat(s1.rep("rep-0").openLeads()).isEqualTo(2);
      assertThat(s1.placement("A2").contactedAt()).isEqualTo(now.minus(Duration.ofMinutes(50)));
      assertThat(s2.savedLead("A1")).as("its routing facts, for the node that moves it").isNotNull();
      // A lead adopted with its SLA history keeps it in the store, for whichever node breaches or moves it.
      r2.adopt(io.smartrouting.core.ExistingLead.heldBy(lead("A4", 0), "rep-0", now.minus(Duration.ofHours(3)))
          .contactedAt(now.minus(Duration.ofHours(2))).withHistory(now.minus(Duration.ofHours(5)), 2,
              List.of("rep-1", "old:rep")));
      io.smartrouting.core.state.Placement a4 = s1.placement("A4");
      assertThat(a4.earlierHolders()).containsExactly("rep-1", "old:rep");
      assertThat(a4.firstRoutedAt()).isEqualTo(now.minus(Duration.ofHours(5)));
      assertThat(a4.slaBreaches()).isEqualTo(2);
      assertThat(s1.placement("A2").earlierHolders()).as("none given, none kept").isEmpty();
      assertThat(s1.placement("A2").firstRoutedAt()).isEqualTo(now.minus(Duration.ofHours(1)));

      r1.setAvailable("rep-1", true);
      clock.advance(Duration.ofSeconds(1));
      r1.fireDueTimers();
      assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached)
          .extracting(e -> ((RoutingEvent.SlaBreached) e).leadId()).containsExactly("A1");
      assertThat(s1.placement("A1").repId()).as("reassigned on its breach").isEqualTo("rep-1");
      assertThat(s1.placement("A3").repId()).as("drained").isNotNull();
      assertConsistent(s1, reps, List.of("A1", "A2", "A3", "A4"));
    }
  }

  /**
   * A lead waiting in a queue on the node that runs the drains, updated on another node without a change of tier (its
   * country corrected to one a rep covers): the next tick drains it with the new facts. Before 5 December (night) that
   * node kept the facts it had queued it with, and the lead waited on.
   */
  @Test
  void aQueuedLeadUpdatedOnAnotherNodeDrainsWithItsNewFacts() {
    List<Rep> reps = List.of(Rep.builder("de-1").territories("DE").capacity(10).build());
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T15:00:00Z"));
    try (RedisStateStore s1 = server.patientStore("update-queued").build();
        RedisStateStore s2 = server.patientStore("update-queued").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
            .build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
            .build()) {
      r1.fireDueTimers();
      assertThat(r1.holdsTimerLease()).isTrue();
      Lead fr = Lead.builder("Q").country("FR").employees(40).build();
      assertThat(r1.route(fr).queue()).as("nobody covers France").isNotNull();
      clock.advance(Duration.ofSeconds(10));
      r1.fireDueTimers();
      assertThat(s1.placement("Q").queue()).isNotNull();

      Decision corrected = r2.update(Lead.builderFrom(fr).country("DE").build());
      assertThat(corrected.queue()).as("r2 does not drain: it stays queued there").isNotNull();
      assertThat(corrected.tier()).isEqualTo(Tier.TIER_3);
      clock.advance(Duration.ofSeconds(10));
      r1.fireDueTimers();
      assertThat(s1.placement("Q").repId()).as("drained with the corrected country").isEqualTo("de-1");
    }
  }

  /**
   * A rep asks a node that does not drain (not the timer-lease holder) for its next lead: the node reads the queued
   * placements from Redis and assigns one, which the draining node then leaves alone; a lead nobody may take stays.
   */
  @Test
  void aRepClaimsItsNextLeadThroughANodeThatDoesNotDrain() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(1).build(),
        Rep.builder("dirk").territories("DE").capacity(1).build());
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T15:00:00Z"));
    try (RedisStateStore s1 = server.patientStore("claim-next").build();
        RedisStateStore s2 = server.patientStore("claim-next").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
            .capacityThreshold(1.0).build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
            .capacityThreshold(1.0).build()) {
      r1.fireDueTimers();
      assertThat(r1.holdsTimerLease()).isTrue();
      assertThat(r1.route(Lead.builder("U0").country("US").build()).repId()).isEqualTo("ana");
      assertThat(r1.route(Lead.builder("U1").country("US").build()).queue()).isNotNull();
      clock.advance(Duration.ofMinutes(1));
      assertThat(r1.route(Lead.builder("U2").country("US").build()).queue()).isNotNull();
      r1.fireDueTimers();
      assertThat(r2.claimNext("ana")).as("ana is full").isEmpty();
      r2.release("U0");
      Decision claimed = r2.claimNext("ana").orElseThrow();
      assertThat(claimed.leadId()).as("the oldest").isEqualTo("U1");
      assertThat(s1.placement("U1").repId()).isEqualTo("ana");
      assertThat(r2.claimNext("dirk")).as("dirk does not cover the US").isEmpty();
      clock.advance(Duration.ofMinutes(1));
      r1.fireDueTimers();
      assertThat(s1.placement("U1").repId()).as("the draining node leaves it with ana").isEqualTo("ana");
      assertThat(s1.placement("U2").queue()).as("ana is full again").isNotNull();
      assertConsistent(s1, reps, List.of("U1", "U2"));
    }
  }

  /**
   * A queue rule on a node that does not drain: the lead waits in its queue in Redis, the draining node takes it up
   * and, after the queue's claim window, pushes it past the rule to a rep.
   */
  @Test
  void aLeadARulePoolsOnOneNodeIsDrainedByTheOtherAfterItsClaimWindow() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(5).build());
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T15:00:00Z"));
    java.util.function.Supplier<Router.Builder> node = () -> Router.builder().roster(reps).clock(clock).manualTimers()
        .step(io.smartrouting.core.ChainStep.toQueue("pool").onlyFor(Tier.TIER_3)).step("round-robin")
        .queuePolicy(io.smartrouting.core.QueuePolicy.of("pool").claimWindow(Duration.ofMinutes(10)));
    try (RedisStateStore s1 = server.patientStore("queue-rule").build();
        RedisStateStore s2 = server.patientStore("queue-rule").build();
        Router r1 = node.get().stateStore(s1).build();
        Router r2 = node.get().stateStore(s2).build()) {
      r1.fireDueTimers();
      assertThat(r1.holdsTimerLease()).isTrue();
      Decision pooled = r2.route(Lead.builder("P1").country("US").build());
      assertThat(pooled.queue()).isEqualTo("pool");
      assertThat(s1.placement("P1").queue()).isEqualTo("pool");
      clock.advance(Duration.ofMinutes(5));
      r1.fireDueTimers();
      assertThat(s1.placement("P1").queue()).as("within its claim window").isEqualTo("pool");
      clock.advance(Duration.ofMinutes(6));
      r1.fireDueTimers();
      assertThat(s1.placement("P1").repId()).as("pushed past the rule").isEqualTo("ana");
      assertConsistent(s1, reps, List.of("P1"));
    }
  }

  @Test
  void leadsAnotherNodeRoutesToAnOffboardedRepBeforeItsNextTickAreMovedToo() {
    List<Rep> reps = roster(3, 100);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-05T15:00:00Z"));
    try (RedisStateStore s1 = server.patientStore("offboard-late").build();
        RedisStateStore s2 = server.patientStore("offboard-late").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
            .build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
            .build()) {
      assertThat(r1.offboard("rep-0", io.smartrouting.core.OffboardPolicy.reroute())).isEmpty();
      List<String> open = new ArrayList<>();
      int late = 0;
      for (int i = 0; i < 12; i++) {
        Decision d = r2.route(lead("late-" + i, i));
        open.add(d.leadId());
        late += "rep-0".equals(d.repId()) ? 1 : 0;
      }
      assertThat(late).as("r2 has not taken the override yet").isPositive();
      // By r1's next tick its store has read r2's placements (its background refresh runs every 100 ms).
      s1.refresh();
      clock.advance(Duration.ofSeconds(1));
      r1.fireDueTimers();
      s1.refresh();
      assertThat(s1.rep("rep-0").openLeads()).isZero();
      assertConsistent(s1, reps, open);
      // Back at work: its new leads stay.
      r1.clearAvailability("rep-0");
      r2.syncAvailability();
      Decision back = null;
      for (int i = 0; back == null || !"rep-0".equals(back.repId()); i++) {
        back = r2.route(lead("back-" + i, i));
      }
      s1.refresh();
      clock.advance(Duration.ofSeconds(1));
      r1.fireDueTimers();
      assertThat(s1.placement(back.leadId()).repId()).isEqualTo("rep-0");
    }
  }

  /**
   * An account's lead, matched by its e-mail domain on one node, keeps its account when another node moves it: the
   * facts saved with the placement carry the matched account (never the e-mail).
   */
  @Test
  void anAccountLeadOffboardedByAnotherNodeGoesToTheAccountBackup() {
    List<Rep> reps = List.of(Rep.builder("leaver").territories("US").capacity(10).build(),
        Rep.builder("other").territories("US").capacity(10).build(),
        Rep.builder("backup").territories("CA").capacity(10).build(),
        Rep.builder("team-1").territories("GB").capacity(10).build());
    List<io.smartrouting.api.Account> accounts = List.of(io.smartrouting.api.Account.builder("acc-acme").name("Acme")
        .domains("acme.com").ownerRepId("leaver").backupRepId("backup").teamRepIds(List.of("team-1")).build());
    try (RedisStateStore s1 = server.patientStore("acct-facts").build();
        RedisStateStore s2 = server.patientStore("acct-facts").build();
        Router r1 = Router.builder().roster(reps).accounts(accounts).stateStore(s1).manualTimers().defaultChain()
            .build();
        Router r2 = Router.builder().roster(reps).accounts(accounts).stateStore(s2).manualTimers().defaultChain()
            .build()) {
      Decision d = r1.route(Lead.builder("acme-1").country("US").email("buyer@acme.com").build());
      assertThat(d.repId()).isEqualTo("leaver");
      assertThat(d.accountId()).isEqualTo("acc-acme");
      // The node that did not route it previews the offboarding from the store's facts: the account's backup, and
      // nothing moves until the offboarding itself.
      assertThat(r2.previewOffboard("leaver", io.smartrouting.core.OffboardPolicy.accountBackupFirst()))
          .singleElement().satisfies(m -> assertThat(m.repId()).isEqualTo("backup"));
      assertThat(r2.previewTransfer("acme-1").repId()).as("a transfer through the chain, the holder left out")
          .isIn("other", "backup", "team-1");
      assertThat(r1.placement("acme-1").orElseThrow().repId()).isEqualTo("leaver");
      assertThat(r1.isAvailable("leaver")).isTrue();
      List<Decision> moved = r2.offboard("leaver", io.smartrouting.core.OffboardPolicy.accountBackupFirst());
      assertThat(moved).singleElement().satisfies(m -> assertThat(m.repId()).isEqualTo("backup"));
      assertThat(s2.savedLead("acme-1").email()).as("no contact details in Redis").isNull();
      // Moved again by the node that routed it (and holds it with its e-mail), then once more by the other: the facts
      // each move saves name the account.
      r1.syncAvailability();
      String holder = r1.transfer("acme-1").repId();
      assertThat(holder).isNotNull().isNotIn("leaver", "backup");
      assertThat(s1.savedLead("acme-1").accountId()).isEqualTo("acc-acme");
      assertThat(r2.offboard(holder, io.smartrouting.core.OffboardPolicy.accountBackupFirst()))
          .singleElement().satisfies(m -> assertThat(m.repId()).isIn("backup", "team-1").isNotEqualTo(holder));
    }
  }

  /**
   * An account moved to another owner: a node that routed none of its leads hands them over, finding them by the
   * account named in the facts saved with each placement, and the node that routed them sees the units move.
   */
  @Test
  void anAccountMovedOnAnotherNodeTakesTheLeadsThisNodeRouted() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(10).build(),
        Rep.builder("bob").territories("US").capacity(10).build());
    io.smartrouting.api.Account byAna = io.smartrouting.api.Account.builder("acc-acme").name("Acme")
        .domains("acme.com").ownerRepId("ana").build();
    io.smartrouting.api.Account toBob = io.smartrouting.api.Account.builder("acc-acme").name("Acme")
        .domains("acme.com").ownerRepId("bob").build();
    try (RedisStateStore s1 = server.patientStore("acct-move").build();
        RedisStateStore s2 = server.patientStore("acct-move").build();
        Router r1 = Router.builder().roster(reps).accounts(List.of(byAna)).stateStore(s1).manualTimers()
            .defaultChain().whenAccountsMove(true).build();
        Router r2 = Router.builder().roster(reps).accounts(List.of(byAna)).stateStore(s2).manualTimers()
            .defaultChain().whenAccountsMove(true).build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(r1.route(Lead.builder("acme-" + i).country("US").email("p" + i + "@acme.com").build()).repId())
            .isEqualTo("ana");
      }
      r1.route(Lead.builder("walk-in").country("US").email("x@example.org").build());
      r2.updateAccounts(List.of(toBob));
      assertThat(List.of("acme-0", "acme-1", "acme-2")).allSatisfy(id ->
          assertThat(s1.placement(id).repId()).isEqualTo("bob"));
      s1.refresh(); // what its background refresh does every 100 ms
      assertThat(r1.openLeads("bob")).isEqualTo(3 + ("bob".equals(s1.placement("walk-in").repId()) ? 1 : 0));
      assertThat(r1.openLeads("ana")).isEqualTo("ana".equals(s1.placement("walk-in").repId()) ? 1 : 0);
      assertConsistent(s1, reps, List.of("acme-0", "acme-1", "acme-2", "walk-in"));
      // r1 has not reloaded yet: it still gives acme's leads to ana, until its own reload moves them too.
      assertThat(r1.route(Lead.builder("acme-3").country("US").email("p3@acme.com").build()).repId())
          .isEqualTo("ana");
      r1.updateAccounts(List.of(toBob));
      assertThat(s2.placement("acme-3").repId()).isEqualTo("bob");
      assertConsistent(s1, reps, List.of("acme-0", "acme-1", "acme-2", "acme-3", "walk-in"));
    }
  }

  /**
   * A rep going on a long time off: the node that runs the tenant's timers hands over the leads another node gave the
   * rep, finding them in the store's placements.
   */
  @Test
  void theTimerNodeHandsOverTheLeadsAnotherNodeGaveARepGoingOnTimeOff() {
    Instant monday = Instant.parse("2026-11-30T00:00:00Z");
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(10)
            .timeOff(new io.smartrouting.api.TimeOff(monday, monday.plus(Duration.ofDays(5)), "vacation")).build(),
        Rep.builder("bob").territories("US").capacity(10).build());
    ManualClock clock = new ManualClock(Instant.parse("2026-11-27T15:00:00Z"));
    try (RedisStateStore s1 = server.patientStore("time-off-hand-over").build();
        RedisStateStore s2 = server.patientStore("time-off-hand-over").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
            .handOverWhenAway(Duration.ofDays(2)).build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
            .handOverWhenAway(Duration.ofDays(2)).build()) {
      r1.fireDueTimers();
      assertThat(r1.holdsTimerLease()).as("r1 runs the tenant's timers").isTrue();
      List<String> ids = List.of("L0", "L1", "L2", "L3");
      for (String id : ids) {
        r2.route(Lead.builder(id).country("US").build());
      }
      List<String> anas = ids.stream().filter(id -> "ana".equals(s1.placement(id).repId())).toList();
      assertThat(anas).as("round-robin gave ana some").isNotEmpty();
      clock.set(monday.plusSeconds(30));
      r2.fireDueTimers(); // not the timer node: hands nothing over
      assertThat(s1.placement(anas.get(0)).repId()).isEqualTo("ana");
      r1.fireDueTimers();
      assertThat(ids).allSatisfy(id -> assertThat(s1.placement(id).repId()).isEqualTo("bob"));
      assertConsistent(s1, reps, ids);
    }
  }

  /**
   * Stalled leads: the node that runs the tenant's timers recycles the contacted leads another node routed, and
   * leaves the one whose progress was reported to that other node, finding the mark on its placement in Redis.
   */
  @Test
  void theTimerNodeRecyclesStalledLeadsAndSeesProgressReportedToAnotherNode() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(10).build(),
        Rep.builder("bob").territories("US").capacity(10).build());
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (RedisStateStore s1 = server.patientStore("recycle-stalled").build();
        RedisStateStore s2 = server.patientStore("recycle-stalled").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
            .recycleStalledLeads(Duration.ofDays(14)).build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
            .recycleStalledLeads(Duration.ofDays(14)).build()) {
      r1.fireDueTimers();
      assertThat(r1.holdsTimerLease()).as("r1 runs the tenant's timers").isTrue();
      List<String> ids = List.of("L0", "L1", "L2", "L3");
      Map<String, String> first = new java.util.HashMap<>();
      for (String id : ids) {
        first.put(id, r2.route(Lead.builder(id).country("US").build()).repId());
        assertThat(r2.recordContact(id, clock.instant())).isTrue();
      }
      assertThat(r2.recordOutcome("L0", io.smartrouting.api.Outcome.OPPORTUNITY)).isTrue();
      assertThat(s1.placement("L0").progressedAt()).isEqualTo(clock.instant());
      clock.advance(Duration.ofDays(14).plusMinutes(1));
      r2.fireDueTimers(); // not the timer node: recycles nothing
      assertThat(s1.placement("L1").repId()).isEqualTo(first.get("L1"));
      r1.fireDueTimers();
      assertThat(s1.placement("L0").repId()).as("progressed: stays").isEqualTo(first.get("L0"));
      for (String id : List.of("L1", "L2", "L3")) {
        Placement p = s1.placement(id);
        assertThat(p.repId()).as("%s recycled to the other rep", id).isNotEqualTo(first.get(id));
        assertThat(p.contactedAt()).isNull();
        assertThat(p.progressedAt()).isNull();
      }
      assertConsistent(s1, reps, ids);
    }
  }

  /**
   * A lead's earlier holders live on its placement in Redis: a transfer on another node, after the contact ended the
   * deadline that remembered them on the first, does not send the lead back to one.
   */
  @Test
  void aTransferOnAnotherNodeDoesNotGoBackToAnEarlierHolder() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(10).build(),
        Rep.builder("bob").territories("US").capacity(10).build(),
        Rep.builder("cy").territories("US").capacity(10).build());
    try (RedisStateStore s1 = server.patientStore("earlier-holders").build();
        RedisStateStore s2 = server.patientStore("earlier-holders").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin").build()) {
      String first = r1.route(Lead.builder("L1").country("US").build()).repId();
      String second = r1.transfer("L1").repId();
      assertThat(second).isNotEqualTo(first);
      assertThat(r1.recordContact("L1", Instant.now())).isTrue();
      assertThat(s2.placement("L1").earlierHolders()).containsExactly(first);
      String third = r2.transfer("L1").repId();
      assertThat(third).isNotIn(first, second);
      assertThat(s1.placement("L1").earlierHolders()).containsExactly(first, second);
      assertConsistent(s1, reps, List.of("L1"));
    }
  }

  /**
   * The node that runs the timers reassigns a lead whose deadline passed, having taken its timer up from the store
   * after another node transferred it: never back to the rep who held it before the transfer.
   */
  @Test
  void aDeadlineTakenUpFromTheStoreDoesNotReassignTheLeadToAnEarlierHolder() {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(10).build(),
        Rep.builder("bob").territories("US").capacity(10).build());
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (RedisStateStore s1 = server.patientStore("breach-earlier-holders").build();
        RedisStateStore s2 = server.patientStore("breach-earlier-holders").build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
            .sla(Tier.TIER_3, Duration.ofHours(1)).slaClock(Tier.TIER_3, io.smartrouting.core.SlaClock.WALL_CLOCK)
            .build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
            .sla(Tier.TIER_3, Duration.ofHours(1)).slaClock(Tier.TIER_3, io.smartrouting.core.SlaClock.WALL_CLOCK)
            .build()) {
      r1.fireDueTimers();
      assertThat(r1.holdsTimerLease()).isTrue();
      String first = r2.route(Lead.builder("L1").country("US").build()).repId();
      String second = r2.transfer("L1").repId();
      assertThat(second).isNotEqualTo(first);
      r1.fireDueTimers(); // takes the lead's deadline up from the store
      clock.advance(Duration.ofHours(1).plusMinutes(1));
      r1.fireDueTimers();
      Placement p = s1.placement("L1");
      assertThat(p.repId()).as("not back to %s, who held it before %s", first, second).isNotEqualTo(first);
      assertConsistent(s1, reps, List.of("L1"));
    }
  }

  /**
   * Previews {@code router}'s realignment to {@code after}, makes it, checks that the moves made ({@code events}) are
   * those previewed, and returns them as {@code lead -> rep}.
   */
  private static List<String> realignedAsPreviewed(Router router, List<RoutingEvent> events, List<Rep> after) {
    List<String> previewed = new ArrayList<>();
    for (Decision d : router.previewRealignment(after)) {
      previewed.add(d.leadId() + " -> " + d.repId());
    }
    events.clear();
    router.updateRoster(after);
    List<String> made = new ArrayList<>();
    for (RoutingEvent e : events) {
      if (e instanceof RoutingEvent.LeadMoved m) {
        made.add(m.leadId() + " -> " + m.decision().repId());
      }
    }
    assertThat(made).isEqualTo(previewed);
    return made;
  }

  /**
   * Round-robin on turns Redis shares: a preview names the rep the route then gets (it read the store's credits; until
   * 6 December the step passed in a preview), and a preview of a realignment's several moves spreads the leads as the
   * update's turns do, taking its turns on a copy of the credits and writing none.
   */
  @Test
  void previewsOnSharedTurnsNameTheRepsTheTurnsThenGive() {
    List<Rep> before = new ArrayList<>();
    List<Rep> after = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      before.add(Rep.builder("r" + i).territories("US").capacity(20).weight(1 + i % 3).build());
      after.add(Rep.builder("r" + i).territories(i < 2 ? "CA" : "US").capacity(20).weight(1 + i % 3).build());
    }
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    try (RedisStateStore s1 = server.patientStore("shared-turn-preview").build();
        RedisStateStore s2 = server.patientStore("shared-turn-preview").build();
        Router r1 = Router.builder().roster(before).stateStore(s1).manualTimers().step("round-robin")
            .whenCoverageChanges(true).listener(events::add).build();
        Router r2 = Router.builder().roster(before).stateStore(s2).manualTimers().step("round-robin").build()) {
      for (int i = 0; i < 12; i++) {
        Router router = i % 2 == 0 ? r1 : r2;
        Lead lead = Lead.builder("L" + i).country("US").build();
        Decision preview = router.preview(lead);
        Decision d = router.route(lead);
        assertThat(preview.repId()).as("preview of L%d", i).isEqualTo(d.repId()).isNotNull();
      }
      List<String> previewed = realignedAsPreviewed(r1, events, after);
      assertThat(previewed).as("r0 and r1 hand over their leads").hasSizeGreaterThan(2);
    }
  }

  /**
   * A preview of a realignment through a step that reads company notes, on Redis: two leads of one company at a rep
   * who leaves the territory, the earlier one handed to another leaver since. The update moves the later-placed one
   * first (by placement time); round-robin gives it a rep, and the other follows it there by the company's notes. The
   * preview must read the notes as its first move leaves them (the store applies the previewed moves): read as Redis
   * holds them, the company's latest lead is still with the leaver, no candidate, and round-robin sends the second
   * lead elsewhere.
   */
  @Test
  void aPreviewThroughCompanyNotesOnRedisSeesWhereItsEarlierMovesPutTheCompanysLeads() {
    List<Rep> before = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      before.add(Rep.builder("r" + i).territories("US").capacity(10).build());
    }
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (RedisStateStore store = server.patientStore("notes-preview").build();
        Router router = Router.builder().roster(before).stateStore(store).clock(clock).manualTimers()
            .step("same-company").step("round-robin").whenCoverageChanges(true).listener(events::add).build()) {
      String held = router.route(Lead.builder("A").country("US").email("ann@acme.com").build()).repId();
      clock.advance(Duration.ofMinutes(1));
      assertThat(router.route(Lead.builder("B").country("US").email("bo@acme.com").build()).repId())
          .as("the company's second lead follows its first").isEqualTo(held);
      String other = held.equals("r0") ? "r1" : "r0";
      clock.advance(Duration.ofMinutes(1));
      router.reassign("A", other, "covering");
      List<Rep> after = new ArrayList<>();
      for (Rep r : before) {
        boolean leaves = r.id().equals(held) || r.id().equals(other);
        after.add(Rep.builder(r.id()).territories(leaves ? "CA" : "US").capacity(10).build());
      }
      List<String> made = realignedAsPreviewed(router, events, after);
      assertThat(made).hasSize(2);
      assertThat(made.get(1)).as("A follows B").endsWith(made.get(0).substring(made.get(0).indexOf(" -> ")));
    }
  }

  /**
   * A rep left out of a roster reloaded on a node that has not seen its leads yet (its view of the rep's open count
   * is still zero): the leads another node gave it are offboarded all the same.
   */
  @Test
  void aRepLeftOutOnANodeThatHasNotSeenItsLeadsIsOffboardedAllTheSame() {
    List<Rep> before = List.of(Rep.builder("leaver").territories("US-CA").capacity(10).build(),
        Rep.builder("other").territories("US").capacity(10).build());
    List<Rep> after = List.of(before.get(1));
    try (RedisStateStore s1 = server.patientStore("leaver-elsewhere").build();
        RedisStateStore s2 = server.patientStore("leaver-elsewhere").build();
        Router r1 = Router.builder().roster(before).stateStore(s1).manualTimers().defaultChain().build();
        Router r2 = Router.builder().roster(before).stateStore(s2).manualTimers().defaultChain()
            .whenRepsLeave(io.smartrouting.core.OffboardPolicy.reroute()).build()) {
      // "leaver" is first in roster order among the Californian lead's reps, and round-robin starts there.
      assertThat(r1.route(Lead.builder("ca-0").country("US").region("CA").build()).repId()).isEqualTo("leaver");
      assertThat(r2.openLeads("leaver")).as("r2 has not refreshed its view yet").isZero();
      r2.updateRoster(after);
      assertThat(s1.placement("ca-0").repId()).isEqualTo("other");
      assertConsistent(s1, before, List.of("ca-0"));
    }
  }

  /**
   * A territory realignment reloaded on another node: it routes again the leads this node placed with the rep who no
   * longer covers them, finding them by the facts saved with each placement.
   */
  @Test
  void aRealignmentOnAnotherNodeMovesTheLeadsThisNodeRouted() {
    List<Rep> before = List.of(Rep.builder("ana").territories("US-CA").capacity(10).build(),
        Rep.builder("bob").territories("US-NY").capacity(10).build());
    List<Rep> after = List.of(Rep.builder("ana").territories("US-NY").capacity(10).build(),
        Rep.builder("bob").territories("US-NY", "US-CA").capacity(10).build());
    try (RedisStateStore s1 = server.patientStore("realign").build();
        RedisStateStore s2 = server.patientStore("realign").build();
        Router r1 = Router.builder().roster(before).stateStore(s1).manualTimers().defaultChain()
            .whenCoverageChanges(true).build();
        Router r2 = Router.builder().roster(before).stateStore(s2).manualTimers().defaultChain()
            .whenCoverageChanges(true).build()) {
      List<String> ids = List.of("ca-0", "ca-1", "ca-2");
      for (int i = 0; i < 3; i++) {
        Lead.Builder l = Lead.builder(ids.get(i)).country("US").region("CA").email("p" + i + "@example.org");
        assertThat(r1.route((i == 0 ? l.source(LeadSource.DEMO_REQUEST) : l).build()).repId()).isEqualTo("ana");
      }
      r1.recordContact("ca-2", Instant.now());
      r2.updateRoster(after);
      assertThat(s1.placement("ca-0").repId()).isEqualTo("bob");
      assertThat(s1.placement("ca-1").repId()).isEqualTo("bob");
      assertThat(s1.placement("ca-2").repId()).as("in contact: it stays").isEqualTo("ana");
      s1.refresh();
      assertThat(r1.openLeads("bob")).isEqualTo(2);
      assertThat(r1.openLeads("ana")).isEqualTo(1);
      assertConsistent(s1, after, ids);
    }
  }

  @Test
  void anSlaTimerDueDuringAnOutageWaitsAndFiresWhenRedisReturns() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T15:00:00Z"));
    List<Rep> reps = roster(3, 10);
    try (RedisStateStore store = server.store("sla-outage").build();
        Router router = Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers().defaultChain()
            .build()) {
      Decision d = router.route(Lead.builder("hot").country("US").source(LeadSource.DEMO_REQUEST).build());
      server.kill();
      clock.set(d.slaDeadline().plusSeconds(1));
      assertThat(router.fireDueTimers()).isZero();
      assertThat(router.armedTimers()).as("the timer is kept, not lost").isEqualTo(1);
      server.restart();
      Thread.sleep(250);
      router.reconcile();
      assertThat(router.fireDueTimers()).isEqualTo(1);
      assertThat(store.placement("hot").repId()).isNotEqualTo(d.repId());
      assertConsistent(store, reps, List.of("hot"));
    }
  }

  @Test
  void aRestartedRouterResumesOpenLeadsAndFiresTheirSlaTimersAtTheRightInstants() throws Exception {
    String tenant = "restart";
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T15:00:00Z"));
    List<Rep> reps = List.of(
        Rep.builder("fast").territories("US").capacity(10).responseMinutes(2).build(),
        Rep.builder("other").territories("US").capacity(10).responseMinutes(20).build(),
        Rep.builder("de-only").territories("DE").capacity(10).responseMinutes(1).build());
    Instant tier1Deadline;
    Instant tier2Deadline;
    try (RedisStateStore store = server.patientStore(tenant).build();
        Router first = Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers().defaultChain()
            .build()) {
      tier1Deadline = first.route(Lead.builder("hot").country("US").source(LeadSource.DEMO_REQUEST).build())
          .slaDeadline();
      clock.advance(Duration.ofMinutes(1));
      tier2Deadline = first.route(Lead.builder("warm").country("US").icpScore(90).build()).slaDeadline();
      first.route(Lead.builder("cold").country("US").build());
      clock.advance(Duration.ofSeconds(30));
      first.recordContact("cold", clock.instant());
    }
    assertThat(tier1Deadline).isEqualTo(Instant.parse("2026-11-25T15:05:00Z"));
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    try (RedisStateStore store = server.patientStore(tenant).build();
        Router second = Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers().defaultChain()
            .listener(events::add).resumeOpenLeads().build()) {
      assertThat(second.armedTimers()).isEqualTo(2);
      clock.set(tier1Deadline);
      assertThat(second.fireDueTimers()).as("nothing at exactly the deadline").isZero();
      clock.set(tier1Deadline.plusMillis(1));
      assertThat(second.fireDueTimers()).isEqualTo(1);
      RoutingEvent.SlaBreached breach = (RoutingEvent.SlaBreached) events.get(0);
      assertThat(breach.leadId()).isEqualTo("hot");
      assertThat(breach.deadline()).isEqualTo(tier1Deadline);
      RoutingEvent.LeadReassigned moved = (RoutingEvent.LeadReassigned) events.stream()
          .filter(e -> e instanceof RoutingEvent.LeadReassigned).findFirst().orElseThrow();
      assertThat(moved.decision().repId()).as("saved facts keep it in the US territory").isEqualTo("other");
      assertThat(store.placement("hot").repId()).isEqualTo("other");
      assertThat(second.recordContact("hot", clock.instant())).isTrue();
      clock.set(tier2Deadline.minusMillis(1));
      assertThat(second.fireDueTimers()).isZero();
      clock.set(tier2Deadline.plusMillis(1));
      assertThat(second.fireDueTimers()).isEqualTo(1);
    }
  }

  /**
   * A lead one node routed and another node updated (a later form reached the other node) moves, on the first node,
   * by its facts as updated: the store's facts, not the copy the first node kept when it routed the lead. Until 6
   * December 2026 the first node's copy came first, so a transfer there routed a content download as the demo request
   * it had been (Tier 1, a deadline) or the reverse (found by {@code StoreAgreementProperties} with two nodes).
   */
  @Test
  void aLeadUpdatedOnAnotherNodeMovesByItsUpdatedFacts() throws Exception {
    List<Rep> reps = List.of(Rep.builder("us-0").territories("US").capacity(5).build(),
        Rep.builder("de-0").territories("DE").capacity(5).build(),
        Rep.builder("de-1").territories("DE").capacity(5).build());
    try (RedisStateStore s1 = server.patientStore("stale-facts").build();
        RedisStateStore s2 = server.patientStore("stale-facts")
        .build();
        Router one = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin")
            .sla(io.smartrouting.api.Tier.TIER_1, java.time.Duration.ofMinutes(30)).build();
        Router two = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin")
            .sla(io.smartrouting.api.Tier.TIER_1, java.time.Duration.ofMinutes(30)).build()) {
      Decision routed = one.route(Lead.builder("moved-by-new-facts").country("US").build());
      assertThat(routed.repId()).isEqualTo("us-0");
      // The lead's next form says it is in Germany and asks for a demo: read anew on the other node.
      Decision updated = two.update(Lead.builder("moved-by-new-facts").country("DE")
          .source(io.smartrouting.api.LeadSource.DEMO_REQUEST).build());
      assertThat(updated.repId()).startsWith("de-");
      Decision transferred = one.transfer("moved-by-new-facts");
      assertThat(transferred.repId()).as("a German rep other than the holder, by the updated facts").startsWith("de-")
          .isNotEqualTo(updated.repId());
      assertThat(transferred.tier()).isEqualTo(io.smartrouting.api.Tier.TIER_1);
    }
  }

  /**
   * A waiting lead another node updated is claimed by its updated facts: a rep who covered it before the update, on a
   * node that kept the old facts, may no longer claim it. Until 6 December 2026 a claim took the facts the node kept
   * before the store's, so a US rep claimed a lead the other node had moved to Germany (found by
   * {@code StoreAgreementProperties} with two nodes and 1,500 tries).
   */
  @Test
  void aWaitingLeadUpdatedOnAnotherNodeIsClaimedByItsUpdatedFacts() throws Exception {
    List<Rep> reps = List.of(Rep.builder("us-0").territories("US").capacity(1).build(),
        Rep.builder("de-0").territories("DE").capacity(1).build());
    try (RedisStateStore s1 = server.patientStore("stale-claim").build();
        RedisStateStore s2 = server.patientStore("stale-claim")
        .build();
        Router one = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router two = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin").build()) {
      assertThat(one.route(Lead.builder("us-busy").country("US").build()).repId()).isEqualTo("us-0");
      assertThat(one.route(Lead.builder("de-busy").country("DE").build()).repId()).isEqualTo("de-0");
      assertThat(one.route(Lead.builder("moves-abroad").country("US").build()).queue())
          .as("us-0 is full: it waits").isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
      // Its next form says Germany; read on the other node, it waits on (de-0 is full too).
      assertThat(two.update(Lead.builder("moves-abroad").country("DE").build()).queue())
          .isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
      assertThat(one.release("us-busy")).isTrue();
      s1.refresh();
      assertThat(one.claimable("us-0")).as("us-0 covers the US, not Germany").isEmpty();
      assertThat(one.claimNext("us-0")).isEmpty();
      assertThat(one.release("de-busy")).isTrue();
      assertThat(one.claimNext("de-0")).map(Decision::leadId).contains("moves-abroad");
    }
  }

  /**
   * An offboarding whose cover is refused (the leaver itself, or a rep off the roster) changes nothing, not even the
   * rep's availability that the store shares with every node: a first version marked the rep away before checking the
   * cover (found by {@code StoreAgreementProperties}).
   */
  @Test
  void anOffboardingWithARefusedCoverLeavesTheRepAvailableOnEveryNode() throws Exception {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(5).build(),
        Rep.builder("ben").territories("US").capacity(5).build());
    try (RedisStateStore s1 = server.patientStore("bad-cover").build();
        RedisStateStore s2 = server.patientStore("bad-cover").build();
        Router one = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router two = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin").build()) {
      assertThat(one.route(Lead.builder("held").country("US").build()).repId()).isNotNull();
      for (String cover : List.of("ana", "zed")) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> one.offboard("ana", io.smartrouting.core.OffboardPolicy.toRep(cover)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was '" + cover + "'");
      }
      two.syncAvailability(); // as its next tick does
      assertThat(two.isAvailable("ana")).as("not marked away on the other node").isTrue();
      assertThat(one.isAvailable("ana")).isTrue();
      List<Decision> moved = one.offboard("ana", io.smartrouting.core.OffboardPolicy.toRep("ben"));
      assertThat(moved).extracting(Decision::repId).allMatch("ben"::equals);
      assertThat(one.openLeads("ana")).isZero();
      two.syncAvailability();
      assertThat(two.isAvailable("ana")).as("offboarded: away on every node").isFalse();
    }
  }

  /**
   * A lead another node updated to an address of no account is no longer the account's on the first node, whose own
   * copy still has the account's address: an offboarding there moves it through the chain, not to the account's
   * backup. Until 6 December 2026 the copy won while its other routing facts were the same (found by
   * {@code StoreAgreementProperties} with two nodes: the account's owner, an earlier holder, got the lead back).
   */
  @Test
  void aLeadUpdatedOnAnotherNodeOutOfItsAccountMovesAsNoAccountsLead() throws Exception {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(5).build(),
        Rep.builder("ben").territories("US").capacity(5).build(),
        Rep.builder("cy").territories("CA").capacity(5).build());
    io.smartrouting.api.Account acme = io.smartrouting.api.Account.builder("acme").name("Acme").domains("acme.example")
        .ownerRepId("ana").backupRepId("cy").build();
    try (RedisStateStore s1 = server.patientStore("account-left").build();
        RedisStateStore s2 = server.patientStore("account-left")
        .build();
        Router one = Router.builder().roster(reps).accounts(List.of(acme)).stateStore(s1).manualTimers()
            .step("account-owner").step("round-robin").build();
        Router two = Router.builder().roster(reps).accounts(List.of(acme)).stateStore(s2).manualTimers()
            .step("account-owner").step("round-robin").build()) {
      Decision routed = one.route(Lead.builder("switched").country("US").email("jo@acme.example").build());
      assertThat(routed.repId()).isEqualTo("ana");
      assertThat(routed.accountId()).isEqualTo("acme");
      // The person's next form comes from a private address: the lead is no longer Acme's.
      assertThat(two.update(Lead.builder("switched").country("US").email("jo@home.example").build()).repId())
          .isEqualTo("ana");
      List<Decision> moved = one.offboard("ana", io.smartrouting.core.OffboardPolicy.accountBackupFirst());
      assertThat(moved).extracting(Decision::repId).as("through the chain, not to Acme's backup").containsExactly("ben");
    }
  }
}
