package io.smartrouting.benchmarks;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A diagnostic, not a benchmark: which kinds of lead make {@link RouteBenchmark#defaultChain}'s slowest 1%. Every lead
 * of the benchmark's stream is routed and released in turn, over several passes, and keeps its fastest time (so the
 * machine's interruptions, which JMH's percentiles include, drop out and what is left is the lead's own work); the
 * leads are then grouped by tier, the step that decided them, and whether they have an industry and a region.
 * Timings read {@link System#nanoTime()} around each call, which adds some tens of nanoseconds to each: compare kinds
 * with one another, and quote latency from JMH.
 *
 * <p>{@code java -cp routing-benchmarks/target/benchmarks.jar io.smartrouting.benchmarks.TailByLeadKind [reps]
 * [passes]} (defaults 1,000 reps and 8 passes).
 */
public final class TailByLeadKind {

  private TailByLeadKind() {}

  public static void main(String[] args) {
    RouteBenchmark b = new RouteBenchmark();
    b.reps = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    b.setUp();
    Lead[] leads = b.leads;
    int n = leads.length;
    long[] fastest = new long[n];
    Arrays.fill(fastest, Long.MAX_VALUE);
    String[] kind = new String[n];
    for (int pass = 0; pass < passes; pass++) {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        Decision d = RouteBenchmark.routeAndRelease(b.defaultChain, leads[i]);
        long t = System.nanoTime() - t0;
        fastest[i] = Math.min(fastest[i], t);
        if (pass == passes - 1) {
          kind[i] = d.tier() + " " + d.decidedBy() + (d.repId() == null ? " (queued)" : "")
              + (leads[i].industry() == null ? ", no industry" : "") + (leads[i].region() == null ? ", no region" : "");
        }
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(fastest[x], fastest[y]));
    int tail = n - n / 100;
    System.out.printf(Locale.ROOT, "%,d reps, %,d leads, fastest of %d passes (ns): p50 %d, p90 %d, p99 %d, p99.9 %d%n",
        b.reps, n, passes, fastest[order[n / 2]], fastest[order[n * 9 / 10]], fastest[order[tail]],
        fastest[order[n - n / 1000]]);
    Map<String, long[]> byKind = new TreeMap<>();
    for (int r = 0; r < n; r++) {
      int i = order[r];
      long[] k = byKind.computeIfAbsent(kind[i], x -> new long[3]);
      k[0]++;
      k[1] += fastest[i];
      if (r >= tail) {
        k[2]++;
      }
    }
    System.out.printf(Locale.ROOT, "%-55s %7s %9s %14s%n", "kind", "leads", "mean ns", "in slowest 1%");
    byKind.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-55s %7d %9d %14d%n", k, v[0], v[1] / v[0], v[2]));
    b.defaultChain.close();
  }
}
