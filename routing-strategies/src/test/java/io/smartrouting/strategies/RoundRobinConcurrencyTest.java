package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoundRobinConcurrencyTest {

  @Test
  void fairUnderConcurrentRouting() throws Exception {
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      reps.add(Rep.builder("rep-" + i).territories("*").capacity(1_000_000).weight(i < 3 ? 1 : 2).build());
    }
    Router router = Router.builder().roster(reps).step("round-robin").build();
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    int perThread = 900;
    for (int t = 0; t < 8; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          Decision d = router.route(Lead.builder("t" + thread + "-" + i).country("US").build());
          counts.computeIfAbsent(d.repId(), k -> new AtomicInteger()).incrementAndGet();
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    // 7,200 leads over total weight 9: 800 per unit of weight.
    for (int i = 0; i < 6; i++) {
      int expected = i < 3 ? 800 : 1600;
      assertThat(counts.get("rep-" + i).get()).as("rep-%s", i).isBetween(expected - 1, expected + 1);
    }
  }
}
