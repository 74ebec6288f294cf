package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a routing thread keeps per router it routed for, which a vendor with a router per tenant and a pool of routing
 * threads pays tenants times threads. A small roster's weighted step never walks the response order, so the thread
 * keeps none of the walk's buffers for it: until 7 December each thread made them whole (about 18 KB, a 4,096-entry
 * change buffer among them) for every router it decided a weighted lead for.
 */
class PerThreadBuffersTest {

  @Test
  void aSmallRostersWeightedStepKeepsNoWalkBuffersPerThread() {
    List<Rep> roster = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      roster.add(Rep.builder("rep-" + i).territories(List.of(i % 2 == 0 ? "US" : "DE")).capacity(20).build());
    }
    int count = 200;
    List<Router> routers = new ArrayList<>(count);
    for (int t = 0; t < count; t++) {
      routers.add(Router.builder().roster(roster).defaultChain().build());
    }
    route(routers, "warm"); // what a router makes on its first lead whatever the thread (and classes) not counted
    java.util.concurrent.CountDownLatch routed = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch measured = new java.util.concurrent.CountDownLatch(1);
    // A routing thread that stays alive while measured: what its thread-local map keeps for each router.
    Thread thread = new Thread(() -> {
      route(routers, "thread");
      routed.countDown();
      try {
        measured.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "routing-thread");
    try {
      long before = liveHeap();
      thread.start();
      assertThat(routed.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      long perRouter = (liveHeap() - before) / count;
      // Two remembered leads a router (about 1 KB) and the thread's scratch for it: 2.1 KB on 7 December (3.7 with a
      // weighted step's scan buffers per router; 22.3 with its walk buffers too).
      assertThat(perRouter).as("bytes the thread and its leads keep per router").isLessThan(6L << 10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      measured.countDown();
      routers.forEach(Router::close);
    }
  }

  /** Two Tier 2 leads (the weighted step's) routed and released on every router, with ids made of {@code tag}. */
  private static void route(List<Router> routers, String tag) {
    for (Router r : routers) {
      for (int k = 0; k < 2; k++) {
        Decision d = r.route(Lead.builder(tag + "-" + k).country(k == 0 ? "US" : "DE").icpScore(90).build());
        assertThat(d.decidedBy()).isEqualTo("weighted");
        r.release(d.leadId());
      }
    }
  }

  private static long liveHeap() {
    Runtime runtime = Runtime.getRuntime();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = runtime.totalMemory() - runtime.freeMemory();
      if (used >= last) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
