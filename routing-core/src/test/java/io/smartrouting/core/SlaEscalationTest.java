package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlaEscalationTest {

  private static final Instant START = Instant.parse("2026-11-25T15:00:00Z");
  private static final Duration TIER1_SLA = Duration.ofMinutes(5);

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private static Rep.Builder rep(String id) {
    return Rep.builder(id).territories("US").capacity(10).managerId("boss");
  }

  private Router.Builder builder(List<Rep> reps) {
    return Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).listener(events::add);
  }

  private static Lead tier1(String id) {
    return Lead.builder(id).country("US").source(LeadSource.DEMO_REQUEST).build();
  }

  private List<String> kinds() {
    List<String> k = new ArrayList<>();
    for (RoutingEvent e : events) {
      k.add(e.getClass().getSimpleName());
    }
    return k;
  }

  @Test
  void aBreachJustAfterTheDeadlineNotifiesThenReassignsThenEscalatesInOrder() {
    // The manager is outside US territory so that only a and b are candidates.
    List<Rep> reps = List.of(rep("a").build(), rep("b").build(), Rep.builder("boss").territories("DE").build());
    Router router = builder(reps).build();
    Decision d = router.route(tier1("hot"));
    assertThat(d.repId()).isEqualTo("a");
    assertThat(d.slaDeadline()).isEqualTo(START.plus(TIER1_SLA));

    clock.advance(TIER1_SLA);
    assertThat(router.fireDueTimers()).as("exactly at the deadline nothing fires").isZero();
    clock.advance(Duration.ofMillis(1));
    assertThat(router.fireDueTimers()).isEqualTo(1);
    assertThat(kinds()).containsExactly("LeadAssigned", "SlaBreached", "ManagerNotified", "LeadReassigned");
    RoutingEvent.LeadReassigned moved = (RoutingEvent.LeadReassigned) events.get(3);
    assertThat(moved.fromRepId()).isEqualTo("a");
    assertThat(moved.toRepId()).isEqualTo("b");
    assertThat(moved.decision().hasFlag(Flag.REASSIGNED)).isTrue();
    assertThat(((RoutingEvent.ManagerNotified) events.get(2)).managerId()).isEqualTo("boss");
    assertThat(router.openLeads("a")).as("capacity released from the first rep").isZero();
    assertThat(router.openLeads("b")).isEqualTo(1);
    assertThat(router.placement("hot").orElseThrow().repId()).isEqualTo("b");
    assertThat(router.route(tier1("hot")).repId()).as("a repeat sees the new owner").isEqualTo("b");

    clock.advance(TIER1_SLA);
    assertThat(router.fireDueTimers()).as("the new deadline is armed from the reassignment").isZero();
    clock.advance(Duration.ofMillis(1));
    router.fireDueTimers();
    assertThat(kinds()).containsExactly("LeadAssigned", "SlaBreached", "ManagerNotified", "LeadReassigned",
        "SlaBreached", "ManagerNotified", "LeadEscalated");
    RoutingEvent.LeadEscalated up = (RoutingEvent.LeadEscalated) events.get(6);
    assertThat(up.toRepId()).isEqualTo("boss");
    assertThat(up.reason()).contains("first-contact SLA missed 2 times");
    assertThat(((RoutingEvent.SlaBreached) events.get(4)).breach()).isEqualTo(2);
    assertThat(router.openLeads("b")).isZero();
    assertThat(router.openLeads("boss")).isEqualTo(1);
    assertThat(router.armedTimers()).isZero();
    assertThat(router.openPlacements()).hasSize(1);

    RoutingMetrics m = router.metrics();
    assertThat(m.reassignments()).isEqualTo(1);
    assertThat(m.escalations()).isEqualTo(1);
    assertThat(m.sla().get(Tier.TIER_1).breaches()).isEqualTo(2);
    assertThat(m.sla().get(Tier.TIER_1).missed()).as("one lead, missed once").isEqualTo(1);
  }

  /**
   * The policy's limit counts every deadline the lead missed: a lead escalated to the queue and drained to a rep who
   * then misses it too is escalated again, not reassigned as if its count had started over (until 6 December 2026 it
   * was: the drain armed a fresh timer). The lead's placement keeps the count and its first routing.
   */
  @Test
  void aLeadDrainedAfterItsEscalationIsEscalatedAgainAtItsNextMiss() {
    List<Rep> reps = new ArrayList<>();
    for (String id : List.of("a", "b", "c", "d")) {
      reps.add(Rep.builder(id).territories("US").capacity(10).build());
    }
    Router router = builder(reps).build();
    router.setAvailable("c", false);
    router.setAvailable("d", false);
    assertThat(router.route(tier1("hot")).repId()).isEqualTo("a");
    clock.advance(TIER1_SLA.plusSeconds(1));
    router.fireDueTimers();
    assertThat(router.placement("hot").orElseThrow().repId()).as("reassigned once").isEqualTo("b");
    clock.advance(TIER1_SLA.plusSeconds(1));
    router.fireDueTimers();
    Placement waiting = router.placement("hot").orElseThrow();
    assertThat(waiting.queue()).as("the policy's one reassignment spent: escalated")
        .isEqualTo(EscalationPolicy.DEFAULT_QUEUE);
    assertThat(waiting.slaBreaches()).isEqualTo(2);
    assertThat(waiting.firstRoutedAt()).isEqualTo(START);
    router.clearAvailability("c");
    router.fireDueTimers();
    assertThat(router.placement("hot").orElseThrow().repId()).as("drained to c").isEqualTo("c");
    // d, who never held it, could take it now: the third miss escalates all the same (and the queue drains to d).
    router.clearAvailability("d");
    clock.advance(TIER1_SLA.plusSeconds(1));
    router.fireDueTimers();
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached)
        .extracting(e -> ((RoutingEvent.SlaBreached) e).breach()).containsExactly(1, 2, 3);
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadReassigned).hasSize(1);
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadEscalated)
        .extracting(e -> ((RoutingEvent.LeadEscalated) e).reason())
        .containsExactly("first-contact SLA missed 2 times; placed in queue 'escalations'",
            "first-contact SLA missed 3 times; placed in queue 'escalations'");
    assertThat(router.placement("hot").orElseThrow().repId()).isEqualTo("d");
  }

  @Test
  void aContactOneInstantBeforeTheDeadlinePreventsAllEscalation() {
    Router router = builder(List.of(rep("a").build(), rep("b").build())).build();
    router.route(tier1("hot"));
    clock.advance(TIER1_SLA.minusMillis(1));
    assertThat(router.recordContact("hot", clock.instant())).isTrue();
    clock.advance(Duration.ofHours(1));
    assertThat(router.fireDueTimers()).isZero();
    assertThat(kinds()).containsExactly("LeadAssigned", "ContactRecorded");
    RoutingEvent.ContactRecorded c = (RoutingEvent.ContactRecorded) events.get(1);
    assertThat(c.withinSla()).isTrue();
    assertThat(c.timeToContact()).isEqualTo(TIER1_SLA.minusMillis(1));
    assertThat(router.placement("hot").orElseThrow().repId()).isEqualTo("a");
    assertThat(router.metrics().sla().get(Tier.TIER_1).withinSlaRate()).isEqualTo(1.0);
  }

  @Test
  void withNobodyElseAvailableTheBreachEscalatesToTheQueueAtOnce() {
    Router router = builder(List.of(Rep.builder("solo").territories("US").build()))
        .escalation(EscalationPolicy.defaults().escalationQueue("sales-leads-overdue")).build();
    router.route(tier1("hot"));
    clock.advance(TIER1_SLA.plusSeconds(1));
    router.fireDueTimers();
    assertThat(kinds()).containsExactly("LeadAssigned", "SlaBreached", "ManagerNotified", "LeadEscalated");
    RoutingEvent.LeadEscalated up = (RoutingEvent.LeadEscalated) events.get(3);
    assertThat(up.toQueue()).isEqualTo("sales-leads-overdue");
    assertThat(up.reason()).contains("no other available rep");
    assertThat(router.openLeads("solo")).isZero();
    assertThat(router.metrics().queueDepth()).containsEntry("sales-leads-overdue", 1);
    Decision now = router.route(tier1("hot"));
    assertThat(now.queue()).isEqualTo("sales-leads-overdue");
    assertThat(now.hasFlag(Flag.ESCALATED)).isTrue();
    // A transfer that finds nobody but the rep who missed it leaves it where a manager looks for it, in its place.
    Decision again = router.transfer("hot");
    assertThat(again.queue()).isEqualTo("sales-leads-overdue");
    assertThat(again.hasFlag(Flag.FALLBACK_QUEUE)).isFalse();
    assertThat(again.explain()).contains("nobody else can take it now, so it stays in queue 'sales-leads-overdue'");
    assertThat(router.placement("hot").orElseThrow().queue()).isEqualTo("sales-leads-overdue");
    assertThat(router.metrics().queueDepth()).containsEntry("sales-leads-overdue", 1)
        .doesNotContainKey(Router.DEFAULT_FALLBACK_QUEUE);
  }

  @Test
  void anAssignmentSinkSeesEveryChangeOfOwnerInOrder() {
    List<io.smartrouting.core.notify.AssignmentSink.Assignment> owners = new CopyOnWriteArrayList<>();
    io.smartrouting.core.notify.AssignmentSink sink = owners::add;
    Router router = builder(List.of(rep("a").build(), rep("b").build(),
        Rep.builder("boss").territories("DE").build())).listener(sink.asListener()).build();
    router.route(tier1("hot"));
    clock.advance(TIER1_SLA.plusSeconds(1));
    router.fireDueTimers();
    clock.advance(TIER1_SLA.plusSeconds(1));
    router.fireDueTimers();
    assertThat(owners).extracting(a -> a.kind() + ":" + (a.repId() != null ? a.repId() : a.queue()))
        .containsExactly("ASSIGNED:a", "REASSIGNED:b", "ESCALATED:boss");
    assertThat(owners.get(1).slaDeadline()).isEqualTo(START.plus(TIER1_SLA).plusSeconds(1).plus(TIER1_SLA));
  }

  @Test
  void slaTimersSurviveARosterUpdate() {
    Router router = builder(List.of(rep("a").build(), rep("b").build())).build();
    router.route(tier1("hot"));
    router.updateRoster(List.of(rep("a").build(), rep("b").build(), rep("c").build()));
    clock.advance(TIER1_SLA.plusSeconds(1));
    assertThat(router.fireDueTimers()).isEqualTo(1);
    assertThat(kinds()).contains("LeadReassigned");
    assertThat(router.placement("hot").orElseThrow().repId()).isIn("b", "c");
  }

  @Test
  void releaseDisarmsTheTimerAndAQueuedLeadBreachesOnce() {
    Router router = builder(List.of(Rep.builder("full").territories("US").capacity(0).build())).build();
    Decision q = router.route(tier1("queued"));
    assertThat(q.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    Decision other = router.route(tier1("released"));
    assertThat(router.release("released")).isTrue();
    assertThat(router.armedTimers()).isEqualTo(1);
    clock.advance(Duration.ofHours(2));
    router.fireDueTimers();
    assertThat(kinds()).containsExactly("LeadQueued", "LeadQueued", "LeadReleased", "SlaBreached");
    assertThat(((RoutingEvent.SlaBreached) events.get(3)).queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(other.leadId()).isEqualTo("released");
  }

  /**
   * Timers cost no thread of their own, nor do routers: one shared timer thread, and the shared workers it hands
   * ticks to (at most {@link io.smartrouting.core.internal.SharedTimerThread#WORKERS}, since 5 December 2026, so that
   * a slow tenant holds up no other; one thread before), however many routers and timers.
   */
  @Test
  void tenThousandArmedTimersShareOneThread() throws InterruptedException {
    int before = ManagementFactory.getThreadMXBean().getThreadCount();
    List<Router> routers = new ArrayList<>();
    for (int r = 0; r < 3 * io.smartrouting.core.internal.SharedTimerThread.WORKERS; r++) {
      routers.add(Router.builder().roster(List.of(Rep.builder("a").territories("US").capacity(20_000).build()))
          .clock(clock).strategies(StrategyRegistry.of()).step("ll", TestStrategies.LEAST_LOADED)
          .timerTick(Duration.ofMillis(50)).build());
    }
    for (int i = 0; i < 10_000; i++) {
      routers.get(0).route(tier1("lead-" + i));
    }
    assertThat(routers.get(0).armedTimers()).isEqualTo(10_000);
    Thread.sleep(300); // every router ticks a few times (every 50 ms)
    int after = ManagementFactory.getThreadMXBean().getThreadCount();
    assertThat(after - before).as("threads created for 48 routers and 10,000 timers")
        .isLessThanOrEqualTo(1 + io.smartrouting.core.internal.SharedTimerThread.WORKERS);
    routers.forEach(Router::close);
  }

  @Test
  void theTimerThreadFiresDeadlinesWithoutTheCallerAsking() throws InterruptedException {
    CountDownLatch breached = new CountDownLatch(1);
    Router router = Router.builder().roster(List.of(rep("a").build())).clock(clock)
        .strategies(StrategyRegistry.of()).step("ll", TestStrategies.LEAST_LOADED).timerTick(Duration.ofMillis(10))
        .listener(e -> {
          if (e instanceof RoutingEvent.SlaBreached) {
            breached.countDown();
          }
        }).build();
    router.route(tier1("hot"));
    clock.advance(Duration.ofMinutes(6));
    assertThat(breached.await(10, TimeUnit.SECONDS)).isTrue();
    router.close();
  }

  @Test
  void aSlowListenerOnAsyncDeliveryNeverDelaysRoutingAndOverflowIsCounted() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    Router router = Router.builder().roster(List.of(rep("a").capacity(1000).build())).clock(clock)
        .strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED).asyncEvents(4)
        .listener(e -> {
          try {
            release.await();
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        }).build();
    for (int i = 0; i < 50; i++) {
      assertThat(router.route(Lead.builder("l" + i).country("US").build()).repId()).isEqualTo("a");
    }
    assertThat(router.openLeads("a")).isEqualTo(50);
    assertThat(router.metrics().droppedNotifications()).isBetween(45L, 46L);
    release.countDown();
    router.close();
  }

  @Test
  void metricsReportPercentilesSlaShareQueuesLoadAndConversion() {
    Router router = builder(List.of(rep("a").capacity(100).build())).build();
    for (int i = 1; i <= 10; i++) {
      router.route(Lead.builder("t2-" + i).country("US").icpScore(90).employees(5000).build());
    }
    router.route(tier1("t1"));
    // Contacts after 1..10 minutes: p50 5 min, p90 9 min; all inside the 60-minute Tier 2 SLA.
    for (int i = 1; i <= 10; i++) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(router.recordContact("t2-" + i, clock.instant())).isTrue();
    }
    clock.advance(Duration.ofMinutes(1));
    router.fireDueTimers();
    router.recordOutcome("t2-1", Outcome.WON);
    router.recordOutcome("t2-2", Outcome.LOST);
    router.recordOutcome("t2-3", Outcome.WON);
    assertThat(router.recordOutcome("unknown", Outcome.WON)).isFalse();

    RoutingMetrics m = router.metrics();
    RoutingMetrics.SlaStats t2 = m.sla().get(Tier.TIER_2);
    assertThat(t2.contacted()).isEqualTo(10);
    assertThat(t2.p50()).isEqualTo(Duration.ofMinutes(5));
    assertThat(t2.p90()).isEqualTo(Duration.ofMinutes(9));
    assertThat(t2.withinSlaRate()).isEqualTo(1.0);
    assertThat(m.sla().get(Tier.TIER_1).missed()).isEqualTo(1);
    assertThat(m.sla().get(Tier.TIER_1).withinSlaRate()).isEqualTo(0.0);
    assertThat(m.decisionsByTier()).containsEntry(Tier.TIER_2, 10L).containsEntry(Tier.TIER_1, 1L);
    assertThat(m.decisionsByStrategy()).containsEntry("ll", 11L);
    assertThat(m.conversionBySegment().get(Segment.ENTERPRISE).rate()).isEqualTo(2.0 / 3);
    // The Tier 1 lead breached at 11 minutes; with nobody else and no manager on the roster it was escalated.
    assertThat(m.repLoad()).singleElement().satisfies(l -> assertThat(l.open()).isEqualTo(10));
    assertThat(m.queueDepth()).containsEntry(EscalationPolicy.DEFAULT_QUEUE, 1);
    assertThat(m.toText()).contains("tier 2").contains("ENTERPRISE 66.7%");
    assertThat(kinds()).contains("OutcomeRecorded");
  }
}
