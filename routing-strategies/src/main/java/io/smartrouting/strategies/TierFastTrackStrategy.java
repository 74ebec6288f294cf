package io.smartrouting.strategies;

import io.smartrouting.api.Flag;
import io.smartrouting.api.Tier;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import org.jspecify.annotations.Nullable;

/**
 * Tier 1 fast-track: a Tier 1 lead goes to the qualified, available rep with the fastest live mean time to
 * first contact (starting from the rep profile's value), ignoring the capacity threshold. When the winner is at
 * or above the threshold the decision is flagged {@link Flag#CAPACITY_OVERRIDE}. Other tiers pass.
 *
 * <p>Reps within the tolerance of the fastest (default 10%: 21 minutes is as fast as 19) count as equally fast,
 * and the least loaded of them (open leads / capacity) wins, then roster order. Without the tolerance, the rep
 * whose noisy average happens to be lowest takes every Tier 1 lead until it is overloaded and slows down; the
 * simulator's flat world (identical reps) showed that costing contacts against round-robin. Config key
 * {@code response.tolerance} (a share in [0, 1]; 0 means strictly the fastest).
 *
 * <p>On large rosters the candidates are not all read: the reps are walked in order of response time, fastest
 * first, until the next one is slower than the tolerance allows, with the same pick as reading every candidate
 * (config key {@code bestFirst}: {@code auto}, the default, walks from {@value #AUTO_BEST_FIRST_ROSTER} reps on when
 * the candidates are many; {@code true} walks whenever it can; {@code false} never). Thread-safe; the only state kept
 * is the response order of the current roster, which no pick depends on.
 */
public final class TierFastTrackStrategy implements RoutingStrategy {

  /** Default share within which reps count as equally fast. */
  public static final double DEFAULT_TOLERANCE = 0.10;

  /**
   * From this many reps on, {@code bestFirst: auto} walks large candidate sets in order of response time. Below it,
   * reading every candidate costs a few microseconds at most.
   */
  static final int AUTO_BEST_FIRST_ROSTER = 25_000;
  /** Candidate sets smaller than this are read in full whatever the mode: the walk cannot be cheaper. */
  static final int BEST_FIRST_MIN_CANDIDATES = 64;

  private final double tolerance;
  /** 0: never walk; else the roster size from which large candidate sets are walked. */
  private final int walkFromRoster;
  /** Added to the cutoff at which a walk stops; negative only in tests, to show the property catches it. */
  double stopSlack;
  /** The fewest candidates walked ({@link #BEST_FIRST_MIN_CANDIDATES}); 0 in tests: walk every candidate set. */
  int walkMinCandidates = BEST_FIRST_MIN_CANDIDATES;
  /** Changes each thread sorts into its side list at a time ({@link ResponseOrder.Scratch}); fewer in tests. */
  int sideTail = ResponseOrder.Scratch.TAIL;
  /**
   * A thread's candidate buffers, shared by every fast-track step it runs (each uses them within one call only) and
   * grown to the largest candidate set it met, not to the roster: until 7 December each step kept its own per thread,
   * sized to its roster (1.2 MB a thread at 100,000 reps, and about 0.6 KB for every small router a thread served).
   */
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
  /** A thread's side list of this step's walk, made on the thread's first walk (a small roster never walks). */
  private final ThreadLocal<ResponseOrder.Scratch> walkOrder =
      ThreadLocal.withInitial(() -> new ResponseOrder.Scratch(ResponseOrder.CHANGE_BUFFER, sideTail));
  private volatile @Nullable Walk current;

  /** Per-thread: the available candidates of the lead being decided and their minutes. */
  private static final class Buffers {
    int[] ordinals = new int[0];
    double[] minutes = new double[0];
  }

  /** The response order of one roster version, and how often walking it has lately paid. */
  private static final class Walk {
    final long version;
    final int size;
    final ResponseOrder.Holder order = new ResponseOrder.Holder();
    /** A moving average of walks that finished (1) rather than ran too long (0); written without locking, it steers. */
    volatile double success = 1.0;
    int probe;

