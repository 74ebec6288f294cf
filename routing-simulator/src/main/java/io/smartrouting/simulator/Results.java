package io.smartrouting.simulator;

import io.smartrouting.api.Tier;
import io.smartrouting.core.experiment.Statistics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Every run of every strategy, and what they add up to: means, lift over round-robin with 95% intervals, regret. */
final class Results {

  /** A reported metric; {@code higherIsBetter} says which direction is lift. */
  enum Metric {
    CONVERSION("conversion rate", true, true, Simulation.Run::conversionRate),
    CONTACT("contact rate", true, true, Simulation.Run::contactRate),
    MEAN_MINUTES("mean minutes to first contact", false, false, Simulation.Run::meanMinutes),
    P90_MINUTES("p90 minutes to first contact", false, false, Simulation.Run::p90Minutes),
    SLA_TIER_1("within SLA, Tier 1 (5 min)", true, true, r -> r.withinSla(Tier.TIER_1)),
    SLA_TIER_2("within SLA, Tier 2 (60 min)", true, true, r -> r.withinSla(Tier.TIER_2)),
    SLA_TIER_3("within SLA, Tier 3 (240 min)", true, true, r -> r.withinSla(Tier.TIER_3)),
    LOAD_GINI("load Gini (leads per rep)", false, false, Simulation.Run::gini),
    MAX_LEADS("max leads per rep", false, false, r -> r.maxLeads()),
    MIN_LEADS("min leads per rep", true, false, r -> r.minLeads()),
    MIN_SHARE_OF_FAIR("least-served rep / fair share", true, true, r -> r.minShareOfFair);

    final String label;
    final boolean higherIsBetter;
    final boolean percent;
    final ToDoubleFunction<Simulation.Run> value;

    Metric(String label, boolean higherIsBetter, boolean percent, ToDoubleFunction<Simulation.Run> value) {
      this.label = label;
      this.higherIsBetter = higherIsBetter;
      this.percent = percent;
      this.value = value;
    }

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Relative difference of a strategy against round-robin: mean over replications and its 95% t-interval. */
  record Lift(double mean, double lower, double upper) {
    boolean excludesZero() {
      return lower > 0 || upper < 0;
    }
  }

  static final int REGRET_WINDOW = 1000;

  final World.Assumptions assumptions;
  final long seed;
  final int leads;
  final Map<Strategy, List<Simulation.Run>> runs = new EnumMap<>(Strategy.class);
  /** The runs of an experiment's variants ({@code simulate --config} with an {@code experiment:}), by label. */
  final Map<String, List<Simulation.Run>> variants = new LinkedHashMap<>();
  double seconds;

  Results(World.Assumptions assumptions, long seed, int leads) {
    this.assumptions = assumptions;
    this.seed = seed;
    this.leads = leads;
  }

  void add(Simulation.Run run) {
    if (run.label.equals(run.strategy.label)) {
      runs.computeIfAbsent(run.strategy, k -> new ArrayList<>()).add(run);
    } else {
      variants.computeIfAbsent(run.label, k -> new ArrayList<>()).add(run);
    }
  }

  /** Every column's label: the strategies', then the variants'. */
  List<String> labels() {
    List<String> out = new ArrayList<>();
    for (Strategy s : runs.keySet()) {
      out.add(s.label);
    }
    out.addAll(variants.keySet());
    return out;
  }

  /** The runs reported under {@code label}. */
  List<Simulation.Run> runsOf(String label) {
    for (Map.Entry<Strategy, List<Simulation.Run>> e : runs.entrySet()) {
      if (e.getKey().label.equals(label)) {
        return e.getValue();
      }
    }
    List<Simulation.Run> v = variants.get(label);
    if (v == null) {
      throw new IllegalArgumentException("no runs labelled '" + label + "'; labels: " + labels());
    }
    return v;
  }

  int replications() {
    return runs.get(Strategy.ROUND_ROBIN).size();
  }

