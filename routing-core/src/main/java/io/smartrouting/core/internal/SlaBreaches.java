package io.smartrouting.core.internal;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.EscalationPolicy;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RoutingStateStore;
import java.time.Instant;
import java.util.HashSet;
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
 * What a missed first-contact deadline does: the breach reported once, the manager told, the lead reassigned through
 * the chain to a rep who has not held it, or escalated to the manager or the escalation queue. Every move is a
 * compare-and-set on the placement through {@link LeadLifecycle#swapThen}, so a move the store made but failed to
 * answer is finished by {@code Router.reconcile()}; a breach the store failed in the middle of is retried by the
 * next timer pass, reported once. The router's timer pass delegates here; thread-safe. Not API.
 */
public final class SlaBreaches {

  private static final Logger LOG = LoggerFactory.getLogger(SlaBreaches.class);

  private final RoutingStateStore store;
  private final Supplier<RosterSnapshot> snapshot;
  private final Supplier<Pipeline> pipeline;
  private final Supplier<EscalationPolicy> escalation;
  private final TimerQueue timers;
  private final RecentWindow<Decision> recent;
  private final MetricsRecorder metrics;
  private final EventBus events;
  private final LeadLifecycle lifecycle;
  /** Leads that missed a deadline and are not contacted yet (the router's, for its metrics). */
  private final Set<String> missedLeads;
  private final BiConsumer<Lead, Decision> attribute;
  private final Consumer<String> forgetAttribution;
  /**
   * Breaches reported whose handling the store failed in the middle of, by lead, with the deadline: the retry reports
   * nothing again.
   */
  private final ConcurrentHashMap<String, Instant> reported = new ConcurrentHashMap<>();

  public SlaBreaches(RoutingStateStore store, Supplier<RosterSnapshot> snapshot, Supplier<Pipeline> pipeline,
      Supplier<EscalationPolicy> escalation, TimerQueue timers, RecentWindow<Decision> recent,
      MetricsRecorder metrics, EventBus events, LeadLifecycle lifecycle, Set<String> missedLeads,
      BiConsumer<Lead, Decision> attribute, Consumer<String> forgetAttribution) {
    this.store = store;
    this.snapshot = snapshot;
    this.pipeline = pipeline;
    this.escalation = escalation;
    this.timers = timers;
    this.recent = recent;
    this.metrics = metrics;
    this.events = events;
    this.lifecycle = lifecycle;
    this.missedLeads = missedLeads;
    this.attribute = attribute;
    this.forgetAttribution = forgetAttribution;
  }

  /**
   * Forgets the breaches reported whose handling the store interrupted: this router no longer runs the timers (it lost
   * the lease), and the holder that does takes them over.
   */
  public void forgetReported() {
    reported.clear();
  }

  /**
   * True if two deadlines are the same instant as a shared store keeps them (to the millisecond): a timer this router
   * armed from the system clock's microseconds and the deadline read back from the store are one deadline.
   */
  public static boolean sameMilli(Instant a, Instant b) {
    return a.toEpochMilli() == b.toEpochMilli();
  }

  /**
   * How many first-contact deadlines a lead missed before its current one: the more of what its timer here ({@code t},
   * null if none) and its placement {@code p} say (a timer taken up from a shared store, or none, knows less than the
   * placement, which every router that moves the lead keeps up to date).
   */
  public static int missedBefore(TimerQueue.@Nullable Timer t, Placement p) {
    return Math.max(t == null ? 0 : t.breaches(), p.slaBreaches());
  }

  /**
   * The earlier of a time this router keeps ({@code local}) and one read from the store ({@code stored}); {@code local}
   * when both are the same millisecond, since a shared store keeps instants to the millisecond.
   */
  public static Instant earlier(Instant local, Instant stored) {
    return stored.toEpochMilli() < local.toEpochMilli() ? stored : local;
  }

  /**
   * Handles timer {@code t}, due: if its lead is still open, uncontacted and due at that deadline, and this router
   * claims the breach ({@link RoutingStateStore#claimBreach}), reports it and moves the lead. The breach is reported
   * once: not again when this router retries it, nor when it takes it over from a router that lost the timer lease. A
   * timer another router made stale (it moved the lead) follows the store's deadline instead.
   *
   * @throws io.smartrouting.core.state.StateUnavailableException if the store fails; the caller arms the timer again
   *     and retries at its next pass
   */
  public void breach(TimerQueue.Timer t, Instant now) {
    String leadId = t.lead().id();
    Placement p = store.placement(leadId);
    if (p == null || p.contactedAt() != null || p.slaDeadline() == null) {
      reported.remove(leadId);
      return;
    }
    // The deadlines missed before this one and the first routing, as this router's timer or the placement knows them,
    // the more of the one and the earlier of the other (a timer taken up from the store after the lease changed hands
    // starts from the placement's; a shared store keeps instants to the millisecond).
    int missed = missedBefore(t, p);
    Instant firstRouted = earlier(t.firstRoutedAt(), p.firstRoutedAt());
    if (!sameMilli(t.due(), p.slaDeadline())) {
      // This router's timer is stale: another router moved the lead and gave it a new deadline. Follow the store.
      reported.remove(leadId);
      timers.arm(t.lead(), p.slaDeadline(), p.repId() == null ? t.holders() : Set.of(p.repId()), missed,
          firstRouted);
      return;
    }
    RoutingStateStore.BreachClaim claim = store.claimBreach(leadId, t.due());
    if (claim == RoutingStateStore.BreachClaim.REFUSED) {
      return; // another router handled this breach (the lease changed hands meanwhile)
    }
    String from = p.repId();
    RosterSnapshot snap = snapshot.get();
    EscalationPolicy policy = escalation.get();
    int fromOrdinal = from == null ? -1 : snap.ordinalOf(from);
    String managerId = fromOrdinal >= 0 ? snap.reps[fromOrdinal].managerId() : null;
    boolean first = missedLeads.add(leadId);
    if (!t.due().equals(reported.put(leadId, t.due())) && claim == RoutingStateStore.BreachClaim.FIRST) {
      metrics.breach(p.tier(), first);
      events.publish(new RoutingEvent.SlaBreached(leadId, p.repId(), p.queue(), p.tier(), t.due(), now,
          missed + 1));
      if (from != null && policy.notifiesManager()) {
        events.publish(new RoutingEvent.ManagerNotified(leadId, managerId, from, p.tier(), t.due(), now));
      }
    }
    if (from == null) {
      // A waiting lead stays where it is, and its deadline is spent: it waits on without one (as an escalated lead
      // does, until a drain gives it a rep and a deadline of its own), so that no router reports the breach again (one
      // that takes the timers over, or one that adopts the lead as its placement stands after a restart). The miss
      // counts as any other: the next is numbered after it, a contact comes late on every router, and the escalation
      // policy's limit counts it. A store that fails here leaves the breach to the next pass, which writes this and
      // reports nothing again.
      store.replacePlacement(p, new Placement(leadId, null, p.queue(), p.tier(), p.assignedAt(), null,
          p.capacityOverride(), null, p.progressedAt(), p.earlierHolders(), p.firstRoutedAt(), missed + 1));
      reported.remove(leadId);
      return;
    }
    // A timer armed without the lead's routing facts (taken up from a store that had none) must not re-route it on
    // empty facts, which any rep qualifies for: a person decides where it goes. The facts saved with the placement
    // come first: another router may have updated them since this timer was armed.
    Lead saved = store.savedLead(leadId);
    String tag = pipeline.get().savedLeadsTag();
    Lead facts = saved != null && !LeadForm.hasNoRoutingFacts(saved, tag) ? saved
        : LeadForm.hasNoRoutingFacts(t.lead(), tag) ? lifecycle.leadOf(leadId)
        : t.lead();
    if (facts == null) {
      LOG.warn("SLA breach of lead {}: its routing facts are unknown to this router, so it is escalated, not"
          + " re-routed", leadId);
    }
    if (facts != null && missed < policy.maxReassignments()) {
      Set<String> holders = new HashSet<>(t.holders());
      holders.add(from);
      // Those that held it before, as its placement keeps them: this router's timer may have been taken up from the
      // store after another router moved the lead.
      holders.addAll(p.earlierHolders());
      Decision d = pipeline.get().reassign(snap, facts, now, holders);
      if (d != null) {
        String to = Objects.requireNonNull(d.repId());
        Placement next = new Placement(leadId, to, null, p.tier(), now, d.slaDeadline(),
            d.hasFlag(Flag.CAPACITY_OVERRIDE), null, null, p.holdersAfterMove(), firstRouted, missed + 1);
        boolean moved = lifecycle.swapThen(snapshot.get(), p, next, null, () -> {
          reported.remove(leadId);
          holders.add(to);
          if (d.slaDeadline() != null) {
            timers.arm(facts, d.slaDeadline(), holders, missed + 1, firstRouted);
          }
          recent.put(leadId, d);
          attribute.accept(facts, d);
          metrics.reassigned();
          events.publish(new RoutingEvent.LeadReassigned(leadId, from, d, now, missed + 1));
        });
        if (!moved) {
          reported.remove(leadId); // moved or closed meanwhile: whoever did it has the lead
        }
        return;
      }
    }
    escalate(p, from, managerId, t, now, snap, facts, policy, missed, firstRouted);
  }

  /** Hands the lead to the manager or the escalation queue; {@code facts} are its routing facts, null if unknown. */
  private void escalate(Placement p, String from, @Nullable String managerId, TimerQueue.Timer t, Instant now,
      RosterSnapshot snap, @Nullable Lead facts, EscalationPolicy policy, int missed, Instant firstRouted) {
    String leadId = p.leadId();
    String toRep = null;
    if (policy.toManagerFirst() && managerId != null && !managerId.equals(from)) {
      if (snap.tryTakeManager(snap.ordinalOf(managerId), snap.availability.at(now).available, leadId)) {
        toRep = managerId;
      }
    }
    String toQueue = toRep == null ? policy.escalationQueue() : null;
    Placement next = new Placement(leadId, toRep, toQueue, p.tier(), now, null, false, null, null,
        p.holdersAfterMove(), firstRouted, missed + 1);
    String reason = (facts == null ? "first-contact SLA missed; the lead's routing facts are unknown to this router,"
        + " so it was not re-routed"
        : missed >= policy.maxReassignments()
        ? "first-contact SLA missed " + (missed + 1) + " times"
        : "first-contact SLA missed and no other available rep could take the lead")
        + (toRep != null ? "; handed to the manager" : "; placed in queue '" + toQueue + "'");
    Decision old = recent.get(leadId);
    Decision d = Decision.builder(leadId).rep(toRep).queue(toQueue).tier(p.tier())
        .segment(lifecycle.segmentOf(old, facts, snap)).accountId(lifecycle.accountIdOf(old, facts, snap))
        .decidedBy("sla-escalation").decidedAt(now).rosterVersion(snap.version).flag(Flag.ESCALATED)
        .trace(() -> "  " + reason).build();
    String manager = toRep;
    boolean moved = lifecycle.swapThen(snapshot.get(), p, next, null, () -> {
      reported.remove(leadId);
      recent.put(leadId, d);
      if (manager != null) {
        attribute.accept(facts != null ? facts : t.lead(), d);
      } else {
        forgetAttribution.accept(leadId);
        // The escalation queue drains too, to reps who have not held the lead (one whose facts are unknown waits
        // there for a person).
        if (facts != null) {
          Set<String> held = new HashSet<>(t.holders());
          held.add(from);
          lifecycle.queued(facts, p.tier(), now, held, firstRouted);
        }
      }
      metrics.escalated();
      events.publish(new RoutingEvent.LeadEscalated(leadId, from, manager, toQueue, p.tier(), now, reason));
    });
    if (!moved) {
      reported.remove(leadId);
    }
  }
}
