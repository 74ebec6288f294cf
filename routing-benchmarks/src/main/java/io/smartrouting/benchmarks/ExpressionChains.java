package io.smartrouting.benchmarks;

import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.Router;
import io.smartrouting.core.expr.LeadCondition;
import io.smartrouting.core.expr.RepFilter;
import java.util.List;
import java.util.Set;

/**
 * One chain written twice: with routing expressions (as a configuration document would give it) and with the same
 * conditions as plain Java predicates. Three lead conditions and one rep-targeting filter; everything else is the
 * default chain's. The two must decide alike ({@code ExpressionChainAgreementTest}); the benchmark measures what the
 * expression form costs.
 */
public final class ExpressionChains {

  private ExpressionChains() {}

  static final String ACCOUNT_WHEN = "account IS PRESENT";
  static final String FAST_TRACK_WHEN = "tier = 1 AND source IN ['DEMO_REQUEST', 'CONTACT_SALES']";
  static final String WEIGHTED_WHEN = "tier = 2 AND (industry IN ['healthcare', 'finance', 'software']"
      + " OR employees >= 1000)";
  static final String WEIGHTED_REPS = "industries HAS ['healthcare', 'finance', 'software'] OR segments HAS"
      + " 'ENTERPRISE'";

  private static final Set<String> INDUSTRIES = Set.of("healthcare", "finance", "software");

  /** The chain with expressions. */
  public static List<ChainStep> expressions() {
    return List.of(
        ChainStep.of("account-owner").when(ACCOUNT_WHEN),
        ChainStep.of("tier-fast-track").when(FAST_TRACK_WHEN),
        ChainStep.of("weighted").when(WEIGHTED_WHEN).reps(WEIGHTED_REPS),
        ChainStep.of("round-robin"));
  }

  /** The same chain with the conditions written in Java. */
  public static List<ChainStep> java() {
    return List.of(
        ChainStep.of("account-owner").when(LeadCondition.of(ACCOUNT_WHEN, (lead, tier, seg, acct) -> acct != null)),
        ChainStep.of("tier-fast-track").when(LeadCondition.of(FAST_TRACK_WHEN, (lead, tier, seg, acct) ->
            tier == Tier.TIER_1 && (lead.source() == LeadSource.DEMO_REQUEST
                || lead.source() == LeadSource.CONTACT_SALES))),
        ChainStep.of("weighted").when(LeadCondition.of(WEIGHTED_WHEN, (lead, tier, seg, acct) ->
            tier == Tier.TIER_2 && ((lead.industry() != null && INDUSTRIES.contains(lead.industry()))
                || (lead.employees().isPresent() && lead.employees().getAsInt() >= 1000))))
            .reps(RepFilter.of(WEIGHTED_REPS, rep -> rep.industries().stream().anyMatch(INDUSTRIES::contains)
                || rep.segments().contains(Segment.ENTERPRISE))),
        ChainStep.of("round-robin"));
  }

  /** A router over {@code world} with {@code chain}, on the system clock. */
  public static Router router(BenchWorld world, List<ChainStep> chain) {
    return router(world, chain, java.time.Clock.systemUTC());
  }

  /** A router over {@code world} with {@code chain} on {@code clock}. */
  public static Router router(BenchWorld world, List<ChainStep> chain, java.time.Clock clock) {
    Router.Builder b = Router.builder().roster(world.reps).accounts(world.accounts).clock(clock)
        .idempotency(java.time.Duration.ofHours(1), 4096);
    for (ChainStep s : chain) {
      b.step(s);
    }
    return b.build();
  }
}
