package io.smartrouting.core.state;

/**
 * Live state of one rep: open leads and response statistics. A router resolves one handle per rep id when it
 * compiles a roster snapshot and keeps it across roster updates, so implementations must return the same state
 * for the same rep id for the life of the store.
 *
 * <p>All methods are thread-safe; reservation is atomic.
 */
public interface RepState {

  /**
   * The rep's id.
   *
   * @return the rep's id
   */
  String repId();

  /**
   * Open leads now.
   *
   * @return the units held
   */
  int openLeads();

  /**
   * Atomically takes one unit of capacity if fewer than {@code limit} leads are open.
   *
   * @param limit the most units the rep may hold with this one
   * @return true if reserved; false if the rep was at or above the limit (nothing changed)
   */
  boolean tryReserve(int limit);

  /** Takes one unit of capacity regardless of any limit (an explicit, flagged override). */
  void forceReserve();

  /**
   * Atomically gives back one unit of capacity; never goes below zero.
   *
   * @return true if a unit was given back, false if nothing was open
   */
  boolean release();

  /**
   * Reserves one unit for lead {@code leadId}: like {@link #tryReserve(int)}, and idempotent per lead where the
   * store keeps lead ids (a shared store does: reserving the same lead twice takes one unit). The router always
   * calls this form; the default ignores the id.
   *
   * @param limit the most units the rep may hold with this one
   * @param leadId the lead the unit is for
   * @return true if reserved, or already held for the lead on a store that keeps lead ids; false if the rep was at or
   *     above the limit (nothing changed)
   */
  default boolean tryReserve(int limit, String leadId) {
    return tryReserve(limit);
  }

  /**
   * True if this state counts the leads taken each day for a rep's daily cap
   * ({@link io.smartrouting.api.Rep#dailyCap()}): {@link #tryReserve(int, String, long, int)} and
   * {@link #takenOn(long)} are then implemented. The default is false;
   * a router refuses a roster with a daily cap on a store whose states say false.
   *
   * @return whether daily caps are counted
   */
  default boolean countsDays() {
    return false;
  }

  /** Added to a week's number ({@link #tryReserve(int, String, long, int)}): week numbers never meet day numbers. */
  long WEEKS = 1L << 40;
  /** Added to a month's number (its epoch month, 1970-01 = 0): month numbers meet neither day nor week numbers. */
  long MONTHS = 1L << 41;

  /**
   * The kind of period number {@code n}: 0 a day, 1 a week, 2 a month ({@link #WEEKS}, {@link #MONTHS}).
   *
   * @param n a period number
   * @return its kind
   */
  static int periodKind(long n) {
    return n >= MONTHS ? 2 : n >= WEEKS ? 1 : 0;
  }

  /**
   * As {@link #tryReserve(int, String)}, and only if fewer than {@code dayCap} leads were taken on {@code day} through
   * this method; a reservation made counts one for that day, atomically with the unit. {@code day} is the caller's
   * period number: the router passes the epoch day in the rep's time zone for a daily cap, and for a weekly cap
   * {@link #WEEKS} plus the epoch day of the week's Monday (a number of its own, above every day's), and for a monthly
   * cap {@link #MONTHS} plus the month's number since 1970-01. Each kind is counted apart (a state that
   * {@link #countsSeveralPeriods() counts several} keeps the latest period of each kind; one that does not may start
   * a new count when the kind changes); periods of a kind before the latest counted one are not counted.
   * {@code dayCap <= 0} means no cap: the same as {@link #tryReserve(int, String)}.
   *
   * @param limit the most units the rep may hold with this one
   * @param leadId the lead the unit is for
   * @param day the period number
   * @param dayCap the most leads taken in that period (0 or less: no cap)
   * @return true if reserved; false if the rep was full or at its cap
   * @throws UnsupportedOperationException with a cap, unless {@link #countsDays()} (the default)
   */
  default boolean tryReserve(int limit, String leadId, long day, int dayCap) {
    if (dayCap <= 0) {
      return tryReserve(limit, leadId);
    }
    throw new UnsupportedOperationException("state of rep '" + repId() + "' does not count daily caps");
  }

  /**
   * Leads taken on {@code day} (a period number of any kind) through {@link #tryReserve(int, String, long, int)} and
   * {@link #tryReserve(int, String, long[], int[])} as far as this state knows (a shared store may know only this
   * node's and those it was refused for); 0 for a period before the latest counted one of its kind and by default.
   *
   * @param day the period number
   * @return the leads taken in it
   */
  default int takenOn(long day) {
    return 0;
  }

