package io.smartrouting.core.internal;

import io.smartrouting.api.Segment;
import io.smartrouting.core.state.StateUnavailableException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What callers reported while the live state store was unavailable (releases, first contacts, response times,
 * outcomes), kept in order on this node and written when the store answers again, so that a caller never has to
 * retry. Bounded: when full, a further report is refused (the caller gets the store's exception, as without a
 * journal) and counted. Replay is idempotent per entry: a release of a lead already released, or a second first
 * contact, changes nothing. Thread-safe. Not API.
 */
public final class OutageJournal {

  private static final Logger LOG = LoggerFactory.getLogger(OutageJournal.class);

  /** One journaled report. */
  public sealed interface Entry permits Release, Contact, ResponseTime, OutcomeWrite, Progress {}

  /** The caller released the lead at {@code at} (null when the chain notes no leads and the time is not needed). */
  public record Release(String leadId, @Nullable Instant at) implements Entry {}

  /**
   * The caller recorded the lead's first contact at {@code at}; {@code firstRoutedAt} is when the SLA timer the router
   * disarmed for it had started (null if none).
   */
  public record Contact(String leadId, Instant at, @Nullable Instant firstRoutedAt) implements Entry {}

  /** A first contact was marked but the rep's response statistics were not written. */
  public record ResponseTime(String repId, double minutes) implements Entry {}

  /**
   * Rep {@code repId} reported progress on open lead {@code leadId} at {@code at} (a meeting, an opportunity, won or
   * lost), to be marked on its placement if the rep still holds it.
   */
  public record Progress(String leadId, String repId, Instant at) implements Entry {}

  /** An outcome the shared store did not receive (the local model already has it). */
  public record OutcomeWrite(String leadId, String repId, Segment segment, @Nullable String industry, boolean won)
      implements Entry {}

  /** Writes one entry to the store. */
  @FunctionalInterface
  public interface Replayer {
    /**
     * Applies {@code entry}.
     *
     * @throws StateUnavailableException if the store is still unavailable (the entry stays, replay stops)
     */
    void replay(Entry entry);
  }

  private final int capacity;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final AtomicLong journaled = new AtomicLong();
  private final AtomicLong replayed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong discarded = new AtomicLong();
  /** One replay at a time, so entries are written in the order they were reported. */
  private final Object replaying = new Object();

  public OutageJournal(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("journal capacity must be >= 0 but was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Appends {@code entry}; false (and counted as refused) if the journal is full. */
  public synchronized boolean offer(Entry entry) {
    if (entries.size() >= capacity) {
      refused.incrementAndGet();
      return false;
    }
    entries.addLast(entry);
    journaled.incrementAndGet();
    return true;
  }

  /** Entries waiting to be written. */
  public synchronized int size() {
    return entries.size();
  }

  /** True if nothing waits. */
  public synchronized boolean isEmpty() {
    return entries.isEmpty();
  }

  private synchronized @Nullable Entry peek() {
    return entries.peekFirst();
  }

  private synchronized void removeFirst(Entry e) {
    if (entries.peekFirst() == e) {
      entries.removeFirst();
    }
  }

  /**
   * Writes waiting entries in order until the store fails again. An entry the store refuses for good (an
   * {@link IllegalArgumentException}, e.g. a contact time before the lead's assignment) is logged and discarded.
   *
   * @return the number of entries written
   */
  public int replay(Replayer replayer) {
    int done = 0;
    synchronized (replaying) {
      for (Entry e = peek(); e != null; e = peek()) {
        try {
          replayer.replay(e);
          replayed.incrementAndGet();
          done++;
        } catch (StateUnavailableException ex) {
          LOG.debug("journal replay paused with {} entries left: {}", size(), ex.getMessage());
          return done;
        } catch (IllegalArgumentException ex) {
          discarded.incrementAndGet();
          LOG.warn("journaled {} discarded: {}", e.getClass().getSimpleName(), ex.getMessage());
        }
        removeFirst(e);
      }
    }
    if (done > 0) {
      LOG.info("wrote {} report(s) journaled while the live state store was unavailable", done);
    }
    return done;
  }

  /** Reports journaled so far. */
  public long journaled() {
    return journaled.get();
  }

  /** Journaled reports written to the store so far. */
  public long replayed() {
    return replayed.get();
  }

  /** Reports refused because the journal was full (their callers got the store's exception). */
  public long refused() {
    return refused.get();
  }

  /** Journaled reports the store refused for good on replay. */
  public long discarded() {
    return discarded.get();
  }
}
