package io.smartrouting.benchmarks;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.core.Router;
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
 * The manager fallback on a large roster: nobody is eligible for the lead (no rep speaks its language), so the lead
 * goes to the manager of a rep who covers its territory. The roster holds {@code reps} reps, 99% of them in another
 * country, listed first; the lead's country has 1% of them, with ten managers. Route and release.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class FallbackBenchmark {

  @Param({"1000", "100000"})
  public int reps;

  Router router;
  Lead[] leads;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    List<Rep> roster = new ArrayList<>(reps);
    int elsewhere = reps - reps / 100;
    for (int i = 0; i < elsewhere; i++) {
      roster.add(Rep.builder("de-" + i).territories("DE").languages("de").build());
    }
    for (int i = 0; i < 10; i++) {
      roster.add(Rep.builder("m-" + i).role(RepRole.MANAGER).territories("US").languages("en")
          .capacity(1_000_000).build());
    }
    for (int i = 0; roster.size() < reps; i++) {
      roster.add(Rep.builder("us-" + i).territories("US").languages("en").managerId("m-" + (i % 10)).build());
    }
    router = Router.builder().roster(roster).managerFallback(true).defaultChain().manualTimers().build();
    leads = new Lead[4096];
    for (int i = 0; i < leads.length; i++) {
      leads[i] = Lead.builder("lead-" + i).country("US").language("fr").build();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
  }

  @Benchmark
  public Decision managerFallback() {
    Decision d = router.route(leads[next++ & (leads.length - 1)]);
    router.release(d.leadId());
    return d;
  }
}
