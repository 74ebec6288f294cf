package io.smartrouting.core.internal;

import io.smartrouting.api.Rep;
import io.smartrouting.api.TimeOff;
import io.smartrouting.api.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Deadlines counted in a rep's working time: a first-contact SLA started at 16:30 for a rep whose shift ends at 17:00
 * has 30 minutes left when the next shift starts. Holidays are part of working hours, so they pause a deadline; a
 * rep's own time off pauses only what waits for the rep to come back ({@link #coveringDeadline}), never a lead the
 * rep holds ({@link #deadline}). Not API.
 */
public final class BusinessTime {

  /** Shift edges walked at most before giving up (about a year of two-shift days). */
  private static final int MAX_EDGES = 1_000;

  private BusinessTime() {}

  /**
   * The first-contact deadline of a lead {@code rep} holds from {@code start}: when the rep's working hours (holidays
   * off) have run {@code budget}. The rep's time off does not pause it: a lead taken on the afternoon before a
   * vacation falls due on the first morning of it and is then moved to someone at work, instead of waiting weeks for
   * the rep (until 5 December time off paused it, when holidays could only be entered as time off). A rep always on
   * shift (the default) gets {@code start + budget}; a rep that never works again (no shifts) gets the wall-clock
   * deadline too, so that no lead waits forever on a deadline.
   */
  public static Instant deadline(Rep rep, Instant start, Duration budget) {
    return deadline(rep, start, budget, false);
  }

  /**
   * The deadline {@code rep} would give a lead that waits in a queue the rep covers: as {@link #deadline}, but the
   * rep's time off counts as off shift too, since the rep cannot take the lead then (a covering rep on vacation
   * elsewhere must not make a queued lead fall due while nobody who can take it works).
   */
  public static Instant coveringDeadline(Rep rep, Instant start, Duration budget) {
    return deadline(rep, start, budget, true);
  }

  private static Instant deadline(Rep rep, Instant start, Duration budget, boolean timeOffPauses) {
    WorkingHours hours = rep.workingHours();
    boolean withTimeOff = timeOffPauses && !rep.timeOff().isEmpty();
    if (hours.isAlways() && !withTimeOff) {
      return start.plus(budget);
    }
    long left = budget.toNanos();
    Instant t = start;
    for (int i = 0; i < MAX_EDGES; i++) {
      TimeOff off = withTimeOff ? rep.timeOffAt(t) : null;
      if (off != null) {
        t = off.end();
        continue;
      }
      boolean on = hours.covers(t, rep.timeZone());
      Instant change = hours.nextChange(t, rep.timeZone());
      Instant offStarts = withTimeOff ? nextTimeOffStart(rep, t) : null;
      if (!on) {
        Instant next = earliest(change, offStarts);
        if (next == null) {
          return start.plus(budget);
        }
        t = next;
        continue;
      }
      Instant end = earliest(change, offStarts);
      if (end == null) {
        return t.plusNanos(left);
      }
      long span = Duration.between(t, end).toNanos();
      if (span >= left) {
        return t.plusNanos(left);
      }
      left -= span;
      t = end;
    }
    return start.plus(budget);
  }

  private static @Nullable Instant nextTimeOffStart(Rep rep, Instant t) {
    Instant best = null;
    for (TimeOff off : rep.timeOff()) {
      if (off.start().isAfter(t) && (best == null || off.start().isBefore(best))) {
        best = off.start();
      }
    }
    return best;
  }

  private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }
}
