package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The foundation's capacity property on shared state: two routers on one Redis tenant, 8 routing threads each,
 * random rosters and loads, releases made at once or queued ({@code releaseAsync}, riding in other decisions'
 * scripts); no rep ever holds more than its capacity (plus flagged Tier 1 overrides) and every lead is in exactly
 * one place.
 */
class SharedCapacityProperties extends RedisProperties {

  @Property(tries = 6)
  void capacityHoldsAcrossTwoRoutersAndSixteenThreads(@ForAll @IntRange(min = 2, max = 12) int repCount,
      @ForAll @IntRange(min = 1, max = 8) int capacity, @ForAll @IntRange(min = 10, max = 50) int leadsPerThread,
      @ForAll long seed) throws Exception {
    String tenant = freshTenant("prop");
    List<Rep> reps = SharedRoutingTest.roster(repCount, capacity);
    try (RedisStateStore s1 = server.patientStore(tenant).build();
        RedisStateStore s2 = server.patientStore(tenant).build();
        Router r1 = Router.builder().roster(reps).stateStore(s1).manualTimers().defaultChain().build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).manualTimers().defaultChain().build()) {
      Set<String> routed = ConcurrentHashMap.newKeySet();
      Set<String> released = ConcurrentHashMap.newKeySet();
      List<java.util.Map.Entry<String, java.util.concurrent.CompletableFuture<Boolean>>> queued =
          java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(16);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        Router mine = t % 2 == 0 ? r1 : r2;
        Router other = t % 2 == 0 ? r2 : r1;
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed + t);
        int thread = t;
        futures.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < leadsPerThread; i++) {
            String id = random.nextInt(4) == 0 ? "shared-" + i : "lead-" + thread + "-" + i;
            Decision d = mine.route(SharedRoutingTest.lead(id, i));
            routed.add(id);
            assertThat(d.hasFlag(Flag.STATE_UNAVAILABLE)).isFalse();
            if (!id.startsWith("shared-") && random.nextInt(3) == 0) {
              Router by = random.nextBoolean() ? mine : other;
              if (random.nextBoolean()) {
                queued.add(java.util.Map.entry(id, by.releaseAsync(id)));
              } else if (by.release(id)) {
                released.add(id);
              }
            }
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      for (java.util.Map.Entry<String, java.util.concurrent.CompletableFuture<Boolean>> q : queued) {
        if (q.getValue().get(10, TimeUnit.SECONDS)) {
          released.add(q.getKey());
        }
      }
      Set<String> open = new HashSet<>(routed);
      open.removeAll(released);
      SharedRoutingTest.assertConsistent(s1, reps, open);
    }
  }
}
