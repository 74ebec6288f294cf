package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Leads stay open for days or weeks, far longer than the idempotency window (24 hours by default). Moving one through
 * the chain (an offboarding, a transfer) needs the facts it was routed with; before 5 December 2026 the in-memory
 * store kept none, so after the window an offboarded lead was queued with empty facts and drained to anyone (a German
 * lead to a US rep), and {@code transfer(leadId)} failed.
 */
class LongOpenLeadsTest {

  private static final Instant T0 = Instant.parse("2026-12-02T15:00:00Z");
  private static final Duration PAST_THE_WINDOW = Duration.ofHours(25);

  private static List<Rep> reps() {
    return List.of(Rep.builder("leaver").territories("DE").languages("de").capacity(10).build(),
        Rep.builder("de-1").territories("DE").languages("de").capacity(10).build(),
        Rep.builder("de-2").territories("DE").languages("de").capacity(10).build(),
        Rep.builder("us").territories("US").capacity(10).build());
  }

  private static Router router(ManualClock clock, RoutingStateStore store) {
    return Router.builder().roster(reps()).clock(clock).stateStore(store).manualTimers()
        .strategies(StrategyRegistry.of()).step("least-loaded", TestStrategies.LEAST_LOADED).build();
  }

  private static Lead german(String id) {
    return Lead.builder(id).country("DE").language("de").employees(50).build();
  }

  /** Routes three German leads (one to each German rep) and returns the id of the one the leaver holds. */
  private static String routeThree(Router router) {
    String held = null;
    for (int i = 0; i < 3; i++) {
      Decision d = router.route(german("de-lead-" + i));
      if ("leaver".equals(d.repId())) {
        held = d.leadId();
      }
    }
    assertThat(held).as("least loaded spreads the three").isNotNull();
    return held;
  }

  @Test
  void aLeadOpenPastTheWindowIsOffboardedAndTransferredWithTheFactsItWasRoutedWith() {
    ManualClock clock = new ManualClock(T0);
    InMemoryStateStore store = new InMemoryStateStore();
    Router router = router(clock, store);
    String held = routeThree(router);
    clock.advance(PAST_THE_WINDOW);
    assertThat(router.recordContact(held, clock.instant())).isTrue();
    clock.advance(PAST_THE_WINDOW);
    assertThat(store.savedLead(held)).as("kept through the contact").isNotNull();

    List<Decision> moved = router.offboard("leaver", OffboardPolicy.reroute());

    assertThat(moved).singleElement().satisfies(d -> {
      assertThat(d.repId()).isIn("de-1", "de-2");
      assertThat(d.hasFlag(Flag.TRANSFERRED)).isTrue();
    });
    String first = moved.get(0).repId();
    clock.advance(PAST_THE_WINDOW);
    Decision again = router.transfer(held);
    assertThat(again.repId()).as("kept through the move").isIn("de-1", "de-2").isNotEqualTo(first);
    assertThat(store.savedLead(held).country()).isEqualTo("DE");
    assertThat(router.release(held)).isTrue();
    assertThat(store.savedLead(held)).as("released: nothing kept").isNull();
  }

  /** A store of the caller's own that keeps no routing facts (the SPI's default {@code saveLead}). */
  private static final class FactlessStore extends ForwardingStateStore {}

  @Test
  void aLeadWhoseFactsNobodyKeptWaitsForAPersonInsteadOfDrainingToAnyone() {
    ManualClock clock = new ManualClock(T0);
    Router router = router(clock, new FactlessStore());
    String held = routeThree(router);
    clock.advance(PAST_THE_WINDOW);

    List<Decision> moved = router.offboard("leaver", OffboardPolicy.reroute());

    assertThat(moved).singleElement().satisfies(d -> {
      assertThat(d.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
      assertThat(d.trace().render()).contains("routing facts unknown").contains("for a person");
    });
    assertThat(router.waitingLeads()).isZero();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(10));
      router.fireDueTimers();
    }
    assertThat(router.placement(held).orElseThrow().queue()).as("not drained to the US rep")
        .isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(router.openLeads("us")).isZero();
    // A person assigns it, or transfers it with its facts.
    Decision d = router.transfer(german(held));
    assertThat(d.repId()).isIn("de-1", "de-2");
    assertThat(Set.of("de-1", "de-2")).contains(router.placement(held).orElseThrow().repId());
  }

  @Test
  void anSlaBreachOfALeadWhoseFactsNobodyKeptIsEscalatedNotReRoutedOnEmptyFacts() {
    ManualClock clock = new ManualClock(T0);
    List<io.smartrouting.api.RoutingEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    Router router = Router.builder().roster(reps()).clock(clock).stateStore(new FactlessStore()).manualTimers()
        .listener(events::add)
        .strategies(StrategyRegistry.of()).step("least-loaded", TestStrategies.LEAST_LOADED)
        .sla(io.smartrouting.api.Tier.TIER_3, Duration.ofMinutes(60))
        .slaClock(io.smartrouting.api.Tier.TIER_3, SlaClock.WALL_CLOCK).build();
    String held = routeThree(router);
    clock.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 3; i++) {
      assertThat(router.recordContact("de-lead-" + i, clock.instant())).isTrue();
    }
    clock.advance(PAST_THE_WINDOW.minusSeconds(60));
    // A person moves it; the router no longer knows its facts, so its new deadline's timer has none either.
    Decision moved = router.reassign(held, "de-1", "covering for a colleague");
    assertThat(moved.slaDeadline()).isNotNull();
    clock.advance(Duration.ofMinutes(61));

    assertThat(router.fireDueTimers()).isEqualTo(1);

    assertThat(router.openLeads("us")).as("not re-routed to whoever qualifies for empty facts").isZero();
    io.smartrouting.core.state.Placement p = router.placement(held).orElseThrow();
    assertThat(p.repId()).isNull();
    assertThat(p.queue()).isNotNull();
    assertThat(events).filteredOn(e -> e instanceof io.smartrouting.api.RoutingEvent.LeadEscalated).singleElement()
        .satisfies(e -> assertThat(((io.smartrouting.api.RoutingEvent.LeadEscalated) e).reason())
            .contains("routing facts are unknown"));
    // It waits for a person there: a drain would send it to whoever qualifies for empty facts.
    assertThat(router.waitingLeads()).isZero();
    clock.advance(Duration.ofMinutes(10));
    router.fireDueTimers();
    assertThat(router.openLeads("us")).isZero();
  }
}
