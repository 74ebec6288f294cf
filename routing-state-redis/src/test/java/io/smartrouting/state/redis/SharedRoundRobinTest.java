package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Round-robin on two routers sharing Redis stays within one lead of every rep's weighted share. */
class SharedRoundRobinTest extends RedisServerTest {

  private static final List<Rep> REPS = List.of(
      Rep.builder("a").territories("*").capacity(100_000).weight(1).build(),
      Rep.builder("b").territories("*").capacity(100_000).weight(2).build(),
      Rep.builder("c").territories("*").capacity(100_000).weight(1).build(),
      Rep.builder("d").territories("*").capacity(100_000).weight(3).build(),
      Rep.builder("e").territories("*").capacity(100_000).weight(1.5).build());
  private static final double TOTAL_WEIGHT = 8.5;

  private static void assertWithinOne(Map<String, Integer> counts, int leads) {
    for (Rep r : REPS) {
      double share = leads * r.weight() / TOTAL_WEIGHT;
      assertThat((double) counts.getOrDefault(r.id(), 0)).as("%s after %d leads (share %.2f)", r.id(), leads, share)
          .isBetween(share - 1, share + 1);
    }
  }

  @Test
  void alternatingBetweenTwoRoutersEveryRepStaysWithinOneLeadOfItsShareAfterEveryLead() {
    try (RedisStateStore s1 = server.patientStore("rr-seq").build();
        RedisStateStore s2 = server.patientStore("rr-seq").build();
        Router r1 = Router.builder().roster(REPS).stateStore(s1).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(REPS).stateStore(s2).manualTimers().step("round-robin").build()) {
      Map<String, Integer> counts = new ConcurrentHashMap<>();
      for (int i = 1; i <= 400; i++) {
        Router router = i % 3 == 0 ? r2 : r1;
        Decision d = router.route(Lead.builder("lead-" + i).build());
        counts.merge(d.repId(), 1, Integer::sum);
        assertWithinOne(counts, i);
      }
    }
  }

  @Test
  void concurrentRoutingOnTwoRoutersEndsWithinOneLeadOfEveryShare() throws Exception {
    try (RedisStateStore s1 = server.patientStore("rr-par").build();
        RedisStateStore s2 = server.patientStore("rr-par").build();
        Router r1 = Router.builder().roster(REPS).stateStore(s1).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(REPS).stateStore(s2).manualTimers().step("round-robin").build()) {
      Map<String, Integer> counts = new ConcurrentHashMap<>();
      AtomicInteger ids = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        Router router = t % 2 == 0 ? r1 : r2;
        futures.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 40; i++) {
            Decision d = router.route(Lead.builder("lead-" + ids.incrementAndGet()).build());
            counts.merge(d.repId(), 1, Integer::sum);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertWithinOne(counts, 640);
    }
  }

  @Test
  void withoutSharedTurnsTwoRoutersDriftApart() {
    // The control: two in-memory routers each keep their own turns, so both start with the same rep.
    try (Router r1 = Router.builder().roster(REPS).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(REPS).manualTimers().step("round-robin").build()) {
      assertThat(r1.route(Lead.builder("x1").build()).repId()).isEqualTo(r2.route(Lead.builder("x2").build())
          .repId());
    }
  }

  /**
   * A move on a node whose view has not yet seen a rep fill up: the turn the node took for that rep in Redis is given
   * back when the reservation fails, so the lead goes to the next rep and every credit ends as one router that saw the
   * rep full would have left it (a turn among the others alone). Until 6 December 2026 the turn stayed spent, and the
   * full rep had paid a lead it never got: one lead behind its share from then on.
   */
  @Test
  void aTurnWonByARepThatFilledUpOnAnotherNodeIsGivenBack() {
    List<Rep> reps = List.of(Rep.builder("x").territories("*").capacity(1).weight(10).build(),
        Rep.builder("y").territories("*").capacity(10).weight(1).build(),
        Rep.builder("z").territories("*").capacity(10).weight(1).build());
    List<String> ids = List.of("x", "y", "z");
    try (RedisStateStore s1 = server.patientStore("rr-back").build();
        RedisStateStore s2 = server.patientStore("rr-back").refreshInterval(java.time.Duration.ofHours(1)).build();
        Router one = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router two = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin").build()) {
      // Node one: x (ten times the weight) takes the first lead and is full; the next goes to y or z.
      assertThat(one.route(Lead.builder("fills-x").build()).repId()).isEqualTo("x");
      String holder = one.route(Lead.builder("mover").build()).repId();
      assertThat(holder).isIn("y", "z");
      String other = holder.equals("y") ? "z" : "y";
      double[] before = s1.roundRobinTurns().credits("round-robin", ids);
      // Node two has not refreshed: to it x is empty, and x's credit makes the turn between x and the other rep x's.
      double[] turn = {before[0], before[ids.indexOf(other)]};
      assertThat(io.smartrouting.spi.RoundRobinTurns.turn(turn, new double[] {10, 1})).as("x's turn").isZero();
      assertThat(two.openLeads("x")).as("node two's view").isZero();

      Decision moved = two.transfer("mover");

      assertThat(moved.repId()).isEqualTo(other);
      assertThat(moved.explain()).contains("x filled up concurrently; picking again");
      double[] after = s1.roundRobinTurns().credits("round-robin", ids);
      for (int i = 0; i < ids.size(); i++) {
        assertThat(after[i]).as("%s's credit: as before the move (the others' turn among %s alone costs it nothing)",
            ids.get(i), other).isCloseTo(before[i], org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }
}
