package io.smartrouting.core.internal;

import io.smartrouting.api.Lead;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Every armed first-contact deadline of one router, ordered by due instant: one structure for all timers, polled
 * by one thread (or by the caller, on a manual clock). At most one timer per lead. Thread-safe. Not API.
 */
public final class TimerQueue {

  /**
   * One armed deadline.
   *
   * @param holders reps that held the lead so far (excluded when it is reassigned)
   * @param reassignments reassignments so far
   * @param firstRoutedAt when the lead was first routed
   */
  public record Timer(Instant due, long seq, Lead lead, Set<String> holders, int reassignments,
      Instant firstRoutedAt) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final ConcurrentSkipListSet<Timer> queue = new ConcurrentSkipListSet<>();
  private final ConcurrentHashMap<String, Timer> byLead = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();

  /** Arms (or re-arms) the deadline of {@code lead}. */
  public void arm(Lead lead, Instant due, Set<String> holders, int reassignments, Instant firstRoutedAt) {
    Timer t = new Timer(due, seq.incrementAndGet(), lead, Set.copyOf(holders), reassignments, firstRoutedAt);
    Timer old = byLead.put(lead.id(), t);
    if (old != null) {
      queue.remove(old);
    }
    queue.add(t);
  }

  /** Disarms the deadline of lead {@code leadId}; returns the timer that was armed, or null. */
  public @Nullable Timer disarm(String leadId) {
    Timer t = byLead.remove(leadId);
    if (t != null) {
      queue.remove(t);
    }
    return t;
  }

  /** The armed timer of a lead, or null. */
  public @Nullable Timer get(String leadId) {
    return byLead.get(leadId);
  }

  /** Removes and returns one timer that is due strictly before {@code now}, or null if none is. */
  public @Nullable Timer pollOverdue(Instant now) {
    while (true) {
      Timer first;
      try {
        first = queue.first();
      } catch (java.util.NoSuchElementException e) {
        return null;
      }
      if (!first.due.isBefore(now)) {
        return null;
      }
      if (queue.remove(first)) {
        byLead.remove(first.lead.id(), first);
        return first;
      }
    }
  }

  /** The earliest due instant, or null when nothing is armed. */
  public @Nullable Instant nextDue() {
    try {
      return queue.first().due;
    } catch (java.util.NoSuchElementException e) {
      return null;
    }
  }

  /** Number of armed timers. */
  public int size() {
    return byLead.size();
  }
}
