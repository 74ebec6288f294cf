package io.smartrouting.core.testing;

import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;

/** Small strategies for core tests. */
public final class TestStrategies {
  private TestStrategies() {}

  /**
   * A router builder for a scenario: {@code reps} on {@code clock}, manual timers, no registered strategies and one
   * {@link #LEAST_LOADED} step; each test adds its own settings.
   */
  public static io.smartrouting.core.Router.Builder leastLoaded(java.util.List<io.smartrouting.api.Rep> reps,
      io.smartrouting.core.ManualClock clock) {
    return io.smartrouting.core.Router.builder().roster(reps).clock(clock)
        .strategies(io.smartrouting.core.StrategyRegistry.of()).manualTimers().step("ll", LEAST_LOADED);
  }

  /**
   * {@link #leastLoaded} for a lifecycle scenario whose deadlines are counted by hand: reps taken up to their full
   * capacity (threshold 1.0), Tier 1 due five minutes of wall-clock time after a decision, events told to
   * {@code listener}.
   */
  public static io.smartrouting.core.Router.Builder leastLoadedTier1InFiveMinutes(
      java.util.List<io.smartrouting.api.Rep> reps, io.smartrouting.core.ManualClock clock,
      io.smartrouting.api.RoutingListener listener) {
    return leastLoaded(reps, clock).listener(listener).capacityThreshold(1.0)
        .sla(io.smartrouting.api.Tier.TIER_1, java.time.Duration.ofMinutes(5))
        .slaClock(io.smartrouting.api.Tier.TIER_1, io.smartrouting.core.SlaClock.WALL_CLOCK);
  }

  /** Two to four reps, {@code r0} on, as {@code rnd} says, each covering the US with room for 50 leads. */
  public static java.util.List<io.smartrouting.api.Rep> usReps(java.util.Random rnd) {
    java.util.List<io.smartrouting.api.Rep> reps = new java.util.ArrayList<>();
    for (int i = 0, n = 2 + rnd.nextInt(3); i < n; i++) {
      reps.add(io.smartrouting.api.Rep.builder("r" + i).territories("US").capacity(50).build());
    }
    return reps;
  }

  /** Picks the candidate with the fewest open leads, lowest ordinal on ties. */
  public static final RoutingStrategy LEAST_LOADED = ctx -> {
    CandidateSet c = ctx.candidates();
    int best = -1;
    int bestOpen = Integer.MAX_VALUE;
    for (int o = c.first(); o >= 0; o = c.next(o)) {
      int open = ctx.openLeads(o);
      if (open < bestOpen) {
        best = o;
        bestOpen = open;
      }
    }
    return best < 0 ? StrategyResult.pass("no candidates") : StrategyResult.assign(best, "fewest open leads");
  };

  /** Picks a candidate by a hash of the lead id. */
  public static final RoutingStrategy HASH_PICK = ctx -> {
    int[] all = ctx.candidates().toArray();
    if (all.length == 0) {
      return StrategyResult.pass("no candidates");
    }
    int i = Math.floorMod(ctx.lead().id().hashCode(), all.length);
    return StrategyResult.assign(all[i], "hash of the lead id");
  };

  /** Always passes. */
  public static final RoutingStrategy PASS = ctx -> StrategyResult.pass("never decides");

  /** Keeps only candidates with even ordinals. */
  public static final RoutingStrategy EVEN_ONLY = ctx -> StrategyResult.narrow(
      ctx.candidates().retain(o -> o % 2 == 0), "even ordinals only");

  /** Picks the last candidate (highest ordinal). */
  public static RoutingStrategy lastCandidate() {
    return ctx -> {
      int last = -1;
      CandidateSet c = ctx.candidates();
      for (int o = c.first(); o >= 0; o = c.next(o)) {
        last = o;
      }
      return last < 0 ? StrategyResult.pass("no candidates") : StrategyResult.assign(last, "last candidate");
    };
  }
}