  double mean(Strategy s, Metric m) {
    return mean(s.label, m);
  }

  double mean(String label, Metric m) {
    List<Simulation.Run> mine = runsOf(label);
    double sum = 0;
    for (Simulation.Run r : mine) {
      sum += m.value.applyAsDouble(r);
    }
    return sum / mine.size();
  }

  /** (strategy − round-robin) / round-robin per replication (same leads), then mean and t-interval. */
  Lift lift(Strategy s, Metric m) {
    return lift(s.label, m);
  }

  Lift lift(String label, Metric m) {
    List<Simulation.Run> base = runs.get(Strategy.ROUND_ROBIN);
    List<Simulation.Run> mine = runsOf(label);
    int n = base.size();
    double[] d = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double b = m.value.applyAsDouble(base.get(i));
      double v = m.value.applyAsDouble(mine.get(i));
      d[i] = b == 0 ? (v == 0 ? 0 : Double.NaN) : (v - b) / b;
      sum += d[i];
    }
    double mean = sum / n;
    if (n < 2) {
      return new Lift(mean, Double.NaN, Double.NaN);
    }
    double ss = 0;
    for (double x : d) {
      ss += (x - mean) * (x - mean);
    }
    double half = Statistics.studentT975(n - 1) * Math.sqrt(ss / (n - 1) / n);
    return new Lift(mean, mean - half, mean + half);
  }

  /**
   * Expected wins lost against the oracle per 1,000 leads, in consecutive windows of 1,000 leads, averaged over
   * replications: how far {@code s} is from knowing the truth, and whether that shrinks as it learns.
   */
  double[] regretPerWindow(Strategy s) {
    return regretPerWindow(s.label);
  }

  double[] regretPerWindow(String label) {
    int windows = leads / REGRET_WINDOW;
    double[] out = new double[windows];
    List<Simulation.Run> oracle = runs.get(Strategy.ORACLE);
    List<Simulation.Run> mine = runsOf(label);
    for (int w = 0; w < windows; w++) {
      double total = 0;
      for (int r = 0; r < mine.size(); r++) {
        for (int i = w * REGRET_WINDOW; i < (w + 1) * REGRET_WINDOW; i++) {
          total += oracle.get(r).expected[i] - mine.get(r).expected[i];
        }
      }
      out[w] = total / mine.size();
    }
    return out;
  }

