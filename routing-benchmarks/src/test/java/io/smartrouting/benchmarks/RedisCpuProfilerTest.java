package io.smartrouting.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.state.redis.RedisServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.Result;
import redis.clients.jedis.Jedis;

class RedisCpuProfilerTest {

  @AfterEach
  void stopWatching() {
    RedisCpuProfiler.watch(0);
  }

  @Test
  void chargesTheServersCpuTimeToTheIterationsOperations() throws Exception {
    try (RedisServer server = RedisServer.start(); Jedis jedis = new Jedis("127.0.0.1", server.port)) {
      RedisCpuProfiler.watch(server.port);
      RedisCpuProfiler profiler = new RedisCpuProfiler();
      profiler.beforeIteration(null, null);
      // About 30 ms of the server's CPU in one script.
      jedis.eval("local x = 0 for i = 1, 3000000 do x = x + i end return 1");
      List<Result> results = new ArrayList<>(profiler.afterIteration(null, null, iteration(1000)));
      assertThat(results).extracting(Result::getLabel).containsExactly("redis.cpu.norm", "redis.cpu.util");
      double perOp = results.get(0).getScore();
      // The script's CPU over 1,000 operations: some microseconds each, not nothing and not the whole second.
      assertThat(perOp).isGreaterThan(5.0).isLessThan(1000.0);
      assertThat(results.get(1).getScore()).isGreaterThan(0.0);
    }
  }

  @Test
  void readsTheLastIterationBeforeTheServerStops() throws Exception {
    RedisCpuProfiler profiler = new RedisCpuProfiler();
    try (RedisServer server = RedisServer.start(); Jedis jedis = new Jedis("127.0.0.1", server.port)) {
      RedisCpuProfiler.watch(server.port);
      profiler.beforeIteration(null, null);
      jedis.eval("local x = 0 for i = 1, 3000000 do x = x + i end return 1");
      // A trial's teardown stops the server before JMH ends the iteration.
      RedisCpuProfiler.watch(0);
    }
    assertThat(profiler.afterIteration(null, null, iteration(1000))).hasSize(2);
  }

  @Test
  void reportsNothingWithoutAServer() {
    RedisCpuProfiler profiler = new RedisCpuProfiler();
    profiler.beforeIteration(null, null);
    assertThat(profiler.afterIteration(null, null, iteration(1000))).isEmpty();
  }

  private static IterationResult iteration(long ops) {
    return new IterationResult(null, null, new IterationResultMetaData(ops, ops));
  }
}