    Walk(long version, int size) {
      this.version = version;
      this.size = size;
    }
  }

  /** A fast-track with the default tolerance. */
  public TierFastTrackStrategy() {
    this(DEFAULT_TOLERANCE);
  }

  /**
   * A fast-track treating reps within {@code tolerance} (a share) of the fastest as equally fast.
   *
   * @param tolerance the share of the fastest response time within which reps count as equally fast
   * @throws IllegalArgumentException if {@code tolerance} is not in [0, 1]
   */
  public TierFastTrackStrategy(double tolerance) {
    this(tolerance, "auto");
  }

  /**
   * A fast-track treating reps within {@code tolerance} (a share) of the fastest as equally fast, reading large
   * candidate sets as {@code bestFirst} says ({@code auto}, {@code true} or {@code false}; the pick is the same).
   *
   * @param tolerance the share of the fastest response time within which reps count as equally fast
   * @param bestFirst {@code auto}, {@code true} or {@code false}
   * @throws IllegalArgumentException if {@code tolerance} is not in [0, 1], or {@code bestFirst} is none of the three
   */
  public TierFastTrackStrategy(double tolerance, String bestFirst) {
    if (!(tolerance >= 0 && tolerance <= 1)) {
      throw new IllegalArgumentException("response.tolerance must be in [0, 1] but was " + tolerance);
    }
    this.tolerance = tolerance;
    Boolean walk = ResponseOrder.bestFirst(bestFirst);
    walkFromRoster = walk == null ? AUTO_BEST_FIRST_ROSTER : walk ? 1 : 0;
  }

