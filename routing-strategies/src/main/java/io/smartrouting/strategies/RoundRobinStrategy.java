package io.smartrouting.strategies;

import io.smartrouting.api.Rep;
import io.smartrouting.spi.CandidateSet;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import java.util.HashMap;
import java.util.Map;

/**
 * Weighted round-robin over the candidates, fair by credit (a smooth weighted round-robin generalised to a
 * changing pool): for each lead, every candidate earns its share {@code weight / total candidate weight} of
 * credit, the candidate with the most credit wins (ties: roster order) and pays one lead's worth.
 *
 * <ul>
 *   <li>Over any run of leads, each rep's count stays within one lead of its weighted share of the leads it was
 *       a candidate for.</li>
 *   <li>A rep that is unavailable or full is simply not a candidate: it neither earns nor pays, so it keeps its
 *       place and is first in line when it returns.</li>
 *   <li>Credit is kept by rep id, so it survives roster updates; a new rep starts at zero.</li>
 *   <li>Thread-safe: one short critical section per pick, so concurrent routing stays fair.</li>
 * </ul>
 */
public final class RoundRobinStrategy implements RoutingStrategy {

  private static final StrategyResult NOBODY = StrategyResult.pass("no candidates for round-robin");
  private static final String REASON = "round-robin turn (weighted)";

  /** Credit of one rep. */
  private static final class Credit {
    double value;
  }

  private final Map<String, Credit> credits = new HashMap<>();
  private long cachedVersion = Long.MIN_VALUE;
  private Credit[] byOrdinal = new Credit[0];

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    CandidateSet c = ctx.candidates();
    if (c.isEmpty()) {
      return NOBODY;
    }
    int winner;
    synchronized (this) {
      Credit[] table = table(ctx);
      double total = 0;
      for (int o = c.first(); o >= 0; o = c.next(o)) {
        total += ctx.rep(o).weight();
      }
      winner = -1;
      double best = Double.NEGATIVE_INFINITY;
      for (int o = c.first(); o >= 0; o = c.next(o)) {
        Credit credit = table[o];
        credit.value += ctx.rep(o).weight() / total;
        if (credit.value > best) {
          best = credit.value;
          winner = o;
        }
      }
      table[winner].value -= 1.0;
    }
    return StrategyResult.assign(winner, REASON);
  }

  /** Credits by ordinal for the context's roster version, rebuilt from the by-id map after a roster update. */
  private Credit[] table(RoutingContext ctx) {
    if (ctx.rosterVersion() != cachedVersion || byOrdinal.length != ctx.rosterSize()) {
      Credit[] t = new Credit[ctx.rosterSize()];
      for (int o = 0; o < t.length; o++) {
        Rep rep = ctx.rep(o);
        t[o] = credits.computeIfAbsent(rep.id(), k -> new Credit());
      }
      byOrdinal = t;
      cachedVersion = ctx.rosterVersion();
    }
    return byOrdinal;
  }

  /** The credit of rep {@code repId}, for tests and diagnostics. */
  public synchronized double credit(String repId) {
    Credit c = credits.get(repId);
    return c == null ? 0 : c.value;
  }
}
