package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.testing.TestStrategies;
import io.smartrouting.spi.RoutingStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A backlog nobody can take costs a drain pass no decisions: until 7 December every tick ran the chain for every
 * waiting lead even when no rep was available (after hours) or every rep was full to its override limit, about 10 µs
 * a lead a tick (2,000 waiting leads at 1,000 reps: 20 ms a second). The pass still drains as soon as someone can take
 * a lead.
 */
class IdleDrainTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
  /** The chain's calls: every move of a waiting lead runs it. */
  private final AtomicInteger calls = new AtomicInteger();
  private final RoutingStrategy counting = ctx -> {
    calls.incrementAndGet();
    return TestStrategies.LEAST_LOADED.apply(ctx);
  };

  private Router router(double maxOverride) {
    return Router.builder().clock(clock).manualTimers().strategies(StrategyRegistry.of()).maxOverride(maxOverride)
        .roster(List.of(Rep.builder("ana").territories(List.of("US")).capacity(2).build(),
            Rep.builder("bob").territories(List.of("US")).capacity(2).build()))
        .step("count", counting).build();
  }

  private static Lead lead(int i) {
    return Lead.builder("lead-" + i).country("US").build();
  }

  @Test
  void nobodyAvailableNoDecisionsThenOneBackDrainsWhatItCanTake() {
    try (Router router = router(0.2)) {
      router.setAvailable("ana", false);
      router.setAvailable("bob", false);
      for (int i = 0; i < 30; i++) {
        assertThat(router.route(lead(i)).queue()).isNotNull();
      }
      calls.set(0);
      clock.advance(Duration.ofSeconds(1));
      router.fireDueTimers();
      assertThat(calls).as("chain runs in a pass nobody can take anything in").hasValue(0);
      assertThat(router.waitingLeads()).isEqualTo(30);

      router.setAvailable("ana", true);
      clock.advance(Duration.ofSeconds(1));
      router.fireDueTimers();
      assertThat(calls).as("chain runs once ana is back").hasPositiveValue();
      assertThat(router.waitingLeads()).as("ana took two (her capacity)").isEqualTo(28);
    }
  }

  @Test
  void everyoneFullToTheOverrideLimitNoDecisionsThenAReleaseDrainsOne() {
    try (Router router = router(0.0)) { // no override room: the override limit is the capacity
      Decision first = null;
      for (int i = 0; i < 10; i++) {
        Decision d = router.route(lead(i));
        first = first == null ? d : first;
      }
      assertThat(router.waitingLeads()).isEqualTo(6);
      calls.set(0);
      clock.advance(Duration.ofSeconds(1));
      router.fireDueTimers();
      assertThat(calls).hasValue(0);

      router.release(first.leadId());
      clock.advance(Duration.ofSeconds(1));
      router.fireDueTimers();
      assertThat(router.waitingLeads()).isEqualTo(5);
    }
  }

  @Test
  void aBacklogNobodyQualifiesForRunsNoChainUntilSomeoneCoversIt() {
    try (Router router = router(0.2)) {
      for (int i = 0; i < 20; i++) {
        assertThat(router.route(Lead.builder("jp-" + i).country("JP").build()).queue()).isNotNull();
      }
      calls.set(0);
      clock.advance(Duration.ofSeconds(1));
      router.fireDueTimers();
      assertThat(calls).as("chain runs for leads no rep qualifies for, ana and bob free").hasValue(0);
      assertThat(router.waitingLeads()).isEqualTo(20);

      router.updateRoster(List.of(Rep.builder("ana").territories(List.of("US")).capacity(2).build(),
          Rep.builder("bob").territories(List.of("US")).capacity(2).build(),
          Rep.builder("kenji").territories(List.of("JP")).capacity(3).build()));
      clock.advance(Duration.ofSeconds(1));
      router.fireDueTimers();
      assertThat(calls).hasPositiveValue();
      assertThat(router.waitingLeads()).as("kenji took three (his capacity)").isEqualTo(17);
    }
  }

  @Test
  void roomForAnOverrideOnlyStillRunsTheChain() {
    try (Router router = router(0.5)) { // capacity 2, override limit 3: full reps may still take a Tier 1 lead
      for (int i = 0; i < 10; i++) {
        router.route(lead(i));
      }
      calls.set(0);
      clock.advance(Duration.ofSeconds(1));
      router.fireDueTimers();
      assertThat(calls).as("a pass where an override could still place a lead").hasPositiveValue();
    }
  }
}
