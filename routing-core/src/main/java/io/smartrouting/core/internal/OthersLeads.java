package io.smartrouting.core.internal;

import io.smartrouting.api.Lead;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.core.state.StateUnavailableException;
import io.smartrouting.core.state.TimedPlacements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leads other routers on a shared store placed with a first-contact deadline or in a queue, taken up by the
 * router that holds the tenant's timer lease, which runs every router's SLA timers and queue drains: all open leads
 * when it takes the lease (or is built to resume them), then on each timer pass those written since its last read of
 * the store's index of timed placements, and every open lead from time to time as a backstop. The router's timer pass
 * delegates here; called from one timer thread at a time. Not API.
 */
public final class OthersLeads {

  private static final Logger LOG = LoggerFactory.getLogger(OthersLeads.class);

  /**
   * How often at least the timer-lease holder reads every open lead for those other routers armed or queued, when the
   * store keeps no index of them ({@link RoutingStateStore#timedCursor()} is -1).
   */
  static final Duration CATCH_UP_INTERVAL = Duration.ofSeconds(5);

  /**
   * How often the holder reads every open lead when the store keeps that index (it reads the index on every pass): a
   * backstop for leads written without it, by a node of an older version during a rolling upgrade.
   */
  static final Duration FULL_READ_INTERVAL = Duration.ofMinutes(1);

  private final RoutingStateStore store;
  private final TimerQueue timers;
  private final LeadLifecycle lifecycle;
  private final MetricsRecorder metrics;
  private final Clock clock;

  /** When the timer-lease holder next reads every open lead for other routers' timed and queued leads. */
  private volatile Instant nextFullRead = Instant.MIN;

  /** Where the holder's next read of the store's index of timed placements starts; -1 without an index. */
  private volatile long timedCursor = -1;

  /**
   * The deadlines the last full read found, by lead, armed here or armed by it, so that one that fired since is not
   * armed again (a breach that left its lead waiting in a queue would come back every pass). Forgotten when this router
   * takes the lease (again): the timers it dropped while another router held it are armed anew.
   */
  private volatile Map<String, Instant> caughtUp = Map.of();

  /**
   * The deadlines this router's timers fired since the last full read, by lead: not armed again by a read of the store,
   * which still shows them while their breach leaves the lead where it is. Kept only while this router holds the lease
   * of a shared store (a store of one router is never read back).
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Instant> fired =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** True once this router took the lease of a shared store: the timers it fires are then noted ({@link #fired}). */
  private volatile boolean active;

