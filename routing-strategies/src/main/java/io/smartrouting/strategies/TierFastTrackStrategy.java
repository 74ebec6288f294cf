package io.smartrouting.strategies;

import io.smartrouting.api.Flag;
import io.smartrouting.api.Tier;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;

/**
 * Tier 1 fast-track: a Tier 1 lead goes to the qualified, available rep with the fastest live mean time to
 * first contact (starting from the rep profile's value), ignoring the capacity threshold. When the winner is at
 * or above the threshold the decision is flagged {@link Flag#CAPACITY_OVERRIDE}. Other tiers pass.
 *
 * <p>Reps within the tolerance of the fastest (default 10%: 21 minutes is as fast as 19) count as equally fast,
 * and the least loaded of them (open leads / capacity) wins, then roster order. Without the tolerance, the rep
 * whose noisy average happens to be lowest takes every Tier 1 lead until it is overloaded and slows down; the
 * simulator's flat world (identical reps) showed that costing contacts against round-robin. Config key
 * {@code response.tolerance} (a share in [0, 1]; 0 means strictly the fastest). Stateless and thread-safe.
 */
public final class TierFastTrackStrategy implements RoutingStrategy {

  /** Default share within which reps count as equally fast. */
  public static final double DEFAULT_TOLERANCE = 0.10;

  private final double tolerance;
  private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

  /** Per-thread: the available candidates of the lead being decided and their minutes. */
  private static final class Buffers {
    int[] ordinals = new int[0];
    double[] minutes = new double[0];
  }

  /** A fast-track with the default tolerance. */
  public TierFastTrackStrategy() {
    this(DEFAULT_TOLERANCE);
  }

  /**
   * A fast-track treating reps within {@code tolerance} (a share) of the fastest as equally fast.
   *
   * @throws IllegalArgumentException if {@code tolerance} is not in [0, 1]
   */
  public TierFastTrackStrategy(double tolerance) {
    if (!(tolerance >= 0 && tolerance <= 1)) {
      throw new IllegalArgumentException("response.tolerance must be in [0, 1] but was " + tolerance);
    }
    this.tolerance = tolerance;
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
    // The available candidates once, with their minutes, for the two passes below.
    Buffers b = buffers.get();
    if (b.ordinals.length < pool.size()) {
      b.ordinals = new int[Math.max(pool.size(), ctx.rosterSize())];
      b.minutes = new double[b.ordinals.length];
    }
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
      return NOBODY;
    }
    double cutoff = fastest * (1 + tolerance);
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
      if (load < bestLoad || (load == bestLoad && minutes < bestMinutes)) {
        best = o;
        bestLoad = load;
        bestMinutes = minutes;
      }
    }
    StrategyResult r = results.of(best);
    return ctx.hasHeadroom(best) ? r : r.withFlag(Flag.CAPACITY_OVERRIDE);
  }
}
