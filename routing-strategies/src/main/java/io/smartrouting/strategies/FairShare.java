package io.smartrouting.strategies;

import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps every rep's share of the leads near its weighted fair share while the weighted strategy maximises its score:
 * an online primal-dual rule. Each lead adds to every candidate's fair share its weight over the candidates' total
 * weight; the rep that gets the lead adds one to its actual count; both decay with a half-life counted in decisions
 * (a rolling window). A rep's shadow price is {@code price × (actual − fair) / max(fair, 1)}: it rises while the rep
 * runs ahead of its share and turns into a bonus while it runs behind; the pick is the best score minus price. Two
 * hard bounds hold the rest: a candidate below {@code min} times its share is picked first (the furthest behind),
 * and one that one more lead would take above {@code max} times its share (or above one lead, while that is more) is
 * passed over, unless every candidate is.
 *
 * <p>Deterministic for a given sequence of decisions; thread-safe (one lock per decision); a preview changes
 * nothing. The state follows reps by id across roster versions. Per decision O(candidates).
 */
final class FairShare {

  private final double min;
  private final double max;
  private final double price;
  /** Per-decision decay factor, {@code 2^(-1/halfLife)}. */
  private final double decay;

  /** Roster version the arrays are laid out for. */
  private long version = Long.MIN_VALUE;
  private int size = -1;
  private String[] ids = new String[0];
  /** Stored values; the true value is stored / unit (the scale trick: no decay pass over the roster). */
  private double[] fair = new double[0];
  private double[] actual = new double[0];
  private double unit = 1;
  /** Since creation, undecayed: what a report of each rep's share of its fair share reads. */
  private double[] totalFair = new double[0];
  private double[] totalActual = new double[0];
  /** Each rep's weight (0 if negative), by ordinal. */
  private double[] weight = new double[0];
  /** The candidates' total weight in the decision under way. */
  private double decisionTotal;

  FairShare(double min, double max, double halfLife, double price) {
    this.min = min;
    this.max = max;
    this.price = price;
    this.decay = Math.pow(2, -1 / halfLife);
  }

  /** The outcome of one decision's fairness step. */
  static final class Verdict {
    /** Price per ordinal of this decision's candidates (0 elsewhere); shared scratch, valid inside the lock. */
    double[] prices;
    /**
     * Per ordinal of this decision's candidates: its leads over its fair share as the decision judged them (before the
     * winner's lead counts), what the explanation says; shared scratch, valid inside the lock.
     */
    double[] standing;
    /** Forced ordinal (a rep below the minimum), or -1. */
    int forced = -1;
    /** Passed-over ordinals (above the maximum), as a mask in {@link #excluded}. */
    boolean[] excluded;
    boolean anyExcluded;
  }

  private final Verdict verdict = new Verdict();

