package io.smartrouting.spi;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link RoutingStrategy} may look at for one lead: the lead and its classification, the candidates
 * left by the hard criteria and by earlier steps, the roster snapshot and read access to live state.
 *
 * <p>A context is valid only during the {@link RoutingStrategy#apply} call it was passed to, and only on that
 * thread. Ordinals index the roster snapshot the decision is being made on.
 */
public interface RoutingContext {

  /** {@return the lead being routed (after enrichment)} */
  Lead lead();

  /** {@return the lead's tier} */
  Tier tier();

  /** {@return the lead's segment} */
  Segment segment();

  /** {@return the account the lead was matched to, if any} */
  @Nullable Account account();

  /**
   * Reps that meet every hard criterion, including the capacity threshold, narrowed by earlier steps. Where no
   * specialist for the lead's industry was eligible, these are generalists (see {@link #specialistsMissing()}).
   * @return the candidate set
   */
  CandidateSet candidates();

  /**
   * Reps that meet every hard criterion except the capacity threshold, narrowed by earlier steps. Only
   * strategies that deliberately override capacity (Tier 1 fast-track) choose from here, and they flag
   * {@link io.smartrouting.api.Flag#CAPACITY_OVERRIDE} when the rep is at or above the threshold.
   * @return the candidate set
   */
  CandidateSet candidatesIgnoringCapacity();

  /** {@return true when the lead has an industry that the roster has specialists for, but none of them was eligible} */
  boolean specialistsMissing();

  /** {@return number of reps in the roster snapshot} */
  int rosterSize();

  /** {@return version of the roster snapshot} */
  long rosterVersion();

  /**
   * The rep at {@code ordinal}.
   *
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return the rep at {@code ordinal}
   */
  Rep rep(int ordinal);

  /**
   * The ordinal of the rep with id {@code repId}, or -1 if it is not in the roster.
   *
   * @param repId the rep id
   * @return the ordinal of the rep with id {@code repId}, or -1 if it is not in the roster
   */
  int ordinalOf(String repId);

  /**
   * How the rep covers the lead's location or account; see {@link TerritoryMatch}.
   *
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return how the rep covers the lead's location or account; see {@link TerritoryMatch}
   */
  TerritoryMatch territoryMatch(int ordinal);

  /**
   * True if the rep is available now (active and not out of office).
   *
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return true if the rep is available now (active and not out of office)
   */
  boolean isAvailable(int ordinal);

  /**
   * True if the rep is below the router's capacity threshold, by {@link #openLeads(int)}.
   *
   * <p>Open leads and response times here are the router's view of the state store: exact for every reservation,
   * release and contact this router made, and re-read from the store on every timer pass for changes other routers
   * made. Reserving capacity is always atomic on the store, so a stale view can cost a re-pick, never an
   * over-assignment.
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return true if the rep is below the router's capacity threshold, by {@link #openLeads(int)}
   */
  boolean hasHeadroom(int ordinal);

  /**
   * The rep's number of open leads, as the router sees them (see {@link #hasHeadroom(int)}).
   *
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return the rep's number of open leads, as the router sees them (see {@link #hasHeadroom(int)})
   */
  int openLeads(int ordinal);

  /**
   * Open leads divided by capacity; 1 for a rep with capacity 0.
   *
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return open leads divided by capacity; 1 for a rep with capacity 0
   */
  double loadRatio(int ordinal);

  /**
   * The rep's live mean minutes to first contact, starting from the profile's value, as the router sees it (see
   * {@link #hasHeadroom(int)}).
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return the rep's live mean minutes to first contact, starting from the profile's value, as the router sees it
   *     (see {@link #hasHeadroom(int)})
   */
  double responseMinutes(int ordinal);

  /**
   * How many times some rep's {@link #responseMinutes(int)} has changed in this router's view so far, for a strategy
   * that keeps reps ordered by response time and updates that order with {@link #responseChangesSince}; -1 if the
   * router does not count changes (then such an order can never be trusted).
   *
   * @return the count of changes so far, or -1
   */
  default long responseChanges() {
    return -1;
  }

  /**
   * Writes into {@code out} the ordinals whose {@link #responseMinutes(int)} changed since {@link #responseChanges()}
   * returned {@code since} (an ordinal may appear more than once) and returns how many it wrote; -1 if more than
   * {@code out.length} changed or the router no longer knows which did.
   *
   * @param since an earlier value of {@link #responseChanges()}
   * @param out where the ordinals go
   * @return how many ordinals were written, or -1
   */
  default int responseChangesSince(long since, int[] out) {
    return -1;
  }

  /**
   * The rep's estimated conversion rate for leads of {@code segment}, in [0, 1], or NaN when the router has no
   * outcome data.
   * @param ordinal the rep's ordinal in the roster snapshot
   * @param segment the segment
   * @return the rep's estimated conversion rate for leads of {@code segment}, in [0, 1], or NaN when the router has no
   *     outcome data
   */
  double conversionRate(int ordinal, Segment segment);

  /**
   * The rep's learned performance score for this lead, in [0, 1]: the posterior mean of its conversion rate for the
   * lead's segment and industry, shrunk toward the team; on an {@linkplain #exploring() exploration lead}, an
   * optimistic upper bound instead, so that reps with little data get leads to learn from. NaN when the router does
   * not learn from outcomes.
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return the rep's learned performance score for this lead, in [0, 1]: the posterior mean of its conversion rate
   *     for the lead's segment and industry, shrunk toward the team; on an {@linkplain #exploring() exploration lead}, an
   *     optimistic upper bound instead, so that reps with little data get leads to learn from
   */
  double performance(int ordinal);

  /** {@return true if the router's learning policy picked this lead for exploration (always false without learning)} */
  boolean exploring();

  /**
   * True while the router previews a decision ({@code Router.preview}): the strategy must pick exactly as it would
   * for real, and must change no state it keeps (round-robin turns, counters), so that the real decision that follows
   * is the same one.
   * @return true while the router previews a decision ({@code Router.preview}): the strategy must pick exactly as it
   *     would for real, and must change no state it keeps (round-robin turns, counters), so that the real decision that
   *     follows is the same one
   */
  default boolean isPreview() {
    return false;
  }

  /**
   * While the router previews several moves as one ({@code Router.previewRealignment},
   * {@code Router.previewRecycling}): what this strategy keeps for the rest of that preview under {@code key}, made by
   * {@code initial} at the first ask and the same object for each later lead of it; null outside such a preview (a
   * single {@code Router.preview} included). A strategy whose pick depends on its earlier picks, such as round-robin's
   * turns, keeps a copy of its state here (of the credits a store that shares turns holds, read with
   * {@link RoundRobinTurns#credits}) and takes its turns on the copy, so that a preview of several leads spreads them
   * as the real moves would, and changes nothing real.
   *
   * @param key the strategy's own key (the strategy itself, say)
   * @param initial makes the state at the first ask of the preview
   * @param <T> the state's type
   * @return the state kept for this preview, or null outside a preview of several moves
   */
  default <T> @Nullable T previewState(Object key, java.util.function.Supplier<T> initial) {
    return null;
  }

  /**
   * Round-robin turns shared by every router on the same state store, or null when the router's state is its own
   * (the in-memory default): then a strategy keeps its turns itself.
   *
   * @return round-robin turns shared by every router on the same state store, or null when the router's state is its
   *     own (the in-memory default): then a strategy keeps its turns itself
   */
  @Nullable RoundRobinTurns sharedTurns();

  /** {@return the decision instant, from the router's clock} */
  Instant now();

  /**
   * Why the rep at {@code ordinal} is not a candidate, in words a person can act on (e.g. "outside territory (lead
   * in GB)", "time off until ...", "at or above the capacity threshold", "narrowed out by step x"), or null when it
   * is one. For explanations only: slower than the other methods. The default says nothing.
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return why the rep at {@code ordinal} is not a candidate, in words a person can act on (e.g. "outside territory
   *     (lead in GB)", "time off until ...", "at or above the capacity threshold", "narrowed out by step x"), or null when
   *     it is one
   */
  default @Nullable String exclusionReason(int ordinal) {
    return null;
  }

  /**
   * The ordinal of the rep holding another open lead of the same contact as this lead (the same e-mail address,
   * ignoring case and surrounding blanks), or -1: none is open with a rep, the lead has no e-mail address, the rep is
   * not in the roster, or no step of the chain {@link RoutingStrategy#readsContacts() reads contacts} (only then are
   * leads noted). Whether that rep may take this lead is the caller's question ({@link #candidates()}). Asked
   * lazily: on a shared store the first call of a decision is one read. The default says -1.
   *
   * @return the ordinal of the rep holding another open lead of the same contact, or -1
   */
  default int sameContactHolder() {
    return -1;
  }

  /**
   * As {@link #sameContactHolder()}, and when the contact has no lead open with a rep, the rep that held its lead
   * closed last, if it closed within {@code closedWithin} before now (however long it was open); -1 if neither. The
   * strategy says how far it looks with {@link RoutingStrategy#contactsClosedWithin()}, so that the store keeps
   * released leads that long. The default answers {@link #sameContactHolder()}.
   *
   * @param closedWithin how far back to look for a closed lead; zero for open leads only
   * @return the ordinal of that rep, or -1
   */
  default int sameContactHolder(java.time.Duration closedWithin) {
    return sameContactHolder();
  }

  /**
   * The ordinal of the rep holding the latest other open lead from the same company as this lead, or -1. A lead's
   * company is the registrable domain of its e-mail address ({@code jo@eu.acme.com}: {@code acme.com}), or of its
   * website when the address is at a free-mail domain or missing; when neither names one, its company name
   * (normalised as account matching normalises it: {@code ACME, Inc.} is {@code Acme}); a lead with none of these has
   * none. -1 also when no lead
   * of the company is open with a rep, the rep is not in the roster, or no step of the chain
   * {@link RoutingStrategy#readsCompanies() reads companies} (only then are leads noted). Whether that rep may take
   * this lead is the caller's question ({@link #candidates()}). Asked lazily: on a shared store the first call of a
   * decision is one read. The default says -1.
   *
   * @return the ordinal of the rep holding another open lead of the same company, or -1
   */
  default int sameCompanyHolder() {
    return -1;
  }

  /**
   * As {@link #sameCompanyHolder()}, and when the company has no lead open with a rep, the rep that held its lead
   * closed last, if it closed within {@code closedWithin} before now; -1 if neither. The strategy says how far
   * it looks with {@link RoutingStrategy#contactsClosedWithin()}. The default answers {@link #sameCompanyHolder()}.
   *
   * @param closedWithin how far back to look for a closed lead; zero for open leads only
   * @return the ordinal of that rep, or -1
   */
  default int sameCompanyHolder(java.time.Duration closedWithin) {
    return sameCompanyHolder();
  }

  /**
   * True if this lead's company is known by its name only ({@link #sameCompanyHolder()}: no domain of its address or
   * website names one), so a match is by the company's name, which two companies may share; for explanations. The
   * default is false.
   *
   * @return true if the lead's company is its name
   */
  default boolean sameCompanyByName() {
    return false;
  }

  /**
   * The known account with id {@code accountId} (e.g. a parent account), or null. The default knows none.
   *
   * @param accountId the account id
   * @return the known account with id {@code accountId} (e.g. a parent account), or null
   */
  default @Nullable Account account(String accountId) {
    return null;
  }
}
