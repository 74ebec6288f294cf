package io.smartrouting.core.state;

import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Live routing state behind one router (or, for a shared store, behind many routers of one tenant).
 *
 * <p>Implementations are thread-safe. The in-memory default is {@link InMemoryStateStore}.
 */
public interface RoutingStateStore {

  /**
   * The live state of rep {@code repId}; the same instance (or an equivalent handle) on every call.
   *
   * @param repId the rep
   * @return its state
   */
  RepState rep(String repId);

  /**
   * Records {@code placement} for its lead if the lead has no placement yet.
   *
   * @param placement the lead's placement
   * @return the existing placement if there was one (nothing changed), else null
   */
  @Nullable Placement placeIfAbsent(Placement placement);

  /**
   * Records {@code placement} for its lead if the lead has no placement yet, and with it the lead's routing
   * {@code facts} (see {@link #saveLead}) when not null: one step where the store can (a shared store: one round
   * trip). The default places, then saves the facts if it placed.
   *
   * @param placement the lead's placement
   * @param facts the lead's routing facts to keep with it, or null
   * @return the existing placement if there was one (nothing changed), else null
   */
  default @Nullable Placement placeIfAbsent(Placement placement, io.smartrouting.api.@Nullable Lead facts) {
    Placement existing = placeIfAbsent(placement);
    if (existing == null && facts != null) {
      saveLead(facts);
    }
    return existing;
  }

  /**
   * True if this store takes a rep's unit together with the lead's placement ({@link #placeAndReserve}): the router
   * then checks capacity on its local view while deciding and makes the decision one write. A shared store that
   * pays a network round trip per call says true; the default is false (reserve, then place).
   *
   * @return whether a reservation and its placement are one write
   */
  default boolean reservesWithPlacement() {
    return false;
  }

  /**
   * Atomically: if the lead is not placed and its rep ({@code placement.repId()}, not null) holds fewer than
   * {@code limit} units, takes one unit for the lead and records the placement with the lead's routing
   * {@code facts} (when not null). The default composes {@link RepState#tryReserve(int, String)} and
   * {@link #placeIfAbsent(Placement, io.smartrouting.api.Lead)}, giving the unit back if the lead was placed
   * meanwhile.
   *
   * @param placement the lead's placement
   * @param facts the lead's routing facts to keep with it, or null
   * @param limit the most units the rep may hold with this one
   * @return placed, or why not
   */
  default PlaceResult placeAndReserve(Placement placement, io.smartrouting.api.@Nullable Lead facts, int limit) {
    return reserveThenPlace(placement, facts, limit, 0, 0);
  }

  /**
   * As {@link #placeAndReserve(Placement, io.smartrouting.api.Lead, int)}, with the rep's daily cap: the unit is
   * taken only if fewer than {@code dayCap} leads were taken on {@code day} (see
   * {@link RepState#tryReserve(int, String, long, int)}), and counts for it; otherwise {@link PlaceResult#FULL}.
   * {@code dayCap <= 0}: no cap. The default composes {@link RepState#tryReserve(int, String, long, int)} and
   * {@link #placeIfAbsent(Placement, io.smartrouting.api.Lead)}.
   *
   * @param placement the lead's placement
   * @param facts the lead's routing facts to keep with it, or null
   * @param limit the most units the rep may hold with this one
   * @param day the period the cap counts in (the epoch day in the rep's time zone for a daily cap)
   * @param dayCap the most leads the rep takes that day (0 or less: no cap)
   * @return placed, or why not
   */
  default PlaceResult placeAndReserve(Placement placement, io.smartrouting.api.@Nullable Lead facts, int limit,
      long day, int dayCap) {
    // Without a cap, the three-argument form, which a store may have made one write.
    return dayCap <= 0 ? placeAndReserve(placement, facts, limit) : reserveThenPlace(placement, facts, limit, day,
        dayCap);
  }

  /**
   * As {@link #placeAndReserve(Placement, io.smartrouting.api.Lead, int, long, int)} with several caps at once (see
   * {@link RepState#tryReserve(int, String, long[], int[])}): a rep with a daily and a weekly cap. The default composes
   * that and {@link #placeIfAbsent(Placement, io.smartrouting.api.Lead)}.
   *
   * @param placement the lead's placement
   * @param facts the lead's routing facts to keep with it, or null
   * @param limit the most units the rep may hold with this one
   * @param periods the rep's periods, one per cap (as {@link RepState#tryReserve(int, String, long[], int[])})
   * @param caps the most leads the rep takes in each period
   * @return placed, or why not
   */
  default PlaceResult placeAndReserve(Placement placement, io.smartrouting.api.@Nullable Lead facts, int limit,
      long[] periods, int[] caps) {
    if (periods.length == 1) {
      return placeAndReserve(placement, facts, limit, periods[0], caps[0]);
    }
    return reserveThenPlace(placement, facts, limit, periods, caps);
  }

