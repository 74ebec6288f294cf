package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.testing.ForwardingStateStore;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every router of a JVM that brings no scheduler of its own is ticked from one shared timer thread: one tenant whose
 * ticks are slow (a state store that times out, a very large tenant's full read) must not hold up the SLA timers of
 * the others. Before 5 December 2026 the ticks ran on that one thread in turn, so a tenant whose store hung held
 * every other tenant's deadlines for as long.
 */
class TenantTimersTest {

  /** A store whose timer ticks hang until released (every tick asks it whether it holds the timer lease). */
  private static final class HangingStore extends ForwardingStateStore {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch hanging = new CountDownLatch(1);

    @Override
    public boolean holdsTimerLease() {
      hanging.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    }
  }

  private static Router.Builder tenant(List<Rep> reps) {
    return Router.builder().roster(reps).strategies(StrategyRegistry.of())
        .step("least-loaded", TestStrategies.LEAST_LOADED).timerTick(Duration.ofMillis(50));
  }

  @Test
  void aTenantWhoseTicksHangDoesNotHoldUpAnotherTenantsDeadlines() throws Exception {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(10).build());
    HangingStore hanging = new HangingStore();
    CountDownLatch breached = new CountDownLatch(1);
    try (Router slow = tenant(reps).stateStore(hanging).build();
        Router fine = tenant(reps).sla(Tier.TIER_1, Duration.ofMillis(200)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK)
            .listener(e -> {
              if (e instanceof RoutingEvent.SlaBreached) {
                breached.countDown();
              }
            }).build()) {
      assertThat(hanging.hanging.await(10, TimeUnit.SECONDS)).as("the slow tenant's tick has started").isTrue();
      fine.route(Lead.builder("hot").country("US").source(LeadSource.DEMO_REQUEST).build());
      assertThat(breached.await(5, TimeUnit.SECONDS)).as("the other tenant's deadline fired").isTrue();
      assertThat(slow.armedTimers()).isZero();
    } finally {
      hanging.release.countDown();
    }
  }
}
