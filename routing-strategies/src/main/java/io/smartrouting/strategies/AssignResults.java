package io.smartrouting.strategies;

import io.smartrouting.spi.StrategyResult;

/**
 * One strategy's "assign to ordinal o for this fixed reason" results, made once per ordinal: a result holds only the
 * ordinal and the reason (no rep identity), so one stays right across roster versions, and a strategy that assigns
 * for a fixed reason allocates nothing per decision. Thread-safe: results are immutable, and two threads that make
 * the same one at once make equal ones.
 */
final class AssignResults {

  private final String reason;
  private volatile StrategyResult[] byOrdinal = new StrategyResult[0];

  AssignResults(String reason) {
    this.reason = reason;
  }

  /** The result assigning ordinal {@code o} (at least 0) for this reason. */
  StrategyResult of(int o) {
    StrategyResult[] all = byOrdinal;
    StrategyResult r = o < all.length ? all[o] : null;
    if (r == null) {
      r = StrategyResult.assign(o, reason);
      if (o >= all.length) {
        all = java.util.Arrays.copyOf(all, Math.max(o + 1, all.length * 2));
        byOrdinal = all;
      }
      // A racing grow may drop this entry from the array the other thread published; it is made again next time.
      all[o] = r;
    }
    return r;
  }
}