  private static String format(Metric m, double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return m.percent ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String formatLift(Lift l) {
    if (Double.isNaN(l.mean())) {
      return "n/a (baseline is 0)";
    }
    return String.format(Locale.ROOT, "%+.1f%% [%+.1f, %+.1f]%s", 100 * l.mean(), 100 * l.lower(), 100 * l.upper(),
        l.excludesZero() ? " *" : "");
  }

  String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Smart routing simulation: world '%s', seed %d, %,d leads x %d replications "
        + "(%.1f s)%n%n", assumptions.name(), seed, leads, replications(), seconds));
    sb.append("Assumptions (the lift below holds for this world, not for yours; change them and rerun):\n");
    for (Map.Entry<String, Object> e : assumptions.describe().entrySet()) {
      sb.append(String.format(Locale.ROOT, "  %-28s %s%n", e.getKey(), e.getValue()));
    }
    sb.append("\nStrategies (all on the same leads and random draws):\n");
    List<String> labels = labels();
    // Columns as wide as the longest label (an experiment's 'config/industry-first' is wider than 14).
    int longest = labels.stream().mapToInt(String::length).max().orElse(0);
    int col = Math.max(14, longest + 2);
    int liftCol = Math.max(28, longest + 2);
    for (String l : labels) {
      sb.append(String.format(Locale.ROOT, "  %-" + Math.max(12, longest) + "s %s%n", l, runsOf(l).get(0).description));
    }
    sb.append(String.format(Locale.ROOT, "%n%-32s", "metric (mean of replications)"));
    for (String l : labels) {
      sb.append(String.format(Locale.ROOT, "%" + col + "s", l));
    }
    sb.append('\n');
    for (Metric m : Metric.values()) {
      sb.append(String.format(Locale.ROOT, "%-32s", m.label));
      for (String l : labels) {
        sb.append(String.format(Locale.ROOT, "%" + col + "s", format(m, mean(l, m))));
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%nRelative difference against round-robin, mean [95%% interval over %d "
        + "replications]; * = interval excludes zero%n", replications()));
    sb.append(String.format(Locale.ROOT, "%-32s", "metric"));
    List<String> others = new ArrayList<>(labels);
    others.remove(Strategy.ROUND_ROBIN.label);
    for (String l : others) {
      sb.append(String.format(Locale.ROOT, "%" + liftCol + "s", l));
    }
    sb.append('\n');
    for (Metric m : List.of(Metric.CONVERSION, Metric.CONTACT, Metric.MEAN_MINUTES, Metric.P90_MINUTES,
        Metric.LOAD_GINI)) {
      sb.append(String.format(Locale.ROOT, "%-32s", m.label + (m.higherIsBetter ? " (up)" : " (down)")));
      for (String l : others) {
        sb.append(String.format(Locale.ROOT, "%" + liftCol + "s", formatLift(lift(l, m))));
      }
      sb.append('\n');
    }
    for (String l : labels) {
      double lowest = Double.POSITIVE_INFINITY;
      for (Simulation.Run r : runsOf(l)) {
        if (!Double.isNaN(r.minShareOfFair)) {
          lowest = Math.min(lowest, r.minShareOfFair);
        }
      }
      if (!Double.isInfinite(lowest)) {
        sb.append(String.format(Locale.ROOT, "%n%s: every rep got at least %.0f%% of its fair share of the leads the "
            + "weighted step decided (lowest over replications)%n", l, 100 * lowest));
      }
    }
    if (runs.containsKey(Strategy.ORACLE)) {
      sb.append("\nRegret against the oracle: expected wins lost per 1,000 leads, by window of 1,000 leads\n");
      // The label column as wide as the longest label ('fair-learning' was wider than a fixed ten).
      int width = 1;
      for (String l : others) {
        width = Math.max(width, l.length());
      }
      for (String l : others) {
        if (l.equals(Strategy.ORACLE.label)) {
          continue;
        }
        sb.append(String.format(Locale.ROOT, "  %-" + width + "s", l));
        for (double v : regretPerWindow(l)) {
          sb.append(String.format(Locale.ROOT, "%6.1f", v));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("seed", seed);
    root.put("leads", leads);
    root.put("replications", replications());
    root.put("seconds", seconds);
    root.put("assumptions", assumptions.describe());
    Map<String, Object> strategies = new LinkedHashMap<>();
    for (String s : labels()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("description", runsOf(s).get(0).description);
      Map<String, Object> means = new LinkedHashMap<>();
      for (Metric m : Metric.values()) {
        means.put(m.key(), mean(s, m));
      }
      one.put("mean", means);
      if (!s.equals(Strategy.ROUND_ROBIN.label)) {
        Map<String, Object> lifts = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
          Lift l = lift(s, m);
          Map<String, Object> x = new LinkedHashMap<>();
          x.put("relativeDifference", l.mean());
          x.put("lower95", l.lower());
          x.put("upper95", l.upper());
          x.put("excludesZero", l.excludesZero());
          lifts.put(m.key(), x);
        }
        one.put("againstRoundRobin", lifts);
      }
      if (runs.containsKey(Strategy.ORACLE) && !s.equals(Strategy.ORACLE.label)) {
        one.put("regretPer1000ByWindow", regretPerWindow(s));
      }
      strategies.put(s, one);
    }
    root.put("strategies", strategies);
    return root;
  }
}
