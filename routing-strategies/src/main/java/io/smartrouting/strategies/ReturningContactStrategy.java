package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;

/**
 * A returning contact goes back to its rep: a lead whose contact (the same e-mail address, ignoring case) has another
 * lead open with a rep goes to that rep when the rep may take it (a candidate: qualified, available, below the
 * capacity threshold and its daily cap). Otherwise it passes, saying why that rep could not, and later steps decide.
 * A person who fills in two forms, or writes again while the first lead is worked, then talks to one rep instead of
 * two.
 *
 * <p>With {@code withinDays} (config key, 0 to 365, default 0: open leads only), a contact none of whose leads is open
 * with a rep goes to the rep that held its lead closed last, if that was within that many days (however long the lead
 * was open): a prospect who comes back a month after a lead was closed meets the rep who knows the history. The router
 * asks its store to keep released leads that long (the in-memory and Redis stores do; a Redis store whose builder fixed
 * a shorter time keeps them only that long).
 *
 * <p>Put it early in the chain, after {@code account-owner} when a known account's owner should win. The router notes
 * the contact of every lead it places with a rep (a hash of the address, never the address) only while a step of
 * this kind is in its chain, on a state store that keeps such an index (the in-memory and Redis stores do). Stateless
 * and thread-safe.
 */
public final class ReturningContactStrategy implements RoutingStrategy {

  /** The most days {@code withinDays} may look back. */
  public static final int MAX_WITHIN_DAYS = EarlierLeadRule.MAX_WITHIN_DAYS;

  private final EarlierLeadRule rule;

  /** Open leads only. */
  public ReturningContactStrategy() {
    this(0);
  }

  /**
   * Open leads, and with {@code withinDays > 0} the contact's lead closed last, within that many days.
   *
   * @param withinDays how many days back a closed lead of the contact counts (0: open leads only)
   * @throws IllegalArgumentException if {@code withinDays} is outside [0, 365]
   */
  public ReturningContactStrategy(int withinDays) {
    this.rule = new EarlierLeadRule("returning contact", "contact", withinDays);
  }

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    if (ctx.lead().email() == null) {
      return StrategyResult.pass("no e-mail address to match a returning contact");
    }
    java.time.Duration within = rule.within();
    return rule.apply(ctx, within.isZero() ? ctx.sameContactHolder() : ctx.sameContactHolder(within));
  }

  @Override
  public boolean readsContacts() {
    return true;
  }

  @Override
  public java.time.Duration contactsClosedWithin() {
    return rule.within();
  }
}
