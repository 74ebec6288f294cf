package io.smartrouting.benchmarks;

import io.smartrouting.api.Lead;
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
 * The same qualification and weighted scoring as Drools rules, two ways (a lean argmax and a collect-all), over the same generated tenant as
 * {@link RouteBenchmark}: reps inserted once, each lead inserted, fired and retracted. Up to 10,000 reps; at
 * 100,000 one lead takes long enough to dominate a run.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class RulesEngineBenchmark {

  @Param({"100", "1000", "10000"})
  public int reps;

  Lead[] leads;
  DroolsRouter drools;
  DroolsArgmaxRouter argmax;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    BenchWorld world = BenchWorld.generate(17, reps, RouteBenchmark.LEADS);
    leads = world.leads.toArray(new Lead[0]);
    drools = new DroolsRouter(world.reps, world.accounts);
    argmax = new DroolsArgmaxRouter(world.reps, world.accounts);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    drools.close();
    argmax.close();
  }

  /** Every qualified rep collected as a scored object, the best picked in Java (a weak Drools peer). */
  @Benchmark
  public String droolsCollectAll() {
    Lead lead = leads[next];
    next = (next + 1) % leads.length;
    return drools.route(lead);
  }

  /** The lean rule set: the lead inserted, fired, deleted; the argmax in a global, no object per candidate. */
  @Benchmark
  public String droolsArgmax() {
    Lead lead = leads[next];
    next = (next + 1) % leads.length;
    return argmax.route(lead);
  }
}
