package io.smartrouting.simulator;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ClassificationPolicy;
import io.smartrouting.core.Router;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.learning.LearningPolicy;
import io.smartrouting.spi.StrategyConfig;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Replays a team's own closed deals through the SDK's chains: the export is split in time, the learning model is
 * warm-started on the earlier part, and every later deal is routed afresh by each chain. A chain is scored by the
 * win rate that the rep it picked had, in that later period, in the deal's industry (its own rate there, or its
 * overall rate when it closed no deal of that industry then, or the team's): the expected win rate if the chain had
 * routed those leads. Lift over round-robin comes with a bootstrap interval over the deals, and each rep's share of
 * the leads against an equal share shows who a chain starves.
 */
final class Replay {

  /** One closed deal of the export. */
  record Deal(LocalDate date, String rep, boolean won, @Nullable String industry, Segment segment,
      @Nullable String country) {}

  /** One chain's result. */
  record ChainResult(String chain, String description, double expectedWinRate, double lift, double liftLow,
      double liftHigh, Map<String, Integer> leadsPerRep, double minShareOfFair, List<String> starved) {}

  /** The whole replay. */
  record Report(int trainDeals, int testDeals, LocalDate splitDate, int openDays, List<ChainResult> chains) {

    /** A plain-text report. */
    String toText() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "Replay: warm start on %,d deals before %s, %,d later deals routed afresh"
          + " by each chain (each lead holds its rep's capacity for %d days)%n", trainDeals, splitDate, testDeals,
          openDays));
      sb.append("Expected win rate = the later-period win rate of the rep a chain picked, in the deal's industry;"
          + " lift against round-robin with a 95% bootstrap interval (* = excludes zero)\n");
      sb.append(String.format(Locale.ROOT, "%-14s %10s %28s %16s  %s%n", "chain", "win rate", "lift vs round-robin",
          "least-served rep", "reps below 50% of an equal share"));
      for (ChainResult c : chains) {
        boolean baseline = c.chain().equals("round-robin");
        String lift = baseline ? "-" : String.format(Locale.ROOT, "%+.1f%% [%+.1f, %+.1f]%s", 100 * c.lift(),
            100 * c.liftLow(), 100 * c.liftHigh(), c.liftLow() > 0 || c.liftHigh() < 0 ? " *" : "");
        sb.append(String.format(Locale.ROOT, "%-14s %9.2f%% %28s %15.0f%%  %s%n", c.chain(), 100 * c.expectedWinRate(),
            lift, 100 * c.minShareOfFair(), c.starved().isEmpty() ? "none" : c.starved()));
      }
      sb.append("Chains:\n");
      for (ChainResult c : chains) {
        sb.append("  ").append(c.chain()).append(": ").append(c.description()).append('\n');
      }
      return sb.toString();
    }
  }

  private Replay() {}

  /** The columns of a closed-deals export. */
  private static final java.util.Set<String> COLUMNS = java.util.Set.of("date", "rep", "outcome", "industry",
      "country", "segment", "employees", "arr");

  /**
   * Header names CRM reports use for those columns ({@code CsvTable#headerKey} form): a Salesforce opportunities
   * report or a HubSpot deals export reads as it is.
   */
  private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("close date", "date"),
      Map.entry("closed date", "date"), Map.entry("date closed", "date"), Map.entry("opportunity owner", "rep"),
      Map.entry("deal owner", "rep"), Map.entry("owner", "rep"), Map.entry("owner name", "rep"),
      Map.entry("rep id", "rep"), Map.entry("stage", "outcome"), Map.entry("deal stage", "outcome"),
      Map.entry("result", "outcome"), Map.entry("sector", "industry"), Map.entry("billing country", "country"),
      Map.entry("account country", "country"), Map.entry("no of employees", "employees"),
      Map.entry("number of employees", "employees"), Map.entry("employee count", "employees"));

  /**
   * Reads a closed-deals export: a header row, then one deal a row. Columns by name, any order, case-insensitive:
   * {@code date} (ISO, e.g. 2026-03-31, or as CRMs write it: 3/31/2026, 31.03.2026, Mar 31, 2026; see
   * {@link DealDates}; a time after it is ignored), {@code rep}, {@code outcome} (WON or LOST, or a
   * CRM's stage {@code Closed Won}, {@code Closed Lost}), {@code industry} (or {@code sector}), {@code country}, and
   * the segment as {@code segment} or derived from {@code employees} and {@code arr} by {@code policy} (the routing
   * rule). A CRM report's own header names are read as those columns ({@code Close Date}, {@code Opportunity Owner},
   * {@code Stage}, {@code Billing Country}); its other columns are left out; quoted fields may hold commas and line
   * breaks (a column misspelt like one of these, {@code Outcme}, is still an error).
   *
   * @throws IllegalArgumentException naming the line and the column of the first bad value
   */
  static List<Deal> readHistory(Reader csv, String source, ClassificationPolicy policy) throws IOException {
    return readHistory(csv, source, policy, DealDates.Order.AUTO);
  }

  /** {@link #readHistory(Reader, String, ClassificationPolicy)} with numeric dates read in {@code order}. */
  static List<Deal> readHistory(Reader csv, String source, ClassificationPolicy policy, DealDates.Order order)
      throws IOException {
    io.smartrouting.config.internal.CsvTable.Table table =
        io.smartrouting.config.internal.CsvTable.read(source, csv, COLUMNS, ALIASES, true);
    for (String required : List.of("date", "rep", "outcome")) {
      if (!table.has(required)) {
        throw new IllegalArgumentException(source + " line 1: missing column '" + required + "' (columns read: "
            + table.columns() + (table.ignored().isEmpty() ? "" : ", left out: " + table.ignored()) + ")");
      }
    }
    List<String> dateTexts = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (io.smartrouting.config.internal.CsvTable.Row row : table.rows()) {
      dateTexts.add(row.get("date"));
      lines.add(row.line());
    }
    DealDates dates = DealDates.of(dateTexts, lines, source, order);
    List<Deal> deals = new ArrayList<>();
    for (io.smartrouting.config.internal.CsvTable.Row row : table.rows()) {
      String where = source + " line " + row.line();
      LocalDate date = dates.parse(row.get("date"), where);
      String rep = row.get("rep");
      if (rep.isEmpty()) {
        throw new IllegalArgumentException(where + ", column 'rep': empty");
      }
      Boolean won = outcome(row.get("outcome"));
      if (won == null) {
        throw new IllegalArgumentException(where + ", column 'outcome': must be WON or LOST (or Closed Won, Closed"
            + " Lost) but was '" + row.get("outcome") + "'; export closed deals only");
      }
      String industry = row.get("industry");
      String country = row.get("country");
      Segment segment;
      String seg = row.get("segment");
      if (!seg.isEmpty()) {
        try {
          segment = Segment.valueOf(seg.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ", column 'segment': must be ENTERPRISE, MID_MARKET or SMB but"
              + " was '" + seg + "'", e);
        }
      } else {
        OptionalLong employees = number(row, "employees", where);
        segment = policy.segmentOf(employees.isEmpty() ? OptionalInt.empty()
            : OptionalInt.of((int) Math.min(Integer.MAX_VALUE, employees.getAsLong())), number(row, "arr", where));
      }
      deals.add(new Deal(date, rep, won, industry.isEmpty() ? null : industry, segment,
          country.isEmpty() ? null : country));
    }
    return deals;
  }

  /** WON and {@code Closed Won} (any case, spaces or none) true, LOST and {@code Closed Lost} false; else null. */
  private static @Nullable Boolean outcome(String value) {
    String v = value.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    if (v.equals("WON") || v.equals("CLOSEDWON")) {
      return true;
    }
    return v.equals("LOST") || v.equals("CLOSEDLOST") ? false : null;
  }

  private static OptionalLong number(io.smartrouting.config.internal.CsvTable.Row row, String name, String where) {
    String v = row.get(name);
    if (v.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ", column '" + name + "': not a whole number: '" + v + "'", e);
    }
  }

  /** The chains a replay compares, round-robin first. */
  private enum Chain {
    ROUND_ROBIN("round-robin", "round-robin among qualified reps"),
    WEIGHTED("weighted", "weighted scoring, default weights (territory, industry, segment, capacity, response)"),
    LEARNING("learning", "weighted with the simulator's learning weights (performance 0.30), warm-started"),
    PERFORMANCE("performance", "weighted on learned performance alone (weight 1.0), warm-started"),
    FAIR("fair", "performance alone with fair-share pricing: every rep between 50% and 150% of its share "
        + "(half-life 500 decisions), warm-started");

    final String label;
    final String description;

    Chain(String label, String description) {
      this.label = label;
      this.description = description;
    }

    Router build(List<Rep> roster, ConversionModel model) {
      Router.Builder b = Router.builder().roster(roster).manualTimers().idempotency(Duration.ofMinutes(1), 1024)
          .sla(Tier.TIER_1, null).sla(Tier.TIER_2, null);
      switch (this) {
        case ROUND_ROBIN -> b.step("round-robin");
        case WEIGHTED -> b.step("weighted");
        case LEARNING -> b.learning(model).step(ChainStep.of("weighted", Strategy.LEARNING_WEIGHTS));
        case PERFORMANCE -> b.learning(model).step(ChainStep.of("weighted", StrategyConfig.of("weight.territory",
            "0", "weight.industry", "0", "weight.segment", "0", "weight.capacity", "0", "weight.response", "0",
            "weight.performance", "1")));
        case FAIR -> b.learning(model).step(ChainStep.of("weighted", StrategyConfig.of("weight.territory",
            "0", "weight.industry", "0", "weight.segment", "0", "weight.capacity", "0", "weight.response", "0",
            "weight.performance", "1", "fairness.min", "0.5", "fairness.max", "1.5", "fairness.halfLife", "500")));
        default -> throw new AssertionError(this);
      }
      return b.build();
    }
  }

  /**
   * Replays {@code history} on {@code roster}.
   *
   * @param trainShare the earlier share of the deals, by date, to warm-start on (e.g. 0.7)
   * @param openDays how long a routed lead keeps its rep's capacity (days after the deal's date), so that load
   *     and capacity shape the replay as they shape real routing
   * @param seed the bootstrap's seed
   * @param resamples bootstrap resamples
   * @throws IllegalArgumentException if there is too little history on either side of the split, or a deal names a
   *     rep the roster lacks
   */
  static Report run(List<Deal> history, List<Rep> roster, double trainShare, int openDays, long seed,
      int resamples) {
    return run(history, roster, trainShare, openDays, seed, resamples, LearningPolicy.defaults());
  }

  /** As {@link #run(List, List, double, int, long, int)}, learning with {@code learning}. */
  static Report run(List<Deal> history, List<Rep> roster, double trainShare, int openDays, long seed,
      int resamples, LearningPolicy learning) {
    if (openDays < 0) {
      throw new IllegalArgumentException("open days must be >= 0 but was " + openDays);
    }
    if (!(trainShare > 0 && trainShare < 1)) {
      throw new IllegalArgumentException("train share must be between 0 and 1 (exclusive) but was " + trainShare);
    }
    Map<String, Rep> byId = new LinkedHashMap<>();
    roster.forEach(r -> byId.put(r.id(), r));
    for (Deal d : history) {
      if (!byId.containsKey(d.rep())) {
        throw new IllegalArgumentException("deal of " + d.date() + " names rep '" + d.rep() + "', who is not in the "
            + "roster");
      }
    }
    List<Deal> sorted = new ArrayList<>(history);
    sorted.sort(Comparator.comparing(Deal::date));
    int split = (int) Math.round(sorted.size() * trainShare);
    if (split < 10 || sorted.size() - split < 10) {
      throw new IllegalArgumentException("need at least 10 deals on each side of the split; have " + split
          + " before and " + (sorted.size() - split) + " after");
    }
    List<Deal> train = sorted.subList(0, split);
    List<Deal> test = sorted.subList(split, sorted.size());

    // What each rep achieved in the later period: the yardstick.
    Map<String, double[]> repIndustry = new HashMap<>();
    Map<String, double[]> repAll = new HashMap<>();
    double[] team = new double[2];
    for (Deal d : test) {
      add(repIndustry.computeIfAbsent(d.rep() + "|" + d.industry(), k -> new double[2]), d.won());
      add(repAll.computeIfAbsent(d.rep(), k -> new double[2]), d.won());
      add(team, d.won());
    }

    List<ChainResult> results = new ArrayList<>();
    double[] baseline = null;
    for (Chain chain : Chain.values()) {
      ConversionModel model = new ConversionModel(learning);
      for (Deal d : train) {
        model.record(d.rep(), d.segment(), d.industry(), d.won());
      }
      double[] expected = new double[test.size()];
      Map<String, Integer> perRep = new LinkedHashMap<>();
      roster.forEach(r -> perRep.put(r.id(), 0));
      java.util.ArrayDeque<Object[]> open = new java.util.ArrayDeque<>(); // {release date, lead id}, in date order
      try (Router router = chain.build(roster, model)) {
        for (int i = 0; i < test.size(); i++) {
          Deal d = test.get(i);
          while (!open.isEmpty() && !((LocalDate) open.peekFirst()[0]).isAfter(d.date())) {
            router.release((String) open.pollFirst()[1]);
          }
          Lead.Builder lead = Lead.builder("deal-" + i).industry(d.industry()).country(d.country());
          switch (d.segment()) {
            case ENTERPRISE -> lead.employees(5000);
            case MID_MARKET -> lead.employees(500);
            default -> lead.employees(20);
          }
          Decision decision = router.route(lead.build());
          String rep = decision.repId();
          if (rep != null) {
            perRep.merge(rep, 1, Integer::sum);
          }
          open.addLast(new Object[] {d.date().plusDays(openDays), decision.leadId()});
          expected[i] = rep == null ? 0 : rate(repIndustry.get(rep + "|" + d.industry()), repAll.get(rep), team);
        }
      }
      if (baseline == null) {
        baseline = expected;
      }
      double mean = mean(expected);
      double[] interval = bootstrapLift(expected, baseline, seed, resamples);
      double fair = (double) test.size() / roster.size();
      double minShare = Double.POSITIVE_INFINITY;
      List<String> starved = new ArrayList<>();
      for (Map.Entry<String, Integer> e : perRep.entrySet()) {
        double share = e.getValue() / fair;
        minShare = Math.min(minShare, share);
        if (share < 0.5) {
          starved.add(e.getKey());
        }
      }
      results.add(new ChainResult(chain.label, chain.description, mean, mean / mean(baseline) - 1, interval[0],
          interval[1], perRep, minShare, starved));
    }
    return new Report(train.size(), test.size(), test.get(0).date(), openDays, results);
  }

  private static void add(double[] counts, boolean won) {
    counts[0]++;
    if (won) {
      counts[1]++;
    }
  }

  /** The rep's later-period rate in the industry, else overall, else the team's. */
  private static double rate(double @Nullable [] inIndustry, double @Nullable [] overall, double[] team) {
    if (inIndustry != null && inIndustry[0] > 0) {
      return inIndustry[1] / inIndustry[0];
    }
    if (overall != null && overall[0] > 0) {
      return overall[1] / overall[0];
    }
    return team[0] == 0 ? 0 : team[1] / team[0];
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? 0 : s / v.length;
  }

  /** 2.5% and 97.5% of the lift over {@code resamples} paired resamples of the deals. */
  private static double[] bootstrapLift(double[] chain, double[] baseline, long seed, int resamples) {
    Random rnd = new Random(seed);
    double[] lifts = new double[resamples];
    int n = chain.length;
    for (int r = 0; r < resamples; r++) {
      double a = 0;
      double b = 0;
      for (int i = 0; i < n; i++) {
        int k = rnd.nextInt(n);
        a += chain[k];
        b += baseline[k];
      }
      lifts[r] = b == 0 ? 0 : a / b - 1;
    }
    java.util.Arrays.sort(lifts);
    return new double[] {lifts[(int) Math.floor(0.025 * (resamples - 1))],
        lifts[(int) Math.ceil(0.975 * (resamples - 1))]};
  }
}
