package io.smartrouting.core.internal;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.OffboardPolicy;
import io.smartrouting.core.QueuePolicy;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lead's life after its first decision: the wait queues that drain, and the moves a caller asks for (reassign to
 * a named rep, transfer away from the holder, offboard a rep). Every move is one compare-and-set on the lead's
 * placement, so a lead is always in exactly one place; capacity is reserved at the new rep before the swap and given
 * back by whichever side lost. The router delegates to this; thread-safe. Not API.
 */
public final class LeadLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(LeadLifecycle.class);

  /**
   * A lead waiting in a queue, with what draining it needs, and what the drain last found about it ({@link Stuck}: a
   * new entry, as the lead's facts change, starts without).
   */
  private record Waiting(Lead lead, Tier tier, Instant queuedAt, Set<String> excluded, Instant firstRoutedAt,
      Stuck stuck) {
    Waiting(Lead lead, Tier tier, Instant queuedAt, Set<String> excluded, Instant firstRoutedAt) {
      this(lead, tier, queuedAt, excluded, firstRoutedAt, new Stuck());
    }
  }

  /**
   * The drain's last look at a waiting lead when nobody was eligible for it even ignoring capacity, and on what: while
   * the configuration, the roster, its availability view, the relaxations and the reps the lead may not go back to
   * are the same, a move would find nobody again (capacity does not enter into it), so the pass skips the lead. A
   * roster, reconfiguration, shift, time off, manual availability change, longer wait (a relaxation) or move changes
   * one of them. Until 7 December every pass qualified every such lead again: a backlog of leads from a country nobody
   * covers cost each tick about 0.4 µs a lead at 1,000 reps and 4 µs at 100,000.
   */
  private static final class Stuck {
    volatile @Nullable NobodyEligible last;
  }

  /**
   * What a move that found nobody eligible depended on, by numbers rather than references (a note must not keep a
   * replaced roster or chain alive while its lead waits): the configuration's generation, the roster's version, and
   * the availability view by the instant it was made for and the manual overrides' version (a view is made again only
   * when one of those changes).
   */
  private record NobodyEligible(int generation, long rosterVersion, Instant viewAt, long overridesVersion, int relax,
      Set<String> notTo) {
    NobodyEligible(int generation, RosterSnapshot snap, Availability.View view, int relax, Set<String> notTo) {
      this(generation, snap.version, view.at(), view.overridesVersion, relax, notTo);
    }

    boolean same(int g, RosterSnapshot s, Availability.View v, int r, Set<String> n) {
      return generation == g && rosterVersion == s.version && viewAt.equals(v.at())
          && overridesVersion == v.overridesVersion && relax == r && notTo.equals(n);
    }
  }

  private static final Comparator<Waiting> DRAIN_ORDER = Comparator.comparing(Waiting::tier)
      .thenComparing(Waiting::queuedAt).thenComparing(w -> w.lead().id());

  /** A waiting lead a drain pass tries to move, with what its checks found. */
  private record Due(Waiting waiting, Placement placement, @Nullable QueuePolicy policy, Duration waited, int relax,
      Set<String> notTo) {}

  private static final Comparator<Due> DUE_ORDER = Comparator.comparing(Due::waiting, DRAIN_ORDER);

  private final RoutingStateStore store;
  // The configuration parts (replaced together by reconfigure; each read on its own).
  private volatile Pipeline pipeline;
  /**
   * Counts reconfigurations, for {@link NobodyEligible}; raised after the pipeline is replaced, so a pass that reads it
   * before the pipeline never pairs a new generation with the old pipeline.
   */
  private final java.util.concurrent.atomic.AtomicInteger generation = new java.util.concurrent.atomic.AtomicInteger();
  private final Supplier<RosterSnapshot> snapshot;
  private final TimerQueue timers;
  private final RecentWindow<Decision> recent;
  private final MetricsRecorder metrics;
  private final EventBus events;
  private final Availability.Overrides overrides;
  private final BiConsumer<Lead, Decision> attribute;
  private final Consumer<String> forgetAttribution;
  /**
   * Told the id of a lead whose move the store interrupted (it failed between taking a unit and giving one back), so
   * that reconcile asks the store to give back a unit the lead's placement does not name.
   */
  private final Consumer<String> interrupted;
  private volatile Map<String, QueuePolicy> queuePolicies;
  private volatile String fallbackQueue;
  private volatile Map<Tier, Duration> sla;
  private volatile Set<Tier> businessHours;
  private final ConcurrentHashMap<String, Waiting> waiting = new ConcurrentHashMap<>();
  /**
   * The leads this router moves when a move covers leads it finds in the store (offboarding, account moves,
   * realignment, hand-overs, recycling; on a shared store the timers and drains it takes up); null: all of them.
   */
  private volatile java.util.function.@Nullable Predicate<Lead> owns;

  /** Credits an SDR with a lead qualified under it and handed off, for learning ({@code Outcomes}). */
  @FunctionalInterface
  public interface QualificationCredit {
    /**
     * Credits SDR {@code sdrId} with lead {@code leadId}'s qualification.
     *
     * @param leadId the lead handed off
     * @param sdrId the SDR that held it when it was qualified
     * @param segment the lead's segment, as its new facts classify it
     * @param industry the lead's industry, or null
     */
    void credit(String leadId, String sdrId, Segment segment, @Nullable String industry);
  }

  private final QualificationCredit qualified;

  public LeadLifecycle(RoutingStateStore store, Pipeline pipeline, Supplier<RosterSnapshot> snapshot,
      TimerQueue timers, RecentWindow<Decision> recent, MetricsRecorder metrics, EventBus events,
      Availability.Overrides overrides, BiConsumer<Lead, Decision> attribute, Consumer<String> forgetAttribution,
      QualificationCredit qualified, Consumer<String> interrupted, Map<String, QueuePolicy> queuePolicies,
      String fallbackQueue, Map<Tier, Duration> sla, Set<Tier> businessHours) {
    this.store = store;
    this.pipeline = pipeline;
    this.snapshot = snapshot;
    this.timers = timers;
    this.recent = recent;
    this.metrics = metrics;
    this.events = events;
    this.overrides = overrides;
    this.attribute = attribute;
    this.forgetAttribution = forgetAttribution;
    this.qualified = qualified;
    this.interrupted = interrupted;
    this.queuePolicies = Map.copyOf(queuePolicies);
    this.fallbackQueue = fallbackQueue;
    this.sla = Map.copyOf(sla);
    this.businessHours = Set.copyOf(businessHours);
  }

  /**
   * Moves found in the store cover only the leads {@code owns} accepts (read with their saved facts, or their id alone
   * when none are known); the others are left to the routers that own them (an experiment's other variants).
   */
  public void ownOnly(java.util.function.Predicate<Lead> owns) {
    this.owns = Objects.requireNonNull(owns, "owns must not be null");
  }

  /** True if this router moves {@code lead} when it finds it in the store (see {@link #ownOnly}). */
  public boolean owns(Lead lead) {
    java.util.function.Predicate<Lead> mine = owns;
    return mine == null || mine.test(lead);
  }

  /** A new configuration: waiting leads stay, and drain under the new chain and queue policies. */
  public void reconfigure(Pipeline pipeline, Map<String, QueuePolicy> queuePolicies, String fallbackQueue,
      Map<Tier, Duration> sla, Set<Tier> businessHours) {
    this.queuePolicies = Map.copyOf(queuePolicies);
    this.fallbackQueue = fallbackQueue;
    this.sla = Map.copyOf(sla);
    this.businessHours = Set.copyOf(businessHours);
    this.pipeline = pipeline;
    generation.incrementAndGet();
  }

  /** Remembers a lead the router just placed in a queue, so that it drains. */
  public void queued(Lead lead, Tier tier, Instant at, Set<String> excluded, Instant firstRoutedAt) {
    waiting.put(lead.id(), new Waiting(lead, tier, at, Set.copyOf(excluded), firstRoutedAt));
  }

  /**
   * Takes the facts and tier saved with a waiting lead's placement, which another router rewrote, placed in its queue
   * since {@code placedAt}: after an update of its facts its place in the queue stays; after a move into a queue
   * afresh (a requeue there) it waits since then, as on one router (until 6 December 2026 it kept its old place, ahead
   * of leads that had waited longer). The reps it must not go back to stay.
   */
  public void refreshWaiting(String leadId, Lead saved, Tier tier, Instant placedAt) {
    // Facts this router holds that the saved ones only repeat (its own write, read back without the address and with
    // the account it matched) stay as they are. Times compared to the millisecond a shared store keeps.
    waiting.computeIfPresent(leadId, (id, w) -> {
      boolean sameFacts = w.tier() == tier && LeadForm.sameSavedFacts(w.lead(), saved)
          && (w.lead().accountId() == null || w.lead().accountId().equals(saved.accountId()));
      boolean samePlace = w.queuedAt().toEpochMilli() == placedAt.toEpochMilli();
      return sameFacts && samePlace ? w : new Waiting(sameFacts ? w.lead() : saved, tier,
          samePlace ? w.queuedAt() : placedAt, w.excluded(), w.firstRoutedAt());
    });
  }

  /** True if lead {@code leadId} waits in this router's queues. */
  public boolean isWaiting(String leadId) {
    return waiting.containsKey(leadId);
  }

  /** Forgets a lead that left its queue some other way (released). */
  public void forget(String leadId) {
    if (!waiting.isEmpty()) {
      waiting.remove(leadId);
    }
  }

  /** Forgets every waiting lead: another router drains them (the timer-lease holder of a shared store). */
  public void forgetAllWaiting() {
    if (!waiting.isEmpty()) {
      waiting.clear();
    }
  }

  /** Leads waiting in this router's queues. */
  public int waitingCount() {
    return waiting.size();
  }

  /**
   * Assigns waiting leads, highest tier first and oldest first within a tier, to reps who can take them now (with
   * each queue's relaxations for the time the lead has waited).
   *
   * @return the number of leads assigned
   */
  public int drain(Instant now) {
    if (waiting.isEmpty()) {
      return 0;
    }
    RosterSnapshot snap = snapshot.get();
    int gen = generation.get();
    Pipeline pipe = pipeline;
    Availability.View view = snap.availability.at(now);
    if (!snap.anyHasRoom(view.available)) {
      // Nobody who may be assigned now has room, not even for an override or as a manager: every move would find no
      // one (after hours, or every rep full), and a backlog of thousands cost milliseconds a tick for nothing. The
      // leads keep their places; the next pass looks again.
      return 0;
    }
    List<Waiting> all = new ArrayList<>(waiting.values());
    // Every waiting lead's placement in one read (on a shared store, a round trip a page, not one a lead on every
    // tick); a placement that changes meanwhile fails its move's compare-and-set, and the next pass reads it again.
    List<String> ids = new ArrayList<>(all.size());
    for (Waiting w : all) {
      ids.add(w.lead().id());
    }
    Map<String, Placement> placed = store.placementsOf(ids);
    // The leads this pass tries to move, then sorted into the drain's order: a lead still in its claim window, or
    // known to have nobody eligible on what has not changed since, is neither sorted nor moved.
    List<Due> due = new ArrayList<>();
    for (Waiting w : all) {
      String id = w.lead().id();
      Placement p = placed.get(id);
      if (p == null || p.queue() == null) {
        waiting.remove(id, w);
        continue;
      }
      if (p.tier() != w.tier()) {
        // Another router updated the lead's facts (its tier shows it) since the take-up: drain it with the facts saved
        // with it.
        Lead saved = store.savedLead(id);
        if (saved != null) {
          refreshWaiting(id, saved, p.tier(), p.assignedAt());
          w = waiting.getOrDefault(id, w);
        }
      }
      QueuePolicy policy = queuePolicies.get(p.queue());
      Duration waited = Duration.between(w.queuedAt(), now);
      if (policy != null && waited.compareTo(policy.claimWindow()) < 0) {
        continue; // kept for a rep to claim for now
      }
      int relax = policy == null ? 0 : relaxFlags(policy.relaxationsAt(waited));
      // The reps it must not go back to: as this router queued it, and as its placement keeps them (another router
      // may have moved it before it was queued).
      Set<String> notTo = excludedFrom(p, w);
      NobodyEligible stuck = w.stuck().last;
      if (stuck != null && stuck.same(gen, snap, view, relax, notTo)) {
        continue; // nobody was eligible on all that the answer depends on, and none of it changed
      }
      due.add(new Due(w, p, policy, waited, relax, notTo));
    }
    due.sort(DUE_ORDER);
    int drained = 0;
    for (Due t : due) {
      Placement p = t.placement();
      QueuePolicy policy = t.policy();
      int relax = t.relax();
      String waitedNote = "drained from queue '" + p.queue() + "' after waiting " + minutes(t.waited())
          + (policy == null || policy.claimWindow().isZero() ? ""
              : " (nobody claimed it within " + period(policy.claimWindow()) + ")");
      Waiting queued = t.waiting();
      Set<String> notTo = t.notTo();
      if (interruptible(p.leadId(), () -> {
        // The lead's own criteria first, then the relaxations its wait earned one step at a time: a relaxation
        // widens the pool only when the narrower one cannot take the lead now (a lead that waited a weekend, earning
        // them all, goes to its own segment's reps on Monday morning when they have room).
        Pipeline.MoveAttempt a = null;
        String note = waitedNote;
        for (Set<QueuePolicy.Relaxation> level : relaxationLevels(policy, t.waited())) {
          note = waitedNote + (level.isEmpty() ? "" : " (relaxed: " + level + ")");
          a = pipe.attemptMove(snap, queued.lead(), now, notTo, relaxFlags(level), note, Flag.DRAINED);
          if (a.decision() != null) {
            break;
          }
        }
        queued.stuck().last = a.nobodyEligible() ? new NobodyEligible(gen, snap, view, relax, notTo) : null;
        Decision d = a.decision();
        return d != null && commit(p, d, queued.lead(), RoutingEvent.Move.DRAINED, note, now, notTo,
            queued.firstRoutedAt(), snap);
      })) {
        drained++;
      }
    }
    return drained;
  }

  /**
   * The relaxations a drain tries for a lead of queue policy {@code policy} that has waited {@code waited}, strictest
   * first: none, then each step it has earned added to those before it, in the policy's order; the last is all it
   * has earned.
   */
  private static List<Set<QueuePolicy.Relaxation>> relaxationLevels(@Nullable QueuePolicy policy, Duration waited) {
    List<Set<QueuePolicy.Relaxation>> levels = new ArrayList<>(2);
    Set<QueuePolicy.Relaxation> level = java.util.EnumSet.noneOf(QueuePolicy.Relaxation.class);
    levels.add(Set.of());
    for (QueuePolicy.Step step : policy == null ? List.<QueuePolicy.Step>of() : policy.steps()) {
      if (waited.compareTo(step.after()) >= 0 && level.add(step.relaxation())) {
        levels.add(java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(level)));
      }
    }
    return levels;
  }

  /** A queued lead as a claim sees it: where it waits, since when, and its queue entry on this router if any. */
  private record Claimable(Placement placement, Instant queuedAt, @Nullable Waiting waiting) {}

  /**
   * Rep {@code repId} takes the first lead waiting in a queue ({@code queue}, or any when null) that it may take now:
   * highest tier first, oldest first within a tier (the drain's order); one it qualifies for by the hard criteria a
   * decision applies (with the queue's relaxations for the time the lead has waited), that it never held, and that it
   * has room for. Walks the store's claim order ({@link RoutingStateStore#queuedLeadIds}), so that any router on a
   * shared store can answer, reading its head first ({@link #CLAIM_HEAD} ids), the placements a page at a time and a
   * lead's facts when its turn comes (a page ahead): a claim that finds a lead early reads little however long the
   * queue.
   *
   * @return the decision, or null if no waiting lead is one the rep may take now
   */
  public @Nullable Decision claim(String repId, @Nullable String queue, Instant now) {
    RosterSnapshot snap = snapshot.get();
    int o = claimant("claimNext", snap, repId);
    Map<String, Lead> read = new HashMap<>();
    Decision[] claimed = new Decision[1];
    walkClaimOrder(queue, CLAIM_HEAD, ids -> {
      for (int from = 0; from < ids.size() && claimed[0] == null; from += FACTS_AHEAD) {
        List<Claimable> page = claimOrder(snap.reps[o], queue, ids.subList(from, Math.min(ids.size(), from
            + FACTS_AHEAD)));
        claimed[0] = claimFrom(page, read, snap, o, now);
      }
      return claimed[0] != null;
    });
    return claimed[0];
  }

  /**
   * Hands {@code visit} the claim order of {@code queue}: its first {@code head} ids, then, unless {@code visit} says
   * it is done or that was all of it, the rest of the order as read anew (without the ids it was handed already).
   */
  private void walkClaimOrder(@Nullable String queue, int head, java.util.function.Predicate<List<String>> visit) {
    List<String> first = store.queuedLeadIds(queue, head);
    if (visit.test(first) || first.size() < head) {
      return;
    }
    Set<String> seen = new HashSet<>(first);
    List<String> rest = new ArrayList<>();
    for (String id : store.queuedLeadIds(queue)) {
      if (!seen.contains(id)) {
        rest.add(id);
      }
    }
    visit.test(rest);
  }

  /** {@link #claim} over one page of the claim order: the first lead of {@code order} rep {@code o} may take. */
  private @Nullable Decision claimFrom(List<Claimable> order, Map<String, Lead> read, RosterSnapshot snap, int o,
      Instant now) {
    String repId = snap.reps[o].id();
    for (int i = 0; i < order.size(); i++) {
      Claimable c = order.get(i);
      Placement p = c.placement();
      Waiting w = c.waiting();
      Set<String> excluded = excludedFrom(c.placement(), c.waiting());
      Lead lead = excluded.contains(repId) ? null : factsOf(order, i, FACTS_AHEAD, read);
      if (lead == null) {
        continue; // held it before; or its routing facts are unknown, and it waits for a person
      }
      QueuePolicy policy = queuePolicies.get(p.queue());
      Duration waited = Duration.between(c.queuedAt(), now);
      // A claim has a rep: the manager relaxation, a drain's way to one, has nothing to add.
      int relax = policy == null ? 0 : relaxFlags(policy.relaxationsAt(waited)) & ~Pipeline.RELAX_MANAGER;
      Decision claimed = interruptible(p.leadId(), () -> {
        if (!pipeline.takeIfQualified(snap, lead, now, relax, o)) {
          return null;
        }
        String note = "claimed by " + repId + " from queue '" + p.queue() + "' after waiting " + minutes(waited)
            + (relax == 0 ? "" : " (relaxed: " + policy.relaxationsAt(waited) + ")");
        Decision d = moveDecision(p.leadId(), p.tier(), moved(RoutingEvent.Move.CLAIMED), now, snap, lead, note)
            .rep(repId).slaDeadline(deadline(snap.reps[o], p.tier(), now)).flag(Flag.CLAIMED).build();
        Instant firstRouted = w != null ? SlaBreaches.earlier(w.firstRoutedAt(), p.firstRoutedAt()) : firstRoutedAt(p);
        return commit(p, d, lead, RoutingEvent.Move.CLAIMED, note, now, excluded, firstRouted, snap) ? d : null;
      });
      if (claimed != null) {
        return claimed;
      }
      // Not one it qualifies for or has room for; or drained, claimed or released meanwhile (commit gave the unit
      // back): on to the next.
    }
    return null;
  }

  /**
   * The first {@code limit} waiting leads rep {@code repId} could claim now, in claim order, whatever its room: what
   * {@link #claim} would go through, taking nothing. Reads the claim order a page at a time until it has them (all of
   * it at once when {@code limit} is at least its length).
   */
  public List<Placement> claimable(String repId, @Nullable String queue, Instant now, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("claimable: limit must be at least 1 but was " + limit);
    }
    RosterSnapshot snap = snapshot.get();
    int o = claimant("claimable", snap, repId);
    List<Placement> out = new ArrayList<>();
    Map<String, Lead> read = new HashMap<>();
    walkClaimOrder(queue, Math.max(CLAIM_HEAD, limit), ids -> {
      int pageSize = limit >= ids.size() ? Math.max(1, ids.size()) : Math.max(FACTS_AHEAD, limit);
      for (int from = 0; from < ids.size() && out.size() < limit; from += pageSize) {
        List<Claimable> order = claimOrder(snap.reps[o], queue, ids.subList(from, Math.min(ids.size(),
            from + pageSize)));
        for (int i = 0; i < order.size() && out.size() < limit; i++) {
          Claimable c = order.get(i);
          Placement p = c.placement();
          // The facts of the page's waiting leads this router does not hold, in one read (a round trip on Redis).
          Lead lead = factsOf(order, i, Integer.MAX_VALUE, read);
          if (lead == null || excludedFrom(c.placement(), c.waiting()).contains(repId)) {
            continue;
          }
          QueuePolicy policy = queuePolicies.get(p.queue());
          Duration waited = Duration.between(c.queuedAt(), now);
          if (pipeline.qualifies(snap, lead, now, policy == null ? 0 : relaxFlags(policy.relaxationsAt(waited)),
              o)) {
            out.add(p);
          }
        }
      }
      return out.size() >= limit;
    });
    return out;
  }

  /** Waiting leads whose routing facts a claim reads in one go. */
  private static final int FACTS_AHEAD = 32;

  /** How many ids of the claim order a claim reads first ({@link RoutingStateStore#queuedLeadIds(String, int)}). */
  static final int CLAIM_HEAD = 2 * FACTS_AHEAD;

  /**
   * The routing facts of the lead at {@code i} of {@code order}, as {@link #leadOf} tells them: the store's, read
   * together with those of the next leads of {@code order} not read yet, up to {@code ahead} in one read
   * ({@link RoutingStateStore#savedLeads}) and kept in {@code read}, unless this router holds the same (then its own
   * copy). So walking a long queue costs a read a page, not a round trip a lead. Until 6 December 2026 a lead this
   * router held facts of was claimed by those without asking the store: a lead another router had updated since (to
   * another country, say) went to a rep who no longer qualified for it.
   */
  private @Nullable Lead factsOf(List<Claimable> order, int i, int ahead, Map<String, Lead> read) {
    String id = order.get(i).placement().leadId();
    if (!read.containsKey(id)) {
      List<String> ids = new ArrayList<>();
      for (int k = i; k < order.size() && ids.size() < ahead; k++) {
        String nextId = order.get(k).placement().leadId();
        if (!read.containsKey(nextId)) {
          ids.add(nextId);
        }
      }
      Map<String, Lead> got = store.savedLeads(ids);
      for (String nextId : ids) {
        read.put(nextId, got.get(nextId));
      }
    }
    return freshest(id, read.get(id));
  }

  /** Rep {@code repId}'s ordinal; refuses a rep the roster does not have, naming {@code op}. */
  private static int claimant(String op, RosterSnapshot snap, String repId) {
    int o = snap.ordinalOf(repId);
    if (o < 0) {
      throw new IllegalArgumentException(op + ": no rep with id '" + repId + "' in roster version " + snap.version);
    }
    return o;
  }

  /**
   * The leads of {@code ids}, the claim order or a page of it, that wait in a queue ({@code queue}, or any) rep
   * {@code rep} may claim from and that it did not hold, in that order; their placements read in one go
   * ({@link RoutingStateStore#placementsOf}).
   */
  private List<Claimable> claimOrder(Rep rep, @Nullable String queue, List<String> ids) {
    String repId = rep.id();
    Map<String, Placement> placed = store.placementsOf(ids);
    List<Claimable> order = new ArrayList<>();
    for (String id : ids) {
      Placement p = placed.get(id);
      if (p != null && p.queue() != null && (queue == null || queue.equals(p.queue()))
          && !p.earlierHolders().contains(repId) && mayClaimFrom(rep, p.queue())) {
        Waiting w = waiting.get(p.leadId());
        order.add(new Claimable(p, w != null ? w.queuedAt() : p.assignedAt(), w));
      }
    }
    return order;
  }

  /** Whether {@code rep} is among those who may claim queue {@code queue}'s leads ({@link QueuePolicy#claimedBy}). */
  private boolean mayClaimFrom(Rep rep, String queue) {
    QueuePolicy policy = queuePolicies.get(queue);
    return policy == null || policy.claimedBy() == null || policy.claimedBy().matches(rep);
  }

  /**
   * The reps queued lead {@code p} must not go back to: as its placement keeps them (another router may have moved it
   * before it was queued), and as this router queued it ({@code w}, null if this router holds no entry for it).
   */
  private static Set<String> excludedFrom(Placement p, @Nullable Waiting w) {
    if (w != null && w.excluded().containsAll(p.earlierHolders())) {
      return w.excluded();
    }
    Set<String> excluded = new HashSet<>(p.earlierHolders());
    if (w != null) {
      excluded.addAll(w.excluded());
    }
    return excluded;
  }

  /** {@link Pipeline} relaxation bits for a queue's relaxations. */
  private static int relaxFlags(Iterable<QueuePolicy.Relaxation> relaxations) {
    int relax = 0;
    for (QueuePolicy.Relaxation r : relaxations) {
      relax |= switch (r) {
        case ANY_SEGMENT -> Pipeline.RELAX_SEGMENT;
        case ANY_TERRITORY -> Pipeline.RELAX_TERRITORY;
        case ANY_LANGUAGE -> Pipeline.RELAX_LANGUAGE;
        case MANAGER -> Pipeline.RELAX_MANAGER;
      };
    }
    return relax;
  }

  /**
   * Moves an open lead to rep {@code repId}, chosen by a person: the rep needs capacity left (up to its full
   * capacity; the threshold and the hard criteria are the person's call).
   */
  public Decision reassign(String leadId, String repId, String reason, Instant now) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    Objects.requireNonNull(repId, "repId must not be null");
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reassign: reason must not be blank (lead " + leadId + ")");
    }
    RosterSnapshot snap = snapshot.get();
    int o = snap.ordinalOf(repId);
    if (o < 0) {
      throw new IllegalArgumentException("reassign: no rep with id '" + repId + "' in roster version " + snap.version);
    }
    RoutingStateStore.OpenLead open = openLead("reassign", leadId);
    Placement p = open.placement();
    if (repId.equals(p.repId())) {
      throw new IllegalArgumentException("reassign: lead " + leadId + " is already with rep '" + repId + "'");
    }
    return interruptible(leadId, () -> {
      if (!snap.states[o].tryReserve(snap.capacity(o), leadId)) {
        snap.refreshSaturation(o);
        throw new IllegalStateException("reassign: rep '" + repId + "' is at capacity (" + snap.states[o].openLeads()
            + " of " + snap.capacity(o) + " open); lead " + leadId + " stays where it is");
      }
      snap.refreshSaturation(o);
      Instant deadline = deadline(snap.reps[o], p.tier(), now);
      String why = "reassigned by a person: " + reason;
      Lead lead = freshest(leadId, open.facts());
      Decision d = moveDecision(leadId, p.tier(), "reassign", now, snap, lead, why).rep(repId)
          .slaDeadline(deadline).flag(Flag.TRANSFERRED).build();
      if (!commit(p, d, lead, RoutingEvent.Move.REASSIGNED, reason, now, Set.of(), firstRoutedAt(p), snap)) {
        throw new IllegalStateException("reassign: lead " + leadId + " moved or closed concurrently; nothing"
            + " changed");
      }
      return d;
    });
  }

  /**
   * Puts open lead {@code leadId} in queue {@code queue}, by a person's choice (its rep gives it back, a manager sends
   * it to another queue): the holder's unit is given back and the holder joins the reps the lead never goes back to;
   * it waits with its tier and drains, or is claimed, from there. A lead whose routing facts this router does not know
   * waits for a person (reassign, or transfer with its facts).
   */
  public Decision requeue(String leadId, String queue, String reason, Instant now) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    if (queue == null || queue.isBlank()) {
      throw new IllegalArgumentException("requeue: queue must not be blank but was '" + queue + "' (lead " + leadId
          + ")");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("requeue: reason must not be blank (lead " + leadId + ")");
    }
    RoutingStateStore.OpenLead open = openLead("requeue", leadId);
    Placement p = open.placement();
    if (queue.equals(p.queue())) {
      throw new IllegalArgumentException("requeue: lead " + leadId + " already waits in queue '" + queue + "'");
    }
    Lead lead = freshest(leadId, open.facts());
    String note = "requeued by a person from " + (p.repId() != null ? p.repId() : "queue '" + p.queue() + "'") + ": "
        + reason + (lead != null ? "" : "; its routing facts are unknown to this router, so it waits for a person"
        + " (reassign, or transfer with its facts)");
    Decision d = toQueue(p, p.tier(), lead, queue, note, reason, RoutingEvent.Move.REQUEUED, now, snapshot.get(),
        runningDeadline(p, lead));
    if (d == null) {
      throw new IllegalStateException("requeue: lead " + leadId + " moved or closed concurrently; nothing changed");
    }
    return d;
  }

  /**
   * Re-routes an open lead through the chain, excluding its current holder (and earlier holders of its SLA timer);
   * nobody can take it → the fallback queue, where it drains.
   */
  public Decision transfer(String leadId, @Nullable Lead given, Instant now) {
    RoutingStateStore.OpenLead open = openLead("transfer", leadId);
    Placement p = open.placement();
    Lead lead = given != null ? given : freshest(leadId, open.facts());
    if (lead == null) {
      throw new IllegalStateException("transfer: the routing facts of lead " + leadId + " are no longer known to this"
          + " router (routed outside its idempotency window, or by another node); call transfer(lead) with them");
    }
    Set<String> excluded = holdersOf(p);
    String note = "transferred away from " + (p.repId() != null ? p.repId() : "queue '" + p.queue() + "'");
    // Facts given anew may name another person or company: the lead's notes follow them.
    Lead before = given != null && pipeline.notesLeads() ? localLeadOf(leadId) : null;
    Decision d = moveThroughChain(p, lead, excluded, note, RoutingEvent.Move.TRANSFERRED, now);
    if (given != null) {
      moveNotes("transfer", leadId, before, given, now);
    }
    return d;
  }

  /**
   * What {@link #transfer} would do now, changing nothing: the rep the chain would pick without the lead's current and
   * earlier holders (no round-robin turn taken, nothing reserved), else the queue it would wait in.
   */
  public Decision previewTransfer(String leadId, Instant now) {
    RoutingStateStore.OpenLead open = openLead("previewTransfer", leadId);
    Placement p = open.placement();
    Lead lead = freshest(leadId, open.facts());
    if (lead == null) {
      throw new IllegalStateException("previewTransfer: the routing facts of lead " + leadId + " are no longer known"
          + " to this router (routed outside its idempotency window, or by another node)");
    }
    String note = "transferred away from " + (p.repId() != null ? p.repId() : "queue '" + p.queue() + "'");
    return previewChainMove(p, p.tier(), lead, RoutingEvent.Move.TRANSFERRED, note, now, snapshot.get());
  }

  /**
   * A preview of {@link #moveThroughChain} for lead {@code p}, of tier {@code tier} now, with facts {@code lead}: the
   * rep the chain in force would pick without the lead's holders, else where it would wait.
   */
  private Decision previewChainMove(Placement p, Tier tier, Lead lead, RoutingEvent.Move move, String note,
      Instant now, RosterSnapshot snap) {
    return previewChainMove(p, tier, lead, move, note, now, snap, false);
  }

  /** As above; with {@code withinTeam}, among the reps of its holder's team first ({@link #teamOf}). */
  private Decision previewChainMove(Placement p, Tier tier, Lead lead, RoutingEvent.Move move, String note,
      Instant now, RosterSnapshot snap, boolean withinTeam) {
    PreviewChain chain = liveChain();
    long[] team = withinTeam ? teamOf(snap, p.repId()) : null;
    Decision d = team == null ? null : chain.pipeline().previewMove(snap, lead, now, holdersOf(p), note,
        new PreviewSession(snap.size()), team, outsideTeam(snap, p.repId()));
    if (d == null) {
      d = chain.pipeline().previewMove(snap, lead, now, holdersOf(p), note, new PreviewSession(snap.size()));
    }
    return d != null ? d : wouldWait(p, tier, lead, moved(move), note, now, snap, chain,
        queuedDeadline(p, lead, move, snap, now));
  }

  /**
   * The reps of rep {@code repId}'s team on {@code snap} (a roster bitset), or null when it is not on the roster or
   * has no team: where a hand-off within the team looks first.
   */
  private static long @Nullable [] teamOf(RosterSnapshot snap, @Nullable String repId) {
    int o = repId == null ? -1 : snap.ordinalOf(repId);
    String team = o < 0 ? null : snap.reps[o].team();
    if (team == null) {
      return null;
    }
    long[] mask = new long[snap.words];
    for (int i = 0; i < snap.reps.length; i++) {
      if (team.equals(snap.reps[i].team())) {
        Bits.set(mask, i);
      }
    }
    return mask;
  }

  /** Why a hand-off within rep {@code repId}'s team passed over the other reps, in its explanation. */
  private static String outsideTeam(RosterSnapshot snap, @Nullable String repId) {
    return "outside " + repId + "'s team '" + snap.reps[snap.ordinalOf(repId)].team() + "' (a qualified lead goes to"
        + " its SDR's team first)";
  }

  /**
   * The chain a preview moves leads with, and the queue a lead waits in when it finds nobody: the router's own, or a
   * new configuration's ({@link #previewReconfigure}).
   */
  public record PreviewChain(Pipeline pipeline, String fallbackQueue) {}

  /** The chain and fallback queue in force. */
  private PreviewChain liveChain() {
    return new PreviewChain(pipeline, fallbackQueue);
  }

  /**
   * A preview's decision for lead {@code p} (facts {@code lead}) when the chain finds nobody else for it: it would
   * stay in the queue it waits in, or wait in the fallback queue, as {@link #moveThroughChain} leaves it.
   */
  private Decision wouldWait(Placement p, @Nullable Lead lead, String decidedBy, String note, Instant now,
      RosterSnapshot snap, PreviewChain chain) {
    return wouldWait(p, p.tier(), lead, decidedBy, note, now, snap, chain, runningDeadline(p, lead));
  }

  /**
   * As above, for a lead whose tier is now {@code tier} (its facts changed), waiting in the fallback queue with
   * first-contact deadline {@code deadline}.
   */
  private Decision wouldWait(Placement p, Tier tier, @Nullable Lead lead, String decidedBy, String note, Instant now,
      RosterSnapshot snap, PreviewChain chain, @Nullable Instant deadline) {
    String fallback = chain.fallbackQueue();
    if (p.queue() != null) {
      Decision.Builder stays = moveDecision(p.leadId(), tier, decidedBy, now, snap, lead, note
          + "; nobody else could take it now, so it would stay in queue '" + p.queue() + "'").queue(p.queue());
      return fallback.equals(p.queue()) ? stays.flag(Flag.FALLBACK_QUEUE).build() : stays.build();
    }
    return moveDecision(p.leadId(), tier, decidedBy, now, snap, lead, note + "; nobody else could take it now, so"
        + " it would wait in queue '" + fallback + "'").queue(fallback).slaDeadline(deadline)
        .flag(Flag.TRANSFERRED).flag(Flag.FALLBACK_QUEUE).build();
  }

  /**
   * Moves the contact and company notes of open lead {@code leadId} from the keys of its facts {@code before} to those
   * of {@code after}, when the chain notes leads (returning-contact, same-company). The old keys are what this node's
   * own facts say (a shared store's facts have no address); the stores know where they noted the lead.
   */
  private void moveNotes(String op, String leadId, @Nullable Lead before, Lead after, Instant now) {
    Pipeline chain = pipeline;
    if (!chain.notesLeads()) {
      return;
    }
    RosterSnapshot snap = snapshot.get();
    try {
      store.moveContactNotes(leadId, before == null ? new long[0] : chain.noteKeys(before, snap),
          chain.noteKeys(after, snap), now);
    } catch (io.smartrouting.core.state.StateUnavailableException e) {
      LOG.warn("{}: lead {} moved, but its contact notes could not follow its new facts ({})", op, leadId,
          e.toString());
    }
  }

  /**
   * The routing facts of an open lead changed: it takes its new tier, segment and account where it is, unless its
   * holder, not yet in contact, covered its old facts and not its new ones, when it is routed again (as a transfer:
   * never back to that holder), or, with {@code handOff}, it turned sales-qualified while an SDR held it, when it is
   * handed off (routed again, never back to the SDR), or, with {@code accountsMove}, it now matches an account it did
   * not match before whose people do not include its holder, not yet in contact, when it is handed to the first of
   * them with room (none: it stays). Its first-contact deadline only moves earlier. See {@code Router.update}.
   */
  public Decision update(Lead lead, boolean handOff, boolean withinTeam, boolean accountsMove, Instant now) {
    // Reading anew is what the caller asked: a placement that changed meanwhile (a contact, a breach, a drain on
    // another thread) is read again, a few times, rather than handed back as an error to retry.
    for (int attempt = 1; ; attempt++) {
      try {
        return updateOnce(lead, handOff, withinTeam, accountsMove, now);
      } catch (IllegalStateException changed) {
        if (attempt == UPDATE_ATTEMPTS) {
          throw changed;
        }
      }
    }
  }

  private static final int UPDATE_ATTEMPTS = 4;

  /**
   * What an update of an open lead to the facts {@code lead} does, decided before anything is written: a move through
   * the chain ({@code move}: a hand-off or a holder that no longer covers it, with the move's note), or where it stays
   * ({@code stays}: the decision, with its tier, segment, account and deadline now), unless the people of
   * {@code toAccount}, an account its new facts match and its old ones did not, take it first; {@code prior}, the
   * facts before the update where a check needed them (null otherwise).
   */
  private record UpdatePlan(Placement placement, RosterSnapshot snap, Pipeline.Reading reading,
      @Nullable Decision old, RoutingEvent.@Nullable Move move, String note, @Nullable Decision stays,
      io.smartrouting.api.@Nullable Account toAccount, @Nullable Lead prior) {}

  /** {@link #update}'s plan for {@code lead} on the placement and roster now ({@code op} names the caller). */
  private UpdatePlan plan(String op, Lead lead, boolean handOff, boolean accountsMove, Instant now) {
    String id = lead.id();
    RoutingStateStore.OpenLead open = openLead(op, id);
    Placement p = open.placement();
    RosterSnapshot snap = snapshot.get();
    String holder = p.repId();
    int o = holder == null ? -1 : snap.ordinalOf(holder);
    Pipeline.Reading r = pipeline.read(snap, lead, o, now);
    Decision old = recent.get(id);
    String change = "tier " + (p.tier() == r.tier() ? "" : p.tier().number() + " -> ") + r.tier().number()
        + (old == null || old.segment() == null || old.segment() == r.segment() ? ""
            : ", " + old.segment() + " -> " + r.segment());
    // It moves only when the change is why its holder no longer covers it: a holder that did not cover its facts before
    // either holds it by a choice that was not about coverage (a person's reassignment, an escalation to a manager, a
    // manager fallback, follow-the-sun after hours), which an update does not undo; nor does it undo keeping a holder
    // no longer on the roster (whenRepsLeave keep), or facts this router no longer knows.
    // An SDR's lead that turned sales-qualified is handed off, in contact or not: qualifying it was the SDR's part.
    Lead was = handOff && lead.salesQualified() && o >= 0 && snap.reps[o].role() == RepRole.SDR
        ? freshest(id, open.facts()) : null;
    if (was != null && !was.salesQualified()) {
      return new UpdatePlan(p, snap, r, old, RoutingEvent.Move.QUALIFIED,
          "sales-qualified while " + holder + " (SDR) held it: handed off", null, null, null);
    }
    Lead before = holder == null || o < 0 || p.contactedAt() != null || r.holderCovers() ? null
        : was != null ? was : freshest(id, open.facts());
    if (before != null && pipeline.read(snap, before, o, now).holderCovers()) {
      return new UpdatePlan(p, snap, r, old, RoutingEvent.Move.UPDATED,
          "its facts changed (" + change + ") and " + holder + " no longer covers it", null, null, null);
    }
    // With the accounts' leads going to their people (whenAccountsMove), a lead its new facts match to an account it
    // did not match before (enrichment that found its company) goes to them as an account hand-over takes it, when its
    // holder, not yet in contact, is not one of them and held it by covering its facts (not by a person's choice).
    // (A holder that covers neither its new facts nor its old ones holds it by a person's choice: it stays.)
    boolean accountCheck = accountsMove && r.accountId() != null && o >= 0 && p.contactedAt() == null
        && r.holderCovers();
    // The facts before the update: for that check, and past the idempotency window to tell what the lead carried.
    Lead prior = accountCheck || old == null ? freshest(id, open.facts()) : null;
    io.smartrouting.api.Account toAccount = null;
    if (accountCheck) {
      io.smartrouting.api.Account account = snap.accounts.byId(r.accountId());
      io.smartrouting.api.Account priorAccount = prior == null ? null : snap.accounts.match(prior).account;
      if (account != null && prior != null && (priorAccount == null || !priorAccount.id().equals(account.id()))
          && !snap.accounts.peopleOf(account).contains(holder) && pipeline.read(snap, prior, o, now).holderCovers()) {
        toAccount = account;
      }
    }
    // It stays. A deadline running keeps running unless the new tier's, from now, comes first: a promise made to the
    // lead is kept, and a lead whose tier rose is called as soon as its new tier asks. A lead without one gets one only
    // when its tier rose (a Tier 3 lead asking for a demo), not when its deadlines ended by escalation; an after-hours
    // lead's counts the next shift, as it would have been queued with its new tier.
    Instant deadline = p.slaDeadline();
    Instant starts = p.queue() != null ? r.deadlineWaitingIn(p.queue(), pipeline) : r.deadline();
    boolean rose = r.tier().compareTo(p.tier()) < 0;
    if (p.contactedAt() == null && starts != null && (deadline == null ? rose : starts.isBefore(deadline))) {
      deadline = starts;
    }
    String why = "its facts changed (" + change + "); "
        + (holder == null ? "it stays in queue '" + p.queue() + "'"
            : p.contactedAt() != null ? "it stays with " + holder + ", who is in contact already"
            : o < 0 ? "it stays with " + holder + ", who is not on the roster (its leads were kept)"
            : r.holderCovers() ? "it stays with " + holder + ", who still covers it"
            : before == null ? "it stays with " + holder + ": its facts before are no longer known to this router"
            : "it stays with " + holder + ", who was given it outside the lead's criteria before this change")
        + (java.util.Objects.equals(deadline, p.slaDeadline()) ? "" : "; first contact now due " + deadline);
    Decision d = Decision.builder(id).rep(holder).queue(p.queue()).tier(r.tier()).segment(r.segment())
        .accountId(r.accountId()).decidedBy("update").decidedAt(now).rosterVersion(snap.version)
        .slaDeadline(deadline).trace(new MoveTrace(lead, "  " + why)).build();
    return new UpdatePlan(p, snap, r, old, null, toAccount == null ? why
        : "its facts changed (" + change + ") and now match account " + toAccount.id() + ", whose people do not include "
            + holder, d, toAccount, prior);
  }

  /**
   * What {@link #update} would do now with the facts {@code lead}, changing nothing: where the lead would stay, or the
   * rep the chain would pick for it (no round-robin turn taken, nothing reserved), else the queue it would wait in.
   */
  public Decision previewUpdate(Lead lead, boolean handOff, boolean withinTeam, boolean accountsMove, Instant now) {
    UpdatePlan plan = plan("previewUpdate", lead, handOff, accountsMove, now);
    if (plan.toAccount() != null) {
      RosterSnapshot snap = plan.snap();
      Decision handed = toAccountPeople(plan, lead, now, new PreviewSession(snap.size()));
      if (handed != null) {
        return handed;
      }
    }
    if (plan.move() == null) {
      return plan.stays();
    }
    return previewChainMove(plan.placement(), plan.reading().tier(), lead, plan.move(), plan.note(), now,
        plan.snap(), withinTeam && plan.move() == RoutingEvent.Move.QUALIFIED);
  }

  /**
   * An update's hand-over of its lead to the people of the account its new facts matched ({@code plan.toAccount()}),
   * the first of them available with room as the account's tier allows, in its new tier; or its preview with
   * {@code previewed}. Null when none of them can take it now (the lead stays).
   */
  private @Nullable Decision toAccountPeople(UpdatePlan plan, Lead lead, Instant now,
      @Nullable PreviewSession previewed) {
    RosterSnapshot snap = plan.snap();
    io.smartrouting.api.Account account = Objects.requireNonNull(plan.toAccount());
    java.util.function.IntUnaryOperator limit = o -> Pipeline.accountLimit(snap, o, account.tier());
    try {
      return handToFirst(plan.placement(), plan.reading().tier(), lead, snap.accounts.peopleOf(account), null, account,
          limit, "update", RoutingEvent.Move.UPDATED, plan.note(), now, snap, previewed);
    } catch (IllegalStateException e) {
      return null; // moved or closed meanwhile: the update reads it again
    }
  }

  private Decision updateOnce(Lead lead, boolean handOff, boolean withinTeam, boolean accountsMove, Instant now) {
    String id = lead.id();
    // A new address or company: the notes that find this lead for the same person's or company's next lead follow.
    Lead noted = pipeline.notesLeads() ? localLeadOf(id) : null;
    UpdatePlan plan = plan("update", lead, handOff, accountsMove, now);
    Placement p = plan.placement();
    Pipeline.Reading r = plan.reading();
    if (plan.toAccount() != null) {
      Decision handed = toAccountPeople(plan, lead, now, null);
      if (handed != null) {
        moveNotes("update", id, noted, lead, now);
        return handed;
      }
    }
    if (plan.move() != null) {
      Decision moved = moveThroughChain(p, r.tier(), lead, holdersOf(p), plan.note(), plan.move(), now,
          withinTeam && plan.move() == RoutingEvent.Move.QUALIFIED);
      moveNotes("update", id, noted, lead, now);
      return moved;
    }
    Decision d = plan.stays();
    RosterSnapshot snap = plan.snap();
    Decision old = plan.old();
    String holder = p.repId();
    Instant deadline = d.slaDeadline();
    Placement next = new Placement(id, holder, p.queue(), r.tier(), p.assignedAt(), deadline, p.capacityOverride(),
        p.contactedAt(), p.progressedAt(), p.earlierHolders(), p.firstRoutedAt(), p.slaBreaches());
    Instant firstRouted = firstRoutedAt(p);
    Set<String> holders = holdersOf(p);
    // Told only when what it carries changed (tier, segment, account, deadline): a CRM that sends every edit of a lead
    // (a phone number, a note) does not fill the audit log and the webhooks with updates that changed nothing; the
    // facts are saved all the same. Past the idempotency window the facts before the update say what it carried.
    Lead prior = plan.prior();
    boolean told = p.tier() != r.tier() || !java.util.Objects.equals(deadline, p.slaDeadline())
        || (old != null ? old.segment() != r.segment() || !java.util.Objects.equals(old.accountId(), r.accountId())
        : prior == null || segmentOf(null, prior, snap) != r.segment()
            || !java.util.Objects.equals(accountIdOf(null, prior, snap), r.accountId()));
    Instant due = deadline;
    // The books after the write: kept now, or by reconcile if the store wrote it and its answer was lost.
    boolean updated = swapThen(snap, p, next, pipeline.savedFacts(lead, snap.accounts.match(lead).account), () -> {
      moveNotes("update", id, noted, lead, now);
      // Timers and the queue entry carry the facts a breach or a drain routes with: the new ones from now on.
      TimerQueue.Timer timer = timers.disarm(id);
      if (due != null && p.contactedAt() == null) {
        timers.arm(lead, due, holders, SlaBreaches.missedBefore(timer, p), firstRouted);
      }
      Waiting w = waiting.get(id);
      if (w != null) {
        waiting.put(id, new Waiting(lead, r.tier(), w.queuedAt(), w.excluded(), w.firstRoutedAt()));
      }
      recent.put(id, d);
      if (holder != null) {
        attribute.accept(lead, d);
      }
      if (told) {
        events.publish(new RoutingEvent.LeadUpdated(id, p.tier(), d, now));
      }
    });
    if (!updated) {
      throw new IllegalStateException("update: lead " + id + " moved or closed concurrently; nothing changed");
    }
    return d;
  }

  /**
   * Makes rep {@code repId} unavailable (a manual override, so it gets no new leads) and moves each of its open leads
   * as {@code policy} says.
   */
  public List<Decision> offboard(String repId, OffboardPolicy policy, Instant now) {
    Objects.requireNonNull(repId, "repId must not be null");
    Objects.requireNonNull(policy, "policy must not be null");
    RosterSnapshot snap = snapshot.get();
    checkCover(repId, policy, snap);
    if (snap.ordinalOf(repId) >= 0) {
      overrides.set(repId, false);
    }
    List<Placement> held = heldBy(repId);
    if (held.isEmpty() && snap.ordinalOf(repId) < 0) {
      // Neither on the roster nor holding a lead: most likely a mistyped id, and the rep who did leave would keep
      // every lead it holds without a word.
      throw new IllegalArgumentException("offboard: no rep with id '" + repId + "' in roster version " + snap.version
          + ", and no open lead is held by it");
    }
    // Unfinished until its leads are moved: if the store fails on the way, the timer ticks move the rest.
    sweeps.put(repId, new Sweep(policy, null));
    List<Decision> moved;
    try {
      moved = moveAway(repId, policy, held, now);
      // A decision that read the rep's availability before the override may place a lead with it just after the read
      // above: look once more now, and on every timer tick for a while, since other routers on a shared store take
      // the override at their next tick.
      moved.addAll(moveLate(repId, policy, now));
    } catch (io.smartrouting.core.state.StateUnavailableException e) {
      LOG.warn("offboarding rep {}: the live state store failed before its open leads were all moved ({}); the timer"
          + " ticks move the rest once it answers", repId, e.getMessage());
      throw e;
    }
    Instant until = now.plus(SWEEP_TIME);
    sweeps.put(repId, new Sweep(policy, until));
    if (store.sharesAvailability()) {
      try {
        // Every router on the store sweeps it too, the one that drains among them: a lead that reaches the rep and a
        // waiting lead that both want another rep's last unit are then moved in the order one router moves them.
        store.noteOffboarding(repId, policy, until);
      } catch (io.smartrouting.core.state.StateUnavailableException e) {
        LOG.warn("offboarded rep {}: the live state store could not note it for the other routers ({}); this router"
            + " still moves the leads that reach it", repId, e.getMessage());
      }
    }
    LOG.info("offboarded rep {}: {} open lead(s) moved ({})", repId, moved.size(), policy);
    return moved;
  }

  /**
   * What {@link #offboard} would do now with the open leads rep {@code repId} holds, changing nothing (the rep is not
   * marked away): each lead where the policy would move it, in the order they were assigned to the rep, as decisions
   * that are not placed, each seeing the room and load the earlier moves would take; a lead already waiting in the
   * policy's queue is left out, as the offboarding leaves it.
   *
   * @throws IllegalArgumentException as {@link #offboard} (a rep neither on the roster nor holding a lead, a bad cover)
   */
  public List<Decision> previewOffboard(String repId, OffboardPolicy policy, Instant now) {
    Objects.requireNonNull(repId, "repId must not be null");
    Objects.requireNonNull(policy, "policy must not be null");
    RosterSnapshot snap = snapshot.get();
    checkCover(repId, policy, snap);
    List<Placement> held = heldBy(repId);
    if (held.isEmpty() && snap.ordinalOf(repId) < 0) {
      throw new IllegalArgumentException("previewOffboard: no rep with id '" + repId + "' in roster version "
          + snap.version + ", and no open lead is held by it");
    }
    return previewOffboard(repId, policy, held, now, snap, new PreviewSession(snap.size()), liveChain());
  }

  /**
   * {@link #previewOffboard} of the leads {@code held} by rep {@code repId} on roster {@code snap} (the rep may have
   * left it), counting the moves in {@code session} with those previewed before.
   */
  private List<Decision> previewOffboard(String repId, OffboardPolicy policy, List<Placement> held, Instant now,
      RosterSnapshot snap, PreviewSession session, PreviewChain chain) {
    Map<String, Lead> facts = knownFacts(held);
    List<Decision> out = new ArrayList<>(held.size());
    for (Placement p : held) {
      Decision d = previewMoveAway(repId, policy, p, facts.get(p.leadId()), now, snap, session, chain);
      if (d != null) {
        session.placed(previewPlacement(p, d, now));
        out.add(d);
      }
    }
    return out;
  }

  /** {@link #moveAway}'s preview on {@code snap}: where lead {@code p} would go; null if it would stay where it is. */
  private @Nullable Decision previewMoveAway(String repId, OffboardPolicy policy, Placement p, @Nullable Lead lead,
      Instant now, RosterSnapshot snap, PreviewSession session, PreviewChain chain) {
    String note = "offboarded from " + repId;
    int from = p.repId() == null ? -1 : snap.ordinalOf(p.repId());
    String decidedBy = moved(RoutingEvent.Move.OFFBOARDED);
    if (policy.cover() != null) {
      String cover = policy.cover();
      int o = snap.ordinalOf(cover);
      if (o >= 0 && snap.states[o].openLeads() + session.previewed[o] < snap.capacity(o)) {
        session.handed(from, o); // as a person's reassignment: outside the caps
        return moveDecision(p.leadId(), p.tier(), decidedBy, now, snap, lead, note + ": would be handed to " + cover
            + ", who covers the desk").rep(cover).slaDeadline(deadline(snap.reps[o], p.tier(), now))
            .flag(Flag.TRANSFERRED).build();
      }
      note += "; cover " + cover + " has no room left";
    }
    if (policy.queue() != null || lead == null) {
      String queue = policy.queue() != null ? policy.queue() : chain.fallbackQueue();
      if (queue.equals(p.queue())) {
        return null;
      }
      session.moved(from, -1);
      return moveDecision(p.leadId(), p.tier(), decidedBy, now, snap, lead, (lead == null ? note + "; routing facts"
          + " unknown to this router, so it would wait in the queue for a person to assign it" : note)
          + "; would be placed in queue '" + queue + "'").queue(queue).slaDeadline(runningDeadline(p, lead))
          .flag(Flag.TRANSFERRED).flag(Flag.FALLBACK_QUEUE).build();
    }
    Decision d = policy.triesAccountBackupFirst()
        ? toAccountBackup(p, lead, repId, note, now, snap, session) : null;
    if (d != null) {
      return d;
    }
    d = chain.pipeline().previewMove(snap, lead, now, holdersOf(p), note, session);
    session.movedByChain(from, d == null ? -1 : snap.ordinalOf(d.repId()));
    return d != null ? d : wouldWait(p, lead, decidedBy, note, now, snap, chain);
  }

  /**
   * After an update from {@code old} to {@code next} accounts: the open leads of the accounts that changed hands (one
   * of their people no longer works them) are handed to their new people when {@code move} says so, taken from the
   * reps who lost them; otherwise the accounts are named in the log.
   */
  public void afterAccountsUpdated(AccountDirectory old, AccountDirectory next, boolean move, Instant now) {
    Map<String, Set<String>> moved = movedAccounts(old, next);
    if (moved.isEmpty()) {
      return;
    }
    if (!move) {
      LOG.info("{} account(s) moved to other reps: {}; their open leads stay with their holders"
          + " (moveAccountLeads, or Builder.whenAccountsMove, hands them over)", moved.size(), moved.keySet());
      return;
    }
    Set<String> from = new HashSet<>();
    moved.values().forEach(from::addAll);
    // Decisions under way on the old accounts may place a lead with one of the reps who lost it after the read below,
    // and the accounts' people may have no room for some now: the timer ticks look again (sweepAccountHandovers).
    accountsToSweep.accumulateAndGet(new Handover(moved.keySet(), from, now), Handover::and);
    try {
      Moves m = accountMoves(snapshot.get(), moved.keySet(), from, now, null, null);
      if (m.stayed() > 0) {
        LOG.warn("account move: {} open lead(s) stay with reps outside their account's people, who are away or have no"
            + " room now; each moves once one of its account's people can take it (looked at every {})", m.stayed(),
            HANDOVER_RETRY);
      }
      LOG.info("account move: {} open lead(s) of {} account(s) handed to the accounts' people", m.moved().size(),
          moved.size());
    } catch (RuntimeException e) {
      LOG.warn("{} account(s) moved to other reps, whose open leads could not all be handed over ({}); call"
          + " moveAccountLeads for them", moved.size(), e.toString());
    }
  }

  /** The accounts of {@code next} that were in {@code old} with people {@code next} leaves out, with those people. */
  private static Map<String, Set<String>> movedAccounts(AccountDirectory old, AccountDirectory next) {
    Map<String, Set<String>> moved = new java.util.TreeMap<>();
    for (io.smartrouting.api.Account a : next.all()) {
      io.smartrouting.api.Account before = old.byId(a.id());
      if (before == null) {
        continue;
      }
      Set<String> people = next.peopleOf(a);
      Set<String> lost = new java.util.TreeSet<>();
      for (String id : old.peopleOf(before)) {
        if (!people.contains(id)) {
          lost.add(id);
        }
      }
      if (!lost.isEmpty()) {
        moved.put(a.id(), lost);
      }
    }
    return moved;
  }

  /**
   * What an accounts update to {@code next}'s accounts would hand over with the open leads setting on
   * ({@link #afterAccountsUpdated} with {@code move}), changing nothing: the open leads of the accounts whose people
   * {@code next} leaves out, held by those people, each handed to the first of the account's new people with room
   * (later leads counted against the room the earlier ones would take), as decisions that are not placed.
   */
  public List<Decision> previewAccountHandover(AccountDirectory old, RosterSnapshot next, Instant now) {
    Map<String, Set<String>> moved = movedAccounts(old, next.accounts);
    if (moved.isEmpty()) {
      return List.of();
    }
    Set<String> from = new HashSet<>();
    moved.values().forEach(from::addAll);
    return accountLeads(next, moved.keySet(), from, now, new PreviewSession(next.size()), null);
  }

  /** How often the timer ticks look again for an account's open leads that its new people had no room for. */
  static final Duration HANDOVER_RETRY = Duration.ofMinutes(1);

  /**
   * Accounts that changed hands and are to be looked at again by the timer ticks, from {@code retryAt}: each with the
   * instant of its update (a lead placed from then on was placed by a person's choice, not by a decision on the old
   * accounts), and the reps who lost them.
   */
  private record Handover(Map<String, Instant> accounts, Set<String> from, Instant retryAt) {
    Handover(Set<String> accountIds, Set<String> from, Instant at) {
      this(accountsAt(accountIds, at), Set.copyOf(from), at);
    }

    private static Map<String, Instant> accountsAt(Set<String> ids, Instant at) {
      Map<String, Instant> out = new HashMap<>();
      ids.forEach(id -> out.put(id, at));
      return out;
    }

    /** This and a later handover: an account in both keeps the later instant. */
    Handover and(Handover later) {
      if (this == NO_HANDOVER || later == NO_HANDOVER) {
        return this == NO_HANDOVER ? later : this;
      }
      Map<String, Instant> accounts = new HashMap<>(this.accounts);
      accounts.putAll(later.accounts);
      Set<String> from = new HashSet<>(this.from);
      from.addAll(later.from);
      return new Handover(accounts, from, retryAt.isBefore(later.retryAt) ? retryAt : later.retryAt);
    }
  }

  private static final Handover NO_HANDOVER = new Handover(Map.of(), Set.of(), Instant.MIN);

  private final java.util.concurrent.atomic.AtomicReference<Handover> accountsToSweep =
      new java.util.concurrent.atomic.AtomicReference<>(NO_HANDOVER);

  /**
   * At the timer tick after accounts changed hands with their leads ({@link #afterAccountsUpdated} with its move):
   * hands to the accounts' people the leads that decisions under way on the old accounts placed with a rep who lost
   * them after the update had read the placements (decided before the update, placed after its read), and the leads
   * the update left with those reps because none of the account's people could take them then; while any such lead
   * stays, again every {@link #HANDOVER_RETRY}, until each is moved, released or no longer with a rep who lost its
   * account (a later update that gives the account back ends it too). A lead placed with such a rep at or after the
   * update's instant (a person's reassignment) stays. Returns how many moved.
   */
  public int sweepAccountHandovers(Instant now) {
    Handover pending = accountsToSweep.get();
    if (pending == NO_HANDOVER || now.isBefore(pending.retryAt())) {
      return 0;
    }
    Handover h = accountsToSweep.getAndSet(NO_HANDOVER);
    if (h == NO_HANDOVER) {
      return 0;
    }
    // An account dropped by a later update has nobody to hand its leads to.
    AccountDirectory accounts = snapshot.get().accounts;
    Map<String, Instant> still = new HashMap<>(h.accounts());
    still.keySet().removeIf(id -> accounts.byId(id) == null);
    if (still.isEmpty()) {
      return 0;
    }
    Moves m;
    try {
      m = accountMoves(snapshot.get(), still.keySet(), h.from(), now, null, still);
    } catch (io.smartrouting.core.state.StateUnavailableException e) {
      accountsToSweep.accumulateAndGet(h, (newer, older) -> older.and(newer)); // the next tick tries again
      throw e;
    }
    if (m.stayed() > 0) {
      Handover again = new Handover(still, h.from(), now.plus(HANDOVER_RETRY));
      accountsToSweep.accumulateAndGet(again, (newer, older) -> older.and(newer));
    }
    if (!m.moved().isEmpty()) {
      LOG.info("account move: {} more open lead(s) handed to their accounts' people ({} still wait for room)",
          m.moved().size(), m.stayed());
    }
    return m.moved().size();
  }

  /**
   * After a roster update from {@code old} to {@code next}: the reps on both whose coverage changed (territories, named
   * accounts, segments, languages; a territory realignment). With {@code move}, each of their
   * leads not yet in contact that the rep covered before the update and does not now is routed again through the chain,
   * never back to that rep (nobody else: the fallback queue, where it drains), as {@link RoutingEvent.Move#REALIGNED}.
   * A lead the rep holds for another reason than covering it stays: its account's lead (the account is the rep's
   * territory), a person's reassignment or an escalation outside its criteria, follow-the-sun after hours. Without
   * {@code move} the reps are counted in the log and their leads stay.
   *
   * @return the moves made, oldest lead first (empty without {@code move})
   */
  public List<Decision> afterCoverageChanged(RosterSnapshot old, RosterSnapshot next, boolean move, Instant now) {
    Set<String> changed = coverageChanged(old, next);
    if (changed.isEmpty()) {
      return List.of();
    }
    if (!move) {
      LOG.info("roster version {} changes what {} rep(s) cover; their open leads stay with them"
          + " (Builder.whenCoverageChanges moves the ones they no longer cover)", next.version, changed.size());
      LOG.debug("reps whose coverage changed: {}", changed);
      return List.of();
    }
    // Decisions under way on the old roster may place a lead with one of these reps after the read below, and the
    // store may fail before every lead is moved: the next timer tick looks once more (and again until it gets through).
    realigned.set(new Realignment(old, next, changed, now));
    int[] unknown = new int[1];
    List<Decision> moved = new ArrayList<>();
    for (Map.Entry<Placement, Lead> e : uncovered(old, next, changed, now, unknown)) {
      Placement p = e.getKey();
      try {
        moved.add(moveThroughChain(p, e.getValue(), holdersOf(p), realignedNote(p.repId(), next.version),
            RoutingEvent.Move.REALIGNED, now));
      } catch (IllegalStateException failed) {
        // Released, contacted or moved meanwhile: the newer word stands.
        LOG.debug("realignment: lead {} not moved ({})", p.leadId(), failed.getMessage());
      }
    }
    LOG.info("roster version {} changed what {} rep(s) cover: {} open lead(s) they no longer cover moved", next.version,
        changed.size(), moved.size());
    if (unknown[0] > 0) {
      LOG.warn("roster version {}: {} open lead(s) of reps whose coverage changed stay with them, their routing facts"
          + " no longer known to this router (transfer(lead) with the facts moves one)", next.version, unknown[0]);
    }
    return moved;
  }

  /**
   * What {@link #afterCoverageChanged} with {@code move} would do now, changing nothing: where each lead would go (a
   * rep, or the fallback queue), each seeing the units the moves before it would take from their new reps and free at
   * their old ones.
   */
  public List<Decision> previewCoverageChange(RosterSnapshot old, RosterSnapshot next, Instant now) {
    return previewCoverageChange(old, next, now, new PreviewSession(next.size()), liveChain());
  }

  /**
   * {@link #previewCoverageChange} with {@code chain}, counting the moves in {@code session} with those previewed
   * before.
   */
  private List<Decision> previewCoverageChange(RosterSnapshot old, RosterSnapshot next, Instant now,
      PreviewSession session, PreviewChain chain) {
    Set<String> changed = coverageChanged(old, next);
    if (changed.isEmpty()) {
      return List.of();
    }
    List<Decision> out = new ArrayList<>();
    for (Map.Entry<Placement, Lead> e : uncovered(old, next, changed, now, new int[1], session, chain.pipeline())) {
      Placement p = e.getKey();
      String note = realignedNote(p.repId(), next.version);
      Decision d = chain.pipeline().previewMove(next, e.getValue(), now, holdersOf(p), note, session);
      // The move would free the old holder's unit and take one of the new rep's: the leads after it see both.
      session.movedByChain(next.ordinalOf(p.repId()), d == null ? -1 : next.ordinalOf(d.repId()));
      if (d != null) {
        session.placed(previewPlacement(p, d, now));
        out.add(d);
        continue;
      }
      out.add(moveDecision(p.leadId(), p.tier(), moved(RoutingEvent.Move.REALIGNED), now, next, e.getValue(),
          note + "; nobody else could take it now, so it would wait in queue '" + chain.fallbackQueue() + "'")
          .queue(chain.fallbackQueue()).slaDeadline(runningDeadline(p, e.getValue())).flag(Flag.TRANSFERRED)
          .flag(Flag.FALLBACK_QUEUE).build());
    }
    return out;
  }

  /**
   * What a roster update from {@code old} to {@code next} would do with open leads, changing nothing: first the leads
   * held by the reps {@code leftOut} (those of them holding leads), moved as {@code leavers} says (null: they stay, so
   * none), then, when {@code realign}, the leads of reps whose coverage changed that they no longer cover, as
   * {@link #previewCoverageChange}; all on {@code next}, each lead seeing the room the earlier moves would take and
   * free, as the update moves them.
   */
  public List<Decision> previewRosterUpdate(RosterSnapshot old, RosterSnapshot next, List<String> leftOut,
      @Nullable OffboardPolicy leavers, boolean realign, Instant now) {
    return previewReconfigure(old, next, leftOut, leavers, false, realign, liveChain(), now);
  }

  /**
   * What a reconfiguration to roster and accounts {@code next} would do with open leads, changing nothing, in the order
   * it does them: the leavers' leads ({@code leavers}), then, when {@code accountsMove}, the open leads of accounts
   * that changed hands ({@link #previewAccountHandover}), then, when {@code realign}, the leads of reps whose coverage
   * changed; moves through the chain with {@code chain} (the new configuration's), all in one preview.
   */
  public List<Decision> previewReconfigure(RosterSnapshot old, RosterSnapshot next, List<String> leftOut,
      @Nullable OffboardPolicy leavers, boolean accountsMove, boolean realign, PreviewChain chain, Instant now) {
    PreviewSession session = new PreviewSession(next.size());
    List<Decision> out = new ArrayList<>();
    if (leavers != null && !leftOut.isEmpty()) {
      // One read of the leavers' leads, then each leaver in turn, its leads oldest first, as the update offboards them.
      Map<String, List<Placement>> byHolder = new java.util.LinkedHashMap<>();
      leftOut.forEach(id -> byHolder.put(id, new ArrayList<>()));
      for (Placement p : heldBy(leftOut)) {
        byHolder.computeIfAbsent(p.repId(), k -> new ArrayList<>()).add(p);
      }
      for (Map.Entry<String, List<Placement>> e : byHolder.entrySet()) {
        if (e.getValue().isEmpty()) {
          continue;
        }
        try {
          checkCover(e.getKey(), leavers, next);
        } catch (IllegalArgumentException refused) {
          continue; // the update's offboarding is refused the same way, and the leads stay (a warning says so)
        }
        out.addAll(previewOffboard(e.getKey(), leavers, e.getValue(), now, next, session, chain));
      }
    }
    // Each later part reads the leads the earlier ones move where they would put them (the session keeps those).
    if (accountsMove) {
      Map<String, Set<String>> moved = movedAccounts(old.accounts, next.accounts);
      if (!moved.isEmpty()) {
        Set<String> from = new HashSet<>();
        moved.values().forEach(from::addAll);
        out.addAll(accountLeads(next, moved.keySet(), from, now, session, null));
      }
    }
    if (realign) {
      out.addAll(previewCoverageChange(old, next, now, session, chain));
    }
    return out;
  }

  /** A realignment the next timer tick looks at once more ({@link #sweepRealigned}). */
  private record Realignment(RosterSnapshot old, RosterSnapshot next, Set<String> changed, Instant at) {}

  private final java.util.concurrent.atomic.AtomicReference<Realignment> realigned =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Once, at the timer tick after a realignment ({@link #afterCoverageChanged} with its move): routes again the leads
   * that decisions under way on the old roster placed with a rep whose coverage changed after the update had read the
   * placements (decided before the update, placed after its read). A lead placed with the rep at or after the update's
   * instant (a person's reassignment) stays; so does everything when another update came since (it looked itself).
   * Returns how many it moved.
   */
  public int sweepRealigned(RosterSnapshot current, Instant now) {
    Realignment r = realigned.getAndSet(null);
    if (r == null || current != r.next()) {
      return 0;
    }
    List<Map.Entry<Placement, Lead>> late;
    try {
      late = uncovered(r.old(), r.next(), r.changed(), now, new int[1]);
    } catch (io.smartrouting.core.state.StateUnavailableException e) {
      realigned.compareAndSet(null, r); // the next tick tries again
      throw e;
    }
    int moved = 0;
    for (Map.Entry<Placement, Lead> e : late) {
      Placement p = e.getKey();
      if (!p.assignedAt().isBefore(r.at())) {
        continue;
      }
      try {
        moveThroughChain(p, e.getValue(), holdersOf(p), realignedNote(p.repId(), r.next().version),
            RoutingEvent.Move.REALIGNED, now);
        moved++;
      } catch (IllegalStateException failed) {
        LOG.debug("realignment: lead {} not moved ({})", p.leadId(), failed.getMessage());
      } catch (io.smartrouting.core.state.StateUnavailableException failed) {
        realigned.compareAndSet(null, r); // the next tick goes on with the leads still to move
        throw failed;
      }
    }
    if (moved > 0) {
      LOG.info("roster version {}: {} lead(s) placed by decisions under way during the realignment moved too",
          r.next().version, moved);
    }
    return moved;
  }

  private static String realignedNote(String holder, long version) {
    return holder + " no longer covers it (roster version " + version + " changed its territories, segments or"
        + " languages)";
  }

  /**
   * The ids of the reps on both {@code old} and {@code next} whose coverage differs, whatever this node counts open
   * with them: on a shared store other nodes' leads count too, and the read of every placement that follows happens
   * only on an update that changes someone's coverage.
   */
  private static Set<String> coverageChanged(RosterSnapshot old, RosterSnapshot next) {
    Set<String> changed = new java.util.TreeSet<>();
    for (int o = 0; o < next.size(); o++) {
      Rep rep = next.reps[o];
      int before = old.ordinalOf(rep.id());
      if (before >= 0 && !sameCoverage(old.reps[before], rep)) {
        changed.add(rep.id());
      }
    }
    return changed;
  }

  /**
   * The open leads of the {@code changed} reps, not yet in contact, that their holder covered on {@code old} and does
   * not on {@code next}, with their facts, oldest first; {@code unknown[0]} counts the leads whose facts this router no
   * longer knows (left out).
   */
  private List<Map.Entry<Placement, Lead>> uncovered(RosterSnapshot old, RosterSnapshot next, Set<String> changed,
      Instant now, int[] unknown) {
    return uncovered(old, next, changed, now, unknown, null, pipeline);
  }

  /**
   * {@link #uncovered} read by {@code chain}, with the leads a preview's earlier moves move where {@code session} says
   * they would be.
   */
  private List<Map.Entry<Placement, Lead>> uncovered(RosterSnapshot old, RosterSnapshot next, Set<String> changed,
      Instant now, int[] unknown, @Nullable PreviewSession session, Pipeline chain) {
    List<Map.Entry<Placement, Lead>> out = new ArrayList<>();
    List<Placement> held = notContactedOf(changed);
    if (session != null) {
      held = asPreviewed(held, changed::contains, session);
    }
    Map<String, Lead> facts = knownFacts(held);
    for (Placement p : held) {
      Lead lead = facts.get(p.leadId());
      if (lead == null) {
        unknown[0]++;
        continue;
      }
      int before = old.ordinalOf(p.repId());
      int after = next.ordinalOf(p.repId());
      if (chain.read(old, lead, before, now).holderCovers() && !chain.read(next, lead, after, now).holderCovers()) {
        out.add(Map.entry(p, lead));
      }
    }
    return out;
  }

  /**
   * {@code held} (the open leads some reps hold, as the store has them) as a preview's earlier moves would leave them:
   * without the leads they move elsewhere, with those they move to a rep {@code holds} accepts, oldest placement first.
   */
  private static List<Placement> asPreviewed(List<Placement> held, java.util.function.Predicate<String> holds,
      PreviewSession session) {
    List<Placement> out = new ArrayList<>(held.size());
    for (Placement p : held) {
      if (session.placedAt(p.leadId()) == null) {
        out.add(p);
      }
    }
    for (Placement p : session.placements()) {
      if (p.repId() != null && holds.test(p.repId())) {
        out.add(p);
      }
    }
    out.sort(HELD_ORDER);
    return out;
  }

  /** The placement previewed move {@code d} would give lead {@code p} at {@code now}, as {@link #commit} writes it. */
  private Placement previewPlacement(Placement p, Decision d, Instant now) {
    return new Placement(p.leadId(), d.repId(), d.repId() == null ? d.queue() : null, p.tier(), now, d.slaDeadline(),
        d.hasFlag(Flag.CAPACITY_OVERRIDE), null, null, p.holdersAfterMove(), firstRoutedAt(p), p.slaBreaches());
  }

  /**
   * True if {@code rep} may cover a colleague's desk at {@code now}, its shifts aside (a hand-over at night waits for
   * the cover's morning): marked available by hand ({@code forced} true), or not marked away by hand, in office
   * ({@link Rep#active()}) and not on time off itself.
   */
  private static boolean atWork(Rep rep, @Nullable Boolean forced, Instant now) {
    return forced != null ? forced : rep.active() && rep.timeOffAt(now) == null;
  }

  /** Each rep's time off whose leads were handed over (rep id and the time off's end), so that it happens once. */
  private final ConcurrentHashMap<String, Instant> handedOver = new ConcurrentHashMap<>();

  /**
   * Hands over the open leads of reps who are on declared time off ({@link Rep#timeOff()}) that ends at least
   * {@code minimum} from now: each lead not yet in contact goes to the time off's cover
   * ({@link io.smartrouting.api.TimeOff#coverRepId()}, while it has room up to its full capacity and is on the roster
   * and at work: not away itself, out of office or marked away by hand), else is routed again through the chain, never
   * back to its rep (nobody else: the fallback queue, where it drains), as {@link RoutingEvent.Move#AWAY}; leads in
   * contact stay. Once per time off: at the first call during it while the rep is not marked available by hand
   * ({@code Router.setAvailable(rep, true)}, which keeps it at work). Off-shift hours, holidays and manual
   * unavailability hand nothing over.
   * Called on every timer tick by the router that runs the tenant's timers; returns how many leads it moved.
   */
  public int handOverAway(RosterSnapshot snap, Duration minimum, Instant now) {
    handedOver.values().removeIf(end -> !end.isAfter(now));
    List<String> away = new ArrayList<>();
    Map<String, Instant> until = new HashMap<>();
    Map<String, String> covers = new HashMap<>();
    Map<String, Boolean> forced = snap.availability.at(now).overrides;
    for (int o : snap.withTimeOff) {
      Rep rep = snap.reps[o];
      if (Boolean.TRUE.equals(forced.get(rep.id()))) {
        // Marked available by hand (at work after all): it keeps its leads, and hands them over at the first tick of
        // the time off once the mark is cleared.
        continue;
      }
      for (io.smartrouting.api.TimeOff t : rep.timeOff()) {
        if (t.covers(now) && Duration.between(now, t.end()).compareTo(minimum) >= 0
            && !t.end().equals(handedOver.get(rep.id()))) {
          away.add(rep.id());
          until.put(rep.id(), t.end());
          String cover = t.coverRepId();
          if (cover != null && !cover.equals(rep.id()) && snap.ordinalOf(cover) >= 0
              && atWork(snap.reps[snap.ordinalOf(cover)], forced.get(cover), now)) {
            covers.put(rep.id(), cover);
          }
          break;
        }
      }
    }
    if (away.isEmpty()) {
      return 0;
    }
    List<Placement> held = notContactedOf(new HashSet<>(away));
    Map<String, Lead> facts = knownFacts(held);
    int moved = 0;
    int unknown = 0;
    for (Placement p : held) {
      Lead lead = facts.get(p.leadId());
      String note = p.repId() + " is on time off until " + until.get(p.repId());
      String cover = covers.get(p.repId());
      try {
        if (cover != null && toCover(p, lead, cover, note, RoutingEvent.Move.AWAY, now) != null) {
          moved++;
          continue;
        }
        if (lead == null) {
          unknown++;
          continue;
        }
        moveThroughChain(p, lead, holdersOf(p), cover == null ? note : note + "; cover " + cover + " has no room left",
            RoutingEvent.Move.AWAY, now);
        moved++;
      } catch (IllegalStateException e) {
        // Released, contacted or moved meanwhile: the newer word stands.
        LOG.debug("time-off hand-over: lead {} not moved ({})", p.leadId(), e.getMessage());
      }
    }
    handedOver.putAll(until);
    LOG.info("{} rep(s) on time off: {} open lead(s) not yet contacted handed over", away.size(), moved);
    if (unknown > 0) {
      LOG.warn("{} open lead(s) of reps on time off stay with them, their routing facts no longer known to this router"
          + " (transfer(lead) with the facts moves one)", unknown);
    }
    return moved;
  }

  /** True if {@code a} and {@code b} meet the same leads' hard criteria: territory, named accounts, segment, language. */
  static boolean sameCoverage(Rep a, Rep b) {
    return a.territories().equals(b.territories()) && a.namedAccounts().equals(b.namedAccounts())
        && a.segments().equals(b.segments()) && a.languages().equals(b.languages());
  }

  /**
   * Hands the open leads of the accounts {@code accountIds} that reps outside an account's people hold (after it moved
   * to another owner or team) to its people: owner, team, backup, AE, then a parent account's, the first who is
   * available and has room as for a new lead of the account (its tier's limit). A lead none of them can take now
   * stays with its holder, counted in a warning; queued leads are left to the queue's drain, which routes them to the
   * account's people first.
   *
   * @param fromReps only leads these reps hold (the reps who lost the accounts), or null for any holder
   * @return the moves made, oldest lead first
   * @throws IllegalArgumentException if no account has one of the ids in the current snapshot
   */
  public List<Decision> moveAccountLeads(java.util.Collection<String> accountIds, @Nullable Set<String> fromReps,
      Instant now) {
    return accountLeads(snapshot.get(), accountIds, fromReps, now, null, null);
  }

  /**
   * What {@link #moveAccountLeads} would do now, changing nothing: the moves, each lead counted against its new rep's
   * room as the moves before it would have been.
   */
  public List<Decision> previewAccountLeads(String accountId, Instant now) {
    RosterSnapshot snap = snapshot.get();
    return accountLeads(snap, List.of(accountId), null, now, new PreviewSession(snap.size()), null);
  }

  /**
   * {@link #moveAccountLeads} on {@code snap}, or its preview when {@code previewed} (the moves previewed so far) is
   * given; with {@code placedBefore}, only the leads of each account placed before its instant there.
   */
  private List<Decision> accountLeads(RosterSnapshot snap, java.util.Collection<String> accountIds,
      @Nullable Set<String> fromReps, Instant now, @Nullable PreviewSession previewed,
      @Nullable Map<String, Instant> placedBefore) {
    Moves m = accountMoves(snap, accountIds, fromReps, now, previewed, placedBefore);
    if (previewed != null) {
      return m.moved();
    }
    if (m.stayed() > 0) {
      LOG.warn("account move: {} open lead(s) stay with reps outside their account's people, who are away or have no"
          + " room now; move them again later, or reassign them", m.stayed());
    }
    LOG.info("account move: {} open lead(s) of {} account(s) handed to the accounts' people", m.moved().size(),
        accountIds.size());
    return m.moved();
  }

  /** An account move's moves made (or previewed), and how many of its leads nobody of their account could take. */
  private record Moves(List<Decision> moved, int stayed) {}

  /** {@link #accountLeads} without its log lines. */
  private Moves accountMoves(RosterSnapshot snap, java.util.Collection<String> accountIds,
      @Nullable Set<String> fromReps, Instant now, @Nullable PreviewSession previewed,
      @Nullable Map<String, Instant> placedBefore) {
    Map<String, Set<String>> peopleOf = new java.util.HashMap<>();
    for (String accountId : accountIds) {
      io.smartrouting.api.Account account = snap.accounts.byId(Objects.requireNonNull(accountId, "accountId"));
      if (account == null) {
        throw new IllegalArgumentException("moveAccountLeads: no account with id '" + accountId
            + "' in roster version " + snap.version);
      }
      peopleOf.put(accountId, snap.accounts.peopleOf(account));
    }
    List<Placement> held;
    if (fromReps != null) {
      held = heldBy(fromReps);
    } else {
      held = new ArrayList<>();
      for (Placement p : store.placements()) {
        if (p.repId() != null) {
          held.add(p);
        }
      }
      held.sort(HELD_ORDER);
    }
    List<Decision> moved = new ArrayList<>();
    int stayed = 0;
    if (previewed != null) {
      held = asPreviewed(held, fromReps == null ? id -> true : fromReps::contains, previewed);
    }
    Map<String, Lead> facts = knownFacts(held);
    for (Placement p : held) {
      Lead lead = facts.get(p.leadId());
      AccountDirectory.Match match = lead == null ? null : snap.accounts.match(lead);
      Set<String> people = match == null || match.account == null ? null : peopleOf.get(match.account.id());
      if (people == null || people.contains(p.repId())) {
        continue;
      }
      if (placedBefore != null && !p.assignedAt().isBefore(placedBefore.get(match.account.id()))) {
        continue; // placed with the rep at or after the update: a person's choice, not a decision on the old accounts
      }
      io.smartrouting.api.Account account = match.account;
      java.util.function.IntUnaryOperator limit = o -> Pipeline.accountLimit(snap, o, account.tier());
      try {
        Decision d = handToFirst(p, lead, people, null, account, limit, "account-move",
            RoutingEvent.Move.ACCOUNT_MOVED, "account moved from " + p.repId(), now, snap, previewed);
        if (d != null) {
          moved.add(d);
        } else {
          stayed++;
        }
      } catch (IllegalStateException e) {
        LOG.debug("account move: lead {} not moved ({})", p.leadId(), e.getMessage());
      }
    }
    return new Moves(moved, stayed);
  }

  /** How long after an offboarding the timer ticks look for leads that still reached the rep. */
  static final Duration SWEEP_TIME = Duration.ofSeconds(10);

  /**
   * A rep offboarded lately, the policy its leads move by, and until when ticks look for more; null until its
   * offboarding has moved the leads it held (the store failed on the way: ticks move every lead it holds).
   */
  private record Sweep(OffboardPolicy policy, @Nullable Instant until) {}

  private final ConcurrentHashMap<String, Sweep> sweeps = new ConcurrentHashMap<>();

  /**
   * Moves the leads that reached a rep offboarded lately ({@link #SWEEP_TIME}) after its offboarding: routed by a
   * decision that read its availability just before, here or on another router; and every lead of a rep whose
   * offboarding the store failed in the middle of, until they are all moved. Stops for a rep on the roster made
   * available again. Called on every timer tick. Returns how many it moved.
   */
  public int sweepOffboarded(Instant now) {
    if (store.sharesAvailability()) {
      // The offboardings other routers on the store made: swept here too.
      for (RoutingStateStore.Offboarding o : store.offboardings(now)) {
        if (now.isBefore(o.until())) {
          sweeps.putIfAbsent(o.repId(), new Sweep(o.policy(), o.until()));
        }
      }
    }
    if (sweeps.isEmpty()) {
      return 0;
    }
    int moved = 0;
    RosterSnapshot snap = snapshot.get();
    for (Map.Entry<String, Sweep> e : sweeps.entrySet()) {
      String repId = e.getKey();
      Sweep sweep = e.getValue();
      boolean unfinished = sweep.until() == null;
      if (!unfinished && now.isAfter(sweep.until())
          || snap.ordinalOf(repId) >= 0 && !Boolean.FALSE.equals(overrides.get(repId))) {
        sweeps.remove(repId, sweep);
        continue;
      }
      List<Decision> late = unfinished ? moveAway(repId, sweep.policy(), heldBy(repId), now)
          : moveLate(repId, sweep.policy(), now);
      if (unfinished) {
        sweeps.replace(repId, sweep, new Sweep(sweep.policy(), now.plus(SWEEP_TIME)));
      }
      if (!late.isEmpty()) {
        LOG.info("offboarded rep {}: {} lead(s) {} moved", repId, late.size(),
            unfinished ? "left when the store failed" : "that reached it afterwards");
      }
      moved += late.size();
    }
    return moved;
  }

  /**
   * How often {@link #recycleStalled} reads every placement, in milliseconds: a thousandth of the period (its periods
   * are days, not seconds; on Redis each read is a page of hashes per hundred open leads), from a minute to an hour.
   * A lead is recycled at most that long after its period ends.
   */
  static long recycleScanMillis(Duration after) {
    return Math.max(60_000L, Math.min(3_600_000L, after.toMillis() / 1000));
  }

  /** {@link #recycleScanMillis} of the shortest of {@code periods}. */
  private static long recycleScanMillis(Map<Tier, Duration> periods) {
    return recycleScanMillis(java.util.Collections.min(periods.values()));
  }

  /** When {@link #recycleStalled} reads every placement next (epoch milliseconds). */
  private volatile long nextRecycleScan = Long.MIN_VALUE;
  /**
   * Stalled leads that nobody else could take when last tried, and when each is tried again: once another recycling
   * period (its tier's) has passed. Entries go then, the lead released or not.
   */
  private final ConcurrentHashMap<String, Instant> recycleTried = new ConcurrentHashMap<>();

  /**
   * Recycles stalled leads: each open lead whose rep recorded a first contact at least its tier's period of
   * {@code periods} ago (a tier without one is not recycled) and reported
   * no progress since (no {@code MEETING}, {@code OPPORTUNITY}, {@code WON} or {@code LOST} through
   * {@code recordOutcome} while it held the lead) is routed again through the chain, never to a rep that held it
   * ({@link #holdersOf}), unless its rep is one of the people of the lead's account (the account is theirs), as
   * {@link RoutingEvent.Move#RECYCLED}, with a new first-contact deadline for its new rep. A lead nobody else can take
   * stays with its rep, and is tried again after another period. Reads every placement at most once every
   * {@link #recycleScanMillis}; called on every timer tick by the router that runs the tenant's timers. Returns how
   * many leads it moved.
   */
  public int recycleStalled(Map<Tier, Duration> periods, Instant now) {
    long millis = now.toEpochMilli();
    if (millis < nextRecycleScan || periods.isEmpty()) {
      return 0;
    }
    nextRecycleScan = millis + recycleScanMillis(periods);
    try {
      return recycle(periods, now);
    } catch (io.smartrouting.core.state.StateUnavailableException e) {
      nextRecycleScan = millis; // the next tick scans again, not a scan period later
      throw e;
    }
  }

  private int recycle(Map<Tier, Duration> periods, Instant now) {
    recycleTried.values().removeIf(retry -> !retry.isAfter(now));
    List<Placement> stalled = stalled(periods, now, true);
    if (stalled.isEmpty()) {
      return 0;
    }
    int moved = 0;
    int stayed = 0;
    int unknown = 0;
    Map<String, Lead> known = knownFacts(stalled);
    for (Placement p : stalled) {
      Lead lead = known.get(p.leadId());
      Duration after = periods.get(p.tier());
      Instant retry = now.plus(after);
      if (lead == null) {
        unknown++;
        recycleTried.put(p.leadId(), retry);
        continue;
      }
      RosterSnapshot snap = snapshot.get();
      if (heldByItsAccount(snap, lead, p.repId())) {
        recycleTried.put(p.leadId(), retry); // looked at again after another period, should the account change hands
        continue;
      }
      String note = recycledNote(p, after);
      Set<String> excluded = holdersOf(p);
      Lead facts = lead;
      // 1 moved, 0 nobody else may take it now, -1 changed meanwhile.
      int result = interruptible(p.leadId(), () -> {
        Decision d = pipeline.move(snap, facts, now, excluded, 0, note, Flag.TRANSFERRED);
        return d == null ? 0
            : commit(p, d, facts, RoutingEvent.Move.RECYCLED, note, now, excluded, firstRoutedAt(p), snap) ? 1 : -1;
      });
      if (result == 0) {
        // Nobody else may take it now: better with the rep who knows it than in a queue.
        stayed++;
        recycleTried.put(p.leadId(), retry);
      } else if (result > 0) {
        moved++;
      } else {
        // Released, progressed or moved meanwhile: the newer word stands.
        LOG.debug("recycling: lead {} not moved (changed concurrently)", p.leadId());
      }
    }
    LOG.info("{} stalled lead(s): {} recycled to another rep, {} stayed (nobody else could take them now)",
        stalled.size(), moved, stayed);
    if (unknown > 0) {
      LOG.warn("{} stalled lead(s) stay with their reps, their routing facts no longer known to this router"
          + " (transfer(lead) with the facts moves one)", unknown);
    }
    return moved;
  }

  /**
   * What {@link #recycleStalled} with {@code periods} would do now if it ran, changing nothing: for each stalled lead
   * whose facts this router knows, oldest contact first, where it would go, or its rep again when nobody else could
   * take it; each lead sees the units the moves before it would take from their new reps and free at their old ones.
   * Unlike a run, it does not skip the leads a run tried lately and left with their reps.
   */
  public List<Decision> previewRecycling(Map<Tier, Duration> periods, Instant now) {
    RosterSnapshot snap = snapshot.get();
    PreviewSession session = new PreviewSession(snap.size());
    List<Decision> out = new ArrayList<>();
    List<Placement> stalled = stalled(periods, now, false);
    Map<String, Lead> facts = knownFacts(stalled);
    for (Placement p : stalled) {
      Lead lead = facts.get(p.leadId());
      if (lead == null || heldByItsAccount(snap, lead, p.repId())) {
        continue;
      }
      String note = recycledNote(p, periods.get(p.tier()));
      Decision d = pipeline.previewMove(snap, lead, now, holdersOf(p), note, session);
      if (d != null) {
        session.movedByChain(snap.ordinalOf(p.repId()), snap.ordinalOf(d.repId()));
        out.add(d);
        continue;
      }
      out.add(moveDecision(p.leadId(), p.tier(), moved(RoutingEvent.Move.RECYCLED), now, snap, lead,
          note + "; nobody else could take it now, so it would stay with " + p.repId()).rep(p.repId()).build());
    }
    return out;
  }

  /**
   * The open leads a rep contacted at least their tier's period of {@code periods} before {@code now} without
   * progress since, oldest contact first (one read of every placement); with {@code run}, without those tried lately
   * ({@link #recycleTried}).
   */
  private List<Placement> stalled(Map<Tier, Duration> periods, Instant now, boolean run) {
    List<Placement> stalled = new ArrayList<>();
    for (Placement p : store.placements()) {
      Duration after = periods.get(p.tier());
      if (after != null && p.repId() != null && p.contactedAt() != null && p.progressedAt() == null
          && !p.contactedAt().plus(after).isAfter(now) && !(run && recycleTried.containsKey(p.leadId()))) {
        stalled.add(p);
      }
    }
    stalled.sort(Comparator.comparing(Placement::contactedAt).thenComparing(Placement::leadId));
    return stalled;
  }

  /**
   * True if {@code repId} is one of the people (owner, team, backup, AE) of the known account {@code lead} matches: the
   * account is theirs, and recycling does not take its leads from them.
   */
  private static boolean heldByItsAccount(RosterSnapshot snap, Lead lead, @Nullable String repId) {
    io.smartrouting.api.Account account = snap.accounts.match(lead).account;
    int[] people = account == null ? null : snap.accountPeopleOrdinals(account.id());
    int o = repId == null ? -1 : snap.ordinalOf(repId);
    return people != null && o >= 0 && Pipeline.contains(people, o);
  }

  private static String recycledNote(Placement p, Duration after) {
    return p.repId() + " made first contact " + p.contactedAt() + " and reported no progress within "
        + period(after) + "; recycled";
  }

  /** A period as a person says it: {@code 14 days}, {@code 6 hours}, {@code 90 min}. */
  static String period(Duration d) {
    long m = d.toMinutes();
    if (m > 0 && m % (24 * 60) == 0) {
      return m / (24 * 60) + (m == 24 * 60 ? " day" : " days");
    }
    return m > 0 && m % 60 == 0 ? m / 60 + (m == 60 ? " hour" : " hours") : minutes(d);
  }

  /**
   * Moves away the leads offboarded rep {@code repId} holds now: none to move (no read of every placement) while its
   * open count, exact for this router's own decisions, is zero.
   */
  private List<Decision> moveLate(String repId, OffboardPolicy policy, Instant now) {
    return store.rep(repId).openLeads() > 0 ? moveAway(repId, policy, heldBy(repId), now) : new ArrayList<>();
  }

  /** The open leads {@code reps} hold and have not contacted yet, oldest first ({@link #heldBy(Collection)}). */
  private List<Placement> notContactedOf(Set<String> reps) {
    List<Placement> held = heldBy(reps);
    held.removeIf(p -> p.contactedAt() != null);
    return held;
  }

  private List<Placement> heldBy(String repId) {
    return heldBy(List.of(repId));
  }

  /**
   * The open leads {@code reps} hold, oldest first: on a shared store a read of those reps' leads only
   * ({@link io.smartrouting.core.state.RoutingStateStore#placementsHeldBy}), not of every open lead.
   */
  public List<Placement> heldBy(Collection<String> reps) {
    List<Placement> held = reps.isEmpty() ? new ArrayList<>() : new ArrayList<>(store.placementsHeldBy(reps));
    held.sort(HELD_ORDER);
    return held;
  }

  /** Oldest assignment first, then by lead id. */
  private static final Comparator<Placement> HELD_ORDER = Comparator.comparing(Placement::assignedAt)
      .thenComparing(Placement::leadId);

  /** Moves each of {@code held} away from offboarded rep {@code repId} as {@code policy} says. */
  private List<Decision> moveAway(String repId, OffboardPolicy policy, List<Placement> held, Instant now) {
    List<Decision> moved = new ArrayList<>(held.size());
    Map<String, Lead> facts = knownFacts(held);
    for (Placement p : held) {
      try {
        Decision d = moveAway(repId, policy, p, facts.get(p.leadId()), now);
        if (d != null) {
          moved.add(d);
        }
      } catch (IllegalStateException e) {
        // Released or moved meanwhile: it is no longer the rep's.
        LOG.debug("offboard of rep {}: lead {} not moved ({})", repId, p.leadId(), e.getMessage());
      }
    }
    return moved;
  }

  /**
   * Moves lead {@code p}, of routing facts {@code lead} (null: unknown), away from offboarded rep {@code repId}; null if
   * it was in {@code policy}'s queue already.
   */
  private @Nullable Decision moveAway(String repId, OffboardPolicy policy, Placement p, @Nullable Lead lead,
      Instant now) {
    String note = "offboarded from " + repId;
    if (policy.cover() != null) {
      Decision d = toCover(p, lead, policy.cover(), note, RoutingEvent.Move.OFFBOARDED, now);
      if (d != null) {
        return d;
      }
      note += "; cover " + policy.cover() + " has no room left";
    }
    if (policy.queue() != null || lead == null) {
      String queue = policy.queue() != null ? policy.queue() : fallbackQueue;
      return toQueue(p, lead, queue, lead == null ? note + "; routing facts unknown to this router, so it waits in the"
          + " queue for a person to assign it (reassign, or transfer with its facts)" : note,
          RoutingEvent.Move.OFFBOARDED, now, snapshot.get());
    }
    Decision d = policy.triesAccountBackupFirst() ? toAccountBackup(p, lead, repId, note, now) : null;
    return d != null ? d : moveThroughChain(p, lead, holdersOf(p), note, RoutingEvent.Move.OFFBOARDED, now);
  }

  /**
   * Refuses an offboarding of rep {@code repId} whose policy names a cover ({@link OffboardPolicy#toRep}) that is the
   * rep itself or is not on the roster: before anything changes (the rep is not even marked away).
   *
   * @throws IllegalArgumentException naming the cover
   */
  public void checkCover(String repId, OffboardPolicy policy) {
    checkCover(repId, policy, snapshot.get());
  }

  private static void checkCover(String repId, OffboardPolicy policy, RosterSnapshot snap) {
    String cover = policy.cover();
    if (cover != null && (cover.equals(repId) || snap.ordinalOf(cover) < 0)) {
      throw new IllegalArgumentException("offboard: the cover of rep '" + repId + "' must be another rep on the"
          + " roster but was '" + cover + "' (roster version " + snap.version + ")");
    }
  }

  /**
   * Hands {@code p} (routing facts {@code lead}, null: unknown) to rep {@code cover} as a person's reassignment would,
   * while it holds fewer open leads than its full capacity; null if it has no room (or left the roster since).
   *
   * @throws IllegalStateException if the lead was moved or released meanwhile (nothing changed)
   */
  private @Nullable Decision toCover(Placement p, @Nullable Lead lead, String cover, String note,
      RoutingEvent.Move move, Instant now) {
    RosterSnapshot snap = snapshot.get();
    int o = snap.ordinalOf(cover);
    if (o < 0) {
      return null;
    }
    String leadId = p.leadId();
    return interruptible(leadId, () -> {
      if (!snap.states[o].tryReserve(snap.capacity(o), leadId)) {
        snap.refreshSaturation(o);
        return null;
      }
      snap.refreshSaturation(o);
      String why = note + ": handed to " + cover + ", who covers the desk";
      Decision d = moveDecision(leadId, p.tier(), moved(move), now, snap, lead, why).rep(cover)
          .slaDeadline(deadline(snap.reps[o], p.tier(), now)).flag(Flag.TRANSFERRED).build();
      if (!commit(p, d, lead, move, why, now, holdersOf(p), firstRoutedAt(p), snap)) {
        throw new IllegalStateException(moved(move) + ": lead " + leadId + " moved or closed concurrently; nothing"
            + " changed");
      }
      return d;
    });
  }

  /**
   * The routing facts of an open lead: as the store keeps them, or this router's own copy (its SLA timer, queue entry
   * or recent decision, which has the lead's address too) while that holds the same routing facts. On a shared store
   * another router may have changed them since this one kept its copy ({@code Router.update} there): the store's are
   * then the lead's. Until 6 December 2026 the copy here came first, so a transfer, a requeue or an offboarding on
   * this router routed by the facts as they were before the update.
   */
  public @Nullable Lead leadOf(String leadId) {
    return freshest(leadId, store.savedLead(leadId));
  }

  /**
   * {@link #leadOf} for each of the leads of {@code placements}, by lead id (a lead whose facts are unknown left out),
   * the store's facts read for all of them at once: on a shared store a round trip a page, not one a lead. Every move
   * of leads found in the store reads their facts here, so here too {@code placements} (mutable) loses the leads this
   * router does not own ({@link #ownOnly}).
   */
  private Map<String, Lead> knownFacts(List<Placement> placements) {
    if (placements.isEmpty()) {
      return Map.of();
    }
    List<String> ids = new ArrayList<>(placements.size());
    for (Placement p : placements) {
      ids.add(p.leadId());
    }
    Map<String, Lead> saved = store.savedLeads(ids);
    Map<String, Lead> out = new HashMap<>();
    for (String id : ids) {
      Lead lead = freshest(id, saved.get(id));
      if (lead != null) {
        out.put(id, lead);
      }
    }
    if (owns != null) {
      placements.removeIf(p -> !owns(out.getOrDefault(p.leadId(), Lead.builder(p.leadId()).build())));
    }
    return out;
  }

  /** {@link #leadOf}, with the facts the store keeps for the lead read already ({@code saved}, null: none). */
  private @Nullable Lead freshest(String leadId, @Nullable Lead saved) {
    Lead here = localLeadOf(leadId);
    if (here == null) {
      return saved;
    }
    return saved != null && (!LeadForm.sameSavedFacts(saved, here) || !sameAccount(saved, here)) ? saved : here;
  }

  /**
   * True if the facts a store saved ({@code saved}, which name the account the lead matched when they were saved) and
   * this router's copy ({@code here}, which may carry the address the account was matched by instead) are of one
   * account, or of none. Until 6 December 2026 only the other routing facts were compared, so after another router
   * updated a lead with an address of no account, this router's copy, with the account's address, still moved the lead
   * as the account's (to its owner, who had held it before).
   */
  private boolean sameAccount(Lead saved, Lead here) {
    String mine = here.accountId();
    if (mine == null) {
      io.smartrouting.api.Account matched = snapshot.get().accounts.match(here).account;
      mine = matched == null ? null : matched.id();
    }
    return Objects.equals(saved.accountId(), mine);
  }

  /**
   * The routing facts this node holds for a lead (its SLA timer, queue entry or recent decision), without asking the
   * store: for a lead being released, whose saved facts the release removes.
   */
  public @Nullable Lead localLeadOf(String leadId) {
    TimerQueue.Timer t = timers.get(leadId);
    if (t != null) {
      return t.lead();
    }
    Waiting w = waiting.get(leadId);
    if (w != null) {
      return w.lead();
    }
    Decision d = recent.get(leadId);
    return d == null ? null : DecidedPlacements.factsOf(d);
  }

  /** The lead a move's trace kept, or null (another kind of trace, or a move of a lead whose facts were unknown). */
  static @Nullable Lead movedLead(io.smartrouting.api.DecisionTrace t) {
    return t instanceof MoveTrace m ? m.lead() : null;
  }

  private @Nullable Decision toAccountBackup(Placement p, Lead lead, String leaving, String note, Instant now) {
    return toAccountBackup(p, lead, leaving, note, now, snapshot.get(), null);
  }

  /** {@link #toAccountBackup}, or its preview when {@code previewed} (the moves previewed so far) is given. */
  private @Nullable Decision toAccountBackup(Placement p, Lead lead, String leaving, String note, Instant now,
      RosterSnapshot snap, @Nullable PreviewSession previewed) {
    AccountDirectory.Match match = snap.accounts.match(lead);
    if (match.account == null) {
      return null;
    }
    List<String> order = new ArrayList<>();
    for (io.smartrouting.api.Account a = match.account; a != null && order.size() < 64;
        a = a.parentAccountId() == null ? null : snap.accounts.byId(a.parentAccountId())) {
      if (a.backupRepId() != null) {
        order.add(a.backupRepId());
      }
      order.addAll(a.teamRepIds());
      if (a.ownerRepId() != null) {
        order.add(a.ownerRepId());
      }
    }
    return handToFirst(p, lead, order, leaving, match.account, o -> snap.admitLimit[o], "offboard",
        RoutingEvent.Move.OFFBOARDED, note, now, snap, previewed);
  }

  /**
   * Hands {@code p} to the first rep of {@code order} but {@code skip} who is available and has room under
   * {@code limitOf} (by ordinal), as a lead of {@code account}; null if none can. With {@code previewed} (the moves
   * previewed so far, which take and free room too) it reserves and places nothing, counts the move there, and says
   * where it would go.
   *
   * @throws IllegalStateException if the lead was moved or released meanwhile (nothing changed)
   */
  private @Nullable Decision handToFirst(Placement p, Lead lead, Iterable<String> order, @Nullable String skip,
      io.smartrouting.api.Account account, java.util.function.IntUnaryOperator limitOf, String decidedBy,
      RoutingEvent.Move move, String note, Instant now, RosterSnapshot snap, @Nullable PreviewSession previewed) {
    return handToFirst(p, p.tier(), lead, order, skip, account, limitOf, decidedBy, move, note, now, snap, previewed);
  }

  /** As above, the lead handed over in {@code tier} (its new tier, for an update). */
  private @Nullable Decision handToFirst(Placement p, Tier tier, Lead lead, Iterable<String> order,
      @Nullable String skip, io.smartrouting.api.Account account, java.util.function.IntUnaryOperator limitOf,
      String decidedBy, RoutingEvent.Move move, String note, Instant now, RosterSnapshot snap,
      @Nullable PreviewSession previewed) {
    long[] available = snap.availability.at(now).available;
    for (String id : order) {
      int o = snap.ordinalOf(id);
      if (o < 0 || id.equals(skip) || !Bits.get(available, o)) {
        continue;
      }
      String why = note + (previewed != null ? ": would be handed to " : ": handed to ") + id + " of account "
          + account.id();
      if (previewed != null) {
        if (snap.states[o].openLeads() + previewed.previewed[o] < limitOf.applyAsInt(o)) {
          // Account people take their account's leads whatever their caps: room, not a place in the cap.
          previewed.handed(p.repId() == null ? -1 : snap.ordinalOf(p.repId()), o);
          Decision d = handedTo(p, tier, lead, id, o, account, decidedBy, why, now, snap);
          previewed.placed(previewPlacement(p, d, now));
          return d;
        }
        continue;
      }
      Decision handed = interruptible(p.leadId(), () -> {
        if (!snap.states[o].tryReserve(limitOf.applyAsInt(o), p.leadId())) {
          return null;
        }
        snap.refreshSaturation(o);
        Decision d = handedTo(p, tier, lead, id, o, account, decidedBy, why, now, snap);
        if (commit(p, d, lead, move, why, now, holdersOf(p), firstRoutedAt(p), snap)) {
          return d;
        }
        throw new IllegalStateException("lead " + p.leadId() + " moved or released meanwhile");
      });
      if (handed != null) {
        return handed;
      }
    }
    return null;
  }

  /** {@link #handToFirst}'s decision: lead {@code p} to rep {@code id} (ordinal {@code o}) of {@code account}. */
  private Decision handedTo(Placement p, Tier tier, Lead lead, String id, int o,
      io.smartrouting.api.Account account, String decidedBy, String why, Instant now, RosterSnapshot snap) {
    return Decision.builder(p.leadId()).rep(id).tier(tier).segment(pipeline.segmentOf(snap, lead))
        .accountId(account.id()).decidedBy(decidedBy).decidedAt(now).rosterVersion(snap.version)
        .slaDeadline(deadline(snap.reps[o], tier, now)).flag(Flag.TRANSFERRED).flag(Flag.ACCOUNT_MATCHED)
        .trace(new MoveTrace(lead, "  " + why)).build();
  }

  private Decision moveThroughChain(Placement p, Lead lead, Set<String> excluded, String note,
      RoutingEvent.Move move, Instant now) {
    return moveThroughChain(p, p.tier(), lead, excluded, note, move, now);
  }

  /** As above, for a lead whose tier is now {@code tier} (its facts changed). */
  private Decision moveThroughChain(Placement p, Tier tier, Lead lead, Set<String> excluded, String note,
      RoutingEvent.Move move, Instant now) {
    return moveThroughChain(p, tier, lead, excluded, note, move, now, false);
  }

  /**
   * As above; with {@code withinTeam}, among the reps of its holder's team first ({@link #teamOf}), then, when none
   * of them can take it, among all.
   */
  private Decision moveThroughChain(Placement p, Tier tier, Lead lead, Set<String> excluded, String note,
      RoutingEvent.Move move, Instant now, boolean withinTeam) {
    RosterSnapshot snap = snapshot.get();
    long[] team = withinTeam ? teamOf(snap, p.repId()) : null;
    Decision routed = interruptible(p.leadId(), () -> {
      Decision d = team == null ? null
          : pipeline.move(snap, lead, now, excluded, note, Flag.TRANSFERRED, team, outsideTeam(snap, p.repId()));
      if (d == null) {
        d = pipeline.move(snap, lead, now, excluded, 0, note, Flag.TRANSFERRED);
      }
      if (d != null && !commit(p, d, lead, move, note, now, excluded, firstRoutedAt(p), snap)) {
        throw new IllegalStateException(moved(move) + ": lead " + p.leadId()
            + " moved or closed concurrently; nothing changed");
      }
      return d;
    });
    if (routed != null) {
      return routed;
    }
    if (p.queue() != null) {
      // Waiting in a queue already (the fallback queue, an escalation queue, the after-hours queue): it stays, and
      // keeps its place there; the fallback queue would take from an escalation queue's lead what its queue says.
      String why = note + "; nobody else can take it now, so it stays in queue '" + p.queue() + "'";
      Decision.Builder stays = moveDecision(p.leadId(), tier, moved(move), now, snap, lead, why).queue(p.queue());
      return fallbackQueue.equals(p.queue()) ? stays.flag(Flag.FALLBACK_QUEUE).build() : stays.build();
    }
    String why = note + "; nobody else can take it now";
    Decision queued = toQueue(p, tier, lead, fallbackQueue, why, why, move, now, snap,
        queuedDeadline(p, lead, move, snap, now));
    if (queued == null) {
      throw new IllegalStateException(moved(move) + ": lead " + p.leadId()
          + " moved or closed concurrently; nothing changed");
    }
    return queued;
  }

  /**
   * A decision about an open lead that is not the chain's (a move, a person's choice, a preview of one): its segment
   * and account as its last decision in the idempotency window says (past the window, as its facts are classified
   * and matched on {@code snap}), decided by {@code decidedBy} at {@code now} on {@code snap}, explained by
   * {@code why}; the caller adds where it goes and its flags.
   */
  private Decision.Builder moveDecision(String leadId, Tier tier, String decidedBy, Instant now, RosterSnapshot snap,
      @Nullable Lead lead, String why) {
    Decision old = recent.get(leadId);
    return Decision.builder(leadId).tier(tier).segment(segmentOf(old, lead, snap))
        .accountId(accountIdOf(old, lead, snap)).decidedBy(decidedBy).decidedAt(now).rosterVersion(snap.version)
        .trace(new MoveTrace(lead, "  " + why));
  }

  /**
   * The account of a lead a move places: its last decision's ({@code old}), else as its facts match on {@code snap},
   * else (facts unknown) none.
   */
  @Nullable String accountIdOf(@Nullable Decision old, @Nullable Lead lead, RosterSnapshot snap) {
    if (old != null) {
      return old.accountId();
    }
    io.smartrouting.api.Account account = lead == null ? null : snap.accounts.match(lead).account;
    return account == null ? null : account.id();
  }

  /**
   * The segment of a lead a move places: its last decision's ({@code old}), else as its facts are classified on
   * {@code snap}, else (facts unknown) none.
   */
  @Nullable Segment segmentOf(@Nullable Decision old, @Nullable Lead lead, RosterSnapshot snap) {
    if (old != null && old.segment() != null) {
      return old.segment();
    }
    return lead == null ? null : pipeline.segmentOf(snap, lead);
  }

  /** A move's name as its decisions give it in {@code decidedBy}: {@code recycled}, {@code account_moved}. */
  private static String moved(RoutingEvent.Move move) {
    return move.name().toLowerCase(java.util.Locale.ROOT);
  }

  private @Nullable Decision toQueue(Placement p, @Nullable Lead lead, String queue, String note,
      RoutingEvent.Move move, Instant now, RosterSnapshot snap) {
    return toQueue(p, p.tier(), lead, queue, note, note, move, now, snap, runningDeadline(p, lead));
  }

  /**
   * The first-contact deadline a lead moved into a queue keeps: the one running, while nobody has contacted it, so
   * that its breach is reported as a waiting lead's is (the customer waits on, whoever gave the lead up); none for
   * a lead in contact, or one whose facts this router does not know (it waits for a person).
   */
  private static @Nullable Instant runningDeadline(Placement p, @Nullable Lead lead) {
    return lead != null && p.contactedAt() == null ? p.slaDeadline() : null;
  }

  /**
   * The first-contact deadline of lead {@code p} that move {@code move} puts in the fallback queue: for a hand-off of
   * a qualified lead, its tier's as a lead of its facts queued now has it (an AE's first contact is still to come,
   * whatever the SDR did), or the deadline running if that comes first; else the deadline running.
   */
  private @Nullable Instant queuedDeadline(Placement p, @Nullable Lead lead, RoutingEvent.Move move,
      RosterSnapshot snap, Instant now) {
    Instant running = runningDeadline(p, lead);
    if (move != RoutingEvent.Move.QUALIFIED || lead == null) {
      return running;
    }
    Instant anew = pipeline.read(snap, lead, -1, now).deadline();
    return running == null || anew != null && anew.isBefore(running) ? anew : running;
  }

  /**
   * Moves lead {@code p} to {@code queue}, flagged {@link Flag#FALLBACK_QUEUE} unless a person chose the queue
   * ({@link RoutingEvent.Move#REQUEUED}), with first-contact deadline {@code deadline} (null: none while it waits),
   * {@code note} in its trace and {@code reason} in its event; null if it waits there already, or its placement
   * changed meanwhile.
   */
  private @Nullable Decision toQueue(Placement p, Tier tier, @Nullable Lead lead, String queue, String note,
      String reason, RoutingEvent.Move move, Instant now, RosterSnapshot snap, @Nullable Instant deadline) {
    if (queue.equals(p.queue())) {
      return null;
    }
    Decision.Builder b = moveDecision(p.leadId(), tier, moved(move), now, snap, lead, note + "; placed in queue '"
        + queue + "'").queue(queue).slaDeadline(deadline).flag(Flag.TRANSFERRED);
    Decision d = (move == RoutingEvent.Move.REQUEUED ? b : b.flag(Flag.FALLBACK_QUEUE)).build();
    return interruptible(p.leadId(), () -> commit(p, d, lead, move, reason, now, holdersOf(p), firstRoutedAt(p),
        snap)) ? d : null;
  }

  /**
   * Swaps placement {@code from} for the one {@code d} describes, and keeps the books: capacity of the old holder
   * given back, SLA timer re-armed, idempotency window and attribution updated, queue entry kept or dropped, event
   * published. If the placement changed meanwhile, gives back what {@code d} reserved and returns false.
   */
  private boolean commit(Placement from, Decision d, @Nullable Lead facts, RoutingEvent.Move move, String reason,
      Instant now, Set<String> excluded, Instant firstRoutedAt, RosterSnapshot snap) {
    String id = from.leadId();
    Lead lead = facts != null ? facts : Lead.builder(id).build();
    String to = d.repId();
    // The decision's tier: the placement's own, except for a lead whose facts changed (update), whose decision and
    // deadline are of its new tier.
    Tier tier = d.tier() != null && (move == RoutingEvent.Move.UPDATED || move == RoutingEvent.Move.QUALIFIED)
        ? d.tier() : from.tier();
    Placement next = new Placement(id, to, to == null ? d.queue() : null, tier, now, d.slaDeadline(),
        d.hasFlag(Flag.CAPACITY_OVERRIDE), null, null, from.holdersAfterMove(), firstRoutedAt,
        SlaBreaches.missedBefore(timers.get(id), from));
    // The facts go with the new placement, so that the lead can move again however long it stays open, and a
    // queue's drain or a deadline on another router (the timer-lease holder of a shared store) has what it needs;
    // naming its account, as the first placement's facts do.
    Lead saved = facts == null ? null : pipeline.savedFacts(facts, snap.accounts.match(facts).account);
    return swapThen(snap, from, next, saved,
        () -> keepBooks(from, d, facts, lead, tier, move, reason, now, excluded, firstRoutedAt));
  }

  /**
   * {@link #swap}, then {@code books}, what the move keeps once the store moved the lead (timers, window, event), run
   * when it moved. When the store fails, the lead is told to {@link #interrupted} and the books are kept for
   * {@link #settle}, which runs them once the store answers if the move had landed all the same (its answer was lost),
   * as the placement and the facts the store holds then tell; the failure goes on to the caller.
   *
   * @return false if the placement was no longer {@code from} (nothing moved, the books not kept)
   */
  public boolean swapThen(RosterSnapshot snap, Placement from, Placement next, @Nullable Lead facts,
      Runnable books) {
    boolean swapped;
    try {
      swapped = swap(snap, from, next, facts);
    } catch (io.smartrouting.core.state.StateUnavailableException e) {
      unanswered.put(from.leadId(), new Unanswered(next, facts, books));
      interrupted.accept(from.leadId());
      throw e;
    }
    if (swapped) {
      books.run();
    }
    return swapped;
  }

  /**
   * The books a move of lead {@code from} keeps once the store moved it: the SLA timer re-armed (for a queue, only
   * while the deadline it had runs on), the queue entry kept or dropped, the attribution, the idempotency window and
   * the event.
   */
  private void keepBooks(Placement from, Decision d, @Nullable Lead facts, Lead lead, Tier tier,
      RoutingEvent.Move move, String reason, Instant now, Set<String> excluded, Instant firstRoutedAt) {
    String id = from.leadId();
    String to = d.repId();
    TimerQueue.Timer old = timers.disarm(id);
    Set<String> holders = new HashSet<>(excluded);
    if (old != null) {
      holders.addAll(old.holders());
    }
    if (from.repId() != null) {
      holders.add(from.repId());
    }
    if (to != null) {
      waiting.remove(id);
      holders.add(to);
      if (d.slaDeadline() != null) {
        timers.arm(lead, d.slaDeadline(), holders, SlaBreaches.missedBefore(old, from), firstRoutedAt);
      }
      attribute.accept(lead, d);
    } else {
      if (facts != null) {
        waiting.put(id, new Waiting(facts, tier, now, Set.copyOf(holders), firstRoutedAt));
        if (d.slaDeadline() != null) {
          // A deadline that goes on running while it waits (moved to a queue before first contact).
          timers.arm(lead, d.slaDeadline(), holders, SlaBreaches.missedBefore(old, from), firstRoutedAt);
        }
      } else {
        // Draining it through the chain without its facts would send it to anyone (no territory, no segment): it
        // waits in the queue for a person.
        waiting.remove(id);
        LOG.warn("lead {} waits in queue '{}' for a person: its routing facts are unknown to this router", id,
            d.queue());
      }
      forgetAttribution.accept(id);
    }
    recent.put(id, d);
    metrics.moved();
    if (move == RoutingEvent.Move.QUALIFIED && from.repId() != null && facts != null) {
      // Qualifying it was the SDR's part: learning credits it (its closed outcome goes to the holder then).
      Segment segment = d.segment() != null ? d.segment() : pipeline.read(snapshot.get(), facts, -1, now).segment();
      qualified.credit(id, from.repId(), segment, facts.industry());
    }
    events.publish(new RoutingEvent.LeadMoved(id, from.repId(), from.queue(), d, move, reason, now));
  }

  /** A move whose store call failed: the placement and facts it wrote if it landed, and the books to keep then. */
  private record Unanswered(Placement next, @Nullable Lead facts, Runnable books) {}

  /**
   * Whether placement {@code now} is what a move wrote as {@code next}: the same holder, queue, tier, assignment and
   * deadline, to the millisecond a store keeps times to.
   */
  private static boolean landed(@Nullable Placement now, Placement next) {
    return now != null && Objects.equals(now.repId(), next.repId()) && Objects.equals(now.queue(), next.queue())
        && now.tier() == next.tier() && now.assignedAt().toEpochMilli() == next.assignedAt().toEpochMilli()
        && (now.slaDeadline() == null ? next.slaDeadline() == null
            : next.slaDeadline() != null && now.slaDeadline().toEpochMilli() == next.slaDeadline().toEpochMilli());
  }

  /** Whether the store keeps {@code facts} for lead {@code leadId} (a store that keeps none cannot say otherwise). */
  private boolean savedAre(String leadId, Lead facts) {
    Lead saved = store.savedLead(leadId);
    return saved == null || LeadForm.sameSavedFacts(saved, facts);
  }

  /** Moves whose store call failed, by lead id, until {@link #settle} reads where the lead is. */
  private final ConcurrentHashMap<String, Unanswered> unanswered = new ConcurrentHashMap<>();

  /**
   * For a lead whose move failed in the store ({@code Router.reconcile}, once the store answers): if the store had
   * moved it all the same (its answer was lost), keeps the move's books now, as the move would have, its
   * {@link RoutingEvent.LeadMoved} event included; if not, forgets the move. A lead moved again since (by another
   * router) is left to that move.
   *
   * @return true if the failed move had landed and its books were kept now
   * @throws io.smartrouting.core.state.StateUnavailableException if the store is still unavailable (settled later)
   */
  public boolean settle(String leadId) {
    Unanswered u = unanswered.remove(leadId);
    if (u == null) {
      return false;
    }
    boolean landed;
    try {
      landed = landed(store.placement(leadId), u.next) && (u.facts == null || savedAre(leadId, u.facts));
    } catch (io.smartrouting.core.state.StateUnavailableException e) {
      unanswered.putIfAbsent(leadId, u);
      throw e;
    }
    if (!landed) {
      return false;
    }
    LOG.info("a move of lead {} that the store failed to answer had landed; its books are kept now", leadId);
    u.books.run();
    return true;
  }

  /**
   * Swaps lead placement {@code from} for {@code next} in one store step ({@link RoutingStateStore#movePlacement}: the
   * old holder's unit given back and {@code facts}, when not null, saved with it) and keeps this node's view in step:
   * the old holder's saturation, or, when the placement changed meanwhile, the unit the move took at the new holder
   * given back ({@link #releaseLost}). A move to a new holder takes its unit first.
   *
   * @return false if the placement was no longer {@code from} (nothing moved)
   */
  public boolean swap(RosterSnapshot snap, Placement from, Placement next, @Nullable Lead facts) {
    String old = from.repId();
    String to = next.repId();
    if (!store.movePlacement(from, next, facts)) {
      if (to != null && !to.equals(old)) {
        releaseLost(snap, to, from.leadId());
      }
      return false;
    }
    int o = old == null || old.equals(to) ? -1 : snap.ordinalOf(old);
    if (o >= 0) {
      snap.refreshSaturation(o);
    }
    return true;
  }

  /**
   * Runs {@code move}, a move of lead {@code leadId} that may take a unit at one rep and give one back at another:
   * when the store fails on the way, the lead is told to {@link #interrupted} (reconcile then gives back a unit its
   * placement does not name) and the failure goes on to the caller.
   */
  private <T> T interruptible(String leadId, Supplier<T> move) {
    try {
      return move.get();
    } catch (io.smartrouting.core.state.StateUnavailableException e) {
      interrupted.accept(leadId);
      throw e;
    }
  }

  /**
   * After a move of lead {@code leadId} to rep {@code repId} lost its placement's compare-and-set: gives back the unit
   * the move took, unless it is the winner's ({@link RepState#releaseLost}: on a store that reserves per lead, a drain
   * and the rep's own claim of the same waiting lead take one unit). Until 6 December the loser gave it back, leaving
   * the rep with a lead and no unit for it, so one lead over its capacity later (found by SharedClaimRaceTest).
   */
  public void releaseLost(RosterSnapshot snap, String repId, String leadId) {
    int o = snap.ordinalOf(repId);
    RepState state = o >= 0 ? snap.states[o] : store.rep(repId);
    // Only a store that reserves per lead needs to know where the winner placed it.
    Placement won = state.reservesPerLead() ? store.placement(leadId) : null;
    state.releaseLost(leadId, won == null ? null : won.repId());
    if (o >= 0) {
      snap.refreshSaturation(o);
    }
  }

  /**
   * The placement of open lead {@code leadId} with the facts the store keeps for it, read together (a shared store:
   * one read), for operation {@code op}.
   *
   * @throws IllegalArgumentException if the lead is not open
   */
  private RoutingStateStore.OpenLead openLead(String op, String leadId) {
    Objects.requireNonNull(leadId, "leadId must not be null");
    RoutingStateStore.OpenLead open = store.openLead(leadId);
    if (open == null) {
      throw notOpen(op, leadId);
    }
    return open;
  }

  private static IllegalArgumentException notOpen(String op, String leadId) {
    return new IllegalArgumentException(op + ": lead " + leadId + " is not open (never routed, or released)");
  }

  /**
   * The reps that held lead {@code p} or may not take it back: its holder, the earlier holders its placement keeps
   * ({@link Placement#earlierHolders()}, in the store, so on every router), and those its SLA timer or queue entry
   * excludes on this router.
   */
  private Set<String> holdersOf(Placement p) {
    Set<String> out = new HashSet<>();
    TimerQueue.Timer t = timers.get(p.leadId());
    if (t != null) {
      out.addAll(t.holders());
    }
    Waiting w = waiting.get(p.leadId());
    if (w != null) {
      out.addAll(w.excluded());
    }
    if (p.repId() != null) {
      out.add(p.repId());
    }
    out.addAll(p.earlierHolders());
    return out;
  }

  private Instant firstRoutedAt(Placement p) {
    TimerQueue.Timer t = timers.get(p.leadId());
    if (t != null) {
      return SlaBreaches.earlier(t.firstRoutedAt(), p.firstRoutedAt());
    }
    Waiting w = waiting.get(p.leadId());
    return w != null ? SlaBreaches.earlier(w.firstRoutedAt(), p.firstRoutedAt()) : p.firstRoutedAt();
  }

  private @Nullable Instant deadline(Rep rep, Tier tier, Instant now) {
    Duration due = sla.get(tier);
    if (due == null) {
      return null;
    }
    return businessHours.contains(tier) ? BusinessTime.deadline(rep, now, due) : now.plus(due);
  }

  /** The trace of a move decided outside the chain: its text, and the lead's routing facts for later moves. */
  private record MoveTrace(@Nullable Lead lead, String text) implements io.smartrouting.api.DecisionTrace {
    @Override
    public String render() {
      return text;
    }
  }

  private static String minutes(Duration d) {
    long m = d.toMinutes();
    return m < 120 ? m + " min" : (m / 60) + " h " + (m % 60) + " min";
  }
}
