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
      routers.add(Router.builder().roster(roster).defaultChain().manualTimers().build());
    }
    route(routers, "warm"); // what a router makes on its first lead whatever the thread (and classes) not counted
    try {
      long perRouter = leastPerRouter(count, tag -> route(routers, tag), heap -> heap.alive - heap.before);
      // Two remembered leads a router (about 1 KB) and the thread's scratch for it: 2.1 KB on 7 December (3.7 with a
      // weighted step's scan buffers per router; 22.3 with its walk buffers too).
      assertThat(perRouter).as("bytes the thread and its leads keep per router").isLessThan(6L << 10);
    } finally {
      routers.forEach(Router::close);
    }
  }

  /**
   * Measurements a test takes, each on a new routing thread, keeping the least: in the module's test run, routers other
   * tests left open change the live heap while one is taken (by up to 2 MB in a run of 7 December, either way). What
   * is measured a router is far above that once multiplied by the routers (1.6 KB a router before the change, 2 MB at
   * 1,200 routers), and a drift upward in all three is unlikely.
   */
  private static final int TRIALS = 3;

  /**
   * The least of {@link #TRIALS} measurements of {@code bytes} over {@code routers} routers, each on a new routing
   * thread doing {@code work} with leads whose ids carry the trial's tag.
   */
  private static long leastPerRouter(int routers, java.util.function.Consumer<String> work,
      java.util.function.ToLongFunction<Heap> bytes) {
    long least = Long.MAX_VALUE;
    for (int trial = 0; trial < TRIALS; trial++) {
      String tag = "thread-" + trial;
      least = Math.min(least, bytes.applyAsLong(aroundARoutingThread(() -> work.accept(tag))) / routers);
    }
    return least;
  }

  /** The live heap before a routing thread started, while it is alive after its work, and after it ended. */
  private record Heap(long before, long alive, long ended) {}

  /**
   * Runs {@code work} on a new routing thread that stays alive while the heap is read (what its thread-local map
   * keeps), then lets it end and reads the heap again.
   */
  private static Heap aroundARoutingThread(Runnable work) {
    java.util.concurrent.CountDownLatch routed = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch measured = new java.util.concurrent.CountDownLatch(1);
    Thread thread = new Thread(() -> {
      work.run();
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
      assertThat(routed.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("the routing thread's work").isTrue();
      long alive = liveHeap();
      measured.countDown();
      thread.join(60_000);
      assertThat(thread.isAlive()).isFalse();
      return new Heap(before, alive, liveHeap());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      measured.countDown();
    }
  }

  /**
   * What a routing thread itself keeps for the routers it decided for, apart from the leads the routers remember: the
   * live heap while the thread is alive against after it ended (its thread-local map goes with it), over routers each
   * given a Tier 1 lead (the fast track), a Tier 2 lead (the weighted step) and a Tier 3 lead (round-robin). Until 7
   * December a pipeline kept two scratches per router and thread (with its roster's words nine times over each), and
   * the fast track its candidate buffers sized to the roster: 1.7 KB a router at 50 reps, so 200 tenants times 200
   * request threads kept 66 MB for nothing. Now a thread keeps a scratch per roster size it decides on (up to
   * {@code Pipeline}'s few slots) and one set of candidate buffers, whatever the number of routers.
   */
  @Test
  void aThreadKeepsNothingPerRouterItRoutedFor() {
    List<Rep> roster = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      roster.add(Rep.builder("rep-" + i).territories(List.of(i % 2 == 0 ? "US" : "DE")).capacity(20)
          .responseMinutes(5 + i % 7).build());
    }
    int count = 1_200;
    List<Router> routers = new ArrayList<>(count);
    for (int t = 0; t < count; t++) {
      routers.add(Router.builder().roster(roster).defaultChain().manualTimers().build());
    }
    routeEveryTier(routers, "warm");
    try {
      long perRouter = leastPerRouter(count, tag -> routeEveryTier(routers, tag), heap -> heap.alive - heap.ended);
      // 1,651 bytes a router before 7 December's change; 0-40 after when the test runs alone.
      assertThat(perRouter).as("bytes a routing thread keeps per router").isLessThan(400L);
    } finally {
      routers.forEach(Router::close);
    }
  }

  /** A Tier 1, a Tier 2 and a Tier 3 lead routed and released on every router, with ids made of {@code tag}. */
  private static void routeEveryTier(List<Router> routers, String tag) {
    for (Router r : routers) {
      Decision d1 = r.route(Lead.builder(tag + "-1").country("US").source(io.smartrouting.api.LeadSource.DEMO_REQUEST)
          .build());
      Decision d2 = r.route(Lead.builder(tag + "-2").country("DE").icpScore(90).build());
      Decision d3 = r.route(Lead.builder(tag + "-3").country("US").build());
      assertThat(List.of(d1.decidedBy(), d2.decidedBy(), d3.decidedBy()))
          .containsExactly("tier-fast-track", "weighted", "round-robin");
      r.release(d1.leadId());
      r.release(d2.leadId());
      r.release(d3.leadId());
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
