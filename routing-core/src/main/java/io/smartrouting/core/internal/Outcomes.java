package io.smartrouting.core.internal;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ClassificationPolicy;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.learning.LearningPolicy;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.ReleasedLead;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.core.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an outcome reported for a lead does (contacted, meeting, opportunity, won, lost): counted once however often a
 * CRM retries it, credited to the rep that held the lead (or the rep the report names) in the learning model and, on a
 * store that shares outcomes, once for every router on it; written on the lead's placement as its rep's progress, so
 * that recycling leaves it with the rep; told to listeners. Keeps who held each lead for that credit. The router's
 * {@code recordOutcome} delegates here; thread-safe. Not API.
 */
public final class Outcomes {

  private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

  private final RoutingStateStore store;
  private final RecentWindow<Decision> recent;
  private final @Nullable ConversionModel learning;
  /** Who held each lead, for crediting WON/LOST to the right rep; only when learning. */
  private final @Nullable RecentWindow<Attribution> attributions;
  /** Who held the leads released lately, for outcomes reported later, or null. */
  private final @Nullable ClosedLeads closedLeads;
  /**
   * The (lead, outcome) pairs reported within the idempotency window: a CRM's webhook retried is counted once.
   * Grows with the outcomes reported, not preallocated, as outcomes are far fewer than decisions; made at the first
   * report (a bounded cache with expiry is some kilobytes, which a router per tenant would pay whether or not its
   * tenant ever reports an outcome).
   */
  private volatile com.github.benmanes.caffeine.cache.@Nullable Cache<String, Boolean> reportedOutcomes;
  private final Duration reportedWindow;
  private final long reportedCapacity;
  private final LongSupplier nanos;
  private final OutageJournal journal;
  private final MetricsRecorder metrics;
  private final EventBus events;
  private final Clock clock;
  private final Supplier<RosterSnapshot> snapshot;
  private final Supplier<ClassificationPolicy> classification;
  private final Function<String, @Nullable Lead> leadOf;
  private final Function<String, @Nullable Lead> localLeadOf;

  /**
   * Outcomes of the leads the router decides.
   *
   * @param recent the router's idempotency window of decisions
   * @param learning the learning model, or null
   * @param closedLeads who held the leads released lately, or null
   * @param idempotencyWindow how long a reported outcome is remembered as reported
   * @param idempotencyCapacity how many reported outcomes at most
   * @param nanos the windows' clock
   * @param leadOf a lead's routing facts as this router or the store knows them
   * @param localLeadOf a lead's routing facts as this router knows them, without asking the store
   */
  public Outcomes(RoutingStateStore store, RecentWindow<Decision> recent, @Nullable ConversionModel learning,
      @Nullable ClosedLeads closedLeads, Duration idempotencyWindow, long idempotencyCapacity, LongSupplier nanos,
      OutageJournal journal, MetricsRecorder metrics, EventBus events, Clock clock, Supplier<RosterSnapshot> snapshot,
      Supplier<ClassificationPolicy> classification, Function<String, @Nullable Lead> leadOf,
      Function<String, @Nullable Lead> localLeadOf) {
    this.store = store;
    this.recent = recent;
    this.learning = learning;
    this.attributions = learning == null ? null : new RecentWindow<>(learning.policy().attributionWindow(),
        learning.policy().maxAttributedLeads(), nanos);
    this.closedLeads = closedLeads;
    this.reportedWindow = idempotencyWindow;
    this.reportedCapacity = idempotencyCapacity;
    this.nanos = nanos;
    this.journal = journal;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.snapshot = snapshot;
    this.classification = classification;
    this.leadOf = leadOf;
    this.localLeadOf = localLeadOf;
  }

  /** The reported (lead, outcome) pairs, made at the first report. */
  private java.util.concurrent.ConcurrentMap<String, Boolean> reported() {
    com.github.benmanes.caffeine.cache.Cache<String, Boolean> c = reportedOutcomes;
    if (c == null) {
      synchronized (this) {
        c = reportedOutcomes;
        if (c == null) {
          c = com.github.benmanes.caffeine.cache.Caffeine.newBuilder().expireAfterWrite(reportedWindow)
              .maximumSize(reportedCapacity).ticker(nanos::getAsLong).executor(Runnable::run).build();
          reportedOutcomes = c;
        }
      }
    }
    return c.asMap();
  }

