package io.smartrouting.benchmarks;

import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A control, not a feature: what round-robin's fairness rule costs in memory alone on a large roster. One turn of
 * the rule (every candidate earns its weighted share of credit, the one whose credit reaches a whole lead soonest
 * wins and pays one) over {@code candidates} reps of a roster of {@code reps}, the candidate sets of 40 lead kinds in
 * turn, laid out as the roster's order scatters them ({@code scattered}: at random ordinals) or with half of each set
 * side by side ({@code halfAdjacent}), as if the reps of a kind were kept together. The rule is the strategy's, without
 * the router around it: read {@code RouteBenchmark.roundRobinOnly} against it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class PoolMemoryBenchmark {

  /** The lead kinds whose candidate sets take turns (as a stream of leads of many countries would). */
  static final int KINDS = 40;

  @Param({"100000"})
  public int reps;

  /** About what a country's reps of one segment number in {@code BenchWorld} at 100,000 reps. */
  @Param({"1500"})
  public int candidates;

  @Param({"scattered", "halfAdjacent"})
  public String layout;

  double[] weight;
  double[] credit;
  int[][] sets;
  int next;

  @Setup
  public void setUp() {
    Random rnd = new Random(23);
    weight = new double[reps];
    credit = new double[reps];
    for (int o = 0; o < reps; o++) {
      weight[o] = 1 + rnd.nextInt(3);
    }
    sets = new int[KINDS][];
    for (int k = 0; k < KINDS; k++) {
      TreeSet<Integer> set = new TreeSet<>();
      if (layout.equals("halfAdjacent")) {
        int start = rnd.nextInt(reps - candidates);
        for (int i = 0; i < candidates / 2; i++) {
          set.add(start + i);
        }
      } else if (!layout.equals("scattered")) {
        throw new IllegalArgumentException("layout must be scattered or halfAdjacent but was " + layout);
      }
      while (set.size() < candidates) {
        set.add(rnd.nextInt(reps));
      }
      sets[k] = set.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  @Benchmark
  public int oneTurn() {
    int[] ordinals = sets[next];
    next = next + 1 == KINDS ? 0 : next + 1;
    double total = 0;
    for (int o : ordinals) {
      total += weight[o];
    }
    double perWeight = 1.0 / total;
    int winner = ordinals[0];
    double soonestLeft = Double.POSITIVE_INFINITY;
    double soonestShare = 1.0;
    for (int o : ordinals) {
      double share = weight[o] * perWeight;
      double value = credit[o] + share;
      credit[o] = value;
      double left = 1.0 - value;
      if (value >= -1e-12 && left * soonestShare < soonestLeft * share) {
        soonestLeft = left;
        soonestShare = share;
        winner = o;
      }
    }
    credit[winner] -= 1.0;
    return winner;
  }
}
