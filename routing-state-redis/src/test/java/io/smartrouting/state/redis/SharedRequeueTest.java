package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.SlaClock;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code Router.requeue} on Redis: a lead one node routed and another put back in a queue drains, on whichever node
 * runs the tenant's timers, to a rep that did not give it back, and its running deadline is reported once.
 */
class SharedRequeueTest extends RedisServerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T15:00:00Z");

  private static Router router(RedisStateStore store, ManualClock clock, List<Rep> reps, List<RoutingEvent> events) {
    return Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers().step("round-robin")
        .sla(Tier.TIER_1, Duration.ofMinutes(5)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK).listener(events::add)
        .build();
  }

  @Test
  void aLeadGivenBackOnOneNodeDrainsToAnotherRepAndItsDeadlineIsReportedOnce() {
    ManualClock clock = new ManualClock(T0);
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(3).build(),
        Rep.builder("ben").territories("US").capacity(3).build());
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    try (RedisStateStore a = server.patientStore("requeue").build();
        RedisStateStore b = server.patientStore("requeue").build();
        Router one = router(a, clock, reps, events); Router two = router(b, clock, reps, events)) {
      List<String> open = new ArrayList<>();
      String anas = null;
      String demo = null;
      for (int i = 0; i < 4; i++) {
        Lead lead = Lead.builder("rq-" + i).country("US").source(i < 2 ? LeadSource.CONTENT : LeadSource.DEMO_REQUEST)
            .build();
        Decision d = one.route(lead);
        open.add(d.leadId());
        if ("ana".equals(d.repId())) {
          if (i < 2 && anas == null) {
            anas = d.leadId();
          } else if (i >= 2 && demo == null) {
            demo = d.leadId();
          }
        }
      }
      assertThat(anas).as("round-robin gives ana a content lead").isNotNull();
      assertThat(demo).as("and a demo request").isNotNull();
      clock.advance(Duration.ofMinutes(1));
      two.requeue(anas, "returns", "wrong language");
      two.requeue(demo, "returns", "not mine");
      Placement waiting = b.placement(demo);
      assertThat(waiting.queue()).isEqualTo("returns");
      assertThat(waiting.earlierHolders()).containsExactly("ana");
      assertThat(waiting.slaDeadline()).as("the demo request's deadline runs on").isEqualTo(T0.plusSeconds(300));
      SharedRoutingTest.assertConsistent(a, reps, open);
      // Ben is away: whichever node runs the timers leaves both waiting, though ana has room.
      one.setAvailable("ben", false);
      one.fireDueTimers();
      two.fireDueTimers();
      assertThat(a.placement(anas).queue()).isEqualTo("returns");
      // Past the deadline: the breach of the waiting demo request is reported once, whichever node runs the timers.
      clock.advance(Duration.ofMinutes(5));
      one.fireDueTimers();
      two.fireDueTimers();
      assertThat(events).filteredOn(e -> e instanceof RoutingEvent.SlaBreached breach && breach.leadId().equals(
          waiting.leadId())).hasSize(1);
      // Its deadline is spent in the store (since 7 December 2026, night): a node taking the timers over, or one
      // adopting the placement after a restart, has no deadline to report again; it still waits in its queue.
      assertThat(b.placement(demo).slaDeadline()).as("%s", b.placement(demo)).isNull();
      assertThat(b.placement(demo).queue()).isEqualTo("returns");
      assertThat(b.placement(demo).earlierHolders()).containsExactly("ana");
      // Ben is back: the content lead drains to him, never back to ana.
      one.setAvailable("ben", true);
      one.fireDueTimers();
      two.fireDueTimers();
      assertThat(a.placement(anas).repId()).isEqualTo("ben");
      assertThat(a.placement(demo).repId()).as("%s", a.placement(demo)).isNotEqualTo("ana");
      SharedRoutingTest.assertConsistent(a, reps, open);
    }
  }

  /**
   * A lead another node puts in a queue afresh (a requeue from the queue it waited in) takes its place in the drain
   * order by when it was requeued, on the node that drains, as on one router: a lead that waited since before drains
   * first. Until 6 December 2026 the draining node kept the lead's old place, so it went first (found by comparing
   * two nodes with one router in memory).
   */
  @Test
  void aLeadRequeuedOnAnotherNodeTakesItsNewPlaceInTheDrainOrder() {
    ManualClock clock = new ManualClock(T0);
    List<Rep> reps = List.of(Rep.builder("de-0").territories("DE").capacity(1).build());
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    try (RedisStateStore a = server.patientStore("requeue-order").build();
        RedisStateStore b = server.patientStore("requeue-order")
        .build(); Router one = router(a, clock, reps, events); Router two = router(b, clock, reps, events)) {
      assertThat(a.holdsTimerLease()).isTrue();
      assertThat(one.route(Lead.builder("full").country("DE").build()).repId()).isEqualTo("de-0");
      clock.advance(Duration.ofSeconds(1));
      assertThat(one.route(Lead.builder("first").country("DE").build()).queue()).isEqualTo("unassigned");
      clock.advance(Duration.ofSeconds(1));
      assertThat(one.route(Lead.builder("second").country("DE").build()).queue()).isEqualTo("unassigned");
      one.fireDueTimers();
      clock.advance(Duration.ofSeconds(1));
      // The lead that waited first is put back in another queue on the other node: it now waits since then.
      two.requeue("first", "returns", "a partner's lead");
      one.release("full");
      a.refresh();
      one.fireDueTimers();
      assertThat(a.placement("second").repId()).as("waiting since before the requeue").isEqualTo("de-0");
      assertThat(a.placement("first").queue()).isEqualTo("returns");
    }
  }
}
