package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@code spinWait}: a thread that uses Redis alone polls its socket for the answer instead of sleeping. The store
 * decides exactly as without it, times out as a sleeping socket does, and stays consistent with many threads.
 */
class SpinWaitTest {

  /**
   * One server for the tests, persisting as Redis does by default (append-only file fsynced every second): with an
   * fsync per write, as the outage tests' servers do, an answer waits for the disk, which on a busy machine can take
   * longer than any sensible polling time.
   */
  static RedisServer server;

  @org.junit.jupiter.api.BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start("everysec");
  }

  @org.junit.jupiter.api.AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

  @Test
  void aPollingStoreDecidesExactlyAsASleepingOne() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(8, 30);
    try (RedisStateStore polling = server.store("spin-on").spinWait(Duration.ofMillis(2))
        .refreshInterval(Duration.ofHours(1)).takeover(Duration.ofHours(1)).build();
        RedisStateStore sleeping = server.store("spin-off").refreshInterval(Duration.ofHours(1))
            .takeover(Duration.ofHours(1)).build();
        Router a = Router.builder().roster(reps).stateStore(polling).manualTimers().defaultChain().build();
        Router b = Router.builder().roster(reps).stateStore(sleeping).manualTimers().defaultChain().build()) {
      assertThat(sleeping.spinCounts()).as("off by default").isNull();
      List<String> open = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        Decision x = a.route(SharedRoutingTest.lead("l-" + i, i));
        Decision y = b.route(SharedRoutingTest.lead("l-" + i, i));
        assertThat(x.repId()).as("lead %d", i).isEqualTo(y.repId());
        assertThat(x.flags()).as("lead %d", i).isEqualTo(y.flags());
        if (i % 3 == 0) {
          assertThat(a.release(x.leadId())).isTrue();
          assertThat(b.release(y.leadId())).isTrue();
        } else {
          open.add(x.leadId());
        }
      }
      SharedRoutingTest.assertConsistent(polling, reps, open);
      // Whether an answer is caught polling depends on the machine's timing; SpinningSocketsTest checks that with a
      // server whose answers come when it says. Here: the store did wait through its polling sockets.
      long[] counts = polling.spinCounts();
      assertThat(counts).hasSize(3);
    }
  }

  @Test
  void aLateAnswerTimesOutAsOnASleepingSocketAndTheLeadWaitsFlagged() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(4, 30);
    try (RedisStateStore store = server.store("spin-timeout").spinWait(Duration.ofMillis(1))
        .timeout(Duration.ofMillis(100)).retryAfter(Duration.ofMillis(50)).refreshInterval(Duration.ofHours(1))
        .takeover(Duration.ofHours(1)).build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      assertThat(router.route(SharedRoutingTest.lead("warm", 1)).repId()).isNotNull();
      // Redis busy for 600 ms with a script: no answer to anyone meanwhile.
      CountDownLatch started = new CountDownLatch(1);
      Thread busy = new Thread(() -> {
        started.countDown();
        server.command("EVAL \"local s = redis.call('TIME') repeat local t = redis.call('TIME') until"
            + " (t[1] - s[1]) * 1000000 + (t[2] - s[2]) > 600000 return 1\" 0");
      });
      busy.start();
      started.await();
      Thread.sleep(100);
      long t0 = System.nanoTime();
      Decision d = router.route(SharedRoutingTest.lead("during", 2));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(d.flags()).contains(Flag.STATE_UNAVAILABLE);
      assertThat(millis).as("gave up after the 100 ms timeout, not after the script").isBetween(90L, 450L);
      busy.join();
      Thread.sleep(100); // the retry-after window
      assertThat(router.reconcile()).isEqualTo(1);
      SharedRoutingTest.assertConsistent(store, reps, List.of("warm", "during"));
    }
  }

  @Test
  void aServerThatDiesAndComesBackIsSurvivedAsWithSleepingSockets() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(4, 50);
    try (RedisServer own = RedisServer.start();
        RedisStateStore store = own.store("spin-restart").spinWait(Duration.ofMillis(1))
            .retryAfter(Duration.ofMillis(100)).refreshInterval(Duration.ofHours(1)).takeover(Duration.ofHours(1))
            .build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      List<String> open = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        open.add(router.route(SharedRoutingTest.lead("before-" + i, i)).leadId());
      }
      own.kill();
      for (int i = 0; i < 10; i++) {
        Decision d = router.route(SharedRoutingTest.lead("during-" + i, i));
        assertThat(d.flags()).contains(Flag.STATE_UNAVAILABLE);
        open.add(d.leadId());
      }
      own.restart();
      Thread.sleep(150); // the retry-after window
      assertThat(router.reconcile()).isEqualTo(10);
      Decision after = router.route(SharedRoutingTest.lead("after", 2));
      assertThat(after.repId()).as("routing on fresh connections").isNotNull();
      open.add(after.leadId());
      SharedRoutingTest.assertConsistent(store, reps, open);
    }
  }

  @Test
  void anInterruptedThreadWaitsForItsAnswerAsOnASleepingSocketAndKeepsItsStatus() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(4, 30);
    try (RedisStateStore store = server.store("spin-interrupt").spinWait(Duration.ofNanos(50_000))
        .timeout(Duration.ofSeconds(3)).refreshInterval(Duration.ofHours(1)).takeover(Duration.ofHours(1)).build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      assertThat(router.route(SharedRoutingTest.lead("warm", 1)).repId()).isNotNull();
      Thread busy = new Thread(() -> server.command("EVAL \"local s = redis.call('TIME') repeat local t ="
          + " redis.call('TIME') until (t[1] - s[1]) * 1000000 + (t[2] - s[2]) > 300000 return 1\" 0"));
      busy.start();
      Thread.sleep(50);
      long sleepsBefore = store.spinCounts()[2];
      Thread.currentThread().interrupt();
      Decision d;
      boolean stillInterrupted;
      try {
        d = router.route(SharedRoutingTest.lead("interrupted", 2));
      } finally {
        stillInterrupted = Thread.interrupted();
      }
      busy.join();
      assertThat(stillInterrupted).as("the thread's interrupt status is kept").isTrue();
      assertThat(store.spinCounts()[2] - sleepsBefore).as("slept through the wait, not woken again and again")
          .isLessThan(20);
      assertThat(d.flags()).as("answered once Redis was free").doesNotContain(Flag.STATE_UNAVAILABLE);
      assertThat(d.repId()).isNotNull();
      SharedRoutingTest.assertConsistent(store, reps, List.of("warm", "interrupted"));
    }
  }

  @Test
  void manyThreadsStayConsistent() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(10, 1_000);
    try (RedisStateStore store = server.store("spin-threads").spinWait(Duration.ofNanos(200_000)).build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<String> open = Collections.synchronizedList(new ArrayList<>());
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            for (int i = 0; i < 200; i++) {
              Decision d = router.route(SharedRoutingTest.lead("t" + thread + "-" + i, i));
              assertThat(d.repId()).isNotNull();
              if (i % 2 == 0) {
                assertThat(router.release(d.leadId())).isTrue();
              } else {
                open.add(d.leadId());
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      SharedRoutingTest.assertConsistent(store, reps, open);
    }
  }

  @Test
  void badSettingsAreRefusedNamingThem() {
    assertThatThrownBy(() -> RedisStateStore.builder("t").spinWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spinWait");
    assertThatThrownBy(() -> RedisStateStore.builder("t").spinWait(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("spinWait");
    assertThatThrownBy(() -> RedisStateStore.builder("t").cluster(List.of("localhost:7000"))
        .spinWait(Duration.ofNanos(100_000)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("spinWait").hasMessageContaining("cluster");
  }
}
