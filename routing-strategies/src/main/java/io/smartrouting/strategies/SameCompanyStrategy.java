package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;

/**
 * Lead-to-lead matching by company: a lead from a company that already has another lead open with a rep goes to that
 * rep when the rep may take it (a candidate: qualified, available, below the capacity threshold and its daily cap).
 * Otherwise it passes, saying why that rep could not, and later steps decide. Two people of a company that is not (yet)
 * a known account then talk to one rep instead of two; known accounts are {@code account-owner}'s, which belongs
 * before this step.
 *
 * <p>A lead's company is the registrable domain of its e-mail address ({@code jo@eu.acme.com} and
 * {@code sam@acme.com} are both {@code acme.com}), or of its website when the address is missing or at a free-mail
 * domain (the router's free-mail list, as account matching uses it); when neither names a company, its company name
 * as account matching normalises it ({@code ACME, Inc.} is {@code acme}; placeholders such as {@code N/A} or
 * {@code Self-employed} name none), which finds the colleagues whose leads carry the same name; a lead with none of
 * these passes. The router notes the company of every lead it places (a hash of the domain and one of the name, never
 * either) only while a step of this kind is in its chain, on a state store that keeps such an index (the in-memory
 * and Redis stores do).
 *
 * <p>With {@code withinDays} (config key, 0 to 365, default 0: open leads only), a company none of whose leads is open
 * with a rep goes to the rep that held its lead closed last, if that was within that many days. Stateless and
 * thread-safe.
 */
public final class SameCompanyStrategy implements RoutingStrategy {

  private static final StrategyResult NO_DOMAIN =
      StrategyResult.pass("no e-mail address, website or company name to find the lead's company");

  private final EarlierLeadRule rule;
  /** The same rule, in the words of a match by the company's name. */
  private final EarlierLeadRule byName;

  /** Open leads only. */
  public SameCompanyStrategy() {
    this(0);
  }

  /**
   * Open leads, and with {@code withinDays > 0} the company's lead closed last, within that many days.
   *
   * @param withinDays how many days back a closed lead of the company counts (0: open leads only)
   * @throws IllegalArgumentException if {@code withinDays} is outside [0, 365]
   */
  public SameCompanyStrategy(int withinDays) {
    this.rule = new EarlierLeadRule("same company", "company", withinDays);
    this.byName = new EarlierLeadRule("same company by name", "company", withinDays);
  }

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    if (ctx.lead().email() == null && ctx.lead().website() == null && ctx.lead().companyName() == null) {
      return NO_DOMAIN;
    }
    java.time.Duration within = rule.within();
    int holder = within.isZero() ? ctx.sameCompanyHolder() : ctx.sameCompanyHolder(within);
    return (ctx.sameCompanyByName() ? byName : rule).apply(ctx, holder);
  }

  @Override
  public boolean readsCompanies() {
    return true;
  }

  @Override
  public java.time.Duration contactsClosedWithin() {
    return rule.within();
  }
}
