package io.smartrouting.strategies;

import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.ScoreBreakdown;
import io.smartrouting.spi.StrategyConfig;
import io.smartrouting.spi.StrategyResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The decision matrix: every candidate gets a composite score, the weighted sum of factor scores in [0, 1], and
 * the best composite wins (ties: the smaller rep id). The trace keeps the factors of the winner and the next two.
 *
 * <p>Factors and their formulas:
 * <ul>
 *   <li>{@code territory}: 1 for the account's people and for a region match ({@code US-CA}), 0.75 for a whole
 *       country match, 0.5 for a global ({@code *}) rep; missing when the lead has no country;</li>
 *   <li>{@code industry}: 1 for a specialist in the lead's industry, 0.5 for a generalist, 0 for a specialist in
 *       other industries; missing when the lead has no industry;</li>
 *   <li>{@code segment}: 1 for a rep who lists the lead's segment, 0.6 for one who works all segments;</li>
 *   <li>{@code capacity}: headroom, {@code 1 - open / capacity} (0 for capacity 0);</li>
 *   <li>{@code response}: {@code r / (r + m)} where m is the rep's live mean minutes to first contact and r the
 *       reference minutes (default 30): 1 for instant, 0.5 at the reference;</li>
 *   <li>{@code performance}: the rep's learned conversion rate for the lead's segment and industry
 *       ({@link RoutingContext#performance(int)}): the posterior mean, or on the router's exploration leads an
 *       optimistic bound (flagged {@link io.smartrouting.api.Flag#EXPLORATION}); missing when the router does not
 *       learn. Give it a weight to use it.</li>
 * </ul>
 * A missing factor counts as 0.5 (neutral) and shows as {@code n/a} in the trace.
 *
 * <p>Default weights: territory 0.30, industry 0.20, segment 0.25, capacity 0.15, response 0.10, performance 0.
 * Thread-safe and stateless.
 */
public final class WeightedStrategy implements RoutingStrategy {

  /** Factor names, in trace column order. */
  public static final List<String> FACTORS =
      List.of("territory", "industry", "segment", "capacity", "response", "performance");

  /** Default weights, in {@link #FACTORS} order. */
  static final double[] DEFAULT_WEIGHTS = {0.30, 0.20, 0.25, 0.15, 0.10, 0.0};

  private static final double NEUTRAL = 0.5;
  private static final int KEEP = 3;
  private static final String REASON = "highest composite score";
  private static final String EXPLORING =
      "highest composite score (exploration lead: performance is the optimistic bound)";

  private final double[] weights;
  private final double referenceMinutes;
  private volatile Profile profile;

  /**
   * What does not depend on the lead, laid out densely by ordinal for one roster version, so scoring a large
   * candidate set reads arrays instead of chasing every rep's objects.
   */
  private static final class Profile {
    final long version;
    final int size;
    /** Segment fit by segment ordinal, then rep ordinal. */
    final double[][] segmentFit;
    /** Rank of each rep's id in sorted order: the tie-break without comparing strings. */
    final int[] idRank;
    final int[] capacity;
    final boolean[] generalist;
    final java.util.concurrent.ConcurrentHashMap<String, boolean[]> specialists =
        new java.util.concurrent.ConcurrentHashMap<>();
    final Rep[] reps;

    Profile(RoutingContext ctx) {
      this.version = ctx.rosterVersion();
      this.size = ctx.rosterSize();
      this.reps = new Rep[size];
      this.segmentFit = new double[Segment.values().length][size];
      this.capacity = new int[size];
      this.generalist = new boolean[size];
      Integer[] order = new Integer[size];
      for (int o = 0; o < size; o++) {
        Rep r = ctx.rep(o);
        reps[o] = r;
        capacity[o] = r.capacity();
        generalist[o] = r.industries().isEmpty();
        for (Segment seg : Segment.values()) {
          segmentFit[seg.ordinal()][o] = r.segments().contains(seg) ? 1.0 : r.segments().isEmpty() ? 0.6 : 0.0;
        }
        order[o] = o;
      }
      java.util.Arrays.sort(order, (a, b) -> reps[a].id().compareTo(reps[b].id()));
      this.idRank = new int[size];
      for (int i = 0; i < size; i++) {
        idRank[order[i]] = i;
      }
    }

    boolean[] specialistsIn(String industry) {
      return specialists.computeIfAbsent(industry, k -> {
        boolean[] out = new boolean[size];
        for (int o = 0; o < size; o++) {
          out[o] = reps[o].industries().contains(k);
        }
        return out;
      });
    }
  }

  private Profile profile(RoutingContext ctx) {
    Profile p = profile;
    if (p == null || p.version != ctx.rosterVersion() || p.size != ctx.rosterSize()) {
      p = new Profile(ctx);
      profile = p;
    }
    return p;
  }

  /** A weighted strategy with the default weights. */
  public WeightedStrategy() {
    this(DEFAULT_WEIGHTS.clone(), 30);
  }

  private WeightedStrategy(double[] weights, double referenceMinutes) {
    this.weights = weights;
    this.referenceMinutes = referenceMinutes;
  }

  /**
   * Builds from config keys {@code weight.<factor>} (any factor not given keeps its default) and
   * {@code response.referenceMinutes}.
   *
   * @throws IllegalArgumentException if a weight is NaN, infinite or negative, or the weights do not sum to 1
   *     within 1e-9, naming every weight and the sum
   */
  public static WeightedStrategy fromConfig(StrategyConfig config) {
    java.util.HashSet<String> known = new java.util.HashSet<>();
    for (String f : FACTORS) {
      known.add("weight." + f);
    }
    known.add("response.referenceMinutes");
    config.requireOnlyKeys(Set.copyOf(known));
    double[] w = new double[FACTORS.size()];
    Map<String, Double> shown = new LinkedHashMap<>();
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      String key = "weight." + FACTORS.get(i);
      w[i] = config.getDouble(key, DEFAULT_WEIGHTS[i]);
      if (w[i] < 0) {
        throw new IllegalArgumentException("weight '" + FACTORS.get(i) + "' must be >= 0 but was " + w[i]);
      }
      shown.put(FACTORS.get(i), w[i]);
      sum += w[i];
    }
    if (Math.abs(sum - 1.0) > 1e-9) {
      throw new IllegalArgumentException("weights must sum to 1.0 but were " + shown + " (sum "
          + String.format(Locale.ROOT, "%.6f", sum) + ")");
    }
    double ref = config.getDouble("response.referenceMinutes", 30);
    if (ref <= 0) {
      throw new IllegalArgumentException("response.referenceMinutes must be > 0 but was " + ref);
    }
    return new WeightedStrategy(w, ref);
  }

  /** The weight of factor {@code name}. */
  public double weight(String name) {
    int i = FACTORS.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("unknown factor '" + name + "'; known: " + FACTORS);
    }
    return weights[i];
  }

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    CandidateSet candidates = ctx.candidates();
    if (candidates.isEmpty()) {
      return StrategyResult.pass("no candidates to score");
    }
    Profile p = profile(ctx);
    String industry = ctx.lead().industry();
    boolean[] specialist = industry == null ? null : p.specialistsIn(industry);
    int[] topOrdinal = {-1, -1, -1};
    double[] topComposite = new double[KEEP];
    double[][] topScores = new double[KEEP][FACTORS.size()];
    double[] scores = new double[FACTORS.size()];
    int kept = 0;
    for (int o = candidates.first(); o >= 0; o = candidates.next(o)) {
      double composite = score(ctx, p, specialist, o, scores);
      int pos = kept;
      while (pos > 0 && better(p, composite, o, topComposite[pos - 1], topOrdinal[pos - 1])) {
        pos--;
      }
      if (pos < KEEP) {
        int last = Math.min(kept, KEEP - 1);
        double[] recycled = topScores[last];
        for (int i = last; i > pos; i--) {
          topOrdinal[i] = topOrdinal[i - 1];
          topComposite[i] = topComposite[i - 1];
          topScores[i] = topScores[i - 1];
        }
        topOrdinal[pos] = o;
        topComposite[pos] = composite;
        System.arraycopy(scores, 0, recycled, 0, scores.length);
        topScores[pos] = recycled;
        if (kept < KEEP) {
          kept++;
        }
      }
    }
    int[] ords = kept == KEEP ? topOrdinal : java.util.Arrays.copyOf(topOrdinal, kept);
    double[] comps = kept == KEEP ? topComposite : java.util.Arrays.copyOf(topComposite, kept);
    double[][] rows = kept == KEEP ? topScores : java.util.Arrays.copyOf(topScores, kept);
    // The weights array is never changed after construction, so the breakdown may share it.
    StrategyResult result = StrategyResult.assign(ords[0], weights[5] > 0 && ctx.exploring() ? EXPLORING : REASON)
        .withScores(new ScoreBreakdown(FACTORS, weights, ords, comps, rows));
    return weights[5] > 0 && ctx.exploring() ? result.withFlag(io.smartrouting.api.Flag.EXPLORATION) : result;
  }

  private static boolean better(Profile p, double composite, int o, double otherComposite, int other) {
    if (composite != otherComposite) {
      return composite > otherComposite;
    }
    return p.idRank[o] < p.idRank[other];
  }

  /** Fills {@code out} with the factor scores of rep {@code o} (NaN where missing); returns the composite. */
  double score(RoutingContext ctx, int o, double[] out) {
    Profile p = profile(ctx);
    String industry = ctx.lead().industry();
    return score(ctx, p, industry == null ? null : p.specialistsIn(industry), o, out);
  }

  private double score(RoutingContext ctx, Profile p, boolean[] specialist, int o, double[] out) {
    switch (ctx.territoryMatch(o)) {
      case ACCOUNT:
      case REGION:
        out[0] = 1.0;
        break;
      case COUNTRY:
        out[0] = 0.75;
        break;
      case GLOBAL:
        out[0] = 0.5;
        break;
      case UNKNOWN:
        out[0] = Double.NaN;
        break;
      default:
        out[0] = 0.0;
    }
    if (specialist == null) {
      out[1] = Double.NaN;
    } else if (p.generalist[o]) {
      out[1] = 0.5;
    } else {
      out[1] = specialist[o] ? 1.0 : 0.0;
    }
    Segment segment = ctx.segment();
    out[2] = p.segmentFit[segment.ordinal()][o];
    int cap = p.capacity[o];
    out[3] = cap <= 0 ? 0.0 : Math.max(0.0, 1.0 - (double) ctx.openLeads(o) / cap);
    double minutes = ctx.responseMinutes(o);
    out[4] = referenceMinutes / (referenceMinutes + Math.max(0.0, minutes));
    out[5] = weights[5] == 0 ? Double.NaN : ctx.performance(o);
    double composite = 0;
    for (int i = 0; i < out.length; i++) {
      double v = out[i];
      composite += weights[i] * (Double.isNaN(v) ? NEUTRAL : v);
    }
    return composite;
  }
}
