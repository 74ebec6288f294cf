package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.SlaClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * One router per tenant runs the SLA timers (a lease in Redis); when it dies without closing, another takes over
 * within the takeover time, loads the open leads and fires every overdue timer exactly once.
 */
class TimerLeaseTest extends RedisServerTest {

  private record Seen(String router, RoutingEvent event) {}

  /** A node's store for the lease tests: the given takeover time, its local view refreshed every 50 ms. */
  private static RedisStateStore leaseStore(String tenant, Duration takeover) {
    return server.patientStore(tenant).takeover(takeover).refreshInterval(Duration.ofMillis(50)).build();
  }

  private static Router router(RedisStateStore store, List<Rep> reps, ManualClock clock, String name,
      List<Seen> events) {
    return router(store, reps, clock, name, events, Duration.ofMinutes(5));
  }

  /** A router whose Tier 1 leads are due {@code tier1} after routing (wall clock). */
  private static Router router(RedisStateStore store, List<Rep> reps, ManualClock clock, String name,
      List<Seen> events, Duration tier1) {
    return Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers().defaultChain()
        .sla(Tier.TIER_1, tier1).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK)
        .listener(e -> events.add(new Seen(name, e))).build();
  }

  /** The start of the two-router tests' clock. */
  private static final Instant T0 = Instant.parse("2026-12-02T15:00:00Z");

  /**
   * Two routers of one tenant on a manual clock at {@link #T0}, with a 2-second takeover: {@code a} built first (it
   * takes the timer lease), {@code b} the other node; both record their events in {@code events}.
   */
  private static final class TwoNodes implements AutoCloseable {
    final ManualClock clock = new ManualClock(T0);
    final List<Seen> events = new CopyOnWriteArrayList<>();
    final RedisStateStore sa;
    final RedisStateStore sb;
    final Router a;
    final Router b;

    TwoNodes(String tenant, List<Rep> reps, Duration tier1) {
      sa = leaseStore(tenant, Duration.ofSeconds(2));
      sb = leaseStore(tenant, Duration.ofSeconds(2));
      a = router(sa, reps, clock, "a", events, tier1);
      b = router(sb, reps, clock, "b", events, tier1);
    }

    @Override
    public void close() {
      a.close();
      b.close();
      sa.close();
      sb.close();
    }
  }

  private static Map<String, List<Seen>> breachesByLead(List<Seen> events, Map<String, Instant> deadlines) {
    Map<String, List<Seen>> out = new HashMap<>();
    for (Seen s : events) {
      if (s.event() instanceof RoutingEvent.SlaBreached b && b.deadline().equals(deadlines.get(b.leadId()))) {
        out.computeIfAbsent(b.leadId(), k -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }

  @Test
  void whenTheHolderDiesAnotherRouterTakesOverAndFiresEveryDueTimerExactlyOnce() throws Exception {
    String tenant = "lease";
    Duration takeover = Duration.ofSeconds(2);
    Instant t0 = Instant.parse("2026-12-02T15:00:00Z");
    ManualClock clock = new ManualClock(t0);
    List<Rep> reps = SharedRoutingTest.roster(6, 50);
    List<Seen> events = new CopyOnWriteArrayList<>();
    RedisStateStore sa = leaseStore(tenant, takeover);
    RedisStateStore sb = leaseStore(tenant, takeover);
    RedisStateStore sc = leaseStore(tenant, takeover);
    try (sa; sb; sc;
        Router a = router(sa, reps, clock, "a", events);
        Router b = router(sb, reps, clock, "b", events);
        Router c = router(sc, reps, clock, "c", events)) {
      assertThat(sa.holdsTimerLease()).as("the first store takes the lease").isTrue();
      assertThat(sb.holdsTimerLease() || sc.holdsTimerLease()).isFalse();
      Router[] nodes = {a, b, c};
      Map<String, Instant> firstDeadline = new HashMap<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        if (i == 15) {
          clock.advance(Duration.ofMinutes(3));
        }
        String id = "hot-" + i;
        var d = nodes[i % 3].route(Lead.builder(id).country("US").source(LeadSource.DEMO_REQUEST).build());
        assertThat(d.slaDeadline()).isNotNull();
        firstDeadline.put(id, d.slaDeadline());
        ids.add(id);
      }

      // The first 15 fall due: only the holder fires, whoever routed them.
      clock.set(t0.plus(Duration.ofMinutes(6)));
      assertThat(b.fireDueTimers()).isZero();
      assertThat(c.fireDueTimers()).isZero();
      assertThat(a.fireDueTimers()).isEqualTo(15);
      assertThat(breachesByLead(events, firstDeadline)).hasSize(15);

      // The holder dies (its lease is neither renewed nor given back); the other 15 fall due meanwhile.
      sa.crashForTest();
      long died = System.nanoTime();
      clock.set(t0.plus(Duration.ofMinutes(9)));
      long tookOver = -1;
      while (System.nanoTime() - died < Duration.ofSeconds(10).toNanos()) {
        b.fireDueTimers();
        c.fireDueTimers();
        if (breachesByLead(events, firstDeadline).size() == 30) {
          tookOver = System.nanoTime() - died;
          break;
        }
        Thread.sleep(50);
      }
      assertThat(tookOver).as("every due timer fired after the takeover").isPositive();
      assertThat(Duration.ofNanos(tookOver)).as("within the takeover time, plus one check")
          .isLessThanOrEqualTo(takeover.plus(Duration.ofMillis(700)));
      assertThat(sb.holdsTimerLease() ^ sc.holdsTimerLease()).as("one new holder").isTrue();

      // Every lead's first deadline breached exactly once, by one router, even after more passes.
      for (int k = 0; k < 5; k++) {
        b.fireDueTimers();
        c.fireDueTimers();
      }
      Map<String, List<Seen>> breaches = breachesByLead(events, firstDeadline);
      assertThat(breaches).hasSize(30);
      for (String id : ids) {
        assertThat(breaches.get(id)).as("breaches of %s", id).hasSize(1);
      }
      String holder = sb.holdsTimerLease() ? "b" : "c";
      assertThat(ids.subList(15, 30)).allSatisfy(id -> assertThat(breaches.get(id).get(0).router())
          .isEqualTo(holder));

      // The reassigned leads' new deadlines, armed by the dead router, are the new holder's too.
      clock.set(t0.plus(Duration.ofMinutes(12)));
      Router owner = holder.equals("b") ? b : c;
      long before = events.stream().filter(s -> s.event() instanceof RoutingEvent.SlaBreached).count();
      assertThat(owner.fireDueTimers()).as("the 15 leads reassigned at minute 6 are due again at 11").isEqualTo(15);
      assertThat(events.stream().filter(s -> s.event() instanceof RoutingEvent.SlaBreached).count() - before)
          .isEqualTo(15);
      SharedRoutingTest.assertConsistent(sb, reps, ids);
    }
  }

  @Test
  void theHolderFiresTheTimersOfLeadsOtherRoutersRouteAfterItTookTheLease() throws Exception {
    try (TwoNodes n = new TwoNodes("lease-steady", SharedRoutingTest.roster(4, 50), Duration.ofMinutes(5))) {
      assertThat(n.sa.holdsTimerLease()).isTrue();
      assertThat(n.a.fireDueTimers()).as("nothing open yet").isZero();
      // Routed by the other router once the holder is running.
      Map<String, Instant> deadlines = new HashMap<>();
      for (int i = 0; i < 4; i++) {
        var d = n.b.route(Lead.builder("late-" + i).country("US").source(LeadSource.DEMO_REQUEST).build());
        deadlines.put(d.leadId(), d.slaDeadline());
      }
      assertThat(n.b.armedTimers()).isEqualTo(4);
      n.clock.set(T0.plus(Duration.ofMinutes(6)));
      assertThat(n.b.fireDueTimers()).isZero();
      assertThat(n.b.armedTimers()).as("the other router's overdue timers do not pile up").isZero();
      assertThat(n.a.fireDueTimers()).as("the holder fires them").isEqualTo(4);
      assertThat(breachesByLead(n.events, deadlines)).hasSize(4);
    }
  }

  /**
   * The holder reads the store's index of timed and queued leads on every pass, so another router's deadline fires on
   * the first pass after it falls due. Before 5 December 2026 the holder found them by reading every open lead every 5
   * seconds, so a deadline could fire up to that late.
   */
  @Test
  void theHolderFiresAnotherRoutersDeadlineOnItsFirstPassAfterItFallsDue() throws Exception {
    try (TwoNodes n = new TwoNodes("lease-exact", SharedRoutingTest.roster(4, 50), Duration.ofSeconds(2))) {
      assertThat(n.a.fireDueTimers()).as("the first pass reads every open lead").isZero();
      n.clock.set(T0.plusSeconds(1));
      var d = n.b.route(Lead.builder("quick").country("US").source(LeadSource.DEMO_REQUEST).build());
      assertThat(d.slaDeadline()).isEqualTo(T0.plusSeconds(3));
      n.clock.set(T0.plusMillis(3_500));
      assertThat(n.a.fireDueTimers()).as("due half a second ago, long before a full read").isEqualTo(1);
      assertThat(breachesByLead(n.events, Map.of("quick", d.slaDeadline()))).containsOnlyKeys("quick");
      // Reassigned by the breach: one timer, for its new deadline, armed once however often the holder reads.
      n.clock.set(T0.plusSeconds(4));
      assertThat(n.a.fireDueTimers()).isZero();
      assertThat(n.a.armedTimers()).isEqualTo(1);
    }
  }

  @Test
  void theHolderDrainsTheLeadsOtherRoutersQueueAfterItTookTheLease() throws Exception {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(1).build());
    try (TwoNodes n = new TwoNodes("lease-queue", reps, Duration.ofMinutes(5))) {
      assertThat(n.a.fireDueTimers()).isZero();
      var first = n.b.route(Lead.builder("first").country("US").build());
      var second = n.b.route(Lead.builder("second").country("US").build());
      assertThat(first.repId()).isEqualTo("ana");
      assertThat(second.queue()).as("ana is full").isNotNull();
      assertThat(n.b.waitingLeads()).isEqualTo(1);
      n.b.release(first.leadId());
      n.clock.set(T0.plus(Duration.ofMinutes(1)));
      assertThat(n.b.fireDueTimers()).isZero();
      assertThat(n.b.waitingLeads()).as("the holder drains it: the lead does not pile up here").isZero();
      // The holder's view has seen the release (its refresh runs every 50 ms here; a tick is a second in production).
      n.sa.refresh();
      n.a.fireDueTimers();
      assertThat(n.sa.placement("second").repId()).as("the holder drained it").isEqualTo("ana");
      assertThat(n.a.release("second")).isTrue();
      assertThat(n.a.waitingLeads() + n.b.waitingLeads()).as("released through the holder: waits nowhere").isZero();
    }
  }

  @Test
  void afterATakeoverTheNewHolderDrainsTheQueueAndNoLeadIsDrainedTwice() throws Exception {
    String tenant = "lease-drain";
    Duration takeover = Duration.ofSeconds(2);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(3).build(),
        Rep.builder("ben").territories("US").capacity(3).build());
    List<Seen> events = new CopyOnWriteArrayList<>();
    RedisStateStore sa = leaseStore(tenant, takeover);
    RedisStateStore sb = leaseStore(tenant, takeover);
    RedisStateStore sc = leaseStore(tenant, takeover);
    try (sa; sb; sc;
        Router a = router(sa, reps, clock, "a", events);
        Router b = router(sb, reps, clock, "b", events);
        Router c = router(sc, reps, clock, "c", events)) {
      Router[] nodes = {a, b, c};
      List<String> assigned = new ArrayList<>();
      List<String> queued = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        var d = nodes[i % 3].route(Lead.builder("w-" + i).country("US").employees(30).build());
        (d.repId() != null ? assigned : queued).add(d.leadId());
      }
      assertThat(assigned).hasSize(6);
      assertThat(queued).hasSize(4);
      sa.crashForTest();
      // Capacity frees up on the survivors; the dead node can drain nothing.
      for (int i = 0; i < 4; i++) {
        assertThat(nodes[1 + i % 2].release(assigned.get(i))).isTrue();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline && queued.stream().anyMatch(id -> sb.placement(id).repId() == null)) {
        b.fireDueTimers();
        c.fireDueTimers();
        Thread.sleep(50);
      }
      Map<String, Integer> moves = new HashMap<>();
      for (Seen s : events) {
        if (s.event() instanceof RoutingEvent.LeadMoved m) {
          moves.merge(m.leadId(), 1, Integer::sum);
        }
      }
      for (String id : queued) {
        assertThat(sb.placement(id).repId()).as("%s drained", id).isNotNull();
        assertThat(moves.get(id)).as("%s moved once", id).isEqualTo(1);
      }
      List<String> open = new ArrayList<>(assigned.subList(4, 6));
      open.addAll(queued);
      SharedRoutingTest.assertConsistent(sb, reps, open);
    }
  }

  /**
   * A holder that loses the lease (a pause longer than the lease) drops the timers that fall due meanwhile, for the
   * new holder to fire; when that holder dies before it does and the first takes the lease back, it arms them again
   * from the store and fires them. Until 6 December 2026 a deadline the first holder's earlier read had armed was
   * taken for one that had fired since: never armed again, its breach never came.
   */
  @Test
  void aHolderThatTakesTheLeaseBackFiresTheDeadlinesItDroppedMeanwhile() throws Exception {
    try (TwoNodes n = new TwoNodes("lease-flap", SharedRoutingTest.roster(4, 50), Duration.ofMinutes(5))) {
      var d = n.b.route(Lead.builder("flap").country("US").source(LeadSource.DEMO_REQUEST).build());
      assertThat(n.a.fireDueTimers()).as("the first pass reads every open lead").isZero();
      assertThat(n.a.armedTimers()).as("the other router's deadline, armed by the holder").isEqualTo(1);
      // Another node takes the lease; the deadline falls due; a, no longer the holder, drops the overdue timer.
      server.command("SET sr:{lease-flap}:lease someone-else PX 60000");
      awaitLease(n.sa, false);
      n.clock.set(T0.plus(Duration.ofMinutes(6)));
      assertThat(n.a.fireDueTimers()).isZero();
      assertThat(n.a.armedTimers()).isZero();
      // That node dies before firing it: a takes the lease back, arms the deadline from the store and fires it (b,
      // stopped from checking the lease, cannot take it first).
      n.sb.crashForTest();
      server.command("DEL sr:{lease-flap}:lease");
      awaitLease(n.sa, true);
      assertThat(n.a.fireDueTimers()).as("the overdue deadline fires on the pass that takes the lease back")
          .isEqualTo(1);
      assertThat(breachesByLead(n.events, Map.of("flap", d.slaDeadline()))).containsOnlyKeys("flap");
    }
  }

  /**
   * The breach of a lead waiting in a queue leaves it there, still due at that deadline in the store: the holder's
   * next full read of the store does not arm and fire it again. Until 6 December 2026 it did, once, and the second
   * firing tried the breach's move again (found by {@code StoreAgreementProperties}: the in-memory store fired once).
   */
  @Test
  void aBreachThatLeavesItsLeadInAQueueFiresOnce() throws Exception {
    List<Rep> reps = List.of(Rep.builder("us-0").territories("US").capacity(3).build());
    try (TwoNodes n = new TwoNodes("lease-queued-breach", reps, Duration.ofMinutes(30))) {
      var d = n.a.route(Lead.builder("waits").country("DE").source(LeadSource.DEMO_REQUEST).build());
      assertThat(d.queue()).as("nobody covers Germany").isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
      List<Integer> fired = new ArrayList<>();
      for (int pass = 1; pass <= 5; pass++) {
        n.clock.set(T0.plus(Duration.ofMinutes(20L * pass)));
        fired.add(n.a.fireDueTimers());
      }
      assertThat(fired).as("timers fired on each pass, full reads of the store between them")
          .containsExactly(0, 1, 0, 0, 0);
      assertThat(breachesByLead(n.events, Map.of("waits", d.slaDeadline())).get("waits")).hasSize(1);
    }
  }

  /**
   * A node that does not run the timers still reads, on its timer tick, the units other nodes took and gave back: a
   * rep another node freed takes that node's next lead. Until 6 December 2026 only the lease holder re-read them, so
   * the other nodes went on seeing the rep full (or as loaded as they last saw it) and sent its leads to the queue,
   * for the holder to drain at its next tick (found by {@code StoreAgreementProperties} with two nodes).
   */
  @Test
  void aNodeThatDoesNotRunTheTimersSeesARepAnotherNodeFreed() throws Exception {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(1).build());
    try (TwoNodes n = new TwoNodes("lease-view", reps, Duration.ofMinutes(30))) {
      assertThat(n.sa.holdsTimerLease()).isTrue();
      assertThat(n.a.route(Lead.builder("v1").country("US").build()).repId()).isEqualTo("ana");
      n.sb.refresh();
      assertThat(n.b.route(Lead.builder("v2").country("US").build()).queue()).as("ana is full")
          .isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
      assertThat(n.a.release("v1")).isTrue();
      n.sb.refresh();
      assertThat(n.b.fireDueTimers()).as("b's tick: not the holder").isZero();
      assertThat(n.b.route(Lead.builder("v3").country("US").build()).repId()).as("ana has room again, seen by b")
          .isEqualTo("ana");
    }
  }

  /**
   * The escalation policy's limit on reassignments (one by default) holds when the lease changes hands between two
   * missed deadlines: the new holder reads how many the placement went through and escalates. Until 6 December 2026 a
   * timer taken up from the store started at none, so the new holder reassigned the lead once more.
   */
  @Test
  void theReassignmentLimitHoldsWhenTheLeaseChangesHands() throws Exception {
    try (TwoNodes n = new TwoNodes("lease-history", SharedRoutingTest.roster(4, 50), Duration.ofMinutes(5))) {
      var d = missedOnceOnB(n, "hist");
      var moved = n.sa.placement("hist");
      assertThat(moved.repId()).isNotEqualTo(d.repId());
      assertThat(moved.slaBreaches()).isEqualTo(1);
      assertThat(moved.firstRoutedAt()).isEqualTo(d.decidedAt());
      // The holder dies; b takes the lease and, at the second deadline, the lead has had its one reassignment.
      n.sa.crashForTest();
      server.command("DEL sr:{lease-history}:lease");
      awaitLease(n.sb, true);
      n.clock.set(T0.plus(Duration.ofMinutes(12)));
      assertThat(n.b.fireDueTimers()).isEqualTo(1);
      assertThat(n.events).filteredOn(s -> s.event() instanceof RoutingEvent.LeadReassigned).hasSize(1);
      assertThat(n.events).filteredOn(s -> s.event() instanceof RoutingEvent.LeadEscalated)
          .as("escalated by the new holder after the one reassignment (its queue then drains)")
          .extracting(s -> s.router() + ": " + ((RoutingEvent.LeadEscalated) s.event()).reason())
          .containsExactly("b: first-contact SLA missed 2 times; placed in queue 'escalations'");
      assertThat(n.sb.placement("hist").firstRoutedAt()).isEqualTo(d.decidedAt());
    }
  }

  /**
   * The time to first contact runs from the lead's first routing, and a deadline missed before makes the contact late,
   * whichever router is told of the contact: one that neither routed nor moved the lead reads both from the placement.
   * Until 6 December 2026 a router without the lead's timer counted from the last move, and took a lead reassigned after
   * a missed deadline and called before its second for one contacted within minutes and within its SLA.
   */
  @Test
  void theTimeToContactRunsFromTheFirstRoutingOnEveryRouter() throws Exception {
    try (TwoNodes n = new TwoNodes("lease-contact", SharedRoutingTest.roster(4, 50), Duration.ofMinutes(5))) {
      var d = missedOnceOnB(n, "wait");
      n.clock.set(T0.plus(Duration.ofMinutes(8)));
      // A node started since, which neither routed nor moved the lead, is told of the contact.
      try (RedisStateStore sc = leaseStore("lease-contact", Duration.ofSeconds(2));
          Router c = router(sc, SharedRoutingTest.roster(4, 50), n.clock, "c", n.events)) {
        assertThat(c.recordContact("wait", n.clock.instant())).isTrue();
      }
      assertThat(n.events).filteredOn(s -> s.event() instanceof RoutingEvent.ContactRecorded)
          .extracting(s -> ((RoutingEvent.ContactRecorded) s.event()).timeToContact() + " within SLA: "
              + ((RoutingEvent.ContactRecorded) s.event()).withinSla())
          .as("8 minutes from the first routing at %s, not 2 from the reassignment; its first deadline was missed",
              d.decidedAt())
          .containsExactly(Duration.ofMinutes(8) + " within SLA: false");
    }
  }

  /**
   * A Tier 1 lead {@code id} routed on {@code n.b} at {@link #T0}, its 5-minute deadline missed: the holder
   * ({@code n.a}) takes it up and, a minute after the deadline, reassigns it. Returns the first decision.
   */
  private static io.smartrouting.api.Decision missedOnceOnB(TwoNodes n, String id) {
    var d = n.b.route(Lead.builder(id).country("US").source(LeadSource.DEMO_REQUEST).build());
    assertThat(n.a.fireDueTimers()).isZero();
    n.clock.set(T0.plus(Duration.ofMinutes(6)));
    assertThat(n.a.fireDueTimers()).as("the first deadline: reassigned by the holder").isEqualTo(1);
    return d;
  }

  /** Waits until {@code store}'s lease checks say it holds the lease ({@code held}) or not (at most 5 s). */
  private static void awaitLease(RedisStateStore store, boolean held) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (store.holdsTimerLease() != held && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(store.holdsTimerLease()).as("holds the lease").isEqualTo(held);
  }

  @Test
  void aClosedHolderGivesTheLeaseBackAtOnce() throws Exception {
    RedisStateStore first = server.patientStore("lease-close").build();
    assertThat(first.holdsTimerLease()).isTrue();
    try (RedisStateStore second = server.patientStore("lease-close").refreshInterval(Duration.ofMillis(50)).build()) {
      assertThat(second.holdsTimerLease()).isFalse();
      first.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (!second.holdsTimerLease() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(second.holdsTimerLease()).as("taken at its next check, not after the lease runs out").isTrue();
    }
  }
}