  /**
   * The default composition of {@link #placeAndReserve}: the unit (and the day's count, with a cap), then the
   * placement, giving the unit back if the lead was placed meanwhile.
   */
  private PlaceResult reserveThenPlace(Placement placement, io.smartrouting.api.@Nullable Lead facts, int limit,
      long day, int dayCap) {
    RepState rep = rep(java.util.Objects.requireNonNull(placement.repId(), "placement.repId must not be null"));
    return rep.tryReserve(limit, placement.leadId(), day, dayCap) ? placeReserved(rep, placement, facts)
        : PlaceResult.FULL;
  }

  private PlaceResult reserveThenPlace(Placement placement, io.smartrouting.api.@Nullable Lead facts, int limit,
      long[] periods, int[] caps) {
    RepState rep = rep(java.util.Objects.requireNonNull(placement.repId(), "placement.repId must not be null"));
    return rep.tryReserve(limit, placement.leadId(), periods, caps) ? placeReserved(rep, placement, facts)
        : PlaceResult.FULL;
  }

  /** The placement after its unit was taken: given back if the lead was placed meanwhile. */
  private PlaceResult placeReserved(RepState rep, Placement placement, io.smartrouting.api.@Nullable Lead facts) {
    String repId = java.util.Objects.requireNonNull(placement.repId(), "placement.repId must not be null");
    Placement existing = placeIfAbsent(placement, facts);
    if (existing == null) {
      return PlaceResult.PLACED;
    }
    rep.releaseLost(placement.leadId(), existing.repId());
    return PlaceResult.alreadyPlaced(existing);
  }

  /**
   * True if this store keeps an index of contacts ({@link #noteContact}, {@link #openLeadOfContact}); a router with a
   * step that {@link io.smartrouting.spi.RoutingStrategy#readsContacts() reads contacts} refuses a store that does
   * not. The default is false.
   *
   * @return whether this store keeps contact notes
   */
  default boolean indexesContacts() {
    return false;
  }

  /**
   * Notes that lead {@code leadId}, about to be placed (with a rep, or in a queue from which a drain may give it one),
   * is contact {@code contactKey}'s (a 64-bit hash of the normalised e-mail address, or of the company's domain; a
   * store never sees either). A lead may be noted under several keys. A store may write the notes with the placement
   * that follows on this thread. The default does nothing.
   *
   * @param contactKey the contact's or company's key ({@link #noteContact})
   * @param leadId the lead about to be placed
   */
  default void noteContact(long contactKey, String leadId) {}

  /**
   * Moves open lead {@code leadId}'s notes from the keys {@code from} to the keys {@code to} (each a contact or company
   * key, {@link #noteContact}; keys in both stay), dated {@code at}: the lead was moved with corrected facts (another
   * e-mail address, another company), so the old person's or company's next lead must not find it, and the new one's
   * must. Written at once (not with a placement). A store that keeps the keys it noted a lead under takes the lead off
   * those too ({@code from} is what the caller could work out from the old facts, which may lack the address). The
   * default does nothing.
   *
   * @param leadId the lead
   * @param from the keys it was noted under, as far as the caller knows
   * @param to the keys it belongs under now
   * @param at when it was placed under them
   */
  default void moveContactNotes(String leadId, long[] from, long[] to, java.time.Instant at) {}

  /**
   * The placement of the latest lead noted for contact {@code contactKey} ({@link #noteContact}) that is open and
   * with a rep; null if none is, and by default.
   *
   * @param contactKey the contact's or company's key ({@link #noteContact})
   * @return the placement, or null
   */
  default @Nullable Placement openLeadOfContact(long contactKey) {
    return null;
  }

  /**
   * True if this store can answer {@link #repOfContact} for closed leads: it keeps each contact's released leads with
   * their last rep for the time {@link #keepReleasedLeads} asks. A router whose chain looks for closed leads
   * ({@link io.smartrouting.spi.RoutingStrategy#contactsClosedWithin()}) refuses a store that cannot. The default is
   * false.
   *
   * @return whether this store remembers contacts' closed leads
   */
  default boolean remembersClosedContacts() {
    return false;
  }

  /**
   * The rep of contact {@code contactKey}'s latest lead open with a rep ({@link #openLeadOfContact}); when none is
   * open and {@code closedSince} is given, the last rep of its latest lead closed at or after that instant (within
   * the store's keeping time; a lead released without its closing time, {@link #releasePlacement(String)}, counts
   * from its last assignment); else null. The default answers open leads only.
   *
   * @param contactKey the contact's or company's key ({@link #noteContact})
   * @param closedSince the earliest closing time of a closed lead to answer, or null for open leads only
   * @return the rep's id, or null
   */
  default @Nullable String repOfContact(long contactKey, java.time.@Nullable Instant closedSince) {
    Placement open = openLeadOfContact(contactKey);
    return open == null ? null : open.repId();
  }

