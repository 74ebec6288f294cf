package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Router#requeue}: a person puts an open lead in a named queue (its rep gives it back, a manager sends it to
 * another queue); the rep's unit is freed, the lead never goes back to it, a running deadline goes on running.
 */
class RequeueTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private Router router(Rep... reps) {
    return TestStrategies.leastLoadedTier1InFiveMinutes(List.of(reps), clock, events::add).build();
  }

  private static Rep rep(String id) {
    return Rep.builder(id).territories("US").capacity(2).build();
  }

  private static Lead lead(String id, String country) {
    return Lead.builder(id).country(country).email(id.toLowerCase() + "@example.org").build();
  }

  private static Lead demo(String id) {
    return Lead.builderFrom(lead(id, "US")).source(LeadSource.DEMO_REQUEST).build();
  }

  @Test
  void aLeadItsRepGivesBackWaitsAndDrainsToAnotherRepNeverBackToIt() {
    Router router = router(rep("ana"), rep("ben"));
    assertThat(router.route(lead("L1", "US")).repId()).isEqualTo("ana");
    Decision d = router.requeue("L1", "returns", "wrong language");
    assertThat(d.queue()).isEqualTo("returns");
    assertThat(d.repId()).isNull();
    assertThat(d.hasFlag(Flag.TRANSFERRED)).isTrue();
    assertThat(d.hasFlag(Flag.FALLBACK_QUEUE)).as("a person's choice, not a fallback").isFalse();
    assertThat(router.openLeads("ana")).as("ana's unit given back").isZero();
    Placement waiting = router.placement("L1").orElseThrow();
    assertThat(waiting.queue()).isEqualTo("returns");
    assertThat(waiting.earlierHolders()).containsExactly("ana");
    assertThat(OpenLeads.moves(events, RoutingEvent.Move.REQUEUED)).singleElement().satisfies(m -> {
      assertThat(m.fromRepId()).isEqualTo("ana");
      assertThat(m.reason()).isEqualTo("wrong language");
    });
    // Ana has room, but gave it back: neither a drain nor her own claim gives it to her again.
    router.setAvailable("ben", false);
    assertThat(router.drainQueues()).isZero();
    assertThat(router.claimNext("ana")).isEmpty();
    assertThat(router.placement("L1").orElseThrow().queue()).isEqualTo("returns");
    router.setAvailable("ben", true);
    assertThat(router.drainQueues()).isEqualTo(1);
    assertThat(router.placement("L1").orElseThrow().repId()).isEqualTo("ben");
    assertThat(OpenLeads.moves(events, RoutingEvent.Move.DRAINED)).singleElement()
        .satisfies(m -> assertThat(m.fromQueue()).isEqualTo("returns"));
  }

  @Test
  void aDeadlineRunningGoesOnInTheQueueAndItsBreachIsReported() {
    Router router = router(rep("ana"));
    Decision first = router.route(demo("L2"));
    assertThat(first.repId()).isEqualTo("ana");
    assertThat(first.slaDeadline()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    clock.advance(Duration.ofMinutes(1));
    router.requeue("L2", "returns", "not mine");
    assertThat(router.placement("L2").orElseThrow().slaDeadline()).isEqualTo(first.slaDeadline());
    assertThat(router.armedTimers()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(5));
    router.fireDueTimers();
    assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached).singleElement()
        .satisfies(e -> assertThat(((RoutingEvent.SlaBreached) e).leadId()).isEqualTo("L2"));
    assertThat(router.placement("L2")).as("still open somewhere").isPresent();
    assertThat(router.placement("L2").orElseThrow().repId()).as("not back with ana").isNotEqualTo("ana");
  }

  @Test
  void aLeadInContactWaitsWithoutADeadline() {
    Router router = router(rep("ana"));
    router.route(demo("L3"));
    clock.advance(Duration.ofMinutes(2));
    assertThat(router.recordContact("L3", clock.instant())).isTrue();
    router.requeue("L3", "returns", "customer asked for another rep");
    assertThat(router.placement("L3").orElseThrow().slaDeadline()).isNull();
    assertThat(router.armedTimers()).isZero();
  }

  @Test
  void aManagerMovesAWaitingLeadToAnotherQueue() {
    Router router = router(rep("ana"));
    assertThat(router.route(lead("L4", "DE")).queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    Decision d = router.requeue("L4", "partners", "a partner covers Germany");
    assertThat(d.queue()).isEqualTo("partners");
    assertThat(d.hasFlag(Flag.FALLBACK_QUEUE)).isFalse();
    assertThat(OpenLeads.moves(events, RoutingEvent.Move.REQUEUED)).singleElement()
        .satisfies(m -> assertThat(m.fromQueue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE));
    assertThat(router.metrics().queueDepth()).isEqualTo(Map.of("partners", 1));
  }

  @Test
  void badRequestsSayWhatIsWrongAndChangeNothing() {
    Router router = router(rep("ana"));
    router.route(lead("L5", "US"));
    Placement before = router.placement("L5").orElseThrow();
    assertThatThrownBy(() -> router.requeue("nope", "returns", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requeue: lead nope is not open (never routed, or released)");
    assertThatThrownBy(() -> router.requeue("L5", " ", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queue must not be blank");
    assertThatThrownBy(() -> router.requeue("L5", "returns", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason must not be blank");
    assertThatThrownBy(() -> router.requeue(null, "returns", "x")).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("leadId");
    router.requeue("L5", "returns", "x");
    Placement queued = router.placement("L5").orElseThrow();
    assertThatThrownBy(() -> router.requeue("L5", "returns", "again")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requeue: lead L5 already waits in queue 'returns'");
    assertThat(router.placement("L5")).contains(queued);
    assertThat(before.repId()).isEqualTo("ana");
  }
}
