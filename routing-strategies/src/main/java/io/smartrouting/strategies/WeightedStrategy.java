package io.smartrouting.strategies;

import io.smartrouting.api.Lead;
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
import org.jspecify.annotations.Nullable;

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
 *
 * <p>With {@code fairness.min} and/or {@code fairness.max} the strategy also keeps every rep between those multiples
 * of its weighted fair share (a shadow price per rep, and hard bounds; see {@link #shares()}); it then keeps those
 * shares as state. Thread-safe; stateless without fairness bounds.
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
  /**
   * The most the capacity, response and performance factors can add (each scores at most 1), plus a margin for
   * rounding: fixed scores plus this bound every composite from above.
   */
  private final double liveMaximum;
  private volatile Profile profile;
  /** Fair-share pricing, or null when not configured. */
  private final @Nullable FairShare fairness;
  /** Candidate sets at least this large are scanned best-first (see {@link #bestFirst}); smaller ones in full. */
  private final int bestFirstMin;
  /** Rosters smaller than this are scanned in full whatever the candidates ({@code bestFirst: auto}); else 0. */
  private final int bestFirstMinRoster;
  /**
   * Added to the best-first bound, so that rounding never stops a scan early. Tests make it negative to show that the
   * agreement property notices a bound that is too tight.
   */
  double boundSlack = 1e-9;
  /**
   * A thread's scan buffers, shared by every weighted step the thread runs (a step uses them only within one call):
   * a thread routing for many tenants' routers keeps one set, grown to the largest candidate set it scanned.
   */
  private static final ThreadLocal<ScanScratch> SCAN = ThreadLocal.withInitial(ScanScratch::new);
  /** A thread's walk of this step's response order: made on its first best-first walk (a small roster never walks). */
  private final ThreadLocal<WalkScratch> walkScratch = ThreadLocal.withInitial(this::newWalkScratch);
  /**
   * The most changes read from the log at once ({@link ResponseOrder#CHANGE_BUFFER}; smaller in tests, to remake
   * often).
   */
  private final int changeBuffer;

  /** The default {@link #bestFirstMin}: below it a full scan is as fast. */
  static final int BEST_FIRST_MIN_CANDIDATES = 64;

  /**
   * From this many reps on, {@code bestFirst: auto} (the default) scans large candidate sets best-first. Measured on
   * the benchmark's tenant (README, Performance): at 10,000 reps the two scans are alike, at 30,000 and 100,000 the
   * walk takes a tenth to a fifth off the weighted step's mean and a third or more off its p99, and with a contact
   * recorded for every lead (response times converge, so the walk seldom stops early) the two stay within a few
   * percent of each other.
   */
  static final int AUTO_BEST_FIRST_ROSTER = 25_000;

  /**
   * True if a best-first walk is likely cheaper than scoring all {@code candidates}: the walk passes over about
   * {@code roster / candidates} reps for each candidate it scores (a few nanoseconds each, against some 50 for
   * scoring one), and stops after a dozen or so, so it pays from about the square root of the roster on.
   */
  private boolean bestFirstPays(int candidates, int roster) {
    return bestFirstMin == 0 || roster >= bestFirstMinRoster
        && candidates >= bestFirstMin && (long) candidates * candidates >= roster;
  }
  /** Candidates the walk scores before it gives up on a bound that looks loose (see {@link #bestFirst}). */
  static final int LOOSE_AFTER = 8;

  /**
   * What does not depend on the lead, laid out densely by ordinal for one roster version: one long per rep (id rank
   * for the tie-break, generalist bit, segment fit codes) and one bitset per industry, so that scoring a large
   * candidate set touches one word per candidate here plus bitsets that stay in cache.
   */
  private static final class Profile {
    final long version;
    final int size;
    /** Bits 0-31: rank of the rep's id in sorted order; bit 32: generalist; from bit 33, 2 bits per segment. */
    final long[] info;
    final java.util.concurrent.ConcurrentHashMap<String, long[]> specialists =
        new java.util.concurrent.ConcurrentHashMap<>();
    final Rep[] reps;
    /** Reps ordered by response time for the best-first scan (none until a large candidate set needs it). */
    final ResponseOrder.Holder order = new ResponseOrder.Holder();
    /**
     * How often the best-first walk has lately finished rather than given up (a moving average; updated without
     * locking, it only steers). When response times hardly differ between reps the walk cannot stop early, and trying
     * it first is pure overhead (and bringing a stale order up to date costs a pass over the roster): below one
     * half, only every 256th large decision tries.
     */
    volatile double walkSuccess = 1.0;
    int walkProbe;

    Profile(RoutingContext ctx) {
      this.version = ctx.rosterVersion();
      this.size = ctx.rosterSize();
      this.reps = new Rep[size];
      this.info = new long[size];
      Integer[] order = new Integer[size];
      for (int o = 0; o < size; o++) {
        Rep r = ctx.rep(o);
        reps[o] = r;
        long bits = r.industries().isEmpty() ? GENERALIST : 0L;
        for (Segment seg : Segment.values()) {
          long code = r.segments().contains(seg) ? FIT_LISTED : r.segments().isEmpty() ? FIT_ALL : FIT_NONE;
          bits |= code << (SEGMENT_SHIFT + 2 * seg.ordinal());
        }
        info[o] = bits;
        order[o] = o;
      }
      java.util.Arrays.sort(order, (a, b) -> reps[a].id().compareTo(reps[b].id()));
      for (int i = 0; i < size; i++) {
        info[order[i]] |= i;
      }
    }

    int idRank(int o) {
      return (int) info[o];
    }

    long[] specialistsIn(String industry) {
      // A plain read first: computeIfAbsent may lock the key's bin even when the key is present.
      long[] known = specialists.get(industry);
      if (known != null) {
        return known;
      }
      return specialists.computeIfAbsent(industry, k -> {
        long[] out = new long[(size + 63) >>> 6];
        for (int o = 0; o < size; o++) {
          if (reps[o].industries().contains(k)) {
            out[o >>> 6] |= 1L << o;
          }
        }
        return out;
      });
    }
  }

  /**
   * With fair-share bounds, takes back what the refused pick counted (the candidates' parts of the fair share, the
   * rep's lead), so that only the decision made without the rep counts; without them there is nothing to undo.
   */
  @Override
  public void assignmentRefused(RoutingContext ctx, int ordinal) {
    if (fairness != null) {
      fairness.undo(ctx, ordinal);
    }
  }

  /** Changes each thread sorts into its side list at a time ({@link ResponseOrder.Scratch}); fewer in tests. */
  int sideTail = ResponseOrder.Scratch.TAIL;

  private WalkScratch newWalkScratch() {
    return new WalkScratch(changeBuffer, sideTail);
  }

  /**
   * A thread's walk of one step's response order: the order's changed reps and marks ({@link ResponseOrder#upToDate};
   * about 18 KB, made only by a thread that walks), and the reps a walk marked.
   */
  private static final class WalkScratch {
    final ResponseOrder.Scratch order;
    /**
     * The changed reps a best-first walk scored and marked, to clear their marks after it: room for the whole tail,
     * which is scored first, and grown as the side list needs.
     */
    int[] markedList;

    WalkScratch(int changeBuffer, int sideTail) {
      order = new ResponseOrder.Scratch(changeBuffer, sideTail);
      markedList = new int[2 * Math.max(sideTail, ResponseOrder.Scratch.TAIL)];
    }
  }

  /** A thread's buffers of a scan, full or best-first ({@link #SCAN}). */
  private static final class ScanScratch {
    /** One candidate's factor scores while it is scored (copied into the kept rows): never kept itself. */
    final double[] scores = new double[FACTORS.size()];
    /**
     * The best three while a decision is scored, copied into its {@link ScoreBreakdown} at the end: the rows a scan
     * passes over are never allocated.
     */
    final int[] topOrdinal = new int[KEEP];
    final double[] topObjective = new double[KEEP];
    final double[] topComposite = new double[KEEP];
    final double[][] topScores = new double[KEEP][FACTORS.size()];

    /** The candidates of a full scan, taken from the set in one pass ({@link CandidateSet#copyTo}). */
    int[] ordinals = new int[0];
    /** A full scan's candidates' profile words, load ratios and response minutes, read before any is scored. */
    long[] info = new long[0];
    double[] load = new double[0];
    double[] minutes = new double[0];
  }

  private static final long GENERALIST = 1L << 32;
  private static final int SEGMENT_SHIFT = 33;
  private static final long FIT_NONE = 0;
  private static final long FIT_ALL = 1;
  private static final long FIT_LISTED = 2;
  /** Segment fit by code: works other segments only, works all segments, lists the lead's segment. */
  private static final double[] SEGMENT_FIT = {0.0, 0.6, 1.0};

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
    this(DEFAULT_WEIGHTS.clone(), 30, null);
  }

  private WeightedStrategy(double[] weights, double referenceMinutes, @Nullable FairShare fairness) {
    this(weights, referenceMinutes, fairness, BEST_FIRST_MIN_CANDIDATES, AUTO_BEST_FIRST_ROSTER,
        ResponseOrder.CHANGE_BUFFER);
  }

  private WeightedStrategy(double[] weights, double referenceMinutes, @Nullable FairShare fairness,
      int bestFirstMin, int bestFirstMinRoster, int changeBuffer) {
    this.bestFirstMin = bestFirstMin;
    this.bestFirstMinRoster = bestFirstMinRoster;
    this.changeBuffer = changeBuffer;
    this.weights = weights;
    this.referenceMinutes = referenceMinutes;
    this.liveMaximum = weights[3] + weights[4] + weights[5] + 1e-9;
    this.fairness = fairness;
  }

  /**
   * Builds from config keys {@code weight.<factor>} (any factor not given keeps its default),
   * {@code response.referenceMinutes}, the fair-share keys {@code fairness.min}, {@code fairness.max},
   * {@code fairness.halfLife}, {@code fairness.price}, and {@code bestFirst}: how large candidate sets are scanned,
   * always with the same result. {@code auto} (the default): best-first by response time on rosters of at least
   * {@value #AUTO_BEST_FIRST_ROSTER} reps, every candidate scored on smaller ones; {@code true}: best-first on any
   * roster; {@code false}: every candidate scored. The walk pays on large rosters whose reps' response times differ
   * and is about even when they converge (README, Performance). A weight is a share ({@code 0.3}) or a percentage
   * ({@code 30%}).
   *
   * @param config the step's configuration
   * @return the strategy
   * @throws IllegalArgumentException if a weight is NaN, infinite or negative, or the weights do not sum to 1
   *     within 1e-9, naming every weight and the sum; or if {@code bestFirst} is not auto, true or false
   */
  public static WeightedStrategy fromConfig(StrategyConfig config) {
    java.util.HashSet<String> known = new java.util.HashSet<>();
    for (String f : FACTORS) {
      known.add("weight." + f);
    }
    known.add("response.referenceMinutes");
    known.addAll(List.of("fairness.min", "fairness.max", "fairness.halfLife", "fairness.price", "bestFirst"));
    config.requireOnlyKeys(Set.copyOf(known));
    double[] w = new double[FACTORS.size()];
    Map<String, Double> shown = new LinkedHashMap<>();
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      String key = "weight." + FACTORS.get(i);
      w[i] = weightOf(config, key, DEFAULT_WEIGHTS[i]);
      if (w[i] < 0) {
        throw new IllegalArgumentException("weight '" + FACTORS.get(i) + "' must be >= 0 but was " + w[i]);
      }
      shown.put(FACTORS.get(i), w[i]);
      sum += w[i];
    }
    if (Math.abs(sum - 1.0) > 1e-9) {
      StringBuilder msg = new StringBuilder("weights must sum to 1.0 but were ").append(shown).append(" (sum ")
          .append(String.format(Locale.ROOT, "%.6f", sum)).append(')');
      double given = 0;
      Map<String, Double> defaulted = new LinkedHashMap<>();
      for (int i = 0; i < w.length; i++) {
        if (config.get("weight." + FACTORS.get(i)) != null) {
          given += w[i];
        } else if (w[i] > 0) {
          defaulted.put(FACTORS.get(i), w[i]);
        }
      }
      if (Math.abs(given - 100.0) <= 1e-6) {
        // How revenue operations say them, "territory 30%", written without the sign.
        msg.append("; written as percentages? Write each as a share (0.30) or with its sign (30%)");
      }
      if (!defaulted.isEmpty()) {
        // The usual slip: the weights written sum to 1 and the factors left out keep their defaults.
        msg.append("; the factors not given keep their default weights ").append(defaulted)
            .append(Math.abs(given - 1.0) <= 1e-9 ? ", and the weights given already sum to 1.0" : "")
            .append(": give them 0 to leave them out");
      }
      throw new IllegalArgumentException(msg.toString());
    }
    double ref = config.getDouble("response.referenceMinutes", 30);
    if (ref <= 0) {
      throw new IllegalArgumentException("response.referenceMinutes must be > 0 but was " + ref);
    }
    Boolean bestFirst = ResponseOrder.bestFirst(config.get("bestFirst"));
    if (bestFirst == null) {
      return new WeightedStrategy(w, ref, fairness(config));
    }
    return new WeightedStrategy(w, ref, fairness(config), bestFirst ? BEST_FIRST_MIN_CANDIDATES : Integer.MAX_VALUE,
        0, ResponseOrder.CHANGE_BUFFER);
  }

  /**
   * Weight {@code key} of {@code config}: a share ({@code 0.3}) or a percentage ({@code 30%}, as revenue operations
   * write weights), or {@code defaultValue} when not given.
   */
  private static double weightOf(StrategyConfig config, String key, double defaultValue) {
    String v = config.get(key);
    if (v == null || !v.strip().endsWith("%")) {
      return config.getDouble(key, defaultValue);
    }
    String number = v.strip().substring(0, v.strip().length() - 1).strip();
    try {
      double d = Double.parseDouble(number);
      if (Double.isFinite(d)) {
        return d / 100;
      }
    } catch (NumberFormatException notANumber) {
      // told below
    }
    throw new IllegalArgumentException("config '" + key + "' must be a number (0.3) or a percentage (30%) but was '"
        + v + "'");
  }

  /**
   * Fair-share bounds from {@code fairness.min} (0 to 1, e.g. 0.5) and {@code fairness.max} (at least 1, e.g. 1.5),
   * with {@code fairness.halfLife} (decisions, default 1,000) and {@code fairness.price} (the price of running a whole
   * fair share ahead, in composite points; default 0.05); null when neither bound is set.
   */
  private static @Nullable FairShare fairness(StrategyConfig config) {
    double min = config.getDouble("fairness.min", 0);
    double max = config.getDouble("fairness.max", Double.POSITIVE_INFINITY);
    double halfLife = config.getDouble("fairness.halfLife", 1000);
    double price = config.getDouble("fairness.price", 0.05);
    if (!(min >= 0 && min <= 1)) {
      throw new IllegalArgumentException("fairness.min must be from 0 to 1 but was " + min);
    }
    if (!(max >= 1)) {
      throw new IllegalArgumentException("fairness.max must be at least 1 but was " + max);
    }
    if (!(halfLife > 0) || Double.isInfinite(halfLife)) {
      throw new IllegalArgumentException("fairness.halfLife must be a positive number of decisions but was "
          + halfLife);
    }
    if (!(price >= 0) || Double.isInfinite(price)) {
      throw new IllegalArgumentException("fairness.price must be >= 0 but was " + price);
    }
    return min == 0 && Double.isInfinite(max) ? null : new FairShare(min, max, halfLife, price);
  }

  /**
   * This strategy with best-first scanning from {@code minCandidates} candidates on (0: always;
   * {@code Integer.MAX_VALUE}: never), for tests that compare the two scans.
   */
  WeightedStrategy withBestFirstFrom(int minCandidates) {
    return new WeightedStrategy(weights, referenceMinutes, fairness, minCandidates, 0, changeBuffer);
  }

  /** True if a roster of {@code roster} reps has its large candidate sets scanned best-first; for tests. */
  boolean bestFirstEnabled(int roster) {
    return bestFirstMin != Integer.MAX_VALUE && roster >= bestFirstMinRoster;
  }

  /** This strategy reading at most {@code changes} response changes at once, so tests reach the remake path. */
  WeightedStrategy withChangeBuffer(int changes) {
    return new WeightedStrategy(weights, referenceMinutes, fairness, bestFirstMin, bestFirstMinRoster, changes);
  }

  /** The fair-share pricing, or null (for tests). */
  @Nullable FairShare fairShare() {
    return fairness;
  }

  /**
   * A rep's leads from this step and its fair share of them: over every lead the step decided while the rep was a
   * candidate, its weight over the candidates' total weight.
   *
   * @param repId the rep
   * @param leads leads this step gave the rep
   * @param fairShare the rep's fair share of the leads it was a candidate for
   */
  public record RepShare(String repId, double leads, double fairShare) {
    /**
     * {@code leads / fairShare}; 1 when the fair share is still 0.
     *
     * @return the rep's leads over its fair share
     */
    public double ratio() {
      return fairShare <= 0 ? 1 : leads / fairShare;
    }
  }

  /**
   * Every rep's leads and fair share since this strategy was created (not decayed), when it was configured with
   * fairness bounds ({@code fairness.min}, {@code fairness.max}); empty otherwise. For reports and dashboards.
   *
   * @return one entry a rep, or an empty list
   */
  public List<RepShare> shares() {
    return fairness == null ? List.of() : fairness.totals();
  }

  /**
   * The weight of factor {@code name}.
   *
   * @throws IllegalArgumentException if {@code name} is no factor
   * @param name a factor: territory, industry, segment, capacity, response or performance
   * @return its weight
   */
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
    long[] specialist = industry == null ? null : p.specialistsIn(industry);
    int segmentShift = SEGMENT_SHIFT + 2 * ctx.segment().ordinal();
    if (fairness != null) {
      return fairness.decide(ctx, v -> applyFair(ctx, p, specialist, segmentShift, v));
    }
    ScanScratch sc = SCAN.get();
    int[] topOrdinal = sc.topOrdinal;
    java.util.Arrays.fill(topOrdinal, -1);
    double[] topComposite = sc.topComposite;
    double[][] topScores = sc.topScores;
    double[] scores = sc.scores;
    int kept = -1;
    if (bestFirstPays(candidates.size(), p.size) && weights[4] > 0 && ctx.responseChanges() >= 0
        && (p.walkSuccess >= 0.5 || (++p.walkProbe & 255) == 0)) {
      kept = bestFirst(ctx, p, specialist, segmentShift, topOrdinal, topComposite, topScores, scores);
      p.walkSuccess = 0.9 * p.walkSuccess + (kept >= 0 ? 0.1 : 0.0);
    }
    if (kept < 0) {
      kept = fullScan(ctx, p, specialist, segmentShift, sc);
    }
    StrategyResult result = StrategyResult.assign(topOrdinal[0],
        weights[5] > 0 && ctx.exploring() ? EXPLORING : REASON, breakdown(kept, topOrdinal, topComposite, topScores));
    return weights[5] > 0 && ctx.exploring() ? result.withFlag(io.smartrouting.api.Flag.EXPLORATION) : result;
  }

  /**
   * Every candidate considered in ordinal order; returns how many are kept. A method of its own, so the JIT compiles
   * this loop alike whether or not the best-first walk is ever taken.
   */
  private int fullScan(RoutingContext ctx, Profile p, long @Nullable [] specialist, int segmentShift,
      ScanScratch sc) {
    CandidateSet candidates = ctx.candidates();
    int[] topOrdinal = sc.topOrdinal;
    double[] topComposite = sc.topComposite;
    double[][] topScores = sc.topScores;
    double[] scores = sc.scores;
    int n = candidates.size();
    if (sc.ordinals.length < n) {
      // Grown to the candidates seen (with room to spare), not to the roster: a thread keeps these for good, one set
      // for all the weighted steps it runs.
      int size = n + n / 2;
      sc.ordinals = new int[size];
      sc.info = new long[size];
      sc.load = new double[size];
      sc.minutes = new double[size];
    }
    int[] ordinals = sc.ordinals;
    n = candidates.copyTo(ordinals);
    long[] info = sc.info;
    double[] load = sc.load;
    double[] minutes = sc.minutes;
    long[] profile = p.info;
    // The candidates' own words first, in a loop of independent reads: on a large roster each is a cache miss, and
    // here the processor has many in flight at once, where the scoring loop below (its branches, the best three)
    // would wait for each candidate's lines in turn. Then the scoring reads them as consider() would.
    for (int i = 0; i < n; i++) {
      int o = ordinals[i];
      info[i] = profile[o];
      load[i] = ctx.loadRatio(o);
      minutes[i] = ctx.responseMinutes(o);
    }
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int o = ordinals[i];
      double fixed = fixedScores(ctx, info[i], specialist, segmentShift, o, scores);
      if (kept == KEEP && fixed + liveMaximum < topComposite[KEEP - 1]) {
        continue;
      }
      double composite = liveScores(ctx, o, load[i], minutes[i], scores);
      kept = keep(p, kept, o, composite, composite, scores, topOrdinal, topComposite, topComposite, topScores);
    }
    return kept;
  }

  /**
   * Scores candidate {@code o} into the best three unless its territory, industry and segment with full marks on the
   * live factors cannot enter them (then its live state is not read); returns how many are kept.
   */
  private int consider(RoutingContext ctx, Profile p, long @Nullable [] specialist, int segmentShift, int o, int kept,
      int[] topOrdinal, double[] topComposite, double[][] topScores, double[] scores) {
    return consider(ctx, o, fixedScores(ctx, p, specialist, segmentShift, o, scores), p, kept, topOrdinal,
        topComposite, topScores, scores);
  }

  /** {@link #consider} with the candidate's fixed scores already in {@code scores[0..2]} and summed in {@code fixed}. */
  private int consider(RoutingContext ctx, int o, double fixed, Profile p, int kept, int[] topOrdinal,
      double[] topComposite, double[][] topScores, double[] scores) {
    if (kept == KEEP && fixed + liveMaximum < topComposite[KEEP - 1]) {
      return kept;
    }
    double composite = liveScores(ctx, o, scores);
    return keep(p, kept, o, composite, composite, scores, topOrdinal, topComposite, topComposite, topScores);
  }

  /**
   * The same best three as the full scan, found best-first: every rep in order of response time, fastest first,
   * candidates scored as they come, until no rep further on can reach the third kept composite. A rep further on
   * scores at most full marks on territory (for this lead), industry, segment, capacity and performance, and on
   * response what the minutes at its position allow. Reps whose response time changed since the order was made are
   * walked in the thread's side list, merged with the order by minutes (the few not yet sorted into it are scored
   * first), and the order is merged anew when they become many. Returns how many are kept, or -1 when the order
   * cannot be trusted or the walk grows long (the caller then scans in full, with the same result).
   */
  private int bestFirst(RoutingContext ctx, Profile p, long @Nullable [] specialist, int segmentShift,
      int[] topOrdinal, double[] topComposite, double[][] topScores, double[] scores) {
    WalkScratch ws = walkScratch.get();
    ResponseOrder.Scratch os = ws.order;
    p.order.current(ctx, p.size, os);
    if (os.n < 0) {
      return -1;
    }
    CandidateSet candidates = ctx.candidates();
    long[] marked = os.marked;
    int kept = 0;
    // The changes read since the side list was last sorted first (at most a few dozen): they have no place yet. Every
    // changed rep scored is marked, so that its other keys pass it by.
    int[] markedList = ws.markedList;
    int markedCount = 0;
    for (int i = 0; i < os.tailSize(); i++) {
      int o = os.tailOrdinal(i);
      if (candidates.contains(o) && (marked[o >>> 6] & (1L << o)) == 0) {
        marked[o >>> 6] |= 1L << o;
        markedList[markedCount++] = o;
        kept = consider(ctx, p, specialist, segmentShift, o, kept, topOrdinal, topComposite, topScores, scores);
      }
    }
    Lead lead = ctx.lead();
    double territoryMax = lead.country() == null ? NEUTRAL
        : lead.region() != null || ctx.account() != null ? 1.0 : 0.75;
    double fixedMax = weights[0] * territoryMax + weights[1] * (lead.industry() == null ? NEUTRAL : 1.0) + weights[2];
    double base = fixedMax + weights[3] + weights[5] + boundSlack;
    // When the first candidates all fall short of the fixed part the bound assumes (no specialist, nobody listing
    // the segment, no region match among them), the bound is loose and the walk would run long: scan in full then.
    double bestFixed = Double.NEGATIVE_INFINITY;
    int scored = 0;
    int walkLimit = 8 * candidates.size() + 1024;
    boolean finished = false;
    os.startWalk();
    for (int o = os.next(); ; o = os.next()) {
      if (o < 0) {
        finished = true;
        break;
      }
      if (kept == KEEP && base + weights[4] * (referenceMinutes / (referenceMinutes + os.floor))
          < topComposite[KEEP - 1]) {
        finished = true;
        break;
      }
      if (os.mainPosition() > walkLimit) {
        break;
      }
      if (!candidates.contains(o)) {
        continue;
      }
      if (os.fromSide) {
        if ((marked[o >>> 6] & (1L << o)) != 0) {
          continue;
        }
        if (markedCount == markedList.length) {
          markedList = java.util.Arrays.copyOf(markedList, markedCount * 2);
          ws.markedList = markedList;
        }
        marked[o >>> 6] |= 1L << o;
        markedList[markedCount++] = o;
      } else if (os.isChanged(o)) {
        continue; // a stale place: the rep's keys in the side list stand for it
      }
      double fixed = fixedScores(ctx, p, specialist, segmentShift, o, scores);
      bestFixed = Math.max(bestFixed, fixed);
      if (++scored == LOOSE_AFTER && bestFixed < fixedMax - 1e-9) {
        break;
      }
      kept = consider(ctx, o, fixed, p, kept, topOrdinal, topComposite, topScores, scores);
    }
    for (int k = 0; k < markedCount; k++) {
      marked[markedList[k] >>> 6] = 0L;
    }
    if (!finished) {
      java.util.Arrays.fill(topOrdinal, -1);
      java.util.Arrays.fill(topComposite, 0.0);
      return -1;
    }
    return kept;
  }

  /**
   * The pick with fair-share pricing: the best composite less price among the candidates not passed over, or the
   * candidate furthest below its minimum share.
   */
  private StrategyResult applyFair(RoutingContext ctx, Profile p, long @Nullable [] specialist, int segmentShift,
      FairShare.Verdict v) {
    CandidateSet candidates = ctx.candidates();
    ScanScratch sc = SCAN.get();
    int[] topOrdinal = sc.topOrdinal;
    java.util.Arrays.fill(topOrdinal, -1);
    double[] topObjective = sc.topObjective;
    double[] topComposite = sc.topComposite;
    double[][] topScores = sc.topScores;
    double[] scores = sc.scores;
    int kept = 0;
    for (int o = candidates.first(); o >= 0; o = candidates.next(o)) {
      if (v.anyExcluded && v.excluded[o] && o != v.forced) {
        continue;
      }
      double fixed = fixedScores(ctx, p, specialist, segmentShift, o, scores);
      // As without fairness: a candidate whose best possible objective cannot enter the top three is not scored
      // further (its price is known before its live state is read).
      if (kept == KEEP && o != v.forced && fixed + liveMaximum - v.prices[o] < topObjective[KEEP - 1]) {
        continue;
      }
      double composite = liveScores(ctx, o, scores);
      double objective = o == v.forced ? Double.POSITIVE_INFINITY : composite - v.prices[o];
      kept = keep(p, kept, o, objective, composite, scores, topOrdinal, topObjective, topComposite, topScores);
    }
    if (kept == 0) {
      return StrategyResult.pass("every candidate is above its maximum fair share");
    }
    int winner = topOrdinal[0];
    boolean forced = winner == v.forced;
    String reason = fairnessReason(ctx, winner, forced);
    StrategyResult result = StrategyResult.assign(winner, reason,
        breakdown(kept, topOrdinal, topComposite, topScores));
    return weights[5] > 0 && ctx.exploring() ? result.withFlag(io.smartrouting.api.Flag.EXPLORATION) : result;
  }

  /**
   * The best {@code kept} rows of a scan, copied out of the thread's scratch into one packed breakdown of floats: what
   * the trace and the audit record show (two to four decimals), in less than half the bytes of doubles.
   */
  private ScoreBreakdown breakdown(int kept, int[] ords, double[] comps, double[][] rows) {
    int factors = FACTORS.size();
    int stride = factors + 1;
    float[] packed = new float[kept * stride];
    for (int r = 0; r < kept; r++) {
      packed[r * stride] = (float) comps[r];
      double[] row = rows[r];
      for (int f = 0; f < factors; f++) {
        packed[r * stride + 1 + f] = (float) row[f];
      }
    }
    // The weights array is never changed after construction, so the breakdown may share it.
    return ScoreBreakdown.packed(FACTORS, weights, java.util.Arrays.copyOf(ords, kept), packed);
  }

  private String fairnessReason(RoutingContext ctx, int winner, boolean forced) {
    FairShare f = java.util.Objects.requireNonNull(fairness);
    f.record(ctx, winner);
    return f.explain(ctx, winner, forced);
  }

  /**
   * Inserts candidate {@code o} into the best {@link #KEEP}, ordered by {@code key} (ties: the smaller id), keeping
   * its composite and a copy of its factor scores; returns how many are kept. {@code keys} may be {@code comps}.
   */
  private static int keep(Profile p, int kept, int o, double key, double composite, double[] scores, int[] ords,
      double[] keys, double[] comps, double[][] rows) {
    int pos = kept;
    while (pos > 0 && better(p, key, o, keys[pos - 1], ords[pos - 1])) {
      pos--;
    }
    if (pos >= KEEP) {
      return kept;
    }
    int last = Math.min(kept, KEEP - 1);
    double[] recycled = rows[last];
    for (int i = last; i > pos; i--) {
      ords[i] = ords[i - 1];
      keys[i] = keys[i - 1];
      comps[i] = comps[i - 1];
      rows[i] = rows[i - 1];
    }
    ords[pos] = o;
    keys[pos] = key;
    comps[pos] = composite;
    System.arraycopy(scores, 0, recycled, 0, scores.length);
    rows[pos] = recycled;
    return kept < KEEP ? kept + 1 : kept;
  }

  private static boolean better(Profile p, double composite, int o, double otherComposite, int other) {
    if (composite != otherComposite) {
      return composite > otherComposite;
    }
    return p.idRank(o) < p.idRank(other);
  }

  /** Fills {@code out} with the factor scores of rep {@code o} (NaN where missing); returns the composite. */
  double score(RoutingContext ctx, int o, double[] out) {
    Profile p = profile(ctx);
    String industry = ctx.lead().industry();
    fixedScores(ctx, p, industry == null ? null : p.specialistsIn(industry),
        SEGMENT_SHIFT + 2 * ctx.segment().ordinal(), o, out);
    return liveScores(ctx, o, out);
  }

  /**
   * Fills the territory, industry and segment scores of rep {@code o} into {@code out[0..2]}; returns their weighted
   * sum, an upper bound of their share of the composite.
   */
  private double fixedScores(RoutingContext ctx, Profile p, long @Nullable [] specialist, int segmentShift, int o,
      double[] out) {
    return fixedScores(ctx, p.info[o], specialist, segmentShift, o, out);
  }

  /** {@link #fixedScores(RoutingContext, Profile, long[], int, int, double[])} with rep {@code o}'s profile word. */
  private double fixedScores(RoutingContext ctx, long info, long @Nullable [] specialist, int segmentShift, int o,
      double[] out) {
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
    } else if ((info & GENERALIST) != 0) {
      out[1] = 0.5;
    } else {
      out[1] = (specialist[o >>> 6] & (1L << o)) != 0 ? 1.0 : 0.0;
    }
    out[2] = SEGMENT_FIT[(int) (info >>> segmentShift) & 3];
    double sum = 0;
    for (int i = 0; i < 3; i++) {
      double v = out[i];
      sum += weights[i] * (Double.isNaN(v) ? NEUTRAL : v);
    }
    return sum;
  }

  /**
   * Fills the capacity, response and performance scores of rep {@code o} into {@code out[3..5]}; returns the
   * composite of all six (summed in factor order, so a score never depends on whether the bound was checked).
   */
  private double liveScores(RoutingContext ctx, int o, double[] out) {
    return liveScores(ctx, o, ctx.loadRatio(o), ctx.responseMinutes(o), out);
  }

  /** {@link #liveScores(RoutingContext, int, double[])} with rep {@code o}'s load ratio and response minutes read. */
  private double liveScores(RoutingContext ctx, int o, double load, double minutes, double[] out) {
    out[3] = Math.max(0.0, 1.0 - load);
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