  /**
   * True if this state counts several periods of one rep at once ({@link #tryReserve(int, String, long[], int[])}): a
   * rep with a daily and a weekly cap. The default is false; a router refuses such a rep on a store whose states say
   * false.
   *
   * @return whether several caps are counted at once
   */
  default boolean countsSeveralPeriods() {
    return false;
  }

  /**
   * As {@link #tryReserve(int, String, long, int)} with several caps at once, each of another kind of period: only if,
   * for every {@code i}, fewer than {@code caps[i]} leads were taken in period {@code periods[i]}; a reservation made
   * counts one in each, atomically with the unit. With one period, the default is the one-period form.
   *
   * @param limit the most open leads
   * @param leadId the lead
   * @param periods period numbers, one of each kind at most (a day, {@link #WEEKS} + ..., {@link #MONTHS} + ...)
   * @param caps per period its cap, {@code > 0}
   * @return true if reserved
   * @throws UnsupportedOperationException with more than one period, unless {@link #countsSeveralPeriods()}
   */
  default boolean tryReserve(int limit, String leadId, long[] periods, int[] caps) {
    if (periods.length == 1) {
      return tryReserve(limit, leadId, periods[0], caps[0]);
    }
    throw new UnsupportedOperationException("state of rep '" + repId() + "' does not count several caps at once");
  }

  /**
   * Takes one unit for lead {@code leadId} regardless of any limit; the default ignores the id.
   *
   * @param leadId the lead the unit is for
   */
  default void forceReserve(String leadId) {
    forceReserve();
  }

  /**
   * Gives back the unit held for lead {@code leadId}; never below zero, and a shared store gives back nothing for a
   * lead it holds no unit for. The router always calls this form; the default ignores the id.
   *
   * @param leadId the lead whose unit is given back
   * @return true if a unit was given back
   */
  default boolean release(String leadId) {
    return release();
  }

  /**
   * True if reservations are kept per lead id, so that reserving a lead the rep already holds takes no second unit (a
   * shared store). Then, when two routers race to place the same lead with the same rep, the unit is the winner's and
   * the loser must not give it back; with anonymous units (the default, in memory) the loser's unit is its own and must
   * be given back.
   *
   * @return whether units are kept per lead id
   */
  default boolean reservesPerLead() {
    return false;
  }

  /**
   * Gives back the unit taken for lead {@code leadId} by a placement or move that lost its race to another: unless
   * this state {@link #reservesPerLead reserves per lead} and the winner placed the lead with this rep
   * ({@code winnerRepId}), when the one unit both took is the winner's. The router calls this, never {@link #release}
   * directly, after losing such a race.
   *
   * @param leadId the lead
   * @param winnerRepId the rep the winner placed the lead with; null if none (a queue, or the lead is gone)
   */
  default void releaseLost(String leadId, @org.jspecify.annotations.Nullable String winnerRepId) {
    if (!(reservesPerLead() && repId().equals(winnerRepId))) {
      release(leadId);
    }
  }

  /**
   * Records one observed time to first contact, in minutes (finite, {@code >= 0}).
   *
   * @param minutes the minutes from assignment to first contact
   */
  void recordResponseMinutes(double minutes);

  /**
   * Mean minutes to first contact, counting {@code priorMinutes} (the rep profile's value) as one observation,
   * so a rep with no history reports its profile value.
   *
   * @param priorMinutes the rep profile's response minutes
   * @return the mean, in minutes
   */
  double meanResponseMinutes(double priorMinutes);

  /**
   * The mean that {@link #meanResponseMinutes} reports, for implementations: {@code (prior + sum) / (1 + n)}, which
   * is the prior itself before any observation.
   *
   * @param priorMinutes the prior, counted as one observation
   * @param n the observations
   * @param sum their sum
   * @return the mean
   */
  static double meanWithPrior(double priorMinutes, long n, double sum) {
    return n == 0 ? priorMinutes : (priorMinutes + sum) / (1 + n);
  }

  /**
   * Checks an observed response time for {@link #recordResponseMinutes}.
   *
   * @param minutes the observed minutes
   * @throws IllegalArgumentException unless {@code minutes} is finite and {@code >= 0}
   */
  static void checkResponseMinutes(double minutes) {
    if (!(minutes >= 0) || Double.isInfinite(minutes)) {
      throw new IllegalArgumentException("response minutes must be finite and >= 0 but was " + minutes);
    }
  }
}