  /** The rep that holds a lead, with what learning needs to credit its outcome. */
  record Attribution(String repId, Segment segment, @Nullable String industry,
      Tier tier) {}

  /**
   * In place of a lead's attribution once its closing outcome was reported: the lead is credited once, so a move
   * afterwards (an offboarding of a rep who kept won leads open, a drain) does not attribute it again, and a report of
   * it past the idempotency window (a CRM's re-sync, or the other closing outcome) is not credited to the new holder.
   * Compared by identity; lasts as an attribution would.
   */
  private static final Attribution CREDITED = new Attribution("", Segment.SMB, null, Tier.TIER_3);

  /**
   * Forgets who held lead {@code leadId} for crediting its outcome (it waits in a queue now); a lead already credited
   * stays so.
   */
  public void forgetAttribution(String leadId) {
    if (attributions != null && attributions.get(leadId) != CREDITED) {
      attributions.remove(leadId);
    }
  }

  /** Forgets everything this router keeps to credit lead {@code leadId}'s outcome (the lead is erased). */
  public void eraseAttribution(String leadId) {
    if (attributions != null) {
      attributions.remove(leadId);
    }
  }

  /** {@return the attribution of lead {@code leadId}, or null if none or if it was credited} */
  private @Nullable Attribution attributionOf(String leadId) {
    Attribution a = attributions == null ? null : attributions.get(leadId);
    return a == CREDITED ? null : a;
  }

  /**
   * Notes that decision {@code d}, a lead's routing (afresh, a lead routed again after its release included) or its
   * adoption, placed {@code lead} with its rep, to credit the lead's outcome to it. A decision that names no segment
   * is credited in the segment the lead's facts are classified in.
   */
  public void attribute(Lead lead, Decision d) {
    String repId = d.repId();
    if (attributions != null && repId != null) {
      Segment segment = d.segment() != null ? d.segment() : segmentOf(lead);
      attributions.put(d.leadId(), new Attribution(repId, segment, lead.industry(), d.tier()));
    }
  }

  /**
   * As {@link #attribute}, for a move of an open lead to rep {@code d.repId()}; a lead whose closing outcome was
   * credited already stays so (it is credited once). Until 8 December 2026 a move whose decision named no segment
   * left the attribution with the lead's earlier rep, who was then credited its deal.
   */
  public void attributeMove(Lead lead, Decision d) {
    if (attributions != null && attributions.get(d.leadId()) != CREDITED) {
      attribute(lead, d);
    }
  }

  /**
   * The suffix of a lead id under which a store that shares outcomes counts the lead's qualification credit, apart from
   * its closed outcome: a NUL character, which no real lead id carries.
   */
  private static final String QUALIFIED = "\u0000qualified";

  /**
   * Credits SDR {@code repId} a win for lead {@code leadId}, qualified under it and handed off
   * ({@code Router.Builder.handOffQualifiedLeads}): an SDR's part in a deal is qualifying it, so its rate is a
   * qualification rate (the model keeps SDRs a team of their own, {@link ConversionModel#qualifiers}). Once per lead
   * however often it is qualified again, and on a store that shares outcomes once for every router on it; the lead's
   * closed outcome is credited to its holder then, as any lead's. Nothing without learning.
   */
  public void creditQualification(String leadId, String repId, Segment segment, @Nullable String industry) {
    ConversionModel model = learning;
    if (model == null || reported().putIfAbsent(leadId + '\n' + "QUALIFIED", Boolean.TRUE) != null) {
      return;
    }
    if (countShared(leadId + QUALIFIED, leadId, "qualification", repId, segment, industry, true)) {
      model.record(repId, segment, industry, true);
    }
  }

  /**
   * Counts a credit under {@code key} (a lead's id, or its id with a suffix) in a store that shares outcomes; false if
   * it was counted there already. While the store cannot answer the credit is journaled for {@code reconcile()} and
   * counts as new (this node's model takes it now).
   */
  private boolean countShared(String key, String leadId, String what, String repId, Segment segment,
      @Nullable String industry, boolean won) {
    if (!store.sharesOutcomes()) {
      return true;
    }
    try {
      return storeOutcome(key, repId, segment, industry, won);
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      if (!journal.offer(new OutageJournal.OutcomeWrite(key, repId, segment, industry, won))) {
        LOG.warn("{} of lead {} counted on this node only (outage journal full): {}", what, leadId, e.getMessage());
      }
      return true;
    }
  }

