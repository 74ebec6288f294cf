package io.smartrouting.core.internal;

import io.smartrouting.api.Rep;
import io.smartrouting.api.TimeOff;
import io.smartrouting.api.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Deadlines counted in a rep's working time: a first-contact SLA started at 16:30 for a rep whose shift ends at 17:00
 * has 30 minutes left when the next shift starts. Time off counts as off shift. Not API.
 */
public final class BusinessTime {

  /** Shift edges walked at most before giving up (about a year of two-shift days). */
  private static final int MAX_EDGES = 1_000;

  private BusinessTime() {}

  /**
   * The instant at which {@code rep} has worked {@code budget} since {@code start}. A rep always on shift with no
   * time off (the default) gets {@code start + budget}; a rep that never works again (no shifts) gets the wall-clock
   * deadline too, so that no lead waits forever on a deadline.
   */
  public static Instant deadline(Rep rep, Instant start, Duration budget) {
    WorkingHours hours = rep.workingHours();
    if (hours.isAlways() && rep.timeOff().isEmpty()) {
      return start.plus(budget);
    }
    long left = budget.toNanos();
    Instant t = start;
    for (int i = 0; i < MAX_EDGES; i++) {
      TimeOff off = timeOffAt(rep, t);
      if (off != null) {
        t = off.end();
        continue;
      }
      boolean on = hours.covers(t, rep.timeZone());
      Instant change = hours.nextChange(t, rep.timeZone());
      Instant offStarts = nextTimeOffStart(rep, t);
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

  /** Working time of {@code rep} between {@code from} and {@code to} (zero if {@code to} is not after {@code from}). */
  public static Duration worked(Rep rep, Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    WorkingHours hours = rep.workingHours();
    if (hours.isAlways() && rep.timeOff().isEmpty()) {
      return Duration.between(from, to);
    }
    long total = 0;
    Instant t = from;
    for (int i = 0; i < MAX_EDGES && t.isBefore(to); i++) {
      TimeOff off = timeOffAt(rep, t);
      if (off != null) {
        t = off.end();
        continue;
      }
      boolean on = hours.covers(t, rep.timeZone());
      Instant next = earliest(hours.nextChange(t, rep.timeZone()), nextTimeOffStart(rep, t));
      Instant end = next == null || next.isAfter(to) ? to : next;
      if (on) {
        total += Duration.between(t, end).toNanos();
      }
      t = end;
    }
    return Duration.ofNanos(total);
  }

  private static @Nullable TimeOff timeOffAt(Rep rep, Instant t) {
    for (TimeOff off : rep.timeOff()) {
      if (off.covers(t)) {
        return off;
      }
    }
    return null;
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