  /** Takes up leads into {@code timers} and {@code lifecycle}'s wait queues, reading them from {@code store}. */
  public OthersLeads(RoutingStateStore store, TimerQueue timers, LeadLifecycle lifecycle, MetricsRecorder metrics,
      Clock clock) {
    this.store = store;
    this.timers = timers;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Arms the SLA timers of every open, uncontacted placement in the store and queues its waiting leads for draining (a
   * restart on shared state).
   *
   * @throws StateUnavailableException if the store fails on the way
   */
  public void resume() {
    LOG.info("took up {} open lead(s) with a deadline or in a queue from the state store", fullRead());
  }

  /**
   * After this router took the timer lease: {@link #resume()}, then reads the store's index from where it stood
   * before that read.
   *
   * @throws StateUnavailableException if the store fails on the way (the next pass tries again)
   */
  public void tookLease() {
    long cursor = store.timedCursor();
    // What the last holding spell read and fired says nothing of the timers dropped since: arm them all anew.
    caughtUp = Map.of();
    fired.clear();
    active = true;
    resume();
    timedCursor = cursor;
    scheduleFullRead(0);
  }

  /**
   * On a pass of the lease holder: takes up the leads written since the last pass, from the store's index, and every
   * open lead when a full read is due ({@link #scheduleFullRead}). A failing store is counted and logged; the next
   * pass reads again.
   */
  public void takeUp() {
    boolean full = !clock.instant().isBefore(nextFullRead);
    if (!full && timedCursor < 0) {
      return;
    }
    long began = System.nanoTime();
    try {
      int found;
      if (full) {
        long cursor = store.timedCursor();
        found = fullRead();
        timedCursor = cursor;
      } else {
        found = readSince();
      }
      if (found > 0) {
        LOG.debug("took up {} lead(s) other routers routed with a deadline or to a queue", found);
      }
    } catch (StateUnavailableException e) {
      metrics.stateFailure();
      LOG.warn("SLA timers of other routers' leads not read: live state store unavailable ({})", e.getMessage());
    }
    if (full) {
      scheduleFullRead(System.nanoTime() - began);
    }
  }

  /**
   * Schedules the next full read: {@link #CATCH_UP_INTERVAL} on ({@link #FULL_READ_INTERVAL} when the store keeps an
   * index), or twenty times as long as this one took when that is longer (a read of every open lead of a very large
   * tenant takes seconds; it then costs at most a twentieth of the holder's time).
   */
  private void scheduleFullRead(long tookNanos) {
    Duration wait = Duration.ofNanos(tookNanos).multipliedBy(20);
    Duration base = timedCursor >= 0 ? FULL_READ_INTERVAL : CATCH_UP_INTERVAL;
    nextFullRead = clock.instant().plus(wait.compareTo(base) > 0 ? wait : base);
  }

  /**
   * Notes that this router's timer for lead {@code leadId} fired at deadline {@code due}, so that reading the lead back
   * from the store (still due then, when its breach left it waiting) does not arm it again.
   */
  public void fired(String leadId, Instant due) {
    if (active) {
      fired.put(leadId, due);
    }
  }

  /** Takes up the open leads of every router, reading every open lead. Returns how many it took up. */
  private int fullRead() {
    int found = 0;
    Map<String, Instant> armedNow = new HashMap<>();
    for (Placement p : store.placements()) {
      found += takeUp(p, armedNow) > 0 ? 1 : 0;
    }
    caughtUp = armedNow;
    fired.clear(); // those still open are in caughtUp now
    return found;
  }

  /** True if this router armed deadline {@code due} of lead {@code leadId} before and it fired since. */
  private boolean firedBefore(String leadId, Instant due) {
    return due.equals(caughtUp.get(leadId)) || due.equals(fired.get(leadId));
  }

  /** As {@link #fullRead()}, for the leads written since the last read of the store's index. */
  private int readSince() {
    int found = 0;
    TimedPlacements page;
    do {
      page = store.timedPlacementsSince(timedCursor);
      for (Placement p : page.placements()) {
        found += takeUp(p, null) > 0 ? 1 : 0;
      }
      timedCursor = page.cursor();
    } while (page.more());
    return found;
  }

  /**
   * Arms the deadline of open placement {@code p} and queues it for draining, where this router does not yet; notes
   * in {@code armedNow} (a full read) the deadlines it found unarmed. Returns how many of the two it did.
   */
  private int takeUp(Placement p, @Nullable Map<String, Instant> armedNow) {
    Instant deadline = p.slaDeadline();
    TimerQueue.Timer armed = timers.get(p.leadId());
    if (armed != null && deadline != null && p.contactedAt() == null
        && !SlaBreaches.sameMilli(deadline, armed.due())) {
      // Another router moved the lead or updated its facts, with a new deadline (an update may bring it forward): the
      // timer follows the store now, with the facts saved with the placement, rather than at its old instant.
      Lead saved = store.savedLead(p.leadId());
      Set<String> holders = new HashSet<>(armed.holders());
      if (p.repId() != null) {
        holders.add(p.repId());
      }
      timers.disarm(p.leadId());
      timers.arm(saved != null ? saved : armed.lead(), deadline, holders, armed.breaches(),
          armed.firstRoutedAt());
      return 1;
    }
    boolean timed = deadline != null && p.contactedAt() == null && armed == null;
    if (deadline != null && p.contactedAt() == null && armedNow != null) {
      armedNow.put(p.leadId(), deadline);
    }
    if (timed && firedBefore(p.leadId(), deadline)) {
      // A deadline armed here before that fired since (its breach left the lead where it was, in a queue) is not armed
      // again: it would fire, find its breach claimed, try the move again, and come back every pass.
      timed = false;
    }
    boolean waiting = p.queue() != null && !lifecycle.isWaiting(p.leadId());
    if (p.queue() != null && !waiting && armedNow == null) {
      // A lead waiting here whose placement another router wrote again since the last read (an update of its facts,
      // which may leave its tier as it was, or a move into a queue afresh): it drains with the facts saved with it,
      // from its place as the placement tells it, from now on.
      Lead saved = store.savedLead(p.leadId());
      if (saved != null) {
        lifecycle.refreshWaiting(p.leadId(), saved, p.tier(), p.assignedAt());
      }
    }
    if (!timed && !waiting) {
      return 0;
    }
    Lead saved = store.savedLead(p.leadId());
    Lead lead = saved != null ? saved : Lead.builder(p.leadId()).build();
    if (!lifecycle.owns(lead)) {
      return 0; // another router on the store owns it (an experiment's other variant) and takes it up
    }
    int found = 0;
    if (timed) {
      // With the placement's history: the deadlines missed before count against the escalation policy's limit, and
      // the time to first contact runs from the lead's first routing.
      timers.arm(lead, deadline, p.repId() == null ? Set.of() : Set.of(p.repId()), p.slaBreaches(),
          p.firstRoutedAt());
      found++;
    }
    if (waiting && saved != null) {
      lifecycle.queued(lead, p.tier(), p.assignedAt(), Set.of(), p.firstRoutedAt());
      found++;
    }
    return found;
  }
}
