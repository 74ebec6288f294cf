package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.testing.TestStrategies;
import io.smartrouting.spi.RoutingStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two routers on one state store: each filters and scores candidates from its own view of open leads and response
 * times, exact for its own changes, and brings in the other's changes on every timer pass. Without that pass, a rep
 * the other router freed stayed "full" here for good (this router never touched the rep again to notice).
 */
class SharedStoreViewTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final InMemoryStateStore store = new InMemoryStateStore();
  private final AtomicReference<Double> anaMinutesSeen = new AtomicReference<>();

  private Router router() {
    RoutingStrategy recordThenLeastLoaded = ctx -> {
      int ana = ctx.ordinalOf("ana");
      anaMinutesSeen.set(ctx.responseMinutes(ana));
      return TestStrategies.LEAST_LOADED.apply(ctx);
    };
    List<Rep> roster = List.of(
        Rep.builder("ana").territories("*").capacity(1).responseMinutes(10).build(),
        Rep.builder("bob").territories("*").capacity(10).responseMinutes(10).build());
    return Router.builder().roster(roster).stateStore(store).strategies(StrategyRegistry.of()).clock(clock)
        .manualTimers().step("least-loaded", recordThenLeastLoaded).build();
  }

  @Test
  void aRepFreedByAnotherRouterIsOfferedAgainAfterTheNextTimerPass() {
    Router a = router();
    Router b = router();
    assertThat(a.route(Lead.builder("l1").build()).repId()).isEqualTo("ana");
    // b still sees ana empty, loses the race for her only slot and takes bob.
    Decision second = b.route(Lead.builder("l2").build());
    assertThat(second.repId()).isEqualTo("bob");
    assertThat(second.explain()).contains("filled up concurrently");

    assertThat(a.release("l1")).isTrue();
    b.fireDueTimers();
    assertThat(b.route(Lead.builder("l3").build()).repId()).as("ana is free again in b's view").isEqualTo("ana");
  }

  @Test
  void responseTimesRecordedByAnotherRouterReachThisRoutersScoresAfterTheNextTimerPass() {
    Router a = router();
    Router b = router();
    assertThat(a.route(Lead.builder("l1").build()).repId()).isEqualTo("ana");
    clock.advance(Duration.ofMinutes(30));
    assertThat(a.recordContact("l1", clock.instant())).isTrue();
    // a's own contact updates a's view at once: (10 profile + 30 observed) / 2.
    a.release("l1");
    a.route(Lead.builder("l2").build());
    assertThat(anaMinutesSeen.get()).isEqualTo(20.0);

    b.fireDueTimers();
    b.route(Lead.builder("l3").build());
    assertThat(anaMinutesSeen.get()).isEqualTo(20.0);
  }
}
