package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Reps clicking "next lead" on two nodes while leads are released and the timer-lease holder drains the same queue:
 * on Redis every lead stays in one place, no lead is claimed twice, and every rep's open set equals its placements
 * within its capacity.
 */
class SharedClaimRaceTest extends RedisServerTest {

  @Test
  void claimsOnTwoNodesRacingDrainsAndReleasesKeepOnePlaceEachWithinCapacity() throws Exception {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(8).build(),
        Rep.builder("bob").territories("US").capacity(8).build(),
        Rep.builder("cy").territories("US").capacity(8).build());
    ManualClock clock = new ManualClock(Instant.parse("2026-12-06T15:00:00Z"));
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    int claimed = 0;
    for (int round = 0; round < 3; round++) {
      String tenant = "claim-race-" + round;
      events.clear();
      try (RedisStateStore s1 = server.patientStore(tenant).build();
          RedisStateStore s2 = server.patientStore(tenant).build();
          Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
              .capacityThreshold(1.0).listener(events::add).build();
          Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
              .capacityThreshold(1.0).listener(events::add).build()) {
        r1.fireDueTimers(); // r1 holds the lease: it drains
        int n = 90;
        for (int i = 0; i < n; i++) {
          r1.route(Lead.builder("L" + i).country("US").build());
        }
        Set<String> released = ConcurrentHashMap.newKeySet();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> run(errors, done, start, () -> r2.claimNext("ana"))));
        threads.add(new Thread(() -> run(errors, done, start, () -> r1.claimNext("bob"))));
        threads.add(new Thread(() -> run(errors, done, start, () -> r2.claimNext("cy"))));
        threads.add(new Thread(() -> run(errors, done, start, () -> {
          r1.drainQueues();
          Thread.sleep(2);
        })));
        threads.forEach(Thread::start);
        start.countDown();
        try {
          for (int i = 0; i < n; i += 3) {
            Router node = i % 2 == 0 ? r1 : r2;
            released.add("L" + i);
            assertThat(node.release("L" + i)).as("L%d open", i).isTrue();
            Thread.sleep(1);
          }
        } finally {
          done.set(true);
          for (Thread t : threads) {
            t.join(30_000);
          }
        }
        assertThat(errors).isEmpty();
        List<String> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (!released.contains("L" + i)) {
            open.add("L" + i);
          }
        }
        SharedRoutingTest.assertConsistent(s1, reps, open);
        List<String> claims = events.stream().filter(RoutingEvent.LeadMoved.class::isInstance)
            .map(RoutingEvent.LeadMoved.class::cast).filter(m -> m.move() == RoutingEvent.Move.CLAIMED)
            .map(RoutingEvent.LeadMoved::leadId).toList();
        assertThat(claims).as("no lead claimed twice").doesNotHaveDuplicates();
        claimed += claims.size();
      }
    }
    // Over the rounds, not in each: on a loaded machine the drain may take every freed slot of one round.
    assertThat(claimed).as("the races claimed leads").isPositive();
  }

  /** A body of the race that may throw anything. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private static void run(List<Throwable> errors, AtomicBoolean done, CountDownLatch start, Body body) {
    try {
      start.await();
      while (!done.get()) {
        body.run();
      }
    } catch (Throwable e) {
      errors.add(e);
    }
  }
}
