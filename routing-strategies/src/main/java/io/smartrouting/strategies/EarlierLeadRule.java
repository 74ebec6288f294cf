package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.StrategyResult;

/**
 * What {@link ReturningContactStrategy} and {@link SameCompanyStrategy} share: given the rep holding an earlier lead
 * under one key (the lead's contact, or its company), assign to that rep when it is a candidate, else pass saying why
 * not. Results for a fixed reason are made once. Immutable and thread-safe.
 */
final class EarlierLeadRule {

  /** The most days a look-back for closed leads may reach. */
  static final int MAX_WITHIN_DAYS = 365;

  private final String what;
  private final StrategyResult noLead;
  private final AssignResults toHolder;
  private final java.time.Duration within;
  private final String held;
  private final String whose;

  /**
   * @param what the rule's name in explanations ({@code returning contact})
   * @param noun whose leads the key finds ({@code contact}), in explanations
   * @param withinDays 0 for open leads only, else how far back a closed lead counts
   */
  EarlierLeadRule(String what, String noun, int withinDays) {
    if (withinDays < 0 || withinDays > MAX_WITHIN_DAYS) {
      throw new IllegalArgumentException("withinDays must be in [0, " + MAX_WITHIN_DAYS + "] but was " + withinDays);
    }
    this.what = what;
    this.whose = "the " + noun + "'s";
    this.within = java.time.Duration.ofDays(withinDays);
    this.held = withinDays == 0 ? "open" : "open or recent";
    this.noLead = StrategyResult.pass(withinDays == 0 ? "no open lead of the same " + noun
        : "no lead of the same " + noun + " open or closed within " + withinDays + " days");
    this.toHolder = new AssignResults(what + ": the rep of " + whose + " " + held + " lead");
  }

  /** How far back a closed lead counts; zero for open leads only. */
  java.time.Duration within() {
    return within;
  }

  /** The result for the rep {@code holder} found (-1: none). */
  StrategyResult apply(RoutingContext ctx, int holder) {
    if (holder < 0) {
      return noLead;
    }
    if (ctx.candidates().contains(holder)) {
      return toHolder.of(holder);
    }
    String why = ctx.exclusionReason(holder);
    if (why == null) {
      why = !ctx.isAvailable(holder) ? "unavailable"
          : ctx.hasHeadroom(holder) ? "not a candidate" : "at the capacity threshold";
    }
    return StrategyResult.pass(what + ": " + ctx.rep(holder).id() + " holds " + whose + " " + held + " lead"
        + " but cannot take this one (" + why + ")");
  }
}
