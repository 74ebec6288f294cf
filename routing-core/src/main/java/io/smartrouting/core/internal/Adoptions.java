package io.smartrouting.core.internal;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RepState;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.core.state.StateUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes up leads that are already open outside the router ({@code Router.adopt}): placed where the system of record
 * says they are, with the books a routed lead gets (its rep's unit, its saved facts and contact notes, its
 * first-contact timer or its place in its queue, the idempotency window, outcome attribution, an event), and no
 * routing. Not API.
 */
public final class Adoptions {

  private static final Logger LOG = LoggerFactory.getLogger(Adoptions.class);

  /** The {@link Decision#decidedBy()} of an adopted lead. */
  public static final String ADOPTED = "adopted";

  /**
   * How far ahead of the router's clock a caller's times may be: the caller's clock and the router's differ, as for a
   * reported contact.
   */
  private static final Duration CLOCK_TOLERANCE = io.smartrouting.core.Router.CONTACT_CLOCK_TOLERANCE;

  private final RoutingStateStore store;
  private final Supplier<RosterSnapshot> snapshot;
  private final Supplier<Pipeline> pipeline;
  private final TimerQueue timers;
  private final RecentWindow<Decision> recent;
  private final EventBus events;
  private final LeadLifecycle lifecycle;
  private final BiConsumer<Lead, Decision> attribute;
  private final Consumer<String> interrupted;

  public Adoptions(RoutingStateStore store, Supplier<RosterSnapshot> snapshot, Supplier<Pipeline> pipeline,
      TimerQueue timers, RecentWindow<Decision> recent, EventBus events, LeadLifecycle lifecycle,
      BiConsumer<Lead, Decision> attribute, Consumer<String> interrupted) {
    this.store = store;
    this.snapshot = snapshot;
    this.pipeline = pipeline;
    this.timers = timers;
    this.recent = recent;
    this.events = events;
    this.lifecycle = lifecycle;
    this.attribute = attribute;
    this.interrupted = interrupted;
  }

