package io.smartrouting.benchmarks;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
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
 * What a timer tick costs a tenant with a backlog nobody can take: {@code waiting} leads in its queue, and either no
 * rep available (after hours: {@code nobodyAvailable}) or reps with room who do not cover the leads' country
 * ({@code nobodyQualifies}). One operation is one tick ({@link Router#fireDueTimers()} after a second on the router's
 * clock): the refresh, the timers and the drain pass over every waiting lead, none of which moves. A vendor pays it
 * every second for every such tenant.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class DrainBenchmark {

  @Param({"1000", "100000"})
  public int reps;

  @Param({"500"})
  public int waiting;

  @Param({"nobodyAvailable", "nobodyQualifies"})
  public String backlog;

  Router router;
  ManualClock clock;

  @Setup(Level.Trial)
  public void setUp() {
    List<Rep> roster = new ArrayList<>(reps);
    for (int i = 0; i < reps; i++) {
      roster.add(Rep.builder("rep-" + i).territories(i % 2 == 0 ? "US" : "DE").industries("industry-" + i % 20)
          .capacity(30).build());
    }
    clock = new ManualClock(Instant.parse("2026-12-07T15:00:00Z"));
    router = Router.builder().roster(roster).clock(clock).defaultChain().manualTimers().build();
    boolean nobodyAvailable = backlog.equals("nobodyAvailable");
    if (nobodyAvailable) {
      for (Rep rep : roster) {
        router.setAvailable(rep.id(), false);
      }
    }
    for (int i = 0; i < waiting; i++) {
      router.route(Lead.builder("waiting-" + i).country(nobodyAvailable ? (i % 2 == 0 ? "US" : "DE") : "JP")
          .industry("industry-" + i % 20).build());
    }
    if (router.waitingLeads() != waiting) {
      throw new IllegalStateException(router.waitingLeads() + " leads wait, not " + waiting);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
  }

  @Benchmark
  public int tick() {
    clock.advance(Duration.ofSeconds(1));
    return router.fireDueTimers();
  }
}
