package io.smartrouting.spi;

/**
 * One step of a routing chain: looks at the lead and the current candidates and either assigns one candidate,
 * narrows the candidates for the steps after it, or passes, always with a reason.
 *
 * <p>Contract, checked by the testkit's {@code RoutingStrategyContract}:
 * <ul>
 *   <li>an assigned ordinal is one of {@link RoutingContext#candidates()} (or, for strategies that override
 *       capacity, of {@link RoutingContext#candidatesIgnoringCapacity()}, flagged);</li>
 *   <li>a narrowed set is a subset of the candidates;</li>
 *   <li>every result carries a non-blank reason;</li>
 *   <li>an empty candidate set is handled (pass or narrow, never an exception);</li>
 *   <li>the same context gives the same result (randomness, if any, seeded from the lead id).</li>
 * </ul>
 *
 * <p>Implementations are called concurrently from many threads and must be thread-safe. They run on the hot
 * path: no blocking I/O, no logging above TRACE, and as little allocation as possible. State a strategy keeps
 * across calls (round-robin positions, say) must be keyed by rep id, not ordinal, so it survives roster updates.
 */
@FunctionalInterface
public interface RoutingStrategy {

  /**
   * Decides, narrows or passes for one lead.
   *
   * @param ctx the lead, its classification, the candidates and read access to roster and live state; valid
   *     only during this call
   * @return the result; never null
   */
  StrategyResult apply(RoutingContext ctx);

  /**
   * Told that the rep this strategy assigned in {@link #apply} for {@code ctx} could not take the lead after all: a
   * concurrent decision (or, in a preview of several moves, an earlier move) took the rep's last unit of capacity or
   * the last lead its cap allowed. The router then takes the rep out of the candidates and applies this step again.
   * A strategy that keeps state per pick (a round-robin turn, say) undoes here what that pick changed, so the rep
   * loses no place it did not use; {@code ctx} and its {@link RoutingContext#candidates()} are those of the refused
   * pick. Called at most once per assignment, on the thread that applied it, right after the refusal; must not throw.
   * The default does nothing.
   *
   * @param ctx the context of the refused pick; valid only during this call
   * @param ordinal the ordinal the pick assigned
   */
  default void assignmentRefused(RoutingContext ctx, int ordinal) {}

  /**
   * True if this strategy reads {@link RoutingContext#sameContactHolder()}: the router then notes, for every lead
   * with an e-mail address it places with a rep, whose lead it is (a hash of the address, never the address), which
   * costs the decisions of routers without such a step nothing. The default is false.
   *
   * @return true if this strategy reads {@link RoutingContext#sameContactHolder()}
   */
  default boolean readsContacts() {
    return false;
  }

  /**
   * How far back this strategy looks for a contact's closed leads ({@link RoutingContext#sameContactHolder(
   * java.time.Duration)}); zero (the default) for open leads only. The router then asks its state store to keep
   * released leads at least that long.
   *
   * @return how far back this strategy looks for a contact's closed leads; zero for none
   */
  default java.time.Duration contactsClosedWithin() {
    return java.time.Duration.ZERO;
  }

  /**
   * True if this strategy reads {@link RoutingContext#sameCompanyHolder()}: the router then notes, for every lead it
   * places, the company it comes from (a hash of the registrable domain of its e-mail address or, for a free-mail
   * address, of its website, and one of its normalised company name; never the domain or the name), which costs the
   * decisions of routers without such a step nothing. {@link #contactsClosedWithin()} also says how far back such a strategy looks for a company's closed
   * leads. The default is false.
   *
   * @return true if this strategy reads {@link RoutingContext#sameCompanyHolder()}
   */
  default boolean readsCompanies() {
    return false;
  }
}
