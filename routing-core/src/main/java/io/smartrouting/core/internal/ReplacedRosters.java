package io.smartrouting.core.internal;

import java.util.ArrayDeque;

/**
 * The rosters a router replaced (a roster or accounts update, a reconfiguration) that it still keeps, so that the
 * decisions made on them explain in full. Remembered decisions (the idempotency window, the open leads of the
 * in-memory store) reach their roster only through its {@link RosterSnapshot.Handle}; beyond the last {@code keep}
 * replaced rosters the oldest is released, and its decisions explain in brief. Without the bound, every roster that
 * decided a remembered lead stayed alive for as long as the lead was remembered: a tenant updating its 10,000 reps
 * every few minutes kept about 1.6 MB an update for a day. Thread-safe. Not API.
 */
public final class ReplacedRosters {

  private int keep;
  private final ArrayDeque<RosterSnapshot> kept = new ArrayDeque<>();

  /** Keeps the last {@code keep} replaced rosters (0: none). */
  public ReplacedRosters(int keep) {
    bound(keep);
  }

  /** Keeps the last {@code keep} replaced rosters from now on (a reconfiguration), releasing any beyond. */
  public synchronized void bound(int keep) {
    if (keep < 0) {
      throw new IllegalArgumentException("keepReplacedRosters must be >= 0 but was " + keep);
    }
    this.keep = keep;
    trim();
  }

  /**
   * {@code old} was replaced by {@code next}, which is in force now and has not read the store yet: {@code old} passes
   * the refreshes of its reps on to {@code next} from now on ({@link RosterSnapshot#replacedBy}), and is kept if the
   * bound allows, the oldest kept released beyond it.
   */
  public synchronized void replaced(RosterSnapshot old, RosterSnapshot next) {
    old.replacedBy(next);
    kept.addLast(old);
    trim();
  }

  private void trim() {
    while (kept.size() > keep) {
      kept.removeFirst().handle.release();
    }
  }
}
