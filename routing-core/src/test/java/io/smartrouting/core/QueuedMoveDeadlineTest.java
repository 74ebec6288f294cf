package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A lead nobody has contacted yet that a move puts in a queue (a transfer or an offboarding nobody else can take, an
 * offboarding to a named queue) keeps its first-contact deadline running there, as a lead queued at its first
 * decision and a requeued lead do, so that its breach is reported and escalates. Until 8 December 2026 such a move
 * dropped the deadline: a Tier 1 lead handed over by a leaver waited without anyone being told.
 */
class QueuedMoveDeadlineTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private Router router(Rep... reps) {
    return TestStrategies.leastLoadedTier1InFiveMinutes(List.of(reps), clock, events::add).build();
  }

  private static Rep rep(String id) {
    return Rep.builder(id).territories("US").capacity(2).build();
  }

  private static Lead demo(String id) {
    return Lead.builder(id).country("US").source(LeadSource.DEMO_REQUEST).build();
  }

  private List<String> breached() {
    return events.stream().filter(e -> e instanceof RoutingEvent.SlaBreached)
        .map(e -> ((RoutingEvent.SlaBreached) e).leadId()).toList();
  }

  @Test
  void aTransferNobodyElseCanTakeWaitsWithItsDeadlineAndTheBreachIsReported() {
    Router router = router(rep("ana"));
    Decision first = router.route(demo("L1"));
    Instant due = START.plus(Duration.ofMinutes(5));
    assertThat(first.slaDeadline()).isEqualTo(due);
    clock.advance(Duration.ofMinutes(1));
    assertThat(router.previewTransfer("L1").slaDeadline()).as("the preview says so too").isEqualTo(due);
    Decision moved = router.transfer("L1");
    assertThat(moved.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(moved.slaDeadline()).isEqualTo(due);
    assertThat(router.placement("L1").orElseThrow().slaDeadline()).isEqualTo(due);
    assertThat(router.armedTimers()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(5));
    router.fireDueTimers();
    assertThat(breached()).containsExactly("L1");
  }

  @Test
  void anOffboardingToAQueueOrToNobodyKeepsTheDeadlinesOfLeadsNotContacted() {
    Router router = router(rep("ana"), rep("ben"));
    router.route(demo("L1"));
    router.route(demo("L2"));
    router.route(demo("L3"));
    clock.advance(Duration.ofMinutes(1));
    String called = router.placement("L3").orElseThrow().repId();
    assertThat(router.recordContact("L3", clock.instant())).isTrue();
    List<Decision> preview = router.previewOffboard("ana", OffboardPolicy.toQueue("handover"));
    List<Decision> toQueue = router.offboard("ana", OffboardPolicy.toQueue("handover"));
    assertThat(toQueue).isNotEmpty().allSatisfy(d -> assertThat(d.queue()).isEqualTo("handover"));
    assertThat(preview).extracting(Decision::slaDeadline).isEqualTo(toQueue.stream().map(Decision::slaDeadline)
        .toList());
    List<Decision> toNobody = router.offboard("ben", OffboardPolicy.reroute());
    assertThat(toNobody).isNotEmpty().allSatisfy(d -> assertThat(d.queue()).isEqualTo(
        Router.DEFAULT_FALLBACK_QUEUE));
    for (String id : List.of("L1", "L2", "L3")) {
      Instant deadline = router.placement(id).orElseThrow().slaDeadline();
      if (id.equals("L3")) {
        assertThat(deadline).as("%s was called by %s: it waits without one", id, called).isNull();
      } else {
        assertThat(deadline).as(id).isEqualTo(START.plus(Duration.ofMinutes(5)));
      }
    }
    clock.advance(Duration.ofMinutes(5));
    router.fireDueTimers();
    assertThat(breached()).containsExactlyInAnyOrder("L1", "L2");
  }

  @Test
  void aDeadlineMissedWaitingCountsAsTheLeadsFirstMiss() {
    Router router = router(rep("ana"));
    router.route(Lead.builder("L1").country("FR").source(LeadSource.DEMO_REQUEST).build());
    clock.advance(Duration.ofMinutes(6));
    router.fireDueTimers();
    assertThat(router.placement("L1").orElseThrow().slaBreaches()).as("missed while nobody covered France")
        .isEqualTo(1);
    router.updateRoster(List.of(rep("ana"), Rep.builder("fr").territories("FR").capacity(2).build()));
    router.fireDueTimers();
    assertThat(router.placement("L1").orElseThrow().repId()).isEqualTo("fr");
    assertThat(router.placement("L1").orElseThrow().slaBreaches()).as("carried by the drain").isEqualTo(1);
    clock.advance(Duration.ofMinutes(6));
    router.fireDueTimers();
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached)
        .extracting(e -> ((RoutingEvent.SlaBreached) e).breach()).as("numbered as the lead's misses")
        .containsExactly(1, 2);
  }
}
