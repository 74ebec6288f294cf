package io.smartrouting.core.internal;

import io.smartrouting.api.Rep;
import io.smartrouting.api.TimeOff;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Who may be assigned at a given instant, as bitsets over one roster snapshot: the profile's active flag, time
 * off, weekly working hours in each rep's zone and manual overrides.
 *
 * <p>Computed once and reused until the next instant at which any rep's schedule or time off changes (or an
 * override is set), so a decision reads a cached bitset instead of walking calendars. Reps without a schedule
 * or time off never force a refresh. Thread-safe. Not API.
 */
public final class Availability {

  /** Manual availability overrides, by rep id; shared by every snapshot of one router. Thread-safe. */
  public static final class Overrides {
    private final ConcurrentHashMap<String, Boolean> byRep = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** Forces rep {@code repId} available ({@code true}) or unavailable ({@code false}) until cleared. */
    public void set(String repId, boolean available) {
      byRep.put(repId, available);
      version.incrementAndGet();
    }

    /** Returns the rep to its schedule; true if it had an override. */
    public boolean clear(String repId) {
      boolean had = byRep.remove(repId) != null;
      version.incrementAndGet();
      return had;
    }

    /** The override of rep {@code repId}, or null. */
    public @Nullable Boolean get(String repId) {
      return byRep.get(repId);
    }

    /** Every override now, by rep id: an immutable copy. */
    public Map<String, Boolean> all() {
      return Map.copyOf(byRep);
    }

    /**
     * Makes these overrides {@code shared} (another router's, read from a shared store): sets what differs, clears
     * what is gone; changes nothing, and keeps the version, when they already agree.
     */
    public void replaceWith(Map<String, Boolean> shared) {
      for (Map.Entry<String, Boolean> e : shared.entrySet()) {
        if (!e.getValue().equals(byRep.get(e.getKey()))) {
          set(e.getKey(), e.getValue());
        }
      }
      for (String rep : byRep.keySet()) {
        if (!shared.containsKey(rep)) {
          clear(rep);
        }
      }
    }

    long version() {
      return version.get();
    }

    Map<String, Boolean> copy() {
      return Map.copyOf(byRep);
    }
  }

  /** One immutable answer, valid for instants in {@code [from, until)}. */
  public static final class View {
    /** Reps that may be assigned. */
    public final long[] available;
    /** Reps kept away only by their working hours (active, no time off, no override): the off-shift reps. */
    public final long[] offShift;
    final Instant from;
    final @Nullable Instant until;
    final long overridesVersion;
    final Map<String, Boolean> overrides;

    View(long[] available, long[] offShift, Instant from, @Nullable Instant until, long overridesVersion,
        Map<String, Boolean> overrides) {
      this.available = available;
      this.offShift = offShift;
      this.from = from;
      this.until = until;
      this.overridesVersion = overridesVersion;
      this.overrides = overrides;
    }

    boolean validAt(Instant now, long version) {
      return version == overridesVersion && !now.isBefore(from) && (until == null || now.isBefore(until));
    }

    /** The instant this view was computed for. */
    public Instant at() {
      return from;
    }

    /** Why rep {@code rep} is unavailable at {@link #at()}, in words, or null if it is available. */
    public @Nullable String whyUnavailable(Rep rep) {
      Boolean forced = overrides.get(rep.id());
      if (forced != null) {
        return forced ? null : "set unavailable manually";
      }
      if (!rep.active()) {
        return "unavailable (out of office)";
      }
      TimeOff t = rep.timeOffAt(from);
      if (t != null) {
        String about = t.reason() == null ? t.coverRepId() == null ? null : "cover: " + t.coverRepId()
            : t.coverRepId() == null ? t.reason() : t.reason() + "; cover: " + t.coverRepId();
        return "time off until " + t.end() + (about == null ? "" : " (" + about + ")");
      }
      if (!rep.workingHours().covers(from, rep.timeZone())) {
        java.time.LocalDate today = from.atZone(rep.timeZone()).toLocalDate();
        if (rep.workingHours().isHoliday(today)) {
          return "off shift (holiday " + today + " in " + rep.timeZone() + ")";
        }
        return "off shift (working hours in " + rep.timeZone() + ")";
      }
      return null;
    }
  }

  private final Rep[] reps;
  private final long[] staticActive;
  /** Ordinals of reps whose availability depends on time (a schedule or time off). */
  private final int[] timed;
  private final Overrides overrides;
  private volatile @Nullable View view;

  Availability(Rep[] reps, long[] active, Overrides overrides) {
    this.reps = reps;
    this.staticActive = active;
    this.overrides = overrides;
    int n = 0;
    int[] t = new int[reps.length];
    for (int o = 0; o < reps.length; o++) {
      if (reps[o].active() && (!reps[o].workingHours().isAlways() || !reps[o].timeOff().isEmpty())) {
        t[n++] = o;
      }
    }
    this.timed = java.util.Arrays.copyOf(t, n);
  }

  /** The availability at {@code now}: the cached view while it is valid, else a fresh one. */
  public View at(Instant now) {
    View v = view;
    long version = overrides.version();
    if (v != null && v.validAt(now, version)) {
      return v;
    }
    synchronized (this) {
      v = view;
      if (v != null && v.validAt(now, version)) {
        return v;
      }
      v = compute(now, version);
      view = v;
      return v;
    }
  }

  private View compute(Instant now, long version) {
    long[] available = staticActive.clone();
    long[] offShift = new long[available.length];
    Instant until = null;
    for (int o : timed) {
      Rep rep = reps[o];
      boolean away = false;
      List<TimeOff> off = rep.timeOff();
      for (TimeOff t : off) {
        if (t.covers(now)) {
          away = true;
        }
        until = earliest(until, t.start().isAfter(now) ? t.start() : null);
        until = earliest(until, t.end().isAfter(now) ? t.end() : null);
      }
      boolean onShift = rep.workingHours().covers(now, rep.timeZone());
      until = earliest(until, rep.workingHours().nextChange(now, rep.timeZone()));
      if (away || !onShift) {
        Bits.clear(available, o);
        if (!away) {
          Bits.set(offShift, o);
        }
      }
    }
    Map<String, Boolean> forced = overrides.copy();
    if (!forced.isEmpty()) {
      for (int o = 0; o < reps.length; o++) {
        Boolean f = forced.get(reps[o].id());
        if (f != null) {
          if (f) {
            Bits.set(available, o);
          } else {
            Bits.clear(available, o);
          }
          Bits.clear(offShift, o);
        }
      }
    }
    return new View(available, offShift, now, until, version, forced);
  }

  private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }
}