  /**
   * Counts a closed outcome in a store that shares outcomes, once for every router on it, under the learning
   * policy's half-life; false if another report of the lead's outcome was counted already.
   */
  public boolean storeOutcome(String leadId, String repId, Segment segment,
      @Nullable String industry, boolean won) {
    LearningPolicy policy = learning == null
        ? LearningPolicy.defaults() : learning.policy();
    return store.recordOutcome(leadId, repId, segment, industry, won, policy.halfLifeOutcomes(),
        policy.attributionWindow());
  }

  /**
   * Both forms of {@code Router.recordOutcome}; {@code by} is the reporting rep, or null for the lead's holder. Returns
   * false if the lead is unknown.
   *
   * @throws IllegalArgumentException if {@code by} is neither on the roster nor a known holder of the lead
   */
  public boolean record(String leadId, @Nullable String by, Outcome outcome) {
    if (by != null && snapshot.get().ordinalOf(by) < 0) {
      checkHeldBy(leadId, by); // before anything is claimed or taken: a refused report leaves no trace
    }
    // Claimed before the attribution is taken, so that of two reports at once the one that takes it also counts.
    String reported = leadId + '\n' + outcome.name();
    if (reported().putIfAbsent(reported, Boolean.TRUE) != null) {
      // A repeat: counted when it was first reported. The lead may have moved to another rep since, whose placement
      // starts without progress: the report marks it there too, as a first report would.
      if (outcome != Outcome.CONTACTED) {
        markProgressOf(leadId, by);
      }
      return true;
    }
    Decision d = recent.get(leadId);
    Placement p;
    boolean storeDown = false;
    try {
      p = store.placement(leadId);
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      storeDown = true;
      p = null; // what this node knows of the lead (its decision, its attribution) is enough to count the outcome
    }
    Attribution a = attributions == null ? null
        : outcome.isTerminal() ? attributions.remove(leadId) : attributionOf(leadId);
    boolean creditedBefore = a == CREDITED;
    if (creditedBefore) {
      a = null;
    }
    // Released a while ago: who held it then (a final outcome is counted once, so it is forgotten with it).
    ClosedLeads.Closed closed = closedLeads == null ? null
        : closedLeads.of(leadId, outcome.isTerminal());
    // Routed and released by another router on a shared store: what the store kept of it.
    ReleasedLead released = null;
    boolean creditShared = a == null && !creditedBefore && learning != null && outcome.isTerminal()
        && store.sharesOutcomes();
    if (p == null && (creditShared || d == null && a == null && closed == null) && store.sharesOutcomes()) {
      // Released, and routed by another router (this one may have released it, knowing nothing else of it).
      released = releasedLead(leadId);
    }
    if (d == null && p == null && a == null && closed == null && released == null) {
      if (creditedBefore) {
        attributions.put(leadId, CREDITED);
      }
      if (closedLeads != null && closedLeads.closedBefore(leadId)) {
        // Released and closed, its final outcome counted: a report past the idempotency window (a webhook retried a
        // day later) is acknowledged, and neither counted nor told again.
        return true;
      }
      reported().remove(reported);
      return false;
    }
    if (attributions != null && outcome.isTerminal()) {
      attributions.put(leadId, CREDITED);
    }
    if (outcome != Outcome.CONTACTED) {
      if (p != null) {
        if (by == null || by.equals(p.repId())) {
          markProgress(p, clock.instant());
        }
      } else if (storeDown && d != null && d.repId() != null) {
        // Open, as far as this router knows, and the store could not say: the mark waits for reconcile(), which
        // writes it only if the rep named here still holds the lead.
        journal.offer(new OutageJournal.Progress(leadId, by != null ? by : d.repId(),
            clock.instant()));
      }
    }
    if (creditShared) {
      // Routed by another router: credited from what the shared store keeps of the lead, once for all of them.
      a = sharedAttribution(leadId, p, released);
    }
    if (by != null && a != null && !by.equals(a.repId())) {
      a = new Attribution(by, a.segment(), a.industry(), a.tier()); // the lead moved on; the outcome is by's
    } else if (by != null && a == null && !creditedBefore && learning != null && outcome.isTerminal() && p != null
        && p.repId() == null) {
      // Waiting in a queue: its attribution left with its last rep, but the rep named is known, and so is the lead.
      a = queuedAttribution(leadId, by, p, d);
    }
    Placement held = p != null ? p : released != null ? released.placement() : null;
    String repId = by != null ? by : held != null ? held.repId() : d != null ? d.repId() : a != null ? a.repId()
        : closed.repId();
    Tier tier = held != null ? held.tier() : d != null ? d.tier() : a != null ? a.tier() : closed.tier();
    Segment segment = d != null ? d.segment() : a != null ? a.segment() : null;
    if (segment == null && p != null) {
      // Open, decided before the idempotency window: its segment from the routing facts kept with it (an SLA timer,
      // a queue entry, or a shared store's saved facts), as it was classified.
      segment = knownSegment(leadId, true);
    }
    if (segment == null && closed != null) {
      segment = closed.segment();
    }
    if (segment == null && a != null) {
      segment = a.segment();
    }
    if (segment == null && released != null && released.facts() != null) {
      // Released elsewhere: classified from the facts the store kept with it, as it was routed.
      segment = segmentOf(released.facts());
    }
    boolean counted = true;
    // A lead is credited once: its other closing outcome, reported before, was (an attribution made by a later move
    // would otherwise count the lead again).
    if (a != null && learning != null && outcome.isTerminal()
        && !reported().containsKey(leadId + '\n' + otherEnd(outcome))) {
      counted = countShared(leadId, leadId, "outcome", a.repId(), a.segment(), a.industry(), outcome == Outcome.WON);
      if (counted) {
        learning.record(a.repId(), a.segment(), a.industry(), outcome == Outcome.WON);
      }
    }
    if (!counted) {
      return true; // told to another node first (a retried webhook): counted and published there
    }
    metrics.outcome(segment, outcome);
    events.publish(new RoutingEvent.OutcomeRecorded(leadId, repId, tier, segment, outcome, clock.instant()));
    return true;
  }

