package io.smartrouting.core.internal;

import io.smartrouting.api.Lead;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jspecify.annotations.Nullable;

/**
 * Every armed first-contact deadline of one router, ordered by due instant, polled by one thread (or by the caller,
 * on a manual clock). At most one timer per lead. Thread-safe. Not API.
 *
 * <p>Routing threads arm and disarm timers on every Tier 1 and Tier 2 decision, and new deadlines all land at the
 * end of the order, so one ordered set made every routing thread contend on its tail, and one lead-to-timer map on
 * its size counter and, while few leads are open, on the one cache line its table fits in. Timers are striped by
 * lead id, each stripe with its own ordered set and map, ties broken by lead id (no shared sequence); polling takes
 * the earliest head over the stripes.
 */
public final class TimerQueue {

  /**
   * One armed deadline.
   *
   * @param holders reps that held the lead so far (excluded when it is reassigned)
   * @param reassignments reassignments so far
   * @param firstRoutedAt when the lead was first routed
   */
  public record Timer(Instant due, Lead lead, Set<String> holders, int reassignments, Instant firstRoutedAt)
      implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = due.compareTo(o.due);
      // A lead has at most one timer, so its id breaks ties between timers due at the same instant.
      return c != 0 ? c : lead.id().compareTo(o.lead.id());
    }
  }

  /** The timers of the leads whose id hashes here. */
  private static final class Stripe {
    final ConcurrentSkipListSet<Timer> order = new ConcurrentSkipListSet<>();
    final ConcurrentHashMap<String, Timer> byLead = new ConcurrentHashMap<>();
  }

  private static final int STRIPES = 32;

  private final Stripe[] stripes = new Stripe[STRIPES];

  public TimerQueue() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  private Stripe stripeOf(String leadId) {
    int h = leadId.hashCode();
    return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
  }

  /** Arms (or re-arms) the deadline of {@code lead}. */
  public void arm(Lead lead, Instant due, Set<String> holders, int reassignments, Instant firstRoutedAt) {
    Timer t = new Timer(due, lead, Set.copyOf(holders), reassignments, firstRoutedAt);
    Stripe s = stripeOf(lead.id());
    Timer old = s.byLead.put(lead.id(), t);
    if (old != null) {
      s.order.remove(old);
    }
    s.order.add(t);
  }

  /** True if a deadline is armed for lead {@code leadId}. */
  public boolean isArmed(String leadId) {
    return stripeOf(leadId).byLead.containsKey(leadId);
  }

  /** Disarms the deadline of lead {@code leadId}; returns the timer that was armed, or null. */
  public @Nullable Timer disarm(String leadId) {
    Stripe s = stripeOf(leadId);
    Timer t = s.byLead.remove(leadId);
    if (t != null) {
      s.order.remove(t);
    }
    return t;
  }

  /** The armed timer of a lead, or null. */
  public @Nullable Timer get(String leadId) {
    return stripeOf(leadId).byLead.get(leadId);
  }

  /** Removes and returns one timer that is due strictly before {@code now}, or null if none is. */
  public @Nullable Timer pollOverdue(Instant now) {
    while (true) {
      Stripe from = null;
      Timer first = null;
      for (Stripe s : stripes) {
        Timer head = s.order.isEmpty() ? null : firstOrNull(s.order);
        if (head != null && (first == null || head.compareTo(first) < 0)) {
          first = head;
          from = s;
        }
      }
      if (first == null || !first.due.isBefore(now)) {
        return null;
      }
      if (from.order.remove(first)) {
        from.byLead.remove(first.lead.id(), first);
        return first;
      }
    }
  }

  private static @Nullable Timer firstOrNull(ConcurrentSkipListSet<Timer> q) {
    try {
      return q.first();
    } catch (java.util.NoSuchElementException e) {
      return null;
    }
  }

  /** The earliest due instant, or null when nothing is armed. */
  public @Nullable Instant nextDue() {
    Instant earliest = null;
    for (Stripe s : stripes) {
      Timer head = firstOrNull(s.order);
      if (head != null && (earliest == null || head.due.isBefore(earliest))) {
        earliest = head.due;
      }
    }
    return earliest;
  }

  /** Number of armed timers. */
  public int size() {
    int n = 0;
    for (Stripe s : stripes) {
      n += s.byLead.size();
    }
    return n;
  }
}
