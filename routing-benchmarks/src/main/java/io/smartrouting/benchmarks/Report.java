package io.smartrouting.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the routing benchmarks with {@code -prof gc}, writes JMH's JSON and prints one table (benchmark, reps,
 * threads, p50, p99, ops/s, bytes/op) and the ratios and targets of the benchmarks issue, all from this one run.
 *
 * <pre>
 * usage: Report [--quick | --full] [--json FILE] [--include REGEX]
 * </pre>
 * {@code --quick}: 1 fork, 2 x 1 s warm-up, 3 x 1 s measurement. {@code --full}: 3 forks, 3 x 1 s warm-up,
 * 5 x 1 s measurement.
 */
public final class Report {

  private Report() {}

  /** One measured row. */
  record Row(String benchmark, int reps, int threads, double p50, double p99, double mean, double bytesPerOp,
      double measuredOpsPerSecond) {
    /**
     * Decisions per second across all threads: JMH's Throughput-mode score where the benchmark also runs in that mode,
     * else derived from the SampleTime mean.
     */
    double opsPerSecond() {
      return !Double.isNaN(measuredOpsPerSecond) ? measuredOpsPerSecond : threads * 1_000_000.0 / mean;
    }
  }

  public static void main(String[] args) throws Exception {
    boolean full = false;
    String json = "target/jmh-result.json";
    String include =
        "io.smartrouting.benchmarks.(RouteBenchmark|RulesEngineBenchmark|NoiseFloorBenchmark|CrossCoreBenchmark|RedisRouteBenchmark)";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--full":
          full = true;
          break;
        case "--quick":
          full = false;
          break;
        case "--json":
          json = args[++i];
          break;
        case "--include":
          include = args[++i];
          break;
        default:
          System.err.println("usage: Report [--quick | --full] [--json FILE] [--include REGEX]");
          System.exit(2);
      }
    }
    Path out = Path.of(json).toAbsolutePath();
    Files.createDirectories(out.getParent());
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(include)
        .addProfiler(GCProfiler.class)
        .forks(full ? 3 : 1)
        // Five warmup seconds in the full run: on 2 cores the compiler needs that long to settle the routing path
        // (with three, the p99 at 1,000 reps still included calls from before the last recompilation).
        .warmupIterations(full ? 5 : 3)
        .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
        .measurementIterations(full ? 5 : 3)
        .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
        .resultFormat(ResultFormatType.JSON)
        .result(out.toString());
    Collection<RunResult> results = new Runner(options.build()).run();
    List<Row> rows = new ArrayList<>();
    java.util.Map<String, Double> throughput = new java.util.HashMap<>();
    for (RunResult r : results) {
      if (r.getParams().getMode() == org.openjdk.jmh.annotations.Mode.Throughput) {
        throughput.put(label(r) + "@" + r.getParams().getParam("reps"), r.getPrimaryResult().getScore() * toPerSecond(r));
      }
    }
    List<Double> roundTripNanos = new ArrayList<>();
    List<Double> twoThreadOps = new ArrayList<>();
    List<Double> oneThreadOps = new ArrayList<>();
    for (RunResult r : results) {
      String label = label(r);
      boolean at1000 = "1000".equals(r.getParams().getParam("reps"));
      if (label.equals("crossCoreRoundTrip")) {
        iterationScores(r, 1.0, roundTripNanos);
      } else if (at1000 && r.getParams().getMode() == org.openjdk.jmh.annotations.Mode.Throughput
          && (label.equals("defaultChain") || label.equals("defaultChainTwoThreads"))) {
        iterationScores(r, toPerSecond(r), label.equals("defaultChain") ? oneThreadOps : twoThreadOps);
      }
    }
    for (RunResult r : results) {
      if (r.getParams().getMode() == org.openjdk.jmh.annotations.Mode.Throughput
          || label(r).equals("crossCoreRoundTrip")) {
        continue;
      }
      Statistics st = r.getPrimaryResult().getStatistics();
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      String label = label(r);
      rows.add(new Row(label, Integer.parseInt(r.getParams().getParam("reps")),
          r.getParams().getThreads(), st.getPercentile(50), st.getPercentile(99), st.getMean(),
          alloc == null ? Double.NaN : alloc.getScore(),
          throughput.getOrDefault(label + "@" + r.getParams().getParam("reps"), Double.NaN)));
    }
    print(System.out, rows, full ? "full (3 forks)" : "quick (1 fork)", out);
    printMachine(System.out, roundTripNanos, oneThreadOps, twoThreadOps);
  }

  /** The benchmark method (or group) name of {@code r}, without its class. */
  private static String label(RunResult r) {
    String name = r.getParams().getBenchmark();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** The factor that turns a Throughput score of {@code r} (ops per second, millisecond or microsecond) into ops/s. */
  private static double toPerSecond(RunResult r) {
    String unit = r.getPrimaryResult().getScoreUnit();
    return unit.endsWith("/us") ? 1e6 : unit.endsWith("/ms") ? 1e3 : 1.0;
  }

  /** Adds each measured iteration's score of {@code r}, times {@code scale}, to {@code into}, fork after fork. */
  private static void iterationScores(RunResult r, double scale, List<Double> into) {
    for (org.openjdk.jmh.results.BenchmarkResult fork : r.getBenchmarkResults()) {
      for (org.openjdk.jmh.results.IterationResult it : fork.getIterationResults()) {
        into.add(it.getPrimaryResult().getScore() * scale);
      }
    }
  }

  /**
   * The machine's side of the two-thread figure: the cross-core round trip per iteration (it changes during a run on
   * a shared VM), and the one- and two-thread throughput per iteration at 1,000 reps.
   */
  static void printMachine(PrintStream o, List<Double> roundTripNanos, List<Double> oneThreadOps,
      List<Double> twoThreadOps) {
    if (roundTripNanos.isEmpty() && twoThreadOps.isEmpty()) {
      return;
    }
    o.println();
    o.println("Machine during this run (per measured iteration):");
    if (!roundTripNanos.isEmpty()) {
      long far = roundTripNanos.stream().filter(v -> v > FAR_ROUND_TRIP_NANOS).count();
      o.printf(Locale.ROOT, "  cross-core round trip (crossCoreRoundTrip), ns   %s; %d of %d iterations above %.0f ns%n",
          spread(roundTripNanos, "%.0f"), far, roundTripNanos.size(), FAR_ROUND_TRIP_NANOS);
    }
    if (!oneThreadOps.isEmpty()) {
      o.printf(Locale.ROOT, "  defaultChain at 1,000 reps, 1 thread, ops/s      %s%n", spread(oneThreadOps, "%,.0f"));
    }
    if (!twoThreadOps.isEmpty()) {
      o.printf(Locale.ROOT, "  defaultChain at 1,000 reps, 2 threads, ops/s     %s%n", spread(twoThreadOps, "%,.0f"));
    }
  }

  /** Round trips above this mean the two vCPUs were far apart on the host during that iteration. */
  static final double FAR_ROUND_TRIP_NANOS = 200;

  private static String spread(List<Double> values, String format) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return String.format(Locale.ROOT, "min " + format + ", median " + format + ", max " + format, sorted.get(0),
        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
  }

  static void print(PrintStream o, List<Row> rows, String kind, Path json) {
    rows.sort(Comparator.comparing(Row::benchmark).thenComparingInt(Row::reps));
    o.println();
    o.println("Run: " + kind + ", JMH JSON in " + json);
    o.println("| benchmark | reps | threads | p50 (us) | p99 (us) | ops/s | bytes/op |");
    o.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Row r : rows) {
      o.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %,.0f | %.0f |%n", r.benchmark(), r.reps(), r.threads(),
          r.p50(), r.p99(), r.opsPerSecond(), r.bytesPerOp());
    }
    o.println();
    o.println("Targets (from this run):");
    target(o, "defaultChain p99 at 1,000 reps <= 1.5 us", find(rows, "defaultChain", 1000), Row::p99, 1.5, true);
    target(o, "defaultChain mean at 1,000 reps <= 0.5 us", find(rows, "defaultChain", 1000), Row::mean, 0.5, true);
    target(o, "defaultChain p99 at 100,000 reps <= 10 us", find(rows, "defaultChain", 100_000), Row::p99, 10,
        true);
    ratio(o, "streamMaxBaseline / defaultChain mean at 10,000 reps >= 5x", find(rows, "streamMaxBaseline", 10_000),
        find(rows, "defaultChain", 10_000), 5);
    ratio(o, "streamMaxBaseline / defaultChain mean at 100,000 reps >= 20x",
        find(rows, "streamMaxBaseline", 100_000), find(rows, "defaultChain", 100_000), 20);
    ratio(o, "droolsArgmax / defaultChain mean at 1,000 reps >= 5x", find(rows, "droolsArgmax", 1000),
        find(rows, "defaultChain", 1000), 5);
    target(o, "defaultChain allocation at 1,000 reps <= 256 B/op", find(rows, "defaultChain", 1000),
        Row::bytesPerOp, 256, true);
    target(o, "defaultChain allocation at 100,000 reps <= 256 B/op", find(rows, "defaultChain", 100_000),
        Row::bytesPerOp, 256, true);
    o.println("Weaker peers, for comparison with earlier runs:");
    ratio(o, "sortAllCandidates / defaultChain mean at 10,000 reps", find(rows, "sortAllCandidates", 10_000),
        find(rows, "defaultChain", 10_000), 0);
    ratio(o, "droolsCollectAll / defaultChain mean at 1,000 reps", find(rows, "droolsCollectAll", 1000),
        find(rows, "defaultChain", 1000), 0);
    Row one = find(rows, "defaultChain", 1000);
    Row two = find(rows, "defaultChainTwoThreads", 1000);
    if (one != null && two != null) {
      double scale = two.opsPerSecond() / one.opsPerSecond();
      o.printf(Locale.ROOT, "  %-62s %6.2fx  %s%n", "2-thread / 1-thread throughput at 1,000 reps >= 1.5x", scale,
          scale >= 1.5 ? "MET" : "MISSED");
      o.printf(Locale.ROOT, "  %-62s %6.2fx  (SampleTime means, which also count OS preemption of sampled calls)%n",
          "  the same from SampleTime", (2 * one.mean()) / two.mean());
    }
  }

  private static Row find(List<Row> rows, String benchmark, int reps) {
    for (Row r : rows) {
      if (r.benchmark().equals(benchmark) && r.reps() == reps) {
        return r;
      }
    }
    return null;
  }

  private static void target(PrintStream o, String what, Row row, java.util.function.ToDoubleFunction<Row> value,
      double limit, boolean atMost) {
    if (row == null) {
      o.printf(Locale.ROOT, "  %-62s not measured in this run%n", what);
      return;
    }
    double v = value.applyAsDouble(row);
    boolean met = atMost ? v <= limit : v >= limit;
    o.printf(Locale.ROOT, "  %-62s %8.2f  %s%n", what, v, met ? "MET" : "MISSED");
  }

  private static void ratio(PrintStream o, String what, Row slow, Row fast, double atLeast) {
    if (slow == null || fast == null) {
      o.printf(Locale.ROOT, "  %-62s not measured in this run%n", what);
      return;
    }
    double r = slow.mean() / fast.mean();
    o.printf(Locale.ROOT, "  %-62s %6.1fx  %s%n", what, r, atLeast <= 0 ? "" : r >= atLeast ? "MET" : "MISSED");
  }
}