  /**
   * Records on open lead {@code p}'s placement that its rep reported progress beyond the contact at {@code at}, so
   * that recycling ({@code Router.Builder.recycleStalledLeads}, on whichever router runs the timers) leaves it with
   * the rep. A contact recorded at the same moment is kept: the placement is read again and the mark retried, while
   * the same rep holds it. While the store is unavailable the mark is journaled and written by
   * {@code Router.reconcile()}. Nothing for a lead waiting in a queue, or marked already.
   */
  private void markProgress(Placement p, Instant at) {
    if (p.repId() == null || p.progressedAt() != null) {
      return;
    }
    try {
      writeProgress(p, at);
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      if (!journal.offer(new OutageJournal.Progress(p.leadId(),
          Objects.requireNonNull(p.repId()), at))) {
        LOG.warn("progress of lead {} not recorded on its placement (state store unavailable, outage journal full);"
            + " recycling may move it", p.leadId());
      }
    }
  }

  /**
   * {@link #markProgress} on open lead {@code leadId}'s placement, read now, if rep {@code by} holds it (any holder
   * when null).
   */
  private void markProgressOf(String leadId, @Nullable String by) {
    Placement p;
    try {
      p = store.placement(leadId);
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      return; // the first report's mark, if any, stands
    }
    if (p != null && (by == null || by.equals(p.repId()))) {
      markProgress(p, clock.instant());
    }
  }

  /** The other closing outcome: {@code LOST} for {@code WON} and the reverse. */
  private static Outcome otherEnd(Outcome terminal) {
    return terminal == Outcome.WON ? Outcome.LOST : Outcome.WON;
  }

  /**
   * What learning credits to rep {@code by} for open lead {@code p}, waiting in a queue: the segment of its last
   * decision (or as its saved facts classify) and its industry; null if neither is known.
   */
  private @Nullable Attribution queuedAttribution(String leadId, String by, Placement p, @Nullable Decision d) {
    Lead facts;
    try {
      facts = leadOf.apply(leadId);
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      return null;
    }
    Segment segment = d != null && d.segment() != null ? d.segment()
        : facts == null ? null : segmentOf(facts);
    return segment == null ? null : new Attribution(by, segment, facts == null ? null : facts.industry(), p.tier());
  }

