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
 * or above the threshold the decision is flagged {@link Flag#CAPACITY_OVERRIDE}. Ties: fewer open leads, then
 * roster order. Other tiers pass. Stateless and thread-safe.
 */
public final class TierFastTrackStrategy implements RoutingStrategy {

  private static final StrategyResult NOT_TIER_1 = StrategyResult.pass("not a Tier 1 lead");
  private static final StrategyResult NOBODY = StrategyResult.pass("no qualified, available rep");
  private static final String REASON = "Tier 1: fastest average response among qualified reps";

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    if (ctx.tier() != Tier.TIER_1) {
      return NOT_TIER_1;
    }
    CandidateSet pool = ctx.candidatesIgnoringCapacity();
    int best = -1;
    double bestMinutes = Double.POSITIVE_INFINITY;
    int bestOpen = Integer.MAX_VALUE;
    for (int o = pool.first(); o >= 0; o = pool.next(o)) {
      if (!ctx.isAvailable(o)) {
        continue;
      }
      double minutes = ctx.responseMinutes(o);
      int open = ctx.openLeads(o);
      if (minutes < bestMinutes || (minutes == bestMinutes && open < bestOpen)) {
        best = o;
        bestMinutes = minutes;
        bestOpen = open;
      }
    }
    if (best < 0) {
      return NOBODY;
    }
    StrategyResult r = StrategyResult.assign(best, REASON);
    return ctx.hasHeadroom(best) ? r : r.withFlag(Flag.CAPACITY_OVERRIDE);
  }
}