  private static final StrategyResult NOT_TIER_1 = StrategyResult.pass("not a Tier 1 lead");
  private static final StrategyResult NOBODY = StrategyResult.pass("no qualified, available rep");
  /** The usual result per ordinal, made once, so a fast-tracked lead allocates none. */
  private final AssignResults results = new AssignResults(REASON);
  private static final String REASON = "Tier 1: fastest average response among qualified reps";

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    if (ctx.tier() != Tier.TIER_1) {
      return NOT_TIER_1;
    }
    CandidateSet pool = ctx.candidatesIgnoringCapacity();
    Buffers b = BUFFERS.get();
    if (b.ordinals.length < pool.size()) {
      b.ordinals = new int[pool.size() + pool.size() / 2];
      b.minutes = new double[b.ordinals.length];
    }
    int best = -2;
    int size = pool.size();
    int roster = ctx.rosterSize();
    if (walkFromRoster > 0 && roster >= walkFromRoster && size >= walkMinCandidates
        && (walkMinCandidates == 0 || (long) size * size >= roster) && ctx.responseChanges() >= 0) {
      Walk w = current;
      if (w == null || w.version != ctx.rosterVersion() || w.size != roster) {
        w = new Walk(ctx.rosterVersion(), roster);
        current = w;
      }
      if (w.success >= 0.5 || (++w.probe & 255) == 0) {
        best = walk(ctx, pool, w, b);
        w.success = 0.9 * w.success + (best == -2 ? 0.0 : 0.1);
      }
    }
    if (best == -2) {
      best = readAll(ctx, pool, b);
    }
    if (best < 0) {
      return NOBODY;
    }
    StrategyResult r = results.of(best);
    return ctx.hasHeadroom(best) ? r : r.withFlag(Flag.CAPACITY_OVERRIDE);
  }

  /** The pick read from every candidate: the fastest's minutes first, then the least loaded within the cutoff. */
  private int readAll(RoutingContext ctx, CandidateSet pool, Buffers b) {
    // The available candidates once, with their minutes, for the two passes below.
    int all = pool.copyTo(b.ordinals);
    int n = 0;
    double fastest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < all; i++) {
      int o = b.ordinals[i];
      if (ctx.isAvailable(o)) {
        double minutes = ctx.responseMinutes(o);
        b.ordinals[n] = o;
        b.minutes[n++] = minutes;
        fastest = Math.min(fastest, minutes);
      }
    }
    if (fastest == Double.POSITIVE_INFINITY) {
      return -1;
    }
    return leastLoaded(ctx, b, n, fastest * (1 + tolerance));
  }

  /**
   * Of the {@code n} reps in the buffers, the least loaded within {@code cutoff} minutes, then the faster, then the
   * first in roster order (the buffers may hold them in any order).
   */
  private static int leastLoaded(RoutingContext ctx, Buffers b, int n, double cutoff) {
    int best = -1;
    double bestLoad = Double.POSITIVE_INFINITY;
    double bestMinutes = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      int o = b.ordinals[i];
      double minutes = b.minutes[i];
      if (minutes > cutoff) {
        continue;
      }
      double load = ctx.loadRatio(o);
      if (load < bestLoad || (load == bestLoad && (minutes < bestMinutes || (minutes == bestMinutes && o < best)))) {
        best = o;
        bestLoad = load;
        bestMinutes = minutes;
      }
    }
    return best;
  }

  /**
   * The same pick as {@link #readAll}, found by walking the reps fastest first: the changes not yet sorted into the
   * thread's side list first (a few), then the response order and the side list merged by minutes, until the next
   * rep's minutes (rounded down) pass the cutoff the fastest candidate so far allows (no later rep can be within it,
   * nor faster). A rep met twice (at a stale place and under a key of its change) counts once: the pick is a minimum.
   * Returns -1 when no candidate is available, -2 when the walk cannot be trusted or runs long (the caller then reads
   * every candidate).
   */
  private int walk(RoutingContext ctx, CandidateSet pool, Walk w, Buffers b) {
    ResponseOrder.Scratch os = walkOrder.get();
    w.order.current(ctx, w.size, os);
    if (os.n < 0) {
      return -2;
    }
    int n = 0;
    double fastest = Double.POSITIVE_INFINITY;
    boolean nan = false;
    for (int i = 0; i < os.tailSize(); i++) {
      int o = os.tailOrdinal(i);
      if (pool.contains(o) && ctx.isAvailable(o)) {
        double minutes = ctx.responseMinutes(o);
        nan |= Double.isNaN(minutes);
        n = add(b, n, o, minutes);
        fastest = Math.min(fastest, minutes);
      }
    }
    int limit = 2 * pool.size();
    double stopAt = Math.max(fastest * (1 + tolerance) + stopSlack, 0);
    boolean finished = true;
    os.startWalk();
    for (int o = os.next(); o >= 0; o = os.next()) {
      if (os.floor > stopAt) {
        break;
      }
      if (os.mainPosition() > limit) {
        finished = false;
        break;
      }
      if (pool.contains(o) && ctx.isAvailable(o)) {
        double minutes = ctx.responseMinutes(o);
        nan |= Double.isNaN(minutes);
        n = add(b, n, o, minutes);
        if (minutes < fastest) {
          fastest = minutes;
          stopAt = Math.max(fastest * (1 + tolerance) + stopSlack, 0);
        }
      }
    }
    if (!finished || nan) {
      return -2;
    }
    if (fastest == Double.POSITIVE_INFINITY) {
      return -1;
    }
    return leastLoaded(ctx, b, n, fastest * (1 + tolerance));
  }

  /** Appends a rep and its minutes to the buffers (a walk may meet a rep more than once), returning the new count. */
  private static int add(Buffers b, int n, int o, double minutes) {
    if (n == b.ordinals.length) {
      b.ordinals = java.util.Arrays.copyOf(b.ordinals, 2 * n + 16);
      b.minutes = java.util.Arrays.copyOf(b.minutes, b.ordinals.length);
    }
    b.ordinals[n] = o;
    b.minutes[n] = minutes;
    return n + 1;
  }
}