  /**
   * Refuses a report naming rep {@code by}, off the roster, unless the router knows it held lead {@code leadId} (open,
   * recently decided, attributed, recently released, or as a shared store keeps it); a lead it knows nothing of is
   * left to the report, which answers false. Reads without taking anything.
   */
  private void checkHeldBy(String leadId, String by) {
    Placement open;
    try {
      open = store.placement(leadId);
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      open = null;
    }
    Attribution a = attributionOf(leadId);
    ClosedLeads.Closed closed = closedLeads == null ? null
        : closedLeads.of(leadId, false);
    ReleasedLead released = open == null && store.sharesOutcomes()
        ? releasedLead(leadId) : null;
    Decision d = recent.get(leadId);
    boolean known = open != null || d != null || a != null || closed != null || released != null;
    if (known && !heldBy(by, open, d, a, closed, released)) {
      throw new IllegalArgumentException("repId '" + by + "' is neither a rep of the roster nor a holder of lead '"
          + leadId + "'");
    }
  }

  /** Whether rep {@code by} holds or held the lead, as far as what was read of it tells. */
  private static boolean heldBy(String by, @Nullable Placement open, @Nullable Decision d, @Nullable Attribution a,
      io.smartrouting.core.internal.ClosedLeads.@Nullable Closed closed,
      @Nullable ReleasedLead released) {
    for (Placement p : new Placement[] {open, released == null ? null : released.placement()}) {
      if (p != null && (by.equals(p.repId()) || p.earlierHolders().contains(by))) {
        return true;
      }
    }
    return d != null && by.equals(d.repId()) || a != null && by.equals(a.repId())
        || closed != null && by.equals(closed.repId());
  }

  /** {@link #markProgress} against the store; throws if it is unavailable. */
  public void writeProgress(Placement p, Instant at) {
    Placement cur = p;
    for (int attempt = 0; attempt < 3; attempt++) {
      if (store.replacePlacement(cur, cur.withProgressedAt(at))) {
        return;
      }
      cur = store.placement(p.leadId());
      if (cur == null || !Objects.equals(cur.repId(), p.repId()) || cur.progressedAt() != null) {
        return; // released, moved to another rep, or marked by another report meanwhile
      }
    }
    LOG.debug("progress of lead {} not recorded on its placement (it kept changing)", p.leadId());
  }

  /** What a store sharing outcomes keeps of released lead {@code leadId}; null if nothing or it cannot answer. */
  private @Nullable ReleasedLead releasedLead(String leadId) {
    try {
      return store.releasedLead(leadId);
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      return null;
    }
  }

  /**
   * Who held {@code leadId} as a shared store keeps it (open: its placement and saved facts; released: what the
   * store kept), classified as this router classifies; null if no rep held it or its facts are gone.
   */
  private @Nullable Attribution sharedAttribution(String leadId, @Nullable Placement open,
      @Nullable ReleasedLead released) {
    Placement held = open != null ? open : released != null ? released.placement() : null;
    if (held == null || held.repId() == null) {
      return null;
    }
    Lead facts;
    try {
      facts = open != null ? leadOf.apply(leadId) : released.facts();
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      return null;
    }
    if (facts == null) {
      return null;
    }
    RosterSnapshot snap = snapshot.get();
    Segment segment = Classification.of(facts,
        snap.accounts.match(facts).account, classification.get()).segment;
    return new Attribution(held.repId(), segment, facts.industry(), held.tier());
  }

  /**
   * The segment of {@code leadId} as this router still knows it: from its decision if still in the idempotency
   * window, else as the routing facts kept with the open lead classify (an SLA timer, a queue entry, or, with
   * {@code askStore}, a shared store's saved facts); null if neither is known. A release does not ask the store: it
   * has just removed the facts there, and a release is on the hot path.
   */
  public @Nullable Segment knownSegment(String leadId, boolean askStore) {
    Decision d = recent.get(leadId);
    if (d != null && d.segment() != null) {
      return d.segment();
    }
    Lead facts = askStore ? leadOf.apply(leadId) : localLeadOf.apply(leadId);
    return facts == null ? null : segmentOf(facts);
  }

  /** The segment a lead with these routing facts is classified in now. */
  private Segment segmentOf(Lead facts) {
    return Classification.of(facts, snapshot.get().accounts.match(facts).account,
        classification.get()).segment;
  }
}
