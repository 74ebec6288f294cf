package io.smartrouting.benchmarks;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.state.redis.RedisServer;
import io.smartrouting.state.redis.RedisStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * A rep's "next lead" click on the Redis store with a long queue (a pull-queue tenant): one rep's lead released, the
 * rep claims the lead at the head of the queue, and a new lead joins its tail, so the queue keeps {@link #queued}
 * leads. Every rep is full otherwise, so each new lead waits. What a claim costs as the queue grows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RedisClaimBenchmark {

  private static final int REPS = 4;

  /** Leads waiting in the queue while the benchmark runs. */
  @Param({"100", "2500"})
  public int queued;

  RedisServer server;
  RedisStateStore store;
  Router router;
  /** The lead each rep holds now, by rep number. */
  final String[] held = new String[REPS];
  long sequence;
  int turn;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = RedisServer.start("everysec");
    store = server.store("claims").timeout(Duration.ofSeconds(1)).build();
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < REPS; i++) {
      reps.add(Rep.builder("r" + i).territories("US").capacity(1).build());
    }
    router = Router.builder().roster(reps).stateStore(store).manualTimers().step("round-robin")
        .capacityThreshold(1.0).build();
    for (int i = 0; i < REPS; i++) {
      Decision d = router.route(next());
      held[Integer.parseInt(d.repId().substring(1))] = d.leadId();
    }
    for (int i = 0; i < queued; i++) {
      if (router.route(next()).queue() == null) {
        throw new IllegalStateException("every rep should be full");
      }
    }
  }

  private Lead next() {
    return Lead.builder("lead-" + sequence++).country("US").build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    router.close();
    store.close();
    server.close();
  }

  /** Release, claim the head of the queue, route a new lead to its tail. */
  @Benchmark
  public Decision releaseClaimAndRefill() {
    int r = turn++ % REPS;
    router.release(held[r]);
    Decision d = router.claimNext("r" + r).orElseThrow(() -> new IllegalStateException("nothing to claim"));
    held[r] = d.leadId();
    router.route(next());
    return d;
  }
}
