package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The SDR-to-AE hand-off on Redis: a lead one node gave an SDR, qualified through another node's {@code update},
 * leaves the SDR for an AE, told once, by the facts Redis keeps with the placement; learning nodes credit the SDR its
 * qualification once between them.
 */
class SharedHandOffTest extends RedisServerTest {

  private static final Instant T0 = Instant.parse("2026-12-07T15:00:00Z");

  private static Router router(RedisStateStore store, ManualClock clock, List<Rep> reps, List<RoutingEvent> events) {
    return builder(store, clock, reps, events).build();
  }

  private static Router.Builder builder(RedisStateStore store, ManualClock clock, List<Rep> reps,
      List<RoutingEvent> events) {
    return Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers().listener(events::add)
        .handOffQualifiedLeads(true)
        .step(ChainStep.of("round-robin").named("closers").when("sales_qualified = true").reps("role = 'AE'"))
        .step(ChainStep.of("round-robin").named("qualifiers").when("sales_qualified = false").reps("role = 'SDR'"));
  }

  @Test
  void aLeadRoutedOnOneNodeAndQualifiedOnAnotherGoesToItsSdrsPod() {
    ManualClock clock = new ManualClock(T0);
    List<Rep> reps = List.of(Rep.builder("sam").role(RepRole.SDR).team("east").territories("US").capacity(3).build(),
        Rep.builder("alex").role(RepRole.AE).team("west").territories("US").capacity(3).build(),
        Rep.builder("eve").role(RepRole.AE).team("east").territories("US").capacity(1).build());
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    try (RedisStateStore a = server.patientStore("handoff-pods").build();
        RedisStateStore b = server.patientStore("handoff-pods").build();
        Router one = builder(a, clock, reps, events).handOffWithinTeam(true).build();
        Router two = builder(b, clock, reps, events).handOffWithinTeam(true).build()) {
      Lead first = Lead.builder("p-1").country("US").build();
      Lead second = Lead.builder("p-2").country("US").build();
      one.route(first);
      one.route(second);

      assertThat(two.update(Lead.builderFrom(first).salesQualified(true).build()).repId()).as("the pod's AE")
          .isEqualTo("eve");
      assertThat(one.update(Lead.builderFrom(second).salesQualified(true).build()).repId())
          .as("the pod's AE is full, as Redis counts it: another team's").isEqualTo("alex");
      SharedRoutingTest.assertConsistent(a, reps, List.of("p-1", "p-2"));
    }
  }

  @Test
  void aQualificationIsCreditedToItsSdrOnceForEveryNodeAndTheCloseToTheAe() {
    ManualClock clock = new ManualClock(T0);
    List<Rep> reps = List.of(Rep.builder("sam").role(RepRole.SDR).territories("US").capacity(3).build(),
        Rep.builder("alex").role(RepRole.AE).territories("US").capacity(3).build());
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    ConversionModel first = new ConversionModel();
    ConversionModel second = new ConversionModel();
    try (RedisStateStore a = server.patientStore("handoff-learning").build();
        RedisStateStore b = server.patientStore("handoff-learning").build();
        Router one = builder(a, clock, reps, events).learning(first).build();
        Router two = builder(b, clock, reps, events).learning(second).build()) {
      Lead lead = Lead.builder("q-1").country("US").employees(40).build();
      one.route(lead);
      two.update(Lead.builderFrom(lead).salesQualified(true).build());
      one.update(Lead.builderFrom(lead).salesQualified(true).build()); // told to the other node too: it stays
      assertThat(one.recordOutcome("q-1", Outcome.WON)).isTrue();

      for (Router node : List.of(one, two)) {
        assertThat(node.syncLearning()).isTrue();
        ConversionModel model = node.learning().orElseThrow();
        assertThat(model.qualifiers()).containsExactly("sam");
        assertThat(model.estimate("sam", Segment.SMB, null).wins()).as("the qualification, once").isEqualTo(1);
        assertThat(model.estimate("sam", Segment.SMB, null).outcomes()).isEqualTo(1);
        assertThat(model.estimate("alex", Segment.SMB, null).wins()).as("the deal").isEqualTo(1);
        assertThat(model.teamRate("sam", Segment.SMB)).as("the SDRs' own team").isEqualTo(2.0 / 3);
        assertThat(model.outcomes()).isEqualTo(2);
      }
    }
  }

  @Test
  void aLeadRoutedOnOneNodeAndQualifiedOnAnotherLeavesItsSdr() {
    ManualClock clock = new ManualClock(T0);
    List<Rep> reps = List.of(Rep.builder("sam").role(RepRole.SDR).territories("US").capacity(3).build(),
        Rep.builder("alex").role(RepRole.AE).territories("US").capacity(3).build());
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    try (RedisStateStore a = server.patientStore("handoff").build();
        RedisStateStore b = server.patientStore("handoff").build();
        Router one = router(a, clock, reps, events); Router two = router(b, clock, reps, events)) {
      // Tier 3 (no deadline) and Tier 2 (an hour): Redis keeps the facts of both.
      Lead content = Lead.builder("h-1").country("US").build();
      Lead fit = Lead.builder("h-2").country("US").icpScore(85).build();
      assertThat(one.route(content).repId()).isEqualTo("sam");
      assertThat(one.route(fit).repId()).isEqualTo("sam");
      clock.advance(Duration.ofMinutes(20));
      one.recordContact("h-1", clock.instant());

      Decision d1 = two.update(Lead.builderFrom(content).salesQualified(true).build());
      Decision d2 = two.update(Lead.builderFrom(fit).salesQualified(true).build());

      assertThat(d1.repId()).isEqualTo("alex");
      assertThat(d2.repId()).isEqualTo("alex");
      assertThat(a.placement("h-1").repId()).isEqualTo("alex");
      assertThat(a.placement("h-2").earlierHolders()).containsExactly("sam");
      assertThat(two.openLeads("sam")).as("on the node that handed them off").isZero();
      // Told again on the first node, which routed them: already qualified, they stay.
      assertThat(one.update(Lead.builderFrom(content).salesQualified(true).build()).repId()).isEqualTo("alex");
      assertThat(events).filteredOn(e -> e instanceof RoutingEvent.LeadMoved m
          && m.move() == RoutingEvent.Move.QUALIFIED).hasSize(2);
      SharedRoutingTest.assertConsistent(a, reps, List.of("h-1", "h-2"));
    }
  }
}
