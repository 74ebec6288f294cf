package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Every kind of move at once on two nodes of one Redis tenant: threads route, release, transfer, reassign, claim,
 * contact and update leads, offboard reps and bring them back, at random, while the timer-lease holder drains and
 * fires its timers. Afterwards every lead routed and not released is in one place,
 * and every rep's open set equals its placements within its capacity.
 */
class SharedMovesRaceTest extends RedisServerTest {

  @Test
  void movesOfEveryKindRacingOnTwoNodesKeepOnePlaceEachWithinCapacity() throws Exception {
    List<Rep> reps = new ArrayList<>();
    for (String id : List.of("ana", "bob", "cy", "dee")) {
      reps.add(Rep.builder(id).territories("US").capacity(6).build());
    }
    ManualClock clock = new ManualClock(Instant.parse("2026-12-06T15:00:00Z"));
    for (int round = 0; round < 3; round++) {
      long roundSeed = 1000L * round;
      String tenant = "moves-race-" + round;
      try (RedisStateStore s1 = server.patientStore(tenant).build();
          RedisStateStore s2 = server.patientStore(tenant).build();
          Router r1 = Router.builder().roster(reps).stateStore(s1).clock(clock).manualTimers().step("round-robin")
              .capacityThreshold(1.0).build();
          Router r2 = Router.builder().roster(reps).stateStore(s2).clock(clock).manualTimers().step("round-robin")
              .capacityThreshold(1.0).build()) {
        r1.fireDueTimers(); // r1 holds the lease: it drains
        List<Router> nodes = List.of(r1, r2);
        Set<String> routed = ConcurrentHashMap.newKeySet();
        Set<String> released = ConcurrentHashMap.newKeySet();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int worker = t;
          threads.add(new Thread(() -> {
            Random rnd = new Random(31L * worker + 7 + roundSeed);
            try {
              start.await();
              for (int i = 0; i < 150; i++) {
                Router node = nodes.get(rnd.nextInt(2));
                List<String> open = new ArrayList<>(routed);
                open.removeAll(released);
                String some = open.isEmpty() ? null : open.get(rnd.nextInt(open.size()));
                String rep = reps.get(rnd.nextInt(reps.size())).id();
                int op = rnd.nextInt(100);
                try {
                  if (op < 35 || some == null) {
                    String id = "w" + worker + "-" + i;
                    node.route(Lead.builder(id).country("US")
                        .source(rnd.nextInt(4) == 0 ? LeadSource.DEMO_REQUEST : LeadSource.TRIAL).build());
                    routed.add(id);
                  } else if (op < 50) {
                    if (released.add(some)) {
                      node.release(some);
                    }
                  } else if (op < 65) {
                    node.transfer(some);
                  } else if (op < 80) {
                    node.reassign(some, rep, "by hand");
                  } else if (op < 88) {
                    node.claimNext(rep);
                  } else if (op < 91) {
                    node.recordContact(some, clock.instant());
                  } else if (op < 93) {
                    node.update(Lead.builder(some).country("US").source(LeadSource.DEMO_REQUEST).build());
                  } else if (op < 95) {
                    if (node.isAvailable(rep)) {
                      node.offboard(rep, io.smartrouting.core.OffboardPolicy.reroute());
                    } else {
                      node.clearAvailability(rep);
                    }
                  } else if (op < 97) {
                    r1.fireDueTimers();
                  } else {
                    r1.drainQueues();
                  }
                } catch (IllegalArgumentException | IllegalStateException expected) {
                  // released, moved or full meanwhile, or already with that rep: nothing changed
                }
              }
            } catch (Throwable e) {
              errors.add(e);
            }
          }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
          t.join(60_000);
        }
        assertThat(errors).isEmpty();
        List<String> open = new ArrayList<>(routed);
        open.removeAll(released);
        SharedRoutingTest.assertConsistent(s1, reps, open);
      }
    }
  }
}
