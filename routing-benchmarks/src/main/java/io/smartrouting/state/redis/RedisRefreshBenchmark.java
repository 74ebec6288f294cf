package io.smartrouting.state.redis;

import io.smartrouting.api.Tier;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one pass of a node's view refresh costs on the Redis store (every 100 ms per node by default), by roster size:
 * with nothing changed since the last pass, after one decision and its release on another node, and the full read of
 * every rep that each node makes on its first pass and once a minute as a repair. In this package because the
 * passes are the store's own (package-private) methods, run here by hand with the background refresher off.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RedisRefreshBenchmark {

  @Param({"1000", "100000"})
  public int reps;

  RedisServer server;
  /** The node whose view is refreshed, and another node that routes. */
  RedisStateStore view;
  RedisStateStore other;
  private int next;
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = RedisServer.start("everysec");
    Duration never = Duration.ofHours(1);
    view = server.store("refresh").timeout(Duration.ofSeconds(5)).refreshInterval(never).build();
    other = server.store("refresh").timeout(Duration.ofSeconds(5)).refreshInterval(never).build();
    for (int i = 0; i < reps; i++) {
      view.rep("r" + i);
      other.rep("r" + i);
      // Every rep with one open lead and a response time, so that every rep has something noted.
      other.placeAndReserve(new Placement("open-" + i, "r" + i, null, Tier.TIER_2, T0, null, false, null), null,
          10);
      other.rep("r" + i).recordResponseMinutes(5.0);
    }
    view.refresh();
    view.refreshFromNotes();
    io.smartrouting.benchmarks.RedisCpuProfiler.watch(server.port);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    io.smartrouting.benchmarks.RedisCpuProfiler.watch(0);
    view.close();
    other.close();
    server.close();
  }

  /** A pass when nothing changed: the common case of a quiet tenant, and the floor of every pass. */
  @Benchmark
  public long quietPass() {
    view.refreshFromNotes();
    return view.quietRefreshes.sum();
  }

  /** Another node routes one lead to a rep and releases it; then this node's pass reads that rep. */
  @Benchmark
  public long passAfterOneDecision() {
    String id = "d-" + next++;
    String rep = "r" + (next % reps);
    other.placeAndReserve(new Placement(id, rep, null, Tier.TIER_2, T0, null, false, null), null, 10);
    other.releasePlacement(id);
    view.refreshFromNotes();
    return view.changedRepsRead.sum();
  }

  /**
   * The full read of every rep (in scripts of 1,000 reps), made on a node's first pass and once a minute as a repair:
   * about what every pass cost before the change log, when a node read every rep's notes each time.
   */
  @Benchmark
  public int fullRead() {
    view.refresh();
    return reps;
  }
}