  /**
   * Places {@code lead} (normalised, its id checked) with rep {@code repId} or in {@code queue} as it stands since
   * {@code since}; a lead already open is left where it is and described. See {@code Router.adopt}.
   */
  public Decision adopt(Lead lead, io.smartrouting.core.ExistingLead existing, Instant now) {
    String repId = existing.repId();
    String queue = existing.queue();
    Instant since = existing.since();
    Instant contactedAt = existing.contactedAt();
    boolean withDeadline = existing.firstContactDeadline();
    String id = lead.id();
    if (since.isAfter(now.plus(CLOCK_TOLERANCE))) {
      throw new IllegalArgumentException("adopt: since " + since + " of lead " + id + " is after now (" + now + ")");
    }
    if (contactedAt != null && contactedAt.isAfter(now.plus(CLOCK_TOLERANCE))) {
      throw new IllegalArgumentException("adopt: contactedAt " + contactedAt + " of lead " + id + " is after now ("
          + now + ")");
    }
    RosterSnapshot snap = snapshot.get();
    int o = repId == null ? -1 : snap.ordinalOf(repId);
    if (repId != null && o < 0) {
      throw new IllegalArgumentException("adopt: lead " + id + " is held by '" + repId + "', who is not on roster"
          + " version " + snap.version + "; route(lead) gives it to a rep on the roster");
    }
    Placement open = store.placement(id);
    if (open != null) {
      return Pipeline.fromPlacement(open, snap, "already open here: left where it is (adopting changes nothing)");
    }
    Pipeline p = pipeline.get();
    Pipeline.Reading reading = p.read(snap, lead, o, since);
    // A contacted lead keeps the deadline it had (a contact after it counts as late), with no timer.
    Instant deadline = !withDeadline ? null : queue != null ? reading.deadlineWaitingIn(queue, p) : reading.deadline();
    // The account the reading matched, by its id: the lead is matched once.
    Account account = reading.accountId() == null ? null : snap.accounts.byId(reading.accountId());
    Lead saved = p.savedFacts(lead, account);
    if (p.notesLeads()) {
      for (long key : p.noteKeys(lead, snap)) {
        store.noteContact(key, id);
      }
    }
    boolean over = false;
    RepState state = null;
    if (o >= 0) {
      state = snap.states[o];
      over = state.openLeads() >= snap.capacity(o);
      state.forceReserve(id);
      snap.refreshSaturation(o);
    }
    // Its SLA history as the system of record keeps it (none: first routed then, nothing missed, nobody before).
    Placement placing = new Placement(id, repId, queue, reading.tier(), since, deadline, over, contactedAt, null,
        existing.earlierHolders(), existing.firstRoutedAt(), existing.missedDeadlines());
    Placement raced;
    try {
      raced = store.placeIfAbsent(placing, saved);
    } catch (StateUnavailableException e) {
      if (state != null) {
        interrupted.accept(id); // reconcile gives the unit back unless the placement landed
      }
      throw e;
    }
    if (raced != null) {
      if (state != null) {
        state.releaseLost(id, raced.repId());
        snap.refreshSaturation(o);
      }
      return Pipeline.fromPlacement(raced, snap, "placed concurrently: left where it is (adopting changes nothing)");
    }
    String why = explain(existing, deadline, over, snap, o);
    Decision.Builder d = Decision.builder(id).rep(repId).queue(queue).tier(reading.tier()).segment(reading.segment())
        .accountId(reading.accountId()).decidedBy(ADOPTED).decidedAt(since).rosterVersion(snap.version)
        .slaDeadline(deadline).trace(() -> why);
    if (over) {
      d.flag(Flag.CAPACITY_OVERRIDE);
    }
    Decision decision = d.build();
    recent.put(id, decision);
    if (deadline != null && contactedAt == null) {
      // Armed with the lead's history (for a lead without one: its rep, nothing missed, first routed at since).
      Set<String> holders = new java.util.HashSet<>(existing.earlierHolders());
      if (repId != null) {
        holders.add(repId);
      }
      timers.arm(lead, deadline, holders, existing.missedDeadlines(), existing.firstRoutedAt());
    }
    if (queue != null) {
      lifecycle.queued(lead, reading.tier(), since, Set.copyOf(existing.earlierHolders()), existing.firstRoutedAt());
    }
    attribute.accept(lead, decision);
    if (events.hasListeners()) {
      events.publish(repId != null ? new RoutingEvent.LeadAssigned(decision) : new RoutingEvent.LeadQueued(decision));
    }
    LOG.debug("adopted lead {}: {}", id, repId != null ? "rep " + repId : "queue " + queue);
    return decision;
  }

  private static String explain(io.smartrouting.core.ExistingLead existing, @Nullable Instant deadline, boolean over,
      RosterSnapshot snap, int o) {
    String repId = existing.repId();
    String queue = existing.queue();
    Instant since = existing.since();
    Instant contactedAt = existing.contactedAt();
    boolean withDeadline = existing.firstContactDeadline();
    StringBuilder b = new StringBuilder("  adopted as it stands, not routed: ");
    b.append(repId != null ? "held by " + repId : "waiting in queue '" + queue + "'").append(" since ").append(since);
    if (contactedAt != null) {
      b.append("; first contact ").append(contactedAt);
    }
    if (deadline != null) {
      b.append(contactedAt != null ? " (due " : "; first contact due ").append(deadline)
          .append(contactedAt != null ? ")" : " (its tier's deadline, counted from then)");
    } else {
      b.append(withDeadline ? "; no first-contact deadline for its tier" : "; no first-contact deadline (adopted"
          + " without one)");
    }
    if (!existing.firstRoutedAt().equals(since)) {
      b.append("; first routed ").append(existing.firstRoutedAt());
    }
    if (existing.missedDeadlines() > 0) {
      b.append("; ").append(existing.missedDeadlines()).append(" first-contact deadline(s) missed before");
    }
    if (!existing.earlierHolders().isEmpty()) {
      b.append("; held before by ").append(existing.earlierHolders()).append(" (moves do not go back to them)");
    }
    if (over) {
      b.append("; ").append(repId).append(" was at or above its capacity of ").append(snap.capacity(o))
          .append(", so it gets no new leads until below its threshold");
    }
    return b.toString();
  }
}
