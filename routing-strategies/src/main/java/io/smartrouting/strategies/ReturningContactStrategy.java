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
 * <p>Put it early in the chain, after {@code account-owner} when a known account's owner should win. The router notes
 * the contact of every lead it places with a rep (a hash of the address, never the address) only while a step of
 * this kind is in its chain, on a state store that keeps such an index (the in-memory and Redis stores do). Stateless
 * and thread-safe.
 */
public final class ReturningContactStrategy implements RoutingStrategy {

  private static final StrategyResult NO_OPEN_LEAD = StrategyResult.pass("no open lead of the same contact");
  private final AssignResults toHolder = new AssignResults("returning contact: the rep of the contact's open lead");

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    if (ctx.lead().email() == null) {
      return StrategyResult.pass("no e-mail address to match a returning contact");
    }
    int o = ctx.sameContactHolder();
    if (o < 0) {
      return NO_OPEN_LEAD;
    }
    if (ctx.candidates().contains(o)) {
      return toHolder.of(o);
    }
    String why = ctx.exclusionReason(o);
    if (why == null) {
      why = !ctx.isAvailable(o) ? "unavailable" : ctx.hasHeadroom(o) ? "not a candidate" : "at the capacity threshold";
    }
    return StrategyResult.pass("returning contact: " + ctx.rep(o).id() + " holds the contact's open lead but cannot"
        + " take this one (" + why + ")");
  }

  @Override
  public boolean readsContacts() {
    return true;
  }
}
