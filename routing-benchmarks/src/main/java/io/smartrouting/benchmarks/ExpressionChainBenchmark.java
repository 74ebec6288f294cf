package io.smartrouting.benchmarks;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
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
 * A chain with three expression conditions and a rep-targeting expression ({@link ExpressionChains#expressions()})
 * against the same chain with the conditions written in Java ({@link ExpressionChains#java()}), route and release, on
 * the generated tenant of {@link RouteBenchmark}. Both routers see the same leads in the same order.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class ExpressionChainBenchmark {

  @Param({"1000", "100000"})
  public int reps;

  Lead[] leads;
  Router expressions;
  Router java;
  int nextExpr;
  int nextJava;

  @Setup(Level.Trial)
  public void setUp() {
    BenchWorld world = BenchWorld.generate(17, reps, RouteBenchmark.LEADS);
    leads = world.leads.toArray(new Lead[0]);
    expressions = ExpressionChains.router(world, ExpressionChains.expressions());
    java = ExpressionChains.router(world, ExpressionChains.java());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    expressions.close();
    java.close();
  }

  @Benchmark
  public Decision expressionChain() {
    Lead lead = leads[nextExpr];
    nextExpr = (nextExpr + 1) % leads.length;
    return RouteBenchmark.routeAndRelease(expressions, lead);
  }

  @Benchmark
  public Decision javaChain() {
    Lead lead = leads[nextJava];
    nextJava = (nextJava + 1) % leads.length;
    return RouteBenchmark.routeAndRelease(java, lead);
  }
}