  /** Runs {@code body} holding the lock, so that pricing, picking and recording are one step. */
  synchronized <T> T decide(RoutingContext ctx, java.util.function.Function<Verdict, T> body) {
    layout(ctx);
    CandidateSet c = ctx.candidates();
    double total = 0;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      total += weight[o];
    }
    decisionTotal = total;
    // A preview judges by the shares the decision would record, as the route that follows does (it records nothing:
    // see record). Until 6 December 2026 it judged by the shares before this decision, so a rep at its maximum could
    // be passed over in the preview and picked by the route.
    boolean counted = total > 0;
    double nextUnit = unit / decay;
    double scale = counted ? nextUnit : unit;
    double[] prices = verdict.prices;
    verdict.forced = -1;
    verdict.anyExcluded = false;
    double furthestBehind = Double.POSITIVE_INFINITY;
    int ahead = 0;
    int count = 0;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      count++;
      double share = counted ? (fair[o] + weight[o] / total * nextUnit) / scale : fair[o] / scale;
      double got = actual[o] / scale;
      prices[o] = price * (got - share) / Math.max(share, 1);
      double ratio = share <= 0 ? 1 : got / share;
      verdict.standing[o] = ratio;
      verdict.excluded[o] = false;
      if (got < min * share) {
        if (ratio < furthestBehind) {
          furthestBehind = ratio;
          verdict.forced = o;
        }
      } else if (got + 1 > Math.max(max * share, 1)) {
        // Above the maximum, or, while the maximum allows less than one lead, past the first lead: a rep whose share
        // is still small takes one lead and then waits for its share to grow (until 6 December 2026 a share under one
        // lead exempted a rep, and a rep the model liked could take several leads on a share of less than one).
        verdict.excluded[o] = true;
        ahead++;
      }
    }
    if (ahead > 0 && ahead < count) {
      verdict.anyExcluded = true;
    } else if (ahead > 0) {
      for (int o = c.first(); o >= 0; o = c.next(o)) {
        verdict.excluded[o] = false; // every candidate is ahead: none is passed over
      }
    }
    T out = body.apply(verdict);
    return out;
  }

  /**
   * Records the decision: every candidate's fair share, one lead for {@code winner}. Call inside {@link #decide}, on
   * the same candidates.
   */
  void record(RoutingContext ctx, int winner) {
    if (ctx.isPreview()) {
      return;
    }
    CandidateSet c = ctx.candidates();
    double total = decisionTotal;
    if (total <= 0) {
      return;
    }
    Recorded memo = recorded.get();
    memo.version = version;
    memo.winner = winner;
    memo.unitBefore = unit;
    unit /= decay;
    memo.unit = unit;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      double part = weight[o] / total;
      fair[o] += part * unit;
      totalFair[o] += part;
    }
    if (winner >= 0) {
      actual[winner] += unit;
      totalActual[winner]++;
    }
    if (unit > 1e150) {
      for (int o = 0; o < size; o++) {
        fair[o] /= unit;
        actual[o] /= unit;
      }
      unit = 1;
    }
  }

  /** What this thread's last {@link #record} added, so that {@link #undo} can take it back. */
  private static final class Recorded {
    long version = Long.MIN_VALUE;
    int winner = -1;
    double unitBefore;
    double unit;
  }

  private final ThreadLocal<Recorded> recorded = ThreadLocal.withInitial(Recorded::new);

  /**
   * Takes back this thread's last {@link #record} when its winner {@code winner} could not take the lead (the router
   * refused the pick): every candidate gives back its part of the fair share and the winner its lead, so the decision
   * the router then makes without the rep is the only one counted. {@code ctx} holds the refused pick's candidates.
   * When no other decision was recorded since, the window steps back too; otherwise it keeps the extra step (a hair of
   * decay). Nothing happens when the record is not the last of this thread, or the roster or the scale changed since.
   */
  synchronized void undo(RoutingContext ctx, int winner) {
    Recorded memo = recorded.get();
    if (ctx.isPreview() || memo.winner != winner || memo.version != version || ctx.rosterVersion() != version
        || ctx.rosterSize() != size || unit < memo.unit) {
      return;
    }
    memo.winner = -1;
    CandidateSet c = ctx.candidates();
    double total = 0;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      total += weight[o];
    }
    if (total <= 0) {
      return;
    }
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      double part = weight[o] / total;
      fair[o] -= part * memo.unit;
      totalFair[o] -= part;
    }
    actual[winner] -= memo.unit;
    totalActual[winner]--;
    if (unit == memo.unit) {
      unit = memo.unitBefore;
    }
  }

  /**
   * The reason text of a pick, naming the winner's share as the decision judged it and its price (plain concatenation:
   * this runs per decision). The same for a preview and the route that follows (until 6 December 2026 it read the
   * shares after recording, so a route said "furthest below its fair share (... at 200% of share" of the lead it had
   * just given, and its preview said 100%).
   */
  String explain(RoutingContext ctx, int winner, boolean forced) {
    long pct = Math.round(100 * verdict.standing[winner]);
    if (forced) {
      return "furthest below its fair share (" + ctx.rep(winner).id() + " at " + pct + "% of share, minimum "
          + Math.round(100 * min) + "%)";
    }
    return "highest composite score less fair-share price (" + ctx.rep(winner).id() + " at " + pct
        + "% of share: price " + thousandths(verdict.prices[winner]) + ")";
  }

  /** {@code v} with three decimals, without a formatter. */
  static String thousandths(double v) {
    long m = Math.round(Math.abs(v) * 1000);
    String digits = Long.toString(m % 1000);
    return (v < 0 && m != 0 ? "-" : "") + (m / 1000) + "." + "000".substring(digits.length()) + digits;
  }

  /** Lays the arrays out for the context's roster, carrying every rep's counts over by id. */
  private void layout(RoutingContext ctx) {
    if (ctx.rosterVersion() == version && ctx.rosterSize() == size) {
      return;
    }
    Map<String, Integer> old = new HashMap<>();
    for (int o = 0; o < ids.length; o++) {
      old.put(ids[o], o);
    }
    int n = ctx.rosterSize();
    String[] nextIds = new String[n];
    double[] nextFair = new double[n];
    double[] nextActual = new double[n];
    double[] nextTotalFair = new double[n];
    double[] nextTotalActual = new double[n];
    double[] nextWeight = new double[n];
    for (int o = 0; o < n; o++) {
      nextIds[o] = ctx.rep(o).id();
      nextWeight[o] = Math.max(0, ctx.rep(o).weight());
      Integer before = old.get(nextIds[o]);
      if (before != null) {
        nextFair[o] = fair[before];
        nextActual[o] = actual[before];
        nextTotalFair[o] = totalFair[before];
        nextTotalActual[o] = totalActual[before];
      }
    }
    ids = nextIds;
    fair = nextFair;
    actual = nextActual;
    totalFair = nextTotalFair;
    totalActual = nextTotalActual;
    weight = nextWeight;
    verdict.prices = new double[n];
    verdict.standing = new double[n];
    verdict.excluded = new boolean[n];
    version = ctx.rosterVersion();
    size = n;
  }

  /** Every rep of the current roster with its leads and fair share since creation. */
  synchronized java.util.List<WeightedStrategy.RepShare> totals() {
    java.util.List<WeightedStrategy.RepShare> out = new java.util.ArrayList<>(ids.length);
    for (int o = 0; o < ids.length; o++) {
      out.add(new WeightedStrategy.RepShare(ids[o], totalActual[o], totalFair[o]));
    }
    return out;
  }

  /** A rep's share of its fair share so far (actual / fair), for tests; 1 before any lead. */
  synchronized double shareOfFair(String repId) {
    for (int o = 0; o < ids.length; o++) {
      if (ids[o].equals(repId)) {
        return fair[o] <= 0 ? 1 : actual[o] / fair[o];
      }
    }
    return 1;
  }

  /** Actual and fair counts of a rep (true values), for tests. */
  synchronized double[] counts(String repId) {
    for (int o = 0; o < ids.length; o++) {
      if (ids[o].equals(repId)) {
        return new double[] {actual[o] / unit, fair[o] / unit};
      }
    }
    return new double[] {0, 0};
  }
}
