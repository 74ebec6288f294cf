package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Router#erase}: a lead erased (a person's request to be forgotten, a lead deleted in the CRM) leaves nothing a
 * later lead or outcome can find: its open placement is released, the person's next lead is not matched to its rep,
 * and an outcome reported for it is not credited.
 */
class LeadErasureTest {

  private static final List<Rep> REPS = List.of(Rep.builder("ana").territories("US").capacity(5).build(),
      Rep.builder("bob").territories("US").capacity(5).build());

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private Router router() {
    return Router.builder().roster(REPS).clock(clock).manualTimers().listener(events::add)
        .outcomeWindow(Duration.ofDays(90), 10_000)
        .step("returning-contact", StrategyConfig.of("withinDays", "30")).step("round-robin").build();
  }

  private static Lead jane(String id) {
    return Lead.builder(id).country("US").email("jane@gmail.com").contactName("Jane Roe").build();
  }

  @Test
  void anOpenLeadErasedIsReleasedAndThePersonsNextLeadIsRoutedAfresh() {
    try (Router router = router()) {
      assertThat(router.route(jane("L1")).repId()).isEqualTo("ana");
      assertThat(router.route(Lead.builder("X1").country("US").email("max@x.org").build()).repId())
          .as("round-robin's next turn").isEqualTo("bob");

      assertThat(router.erase("L1")).isTrue();

      assertThat(router.placement("L1")).isEmpty();
      assertThat(router.openLeads("ana")).isZero();
      assertThat(events).filteredOn(RoutingEvent.LeadReleased.class::isInstance).singleElement()
          .extracting(RoutingEvent::leadId).isEqualTo("L1");
      Decision next = router.route(jane("L2"));
      assertThat(next.decidedBy()).as("nothing left to match her to ana").isEqualTo("round-robin");
      assertThat(next.explain()).contains("no lead of the same contact open or closed within 30 days");
      assertThat(router.recordOutcome("L1", Outcome.WON)).as("an erased lead's outcome").isFalse();
      assertThat(router.erase("L1")).as("erased already").isFalse();
      assertThat(router.erase("never-seen")).isFalse();
    }
  }

  @Test
  void aReleasedLeadErasedNoLongerBringsThePersonBackToItsRep() {
    try (Router kept = router(); Router erased = router()) {
      for (Router router : List.of(kept, erased)) {
        assertThat(router.route(jane("L1")).repId()).isEqualTo("ana");
        router.release("L1");
        clock.advance(Duration.ofDays(1));
        router.route(Lead.builder("X1").country("US").email("max@x.org").build());
      }
      assertThat(erased.erase("L1")).as("its closed contact and outcome credit were kept").isTrue();

      assertThat(kept.route(jane("L2")).repId()).as("without the erasure: back to ana").isEqualTo("ana");
      assertThat(kept.recordOutcome("L1", Outcome.WON)).isTrue();
      Decision afresh = erased.route(jane("L2"));
      assertThat(afresh.decidedBy()).isEqualTo("round-robin");
      assertThat(afresh.repId()).isEqualTo("ana"); // round-robin's turn after bob, not the returning contact's
      assertThat(erased.recordOutcome("L1", Outcome.WON)).isFalse();
    }
  }

  @Test
  void theStoreRefusesToEraseAnOpenLead() {
    InMemoryStateStore store = new InMemoryStateStore();
    try (Router router = Router.builder().roster(REPS).stateStore(store).manualTimers().step("round-robin")
        .build()) {
      router.route(jane("L1"));
      assertThatThrownBy(() -> store.eraseLead("L1")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("lead L1 is open; release it first");
      assertThat(router.erase("L1")).isTrue();
      assertThat(store.eraseLead("L1")).isFalse();
    }
  }
}
