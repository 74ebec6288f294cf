package io.smartrouting.benchmarks;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.util.Random;
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
 * What fair-share pricing costs a decision: the weighted step with learned performance (the README's learning
 * weights, a model warm with 20,000 outcomes) with and without fairness bounds, route and release, on the generated
 * tenant of {@link RouteBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class FairLearningBenchmark {

  static final StrategyConfig LEARNING = StrategyConfig.of("weight.territory", "0.05", "weight.industry", "0.10",
      "weight.segment", "0.10", "weight.capacity", "0.30", "weight.response", "0.15", "weight.performance", "0.30");
  static final StrategyConfig FAIR = StrategyConfig.of("weight.territory", "0.05", "weight.industry", "0.10",
      "weight.segment", "0.10", "weight.capacity", "0.30", "weight.response", "0.15", "weight.performance", "0.30",
      "fairness.min", "0.5", "fairness.max", "1.5");

  @Param({"1000"})
  public int reps;

  Lead[] leads;
  Router learning;
  Router fair;
  int nextLearning;
  int nextFair;

  @Setup(Level.Trial)
  public void setUp() {
    BenchWorld world = BenchWorld.generate(17, reps, RouteBenchmark.LEADS);
    leads = world.leads.toArray(new Lead[0]);
    learning = router(world, LEARNING);
    fair = router(world, FAIR);
  }

  private static Router router(BenchWorld world, StrategyConfig weighted) {
    ConversionModel model = new ConversionModel();
    Random rnd = new Random(3);
    String[] industries = {"healthcare", "finance", "software", "retail", "manufacturing"};
    for (int i = 0; i < 20_000; i++) {
      String rep = world.reps.get(rnd.nextInt(world.reps.size())).id();
      model.record(rep, Segment.values()[rnd.nextInt(3)], industries[rnd.nextInt(industries.length)],
          rnd.nextDouble() < 0.25);
    }
    return Router.builder().roster(world.reps).accounts(world.accounts).idempotency(Duration.ofHours(1), 4096)
        .learning(model).step(ChainStep.of("weighted", weighted)).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    learning.close();
    fair.close();
  }

  @Benchmark
  public Decision weightedLearning() {
    Lead lead = leads[nextLearning];
    nextLearning = (nextLearning + 1) % leads.length;
    return RouteBenchmark.routeAndRelease(learning, lead);
  }

  @Benchmark
  public Decision weightedFairLearning() {
    Lead lead = leads[nextFair];
    nextFair = (nextFair + 1) % leads.length;
    return RouteBenchmark.routeAndRelease(fair, lead);
  }
}