  /**
   * {@link #openLeadOfContact} and {@link #repOfContact} for several keys at once (a lead's contact and its company):
   * for key {@code i} with no {@code closedSince[i]}, the rep of its latest lead open with a rep, or null when
   * there is none or that lead is {@code excludedLeadId} (the lead being routed); with one, what
   * {@code repOfContact(keys[i], closedSince[i])} answers. A shared store answers in one round trip. The default
   * asks key by key.
   *
   * @param keys the keys ({@link #noteContact})
   * @param closedSince per key, the earliest closing time of a closed lead to answer, or null for open leads only
   * @param excludedLeadId the lead being routed
   * @return per key, the rep's id or null
   */
  default @Nullable String[] repsOfContacts(long[] keys, java.time.@Nullable Instant[] closedSince,
      String excludedLeadId) {
    String[] reps = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      if (closedSince[i] != null) {
        reps[i] = repOfContact(keys[i], closedSince[i]);
      } else {
        Placement open = openLeadOfContact(keys[i]);
        reps[i] = open == null || open.leadId().equals(excludedLeadId) ? null : open.repId();
      }
    }
    return reps;
  }

  /**
   * {@link #repsOfContacts} as this store would answer once the moves in {@code moved} were made: each open lead it
   * names held by the rep it maps the lead to, or queued where it maps the lead to {@code ""}. A preview of several
   * moves (a realignment, recycling, an offboarding) asks this, so that a person's or a company's later lead sees
   * where the preview's earlier moves put their other leads, as the real moves, made one after another, would see it;
   * {@code moved} holds the previewed moves of leads noted under {@code keys}. Nothing is written.
   *
   * <p>The default answers as {@link #repsOfContacts}, ignoring {@code moved}: on such a store a preview sees those
   * leads where they were before it. The in-memory and Redis stores apply the moves.
   *
   * @param keys the keys ({@link #noteContact})
   * @param closedSince per key, the earliest closing time of a closed lead to answer, or null for open leads only
   * @param excludedLeadId the lead being routed
   * @param moved lead id to the rep a previewed move gives it, or {@code ""} for a queue
   * @return per key, the rep's id or null
   */
  default @Nullable String[] repsOfContactsAfter(long[] keys, java.time.@Nullable Instant[] closedSince,
      String excludedLeadId, java.util.Map<String, String> moved) {
    return repsOfContacts(keys, closedSince, excludedLeadId);
  }

  /**
   * The placement of an open lead, or null.
   *
   * @param leadId the lead
   * @return its placement, or null if it is not open
   */
  @Nullable Placement placement(String leadId);

  /**
   * An open lead's placement with the routing facts kept with it ({@link #savedLead}), read together where the store
   * can (a shared store: one round trip); null if the lead is not open. What a move a person asks for reads first. The
   * default reads the two apart.
   *
   * @param leadId the lead
   * @return its placement and facts, or null if it is not open
   */
  default @Nullable OpenLead openLead(String leadId) {
    Placement p = placement(leadId);
    return p == null ? null : new OpenLead(p, savedLead(leadId));
  }

  /**
   * An open lead's placement and the routing facts the store keeps with it.
   *
   * @param placement where the lead is
   * @param facts its routing facts as the store keeps them, or null if it keeps none
   */
  record OpenLead(Placement placement, io.smartrouting.api.@Nullable Lead facts) {
    /**
     * Validates the placement.
     *
     * @param placement where the lead is
     * @param facts its routing facts, or null
     */
    public OpenLead {
      java.util.Objects.requireNonNull(placement, "placement must not be null");
    }
  }

  /**
   * The placements of the open leads among {@code leadIds}, by lead id; a lead that is not open is left out. For a
   * reader of many at once (a queue's drain, on every timer tick). The default asks {@link #placement} for each; a
   * shared store reads them in one round trip a page.
   *
   * @param leadIds the leads
   * @return the open ones' placements by lead id
   */
  default java.util.Map<String, Placement> placementsOf(Collection<String> leadIds) {
    java.util.Map<String, Placement> out = new java.util.HashMap<>();
    for (String id : leadIds) {
      Placement p = placement(id);
      if (p != null) {
        out.put(id, p);
      }
    }
    return out;
  }

  /**
   * Records the first contact of an open lead: sets {@link Placement#contactedAt()} if it is not set yet.
   *
   * @param leadId the lead
   * @param at when its rep first contacted it
   * @return the placement before the change, or null if the lead is not open
   */
  @Nullable Placement markContacted(String leadId, java.time.Instant at);

  /**
   * True if this store records a first contact and the holder's response time in one step
   * ({@link #recordFirstContact}); a shared store that pays a round trip per call says true. The default is false:
   * the router reads the placement, marks the contact ({@link #markContacted}) and records the response time
   * ({@link RepState#recordResponseMinutes}) apart.
   *
   * @return whether a first contact is one write
   */
  default boolean contactsInOneStep() {
    return false;
  }

  /**
   * Atomically, for an open lead held by a rep and not contacted yet: sets {@link Placement#contactedAt()} to
   * {@code at} and adds the minutes from the assignment to {@code at} to the rep's response statistics. Only called
   * when {@link #contactsInOneStep()}.
   *
   * @param leadId the lead
   * @param at when its rep first contacted it
   * @return the placement before the change, or null if the lead is not open, is in a queue or was contacted
   *     already (nothing changed)
   * @throws IllegalArgumentException if {@code at} is before the lead's assignment (nothing changed)
   */
  default @Nullable Placement recordFirstContact(String leadId, java.time.Instant at) {
    throw new UnsupportedOperationException("this store records a contact in steps (contactsInOneStep is false)");
  }

  /**
   * Replaces the placement of a lead with {@code next} only if it is still exactly {@code expected} (an atomic
   * compare-and-set, used to move a lead on an SLA breach without ever having it in two places or none). A store that
   * {@link RepState#reservesPerLead reserves per lead} also refuses a move to a new holder that holds no unit for the
   * lead (the router reserves it first; a racing mover may have given back the unit both shared).
   *
   * @param expected the placement the caller read
   * @param next the placement to write
   * @return true if replaced
   */
  boolean replacePlacement(Placement expected, Placement next);

  /**
   * Moves an open lead: {@link #replacePlacement replaces} its placement {@code expected} with {@code next}, and if
   * that succeeds and the holder changes, gives back the unit {@code expected}'s rep holds for the lead and saves
   * {@code facts} (when not null) as the lead's routing facts ({@link #saveLead}). The unit at {@code next}'s rep is
   * the caller's to take first, as for {@link #replacePlacement}. A shared store does all of it in one round trip, all
   * or nothing, so a failure never leaves the lead moved with its old holder's unit still taken; the default does it
   * in those three steps.
   *
   * @param expected the placement the caller read
   * @param next the placement to write
   * @param facts the lead's routing facts to keep, or null to keep those kept
   * @return true if moved; false if the placement was no longer {@code expected} (nothing changed)
   * @throws IllegalArgumentException if the two placements are of different leads, or {@code facts} of another lead
   */
  default boolean movePlacement(Placement expected, Placement next, io.smartrouting.api.@Nullable Lead facts) {
    checkMove(expected, next, facts);
    if (!replacePlacement(expected, next)) {
      return false;
    }
    String old = expected.repId();
    if (old != null && !old.equals(next.repId())) {
      rep(old).release(expected.leadId());
    }
    if (facts != null) {
      saveLead(facts);
    }
    return true;
  }

  private static void checkMove(Placement expected, Placement next, io.smartrouting.api.@Nullable Lead facts) {
    if (!expected.leadId().equals(next.leadId())) {
      throw new IllegalArgumentException("movePlacement must keep the lead id but had " + expected.leadId() + " and "
          + next.leadId());
    }
    if (facts != null && !expected.leadId().equals(facts.id())) {
      throw new IllegalArgumentException("movePlacement: facts.id must be the moved lead's (" + expected.leadId()
          + ") but was " + facts.id());
    }
  }

  /**
   * Removes and returns the placement of a lead, or null if it had none.
   *
   * @param leadId the lead
   * @return the placement removed, or null if the lead was not open
   */
  @Nullable Placement removePlacement(String leadId);

  /**
   * Closes an open lead: removes its placement and gives back the unit its rep holds for it, in one step where the
   * store can (a shared store: one round trip, all or nothing). The default removes, then releases through
   * {@link #rep}.
   *
   * @param leadId the lead
   * @return the placement removed, or null if the lead was not open (nothing changed)
   */
  default @Nullable Placement releasePlacement(String leadId) {
    Placement p = removePlacement(leadId);
    if (p != null && p.repId() != null) {
      rep(p.repId()).release(leadId);
    }
    return p;
  }

  /**
   * {@link #releasePlacement} without waiting for it: a store that pays a round trip per call may queue the release
   * and send it later with other work, completing the future on the thread that sent it with the placement removed,
   * null if the lead was not open, or {@link StateUnavailableException} if nothing changed. The default releases at
   * once on the caller's thread.
   *
   * @param leadId the lead
   * @return the future of the placement removed (null if the lead was not open)
   */
  default java.util.concurrent.CompletableFuture<@Nullable Placement> releasePlacementAsync(String leadId) {
    try {
      return java.util.concurrent.CompletableFuture.completedFuture(releasePlacement(leadId));
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  /**
   * {@link #releasePlacement(String)}, told when the lead closed (by the router's clock): a store that
   * {@link #remembersClosedContacts() remembers closed contacts} counts a closed lead's recency from then, so a lead
   * worked for two months and closed yesterday is recent. The default ignores the time.
   *
   * @param leadId the lead
   * @param closedAt when it closed
   * @return as {@link #releasePlacement(String)}
   */
  default @Nullable Placement releasePlacement(String leadId, java.time.Instant closedAt) {
    return releasePlacement(leadId);
  }

  /**
   * {@link #releasePlacementAsync(String)}, told when the lead closed, as
   * {@link #releasePlacement(String, java.time.Instant)} is. The default ignores the time.
   *
   * @param leadId the lead
   * @param closedAt when it closed
   * @return as {@link #releasePlacementAsync(String)}
   */
  default java.util.concurrent.CompletableFuture<@Nullable Placement> releasePlacementAsync(String leadId,
      java.time.Instant closedAt) {
    return releasePlacementAsync(leadId);
  }

  /**
   * Whether this router may run the tenant's SLA timers, escalations and queue drains now. A store shared by many
   * routers lets one of them at a time (a lease); the default, a store of one router, always does.
   *
   * @return whether this router runs the timers now
   */
  default boolean holdsTimerLease() {
    return true;
  }

  /**
   * Counts the times this store acquired the timer lease; a router that sees it change loads the tenant's open
   * leads (their deadlines and queues) from the store, since other routers armed and queued them. Default 0.
   *
   * @return the lease's acquisitions so far
   */
  default long timerLeaseEpoch() {
    return 0;
  }

  /**
   * Claims the handling of the breach of lead {@code leadId}'s deadline {@code due}, so that a breach is reported and
   * acted on once across every router on the store, even while the timer lease changes hands. The default (a store of
   * one router) always answers {@link BreachClaim#FIRST}; that router remembers what it reported itself.
   *
   * @param leadId the lead
   * @param due the deadline it missed
   * @return {@link BreachClaim#REFUSED} if another router has the breach; {@link BreachClaim#FIRST} to the first
   *     router that claims it; {@link BreachClaim#AGAIN} when the breach was claimed before by this router (it retries
   *     a breach whose move the store failed) or by a router whose timer lease this one holds now (it takes the breach
   *     over)
   */
  default BreachClaim claimBreach(String leadId, java.time.Instant due) {
    return BreachClaim.FIRST;
  }

  /** The answer to {@link #claimBreach}: whether this router acts on a breach, and whether it reports it. */
  enum BreachClaim {
    /** Another router holds the breach: this one does nothing. */
    REFUSED,
    /** Nobody claimed the breach before: this router reports it (SLA breached, manager told) and moves the lead. */
    FIRST,
    /**
     * The breach was claimed before, by this router or by one whose timer lease this router now holds: the claimant
     * reported it as it claimed it (nothing goes to the store between the two), so this router moves the lead without
     * reporting the breach again. A claimant that died between its claim and its report leaves the breach unreported;
     * that window holds no call to the store, where the move after it holds one.
     */
    AGAIN
  }

  /**
   * A snapshot of every open placement.
   *
   * @return the open placements
   */
  Collection<Placement> placements();

  /**
   * A snapshot of the open placements held by one of {@code repIds} (those whose {@link Placement#repId()} is one of
   * them), in no particular order: what offboarding a rep, handing over an away rep's leads and
   * {@code Router.openPlacements(repId)} read. The default filters {@link #placements()}; a shared store reads only
   * those reps' leads (on Redis, from the sets of the units each rep holds: the router takes a lead's unit before or
   * with the placement that names its rep, so a placement written with {@link #placeIfAbsent(Placement)} for a rep
   * that does not hold the lead's unit is not found there).
   *
   * @param repIds the reps
   * @return the placements they hold
   * @throws NullPointerException if {@code repIds} or one of its ids is null
   */
  default Collection<Placement> placementsHeldBy(Collection<String> repIds) {
    java.util.Set<String> wanted = repIdSet(repIds);
    List<Placement> out = new java.util.ArrayList<>();
    if (wanted.isEmpty()) {
      return out;
    }
    for (Placement p : placements()) {
      if (p.repId() != null && wanted.contains(p.repId())) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * {@code repIds} as a set, for {@link #placementsHeldBy}.
   *
   * @throws NullPointerException naming the argument if it or one of its ids is null
   */
  private static java.util.Set<String> repIdSet(Collection<String> repIds) {
    java.util.Objects.requireNonNull(repIds, "repIds must not be null");
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String id : repIds) {
      out.add(java.util.Objects.requireNonNull(id, "repIds must not hold a null id"));
    }
    return out;
  }

  /**
   * A snapshot of the open placements waiting in a queue (those with a {@link Placement#queue()}), in no particular
   * order: what a queue's metrics and {@code Router.claimable} read. The default filters {@link #placements()}; a
   * shared store keeps an index so that it reads only those.
   *
   * @return the placements in a queue
   */
  default Collection<Placement> queuedPlacements() {
    List<Placement> out = new java.util.ArrayList<>();
    for (Placement p : placements()) {
      if (p.queue() != null) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * The ids of the leads waiting in queue {@code queue} (in any queue when null) in claim order: highest
   * {@link Placement#tier()} first, then the oldest {@link Placement#assignedAt()} (when the lead was queued), then by
   * lead id. What a rep asking for its next lead walks ({@code Router.claimNext}), reading the placements a page at a
   * time ({@link #placementsOf}) until it finds one it may take, so a claim costs what it reads, not the whole queue.
   * An id may name a lead that left its queue meanwhile; readers skip it. The default sorts
   * {@link #queuedPlacements()}; a shared store keeps the order.
   *
   * @param queue the queue, or null for every queue
   * @return the waiting leads' ids in claim order
   */
  default List<String> queuedLeadIds(@Nullable String queue) {
    List<Placement> queued = new java.util.ArrayList<>();
    for (Placement p : queuedPlacements()) {
      if (queue == null || queue.equals(p.queue())) {
        queued.add(p);
      }
    }
    queued.sort(java.util.Comparator.comparing(Placement::tier).thenComparing(Placement::assignedAt)
        .thenComparing(Placement::leadId));
    List<String> out = new java.util.ArrayList<>(queued.size());
    for (Placement p : queued) {
      out.add(p.leadId());
    }
    return out;
  }

  /**
   * The first {@code limit} ids of {@link #queuedLeadIds(String)} (all of them when fewer wait): the head of the
   * claim order, which serves most claims, without reading the rest. The default cuts the whole list; a shared store
   * reads only the head when it can.
   *
   * @param queue the queue, or null for every queue
   * @param limit the most ids to return, at least 1
   * @return the first ids in claim order
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  default List<String> queuedLeadIds(@Nullable String queue, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("queuedLeadIds: limit must be at least 1 but was " + limit);
    }
    List<String> all = queuedLeadIds(queue);
    return all.size() <= limit ? all : new java.util.ArrayList<>(all.subList(0, limit));
  }

  /**
   * Per queue with leads waiting, how many and since when the longest-waiting one: what a meter registry reads every
   * second ({@code Router.metrics()}). The default counts {@link #queuedPlacements()}; a shared store answers from
   * its claim order without reading the leads.
   *
   * @return the depth of each queue with leads waiting, by queue name
   */
  default java.util.Map<String, QueueDepth> queueDepths() {
    java.util.Map<String, QueueDepth> out = new java.util.TreeMap<>();
    for (Placement p : queuedPlacements()) {
      String q = p.queue();
      if (q != null) {
        QueueDepth was = out.get(q);
        out.put(q, was == null ? new QueueDepth(1, p.assignedAt()) : new QueueDepth(was.leads() + 1,
            p.assignedAt().isBefore(was.oldestQueuedAt()) ? p.assignedAt() : was.oldestQueuedAt()));
      }
    }
    return out;
  }

  /**
   * The cursor of the latest write of a placement with an SLA deadline or in a queue, to start
   * {@link #timedPlacementsSince} from (read it before a full read of {@link #placements()}); -1 if this store keeps
   * no index of them (the default): a timer-lease holder then reads every placement, from time to time, to find the
   * deadlines and queued leads of other routers.
   *
   * @return the cursor, or -1
   */
  default long timedCursor() {
    return -1;
  }

  /**
   * The open placements with an SLA deadline or in a queue written (placed or moved) after {@code cursor}, oldest
   * first, one page at a time.
   *
   * @param cursor a cursor from {@link #timedCursor()} or an earlier page
   * @return a page and the cursor to read the next from
   * @throws UnsupportedOperationException if {@link #timedCursor()} is -1 (the default)
   */
  default TimedPlacements timedPlacementsSince(long cursor) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no index of timed placements");
  }

  /**
   * Keeps the routing facts of an open lead (never contact details; its custom attributes too, which conditions and
   * strategies may read) with its placement, so that a restarted router, or another one, can move it through the
   * chain (an SLA breach, a transfer, an offboarding, a queue drain) however long ago it was routed and decide as the
   * router that routed it would. Does nothing if the lead is not open. The default keeps nothing.
   *
   * @param lead the lead's routing facts
   */
  default void saveLead(io.smartrouting.api.Lead lead) {}

  /**
   * The routing facts saved for an open lead, or null.
   *
   * @param leadId the lead
   * @return its saved facts, or null
   */
  default io.smartrouting.api.@Nullable Lead savedLead(String leadId) {
    return null;
  }

  /**
   * The routing facts saved for the open leads {@code leadIds}, by lead id; a lead without saved facts is left out.
   * For a reader of many at once (the waiting leads a rep may claim, {@code Router.claimable}). The default asks
   * {@link #savedLead} for each; a shared store reads them in one round trip.
   *
   * @param leadIds the leads
   * @return the saved facts of those that have some, by lead id
   */
  default java.util.Map<String, io.smartrouting.api.Lead> savedLeads(java.util.Collection<String> leadIds) {
    java.util.Map<String, io.smartrouting.api.Lead> out = new java.util.HashMap<>();
    for (String id : leadIds) {
      io.smartrouting.api.Lead lead = savedLead(id);
      if (lead != null) {
        out.put(id, lead);
      }
    }
    return out;
  }

  /**
   * Repairs what an interrupted decision may have left for {@code leadId}: gives back any unit reserved for the lead
   * at a rep that its placement does not name. Called by {@link io.smartrouting.core.Router#reconcile()} for leads
   * routed while the store was unavailable, and for leads whose move (a drain, a claim, a reassignment, a transfer) it
   * failed in the middle of, whether the placement's write landed or not; the default does nothing (in-memory state
   * cannot be interrupted).
   *
   * @param leadId the lead
   */
  default void reconcile(String leadId) {}

  /**
   * Round-robin turns shared by every router on this store, or null if the store is not shared (the default): the
   * router offers them to strategies as {@link io.smartrouting.spi.RoutingContext#sharedTurns()}.
   *
   * @return the shared turns, or null
   */
  default io.smartrouting.spi.@Nullable RoundRobinTurns roundRobinTurns() {
    return null;
  }

  /**
   * Round-robin turns taken with the placement, or null (the default): their {@code take} only predicts whose turn
   * it is, from what this store last saw of the shared turns, and the next {@link #placeAndReserve} on the same thread
   * that places the lead with the predicted rep takes the turn in the same write, answering
   * {@link PlaceResult#TURN_STALE} (nothing changed) when the prediction was wrong. A turn predicted but never placed
   * is not taken. The router uses these only in a decision whose placement is one {@code placeAndReserve} (see
   * {@link #reservesWithPlacement()}), and {@link #roundRobinTurns()} otherwise; a store that offers them saves the
   * round trip of a separate turn.
   *
   * @return turns taken with the placement, or null
   */
  default io.smartrouting.spi.@Nullable RoundRobinTurns turnsWithPlacement() {
    return null;
  }

  /**
   * True if the store keeps manual availability overrides ({@code Router.setAvailable}) for every router on it: a
   * router then writes each override here first and takes the others' from {@link #availabilityOverrides()} on every
   * timer tick ({@code Router.syncAvailability()}).
   *
   * @return whether routers on this store share availability overrides
   */
  default boolean sharesAvailability() {
    return false;
  }

  /**
   * Sets rep {@code repId}'s manual override ({@code true} available, {@code false} unavailable) or, with null,
   * clears it; only called when {@link #sharesAvailability()}.
   *
   * @param repId the rep
   * @param available its override, or null to clear it
   */
  default void setAvailabilityOverride(String repId, @Nullable Boolean available) {}

  /**
   * Every rep's manual availability override, by rep id (empty unless {@link #sharesAvailability()}).
   *
   * @return the overrides by rep id
   */
  default java.util.Map<String, Boolean> availabilityOverrides() {
    return java.util.Map.of();
  }

  /**
   * A rep offboarded lately on some router of the store, the policy its leads move by, and until when the routers'
   * timer ticks move the leads that still reach it ({@link #offboardings}).
   *
   * @param repId the rep who left
   * @param policy where its leads go
   * @param until until when ticks look for leads that reached it afterwards
   */
  record Offboarding(String repId, io.smartrouting.core.OffboardPolicy policy, java.time.Instant until) {}

  /**
   * Notes that rep {@code repId} was offboarded with {@code policy} and that leads reaching it until {@code until} are
   * to be moved; only called when {@link #sharesAvailability()}. Every router on the store then moves them on its
   * ticks, the one that runs the timers and drains among them, not only the router that offboarded the rep. The
   * default keeps nothing (a store for one router).
   *
   * @param repId the rep who left
   * @param policy where its leads go
   * @param until until when leads that reach it are moved
   */
  default void noteOffboarding(String repId, io.smartrouting.core.OffboardPolicy policy, java.time.Instant until) {}

  /**
   * The offboardings {@link #noteOffboarding} noted whose sweep has not ended by {@code now} (the router's clock); a
   * store may forget those that ended a while before it. Empty by default.
   *
   * @param now the router's clock
   * @return the offboardings still sweeping
   */
  default java.util.List<Offboarding> offboardings(java.time.Instant now) {
    return java.util.List.of();
  }

  /**
   * True if the store keeps named tallies that every router on it adds to and reads ({@link #addTallies},
   * {@link #tallies}): a shared store, so that an experiment's report counts the leads of every node. The default:
   * false (an experiment then counts in its own process).
   *
   * @return whether routers on this store share tallies
   */
  default boolean sharesTallies() {
    return false;
  }

  /**
   * Adds each of {@code deltas} to its field of the tallies named {@code name} (a field starts at 0), all at once; with
   * an {@code onceKey}, only if that key was not claimed within the last {@code keep} (and claims it), so that a count
   * told to several routers (a retried webhook reaching two nodes) is added once.
   *
   * @param name the tallies' name (an experiment's)
   * @param onceKey a key that makes the addition happen once, or null
   * @param keep how long {@code onceKey} is remembered
   * @param deltas the amounts to add, by field
   * @return false if {@code onceKey} was claimed before (nothing added), else true
   * @throws UnsupportedOperationException unless {@link #sharesTallies()} (the default)
   * @throws StateUnavailableException if a shared store cannot be reached
   */
  default boolean addTallies(String name, @Nullable String onceKey, java.time.Duration keep,
      java.util.Map<String, Double> deltas) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no shared tallies");
  }

  /**
   * The tallies named {@code name}: every field added to, with its sum; empty if none.
   *
   * @param name the tallies' name
   * @return each field's sum, by field
   * @throws UnsupportedOperationException unless {@link #sharesTallies()} (the default)
   * @throws StateUnavailableException if a shared store cannot be reached
   */
  default java.util.Map<String, Double> tallies(String name) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no shared tallies");
  }

  /**
   * True if the store keeps closed outcomes for every router on it; a learning router then writes each WON/LOST here
   * and makes its model mirror {@link #outcomeCounts()} (see {@link io.smartrouting.core.Router#syncLearning()}).
   *
   * @return whether routers on this store share closed outcomes
   */
  default boolean sharesOutcomes() {
    return false;
  }

  /**
   * Counts one closed outcome (only called when {@link #sharesOutcomes()}).
   *
   * @param repId the rep credited
   * @param segment the lead's segment
   * @param industry the lead's industry, or null
   * @param won true for WON, false for LOST
   */
  default void recordOutcome(String repId, io.smartrouting.api.Segment segment, @Nullable String industry,
      boolean won) {}

  /**
   * Counts lead {@code leadId}'s closed outcome, credited to {@code repId}, once for all the routers on the store
   * (only called when {@link #sharesOutcomes()}), under the model's half-life: with {@code halfLifeOutcomes > 0}, a
   * store that {@link #fadesOutcomes() fades outcomes} halves every count of the segment (rounding down) each time the
   * segment has had that many more closed outcomes, as {@link io.smartrouting.core.learning.ConversionModel#record}
   * does in memory, so that {@link #outcomeCounts()} answers what one model fed every node's outcomes in the store's
   * order would hold. The default counts through
   * {@link #recordOutcome(String, io.smartrouting.api.Segment, String, boolean)} and answers true.
   *
   * @param leadId the lead
   * @param repId the rep credited
   * @param segment the lead's segment
   * @param industry the lead's industry, or null
   * @param won true for WON, false for LOST
   * @param halfLifeOutcomes {@link io.smartrouting.core.learning.LearningPolicy#halfLifeOutcomes()}; 0: never fade
   * @param creditWindow how long the lead's credit is remembered: a second report within it, to any router, is not
   *     counted again
   * @return false if this lead's closed outcome was counted already (by any router)
   */
  default boolean recordOutcome(String leadId, String repId, io.smartrouting.api.Segment segment,
      @Nullable String industry, boolean won, long halfLifeOutcomes, java.time.Duration creditWindow) {
    recordOutcome(repId, segment, industry, won);
    return true;
  }

  /**
   * A learning router on a store that {@link #sharesOutcomes() shares outcomes} asks it, when the router is built, to
   * keep each released lead that a rep held (placement and saved routing facts) for at least {@code window}, its
   * attribution window, so that any router can credit an outcome reported for it ({@link #releasedLead}). The default
   * keeps none.
   *
   * @param window how long to keep a released lead
   */
  default void keepReleasedLeads(java.time.Duration window) {}

  /**
   * Removes what the store keeps of a lead that is no longer open, for a request to erase a person's data
   * ({@code Router.erase}, which releases the lead first): its placement and routing facts kept after its release
   * ({@link #keepReleasedLeads}), and its contact and company notes, a closed lead's included, so that no later lead
   * is matched to it ({@link #repOfContact}, {@link #repsOfContacts}). The default erases nothing, which is right for
   * a store that keeps nothing of a lead once released; a store of your own that keeps released leads or closed
   * contacts must override it.
   *
   * @param leadId the lead
   * @return true if the store kept something of the lead and removed it
   * @throws IllegalStateException if the lead is open (release it first)
   * @throws StateUnavailableException if the store cannot be reached (nothing was removed, or part of it: call again)
   */
  default boolean eraseLead(String leadId) {
    return false;
  }

  /**
   * A lead released within the store's keeping time, with its last placement and routing facts, or null: what a
   * router needs to credit an outcome reported for a lead that another router routed and released. The default
   * keeps none.
   *
   * @param leadId the lead
   * @return the released lead, or null
   */
  default @Nullable ReleasedLead releasedLead(String leadId) {
    return null;
  }

  /**
   * True if {@link #recordOutcome(String, String, io.smartrouting.api.Segment, String, boolean, long,
   * java.time.Duration)} honours a half-life. A
   * router whose learning policy has one refuses to build on a store that shares outcomes and does not fade them,
   * instead of letting the shared counts silently never fade.
   *
   * @return whether shared outcome counts fade with a half-life
   */
  default boolean fadesOutcomes() {
    return false;
  }

  /**
   * Every rep's closed outcomes, per segment and per segment × industry (empty unless {@link #sharesOutcomes()}).
   *
   * @return the counts per rep and segment, and per rep, segment and industry
   */
  default java.util.List<io.smartrouting.core.learning.OutcomeCount> outcomeCounts() {
    return java.util.List.of();
  }
}
