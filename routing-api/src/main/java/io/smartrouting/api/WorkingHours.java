package io.smartrouting.api;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rep's weekly working hours in local time, evaluated in the rep's own {@link Rep#timeZone()}.
 *
 * <p>Each day has zero or more half-open shifts {@code [from, to)}; {@code to} may be {@link LocalTime#MIDNIGHT}
 * to mean the end of the day. A night shift ({@link Builder#nightShift}, {@code MON-FRI 22:00-06:00+1} in a
 * configuration) starts on its day and ends on the next; it belongs to the day it starts on, as every shift does. A shift's start and end are mapped to instants with the rules of
 * {@link ZonedDateTime#of}: a local time that a daylight-saving jump skips moves forward by the gap, and an
 * ambiguous local time takes the earlier offset. So "09:00 to 17:00" is 09:00 to 17:00 on the wall clock on every
 * day of the year, whatever the UTC offset that day.
 *
 * <p>Holidays ({@link Builder#holidays}, {@link #withHolidays}) are local dates on which no shift counts: a shift
 * belongs to the date it starts on, so on 25 December a 09:00-17:00 rep is off shift all day, and a shift that ends
 * at midnight on 24 December still counts. A date may also have shifts of its own instead of its weekday's
 * ({@link Builder#day}, {@link #withDay}): a short day such as 24 December, 09:00-12:00; or a night of its own
 * ({@link #withNightShift}, {@code 2026-12-24 22:00-02:00+1} in a holiday calendar). A holiday takes the whole
 * date even if the date also has shifts of its own. Everything that reads working hours reads them with the
 * holidays: who may take a lead, SLA deadlines counted in business hours, when a shift opens again for a lead that
 * waits, and a lead's own hours ({@code AfterHoursPolicy.leadHours}).
 *
 * <p>{@link #ALWAYS} (the default for every rep) places no time constraint. Immutable and thread-safe.
 */
public final class WorkingHours {

  /** Available around the clock, every day. */
  public static final WorkingHours ALWAYS = new WorkingHours(null, new long[0]);

  /** Per day, sorted non-overlapping shifts as [from, to) second-of-day pairs; null for {@link #ALWAYS}. */
  private final int @Nullable [][] shifts;
  /** Holidays as epoch days, sorted, distinct (empty for {@link #ALWAYS}). */
  private final long[] holidays;
  /** Dates with shifts of their own, as epoch days, sorted, distinct; and their shifts, as {@link #shifts} a day. */
  private final long[] days;
  private final int[][] dayShifts;

  private static final int[] NONE = new int[0];

  private WorkingHours(int @Nullable [][] shifts, long[] holidays) {
    this(shifts, holidays, new long[0], new int[0][]);
  }

  private WorkingHours(int @Nullable [][] shifts, long[] holidays, long[] days, int[][] dayShifts) {
    this.shifts = shifts;
    this.holidays = holidays;
    this.days = days;
    this.dayShifts = dayShifts;
  }

  /** The shifts of local date {@code d} (none on a holiday); only for a schedule with shifts. */
  private int[] shiftsOn(LocalDate d) {
    if (isHoliday(d)) {
      return NONE;
    }
    if (days.length > 0) {
      int i = Arrays.binarySearch(days, d.toEpochDay());
      if (i >= 0) {
        return dayShifts[i];
      }
    }
    return shifts[d.getDayOfWeek().ordinal()];
  }

  /**
   * Monday to Friday, {@code from} to {@code to} local time.
   *
   * @param from the from
   * @param to the to
   * @return monday to Friday, {@code from} to {@code to} local time
   */
  public static WorkingHours weekdays(LocalTime from, LocalTime to) {
    return builder().shift(from, to, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY).build();
  }

  /**
   * Returns a builder with no shifts.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return true for {@link #ALWAYS}} */
  public boolean isAlways() {
    return shifts == null;
  }

  /**
   * True if the rep is on shift at {@code at}, in time zone {@code zone}.
   *
   * @param at when, on the router's clock
   * @param zone the zone
   * @return true if the rep is on shift at {@code at}, in time zone {@code zone}
   */
  public boolean covers(Instant at, ZoneId zone) {
    if (shifts == null) {
      return true;
    }
    LocalDate today = at.atZone(zone).toLocalDate();
    // A shift ending at midnight belongs to the day before; a DST gap can push a start past midnight too.
    for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
      int[] day = shiftsOn(d);
      for (int i = 0; i < day.length; i += 2) {
        if (!at.isBefore(instant(d, day[i], zone)) && at.isBefore(instant(d, day[i + 1], zone))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The first instant after {@code after} at which {@link #covers} may change, or null if it never does (for
   * {@link #ALWAYS}, or a schedule with no shifts).
   * @param after the after
   * @param zone the zone
   * @return the first instant after {@code after} at which {@link #covers} may change, or null if it never does (for
   *     {@link #ALWAYS}, or a schedule with no shifts)
   */
  public @Nullable Instant nextChange(Instant after, ZoneId zone) {
    if (shifts == null) {
      return null;
    }
    Instant best = null;
    LocalDate today = after.atZone(zone).toLocalDate();
    // A week past the last holiday or date of its own ahead, the weekly shifts come round again (if the week has
    // any).
    long lastDated = Math.max(holidays.length > 0 ? holidays[holidays.length - 1] : Long.MIN_VALUE,
        days.length > 0 ? days[days.length - 1] : Long.MIN_VALUE);
    LocalDate last = today.plusDays(8);
    if (lastDated != Long.MIN_VALUE && lastDated + 8 > last.toEpochDay()) {
      last = LocalDate.ofEpochDay(lastDated + 8);
    }
    for (LocalDate d = today.minusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
      int[] day = shiftsOn(d);
      for (int i = 0; i < day.length; i++) {
        Instant t = instant(d, day[i], zone);
        if (t.isAfter(after) && (best == null || t.isBefore(best))) {
          best = t;
        }
      }
      if (best != null && d.isAfter(today.plusDays(1))) {
        break;
      }
    }
    return best;
  }

  /**
   * True if {@code date} is one of the holidays (a date on which no shift counts).
   *
   * @param date a local date in the rep's time zone
   * @return true if {@code date} is a holiday of this schedule
   */
  public boolean isHoliday(LocalDate date) {
    return holidays.length > 0 && Arrays.binarySearch(holidays, date.toEpochDay()) >= 0;
  }

  /**
   * The holidays, in date order.
   *
   * @return the dates on which no shift counts, sorted; empty if none
   */
  public java.util.SortedSet<LocalDate> holidays() {
    java.util.TreeSet<LocalDate> out = new java.util.TreeSet<>();
    for (long d : holidays) {
      out.add(LocalDate.ofEpochDay(d));
    }
    return Collections.unmodifiableSortedSet(out);
  }

  /**
   * These working hours with {@code dates} added to their holidays. {@link #ALWAYS} with holidays is every day
   * around the clock except those dates (in the rep's time zone).
   *
   * @param dates the holidays to add (none null)
   * @return the same shifts with those holidays; {@code this} if {@code dates} is empty
   * @throws NullPointerException if {@code dates} or one of them is null
   */
  public WorkingHours withHolidays(java.util.Collection<LocalDate> dates) {
    Objects.requireNonNull(dates, "workingHours.holidays must not be null");
    if (dates.isEmpty()) {
      return this;
    }
    return new WorkingHours(weekly(), mergeDays(holidays, dates), days, dayShifts);
  }

  /**
   * These working hours with a shift from {@code from} to {@code to} on {@code date}, which then works only its own
   * shifts instead of its weekday's: a short day ({@code 24 December, 09:00-12:00}), or a working Saturday. Called
   * again for the same date, it adds a shift to that date's.
   *
   * @param date the local date (in the rep's time zone)
   * @param from first minute on shift
   * @param to first minute off shift; {@link LocalTime#MIDNIGHT} for the end of the day
   * @return the schedule with that date's shift
   * @throws IllegalArgumentException if {@code to} is not after {@code from}, or the shift overlaps another of that
   *     date
   */
  public WorkingHours withDay(LocalDate date, LocalTime from, LocalTime to) {
    Objects.requireNonNull(date, "workingHours.day must not be null");
    return withDaySpan(date, span(from, to));
  }

  /**
   * These working hours with a night shift on {@code date}, from {@code from} that date to {@code until} the next:
   * the date then works only its own shifts instead of its weekday's, as with {@link #withDay} (a night worker's
   * short night before a holiday, a night of its own). Like a weekly {@link Builder#nightShift night shift}, it
   * belongs to the date it starts on: a holiday on that date takes all of it, one on the next date none of it. A
   * date's own shifts may meet the night before them or the next date's first shift (a holiday calendar's short day,
   * shared by every rep, meeting a night worker's night): the rep is on shift while any of them runs.
   *
   * @param date the local date the shift starts on (in the rep's time zone)
   * @param from first minute on shift, on {@code date}
   * @param until first minute off shift, on the next date; not after {@code from}, and not midnight
   * @return the schedule with that date's night shift
   * @throws IllegalArgumentException if {@code until} is after {@code from} (a day shift: use {@link #withDay}) or is
   *     midnight, or the shift overlaps another of that date
   */
  public WorkingHours withNightShift(LocalDate date, LocalTime from, LocalTime until) {
    Objects.requireNonNull(date, "workingHours.day must not be null");
    return withDaySpan(date, nightSpan(from, until));
  }

  /** {@link #withDay} and {@link #withNightShift}: {@code span} added to {@code date}'s own shifts, checked. */
  private WorkingHours withDaySpan(LocalDate date, int[] span) {
    long key = date.toEpochDay();
    int i = Arrays.binarySearch(days, key);
    long[] newDays;
    int[][] newShifts;
    if (i >= 0) {
      newDays = days;
      newShifts = dayShifts.clone();
      newShifts[i] = addShift(dayShifts[i], span, date.toString());
    } else {
      int at = -i - 1;
      newDays = new long[days.length + 1];
      newShifts = new int[days.length + 1][];
      System.arraycopy(days, 0, newDays, 0, at);
      System.arraycopy(dayShifts, 0, newShifts, 0, at);
      newDays[at] = key;
      newShifts[at] = span;
      System.arraycopy(days, at, newDays, at + 1, days.length - at);
      System.arraycopy(dayShifts, at, newShifts, at + 1, days.length - at);
    }
    return new WorkingHours(weekly(), holidays, newDays, newShifts);
  }

  /** A night shift {@code from}-{@code until}+1 as a [from, 86,400 + until) second pair, checked. */
  private static int[] nightSpan(LocalTime from, LocalTime until) {
    Objects.requireNonNull(from, "workingHours.from must not be null");
    Objects.requireNonNull(until, "workingHours.until must not be null");
    if (until.equals(LocalTime.MIDNIGHT) || until.isAfter(from)) {
      throw new IllegalArgumentException("workingHours night shift " + from + "-" + until + "+1 must end the next"
          + " day before or at " + from + (until.equals(LocalTime.MIDNIGHT) ? " (to end at midnight, use shift("
          + from + ", MIDNIGHT))" : " (it ends the same day: use shift)"));
    }
    return new int[] {from.toSecondOfDay(), 86_400 + until.toSecondOfDay()};
  }

  /**
   * The shifts of {@code date}: none on a holiday, the date's own if it has any, else its weekday's.
   *
   * @param date a local date (in the rep's time zone)
   * @return that date's shifts in order; empty if the rep does not work that date
   */
  public List<Shift> shifts(LocalDate date) {
    if (shifts == null) {
      return shifts(date.getDayOfWeek());
    }
    return shiftList(shiftsOn(date));
  }

  /** The weekly shifts, every day around the clock for {@link #ALWAYS}. */
  private int[][] weekly() {
    if (shifts != null) {
      return shifts;
    }
    int[][] all = new int[7][];
    for (int i = 0; i < 7; i++) {
      all[i] = new int[] {0, 86_400};
    }
    return all;
  }

  /** {@code from}-{@code to} as a [from, to) second-of-day pair, checked. */
  private static int[] span(LocalTime from, LocalTime to) {
    Objects.requireNonNull(from, "workingHours.from must not be null");
    Objects.requireNonNull(to, "workingHours.to must not be null");
    int start = from.toSecondOfDay();
    int end = to.equals(LocalTime.MIDNIGHT) ? 86_400 : to.toSecondOfDay();
    if (end <= start) {
      throw new IllegalArgumentException("workingHours shift must end after it starts but was " + from + " to "
          + to + " (for a night shift ending the next day, use nightShift, or write " + from + "-" + to
          + "+1 in a configuration)");
    }
    return new int[] {start, end};
  }

  /** {@code day}'s shifts with {@code span} added in order; fails if it overlaps one of them. */
  private static int[] addShift(int[] day, int[] span, String where) {
    int[] out = new int[day.length + 2];
    int k = 0;
    boolean placed = false;
    for (int i = 0; i <= day.length; i += 2) {
      if (!placed && (i == day.length || span[0] < day[i])) {
        out[k++] = span[0];
        out[k++] = span[1];
        placed = true;
      }
      if (i < day.length) {
        out[k++] = day[i];
        out[k++] = day[i + 1];
      }
    }
    for (int i = 2; i < out.length; i += 2) {
      if (out[i] < out[i - 1]) {
        throw new IllegalArgumentException("workingHours shifts overlap on " + where + ": "
            + LocalTime.ofSecondOfDay(out[i - 2]) + " and " + LocalTime.ofSecondOfDay(out[i]));
      }
    }
    return out;
  }

  private static long[] mergeDays(long[] have, java.util.Collection<LocalDate> dates) {
    java.util.TreeSet<Long> all = new java.util.TreeSet<>();
    for (long d : have) {
      all.add(d);
    }
    int i = 0;
    for (LocalDate d : dates) {
      all.add(Objects.requireNonNull(d, "workingHours.holidays[" + i + "] must not be null").toEpochDay());
      i++;
    }
    long[] out = new long[all.size()];
    int k = 0;
    for (long d : all) {
      out[k++] = d;
    }
    return out;
  }

  /**
   * One shift of a day, local time.
   *
   * @param from first minute on shift
   * @param to first minute off shift; {@link LocalTime#MIDNIGHT} for the end of the day; not after {@code from} (and
   *     not midnight) for a night shift, which ends at {@code to} on the next day
   */
  public record Shift(LocalTime from, LocalTime to) {
    /** {@return true for a night shift, which ends at {@code to} on the next day} */
    public boolean overnight() {
      return !to.equals(LocalTime.MIDNIGHT) && !to.isAfter(from);
    }

    @Override
    public String toString() {
      return from + "-" + (to.equals(LocalTime.MIDNIGHT) ? "24:00" : to.toString()) + (overnight() ? "+1" : "");
    }
  }

  /**
   * The shifts of {@code day} in order; empty if the rep does not work that day.
   *
   * @param day the day
   * @return the shifts of {@code day} in order; empty if the rep does not work that day
   */
  public List<Shift> shifts(DayOfWeek day) {
    if (shifts == null) {
      return List.of(new Shift(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
    }
    return shiftList(shifts[day.ordinal()]);
  }

  private static List<Shift> shiftList(int[] d) {
    List<Shift> out = new ArrayList<>();
    for (int i = 0; i < d.length; i += 2) {
      out.add(new Shift(LocalTime.ofSecondOfDay(d[i]),
          d[i + 1] == 86_400 ? LocalTime.MIDNIGHT : LocalTime.ofSecondOfDay(d[i + 1] % 86_400)));
    }
    return Collections.unmodifiableList(out);
  }

  /** The instant of {@code secondOfDay} on {@code day}; from 86,400 on (a night shift's end), on the next day. */
  private static Instant instant(LocalDate day, int secondOfDay, ZoneId zone) {
    if (secondOfDay >= 86_400) {
      return ZonedDateTime.of(day.plusDays(1), LocalTime.ofSecondOfDay(secondOfDay - 86_400), zone).toInstant();
    }
    return ZonedDateTime.of(day, LocalTime.ofSecondOfDay(secondOfDay), zone).toInstant();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WorkingHours w && Arrays.deepEquals(shifts, w.shifts) && Arrays.equals(holidays, w.holidays)
        && Arrays.equals(days, w.days) && Arrays.deepEquals(dayShifts, w.dayShifts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.deepHashCode(shifts) + Arrays.hashCode(holidays)) + Arrays.hashCode(days);
  }

  @Override
  public String toString() {
    if (shifts == null) {
      return "WorkingHours[always]";
    }
    StringBuilder sb = new StringBuilder("WorkingHours[");
    for (DayOfWeek day : DayOfWeek.values()) {
      for (Shift s : shifts(day)) {
        sb.append(day.name(), 0, 3).append(' ').append(s).append(", ");
      }
    }
    if (sb.charAt(sb.length() - 1) == ' ') {
      sb.setLength(sb.length() - 2);
    }
    if (holidays.length > 0) {
      sb.append("; holidays ");
      for (int i = 0; i < holidays.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(LocalDate.ofEpochDay(holidays[i]));
      }
    }
    for (int i = 0; i < days.length; i++) {
      sb.append(i == 0 ? "; " : ", ").append(LocalDate.ofEpochDay(days[i]));
      for (Shift s : shiftList(dayShifts[i])) {
        sb.append(' ').append(s);
      }
    }
    return sb.append(']').toString();
  }

  /** Builds {@link WorkingHours}; validates shifts in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final Map<DayOfWeek, List<int[]>> days = new EnumMap<>(DayOfWeek.class);
    private long[] holidays = new long[0];
    /** A date's own shift, as {@link WorkingHours#withDaySpan} adds it. */
    private record Dated(LocalDate date, int[] span) {}

    private final List<Dated> dated = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a shift from {@code from} (inclusive) to {@code to} (exclusive; {@link LocalTime#MIDNIGHT} for the end
     * of the day) on each of {@code on}.
     *
     * @param from the from
     * @param to the to
     * @param on the on
     * @return this builder
     * @throws IllegalArgumentException if {@code to} is not after {@code from} or no day is given
     */
    public Builder shift(LocalTime from, LocalTime to, DayOfWeek... on) {
      int[] span = span(from, to);
      int start = span[0];
      int end = span[1];
      if (on.length == 0) {
        throw new IllegalArgumentException("workingHours shift " + from + "-" + to + " needs at least one day");
      }
      for (DayOfWeek d : on) {
        days.computeIfAbsent(Objects.requireNonNull(d, "workingHours day must not be null"),
            k -> new ArrayList<>()).add(new int[] {start, end});
      }
      return this;
    }

    /**
     * Adds a night shift from {@code from} on each of {@code startingOn} to {@code until} on the day after: a shift
     * that crosses midnight ({@code 22:00} to {@code 06:00}), which {@link #shift} refuses so that a swapped pair
     * ({@code 17:00} to {@code 09:00}) is never read as one. It belongs to the day it starts on: a holiday on that day
     * takes all of it, one on the next day none of it.
     *
     * @param from first minute on shift, on the starting day
     * @param until first minute off shift, on the next day; not after {@code from}
     * @param startingOn the days the shift starts on
     * @return this builder
     * @throws IllegalArgumentException if {@code until} is after {@code from} (a day shift: use {@link #shift}) or is
     *     midnight, or no day is given
     */
    public Builder nightShift(LocalTime from, LocalTime until, DayOfWeek... startingOn) {
      int[] span = nightSpan(from, until);
      if (startingOn.length == 0) {
        throw new IllegalArgumentException("workingHours night shift " + from + "-" + until + "+1 needs at least one"
            + " day");
      }
      for (DayOfWeek d : startingOn) {
        days.computeIfAbsent(Objects.requireNonNull(d, "workingHours day must not be null"),
            k -> new ArrayList<>()).add(span.clone());
      }
      return this;
    }

    /**
     * Adds a night shift on {@code date}, from {@code from} to {@code until} on the next date; the date then works
     * only its own shifts instead of its weekday's. See {@link WorkingHours#withNightShift}.
     *
     * @param date the local date the shift starts on (in the rep's time zone)
     * @param from first minute on shift, on {@code date}
     * @param until first minute off shift, on the next date; not after {@code from}, and not midnight
     * @return this builder
     * @throws IllegalArgumentException if {@code until} is after {@code from} or is midnight
     */
    public Builder nightShift(LocalDate date, LocalTime from, LocalTime until) {
      dated.add(new Dated(Objects.requireNonNull(date, "workingHours.day must not be null"), nightSpan(from, until)));
      return this;
    }

    /**
     * Adds holidays: local dates (in the rep's time zone) on which no shift counts.
     *
     * @param dates the holidays (none null)
     * @return this builder
     * @throws NullPointerException if {@code dates} or one of them is null, naming its position
     */
    public Builder holidays(java.util.Collection<LocalDate> dates) {
      Objects.requireNonNull(dates, "workingHours.holidays must not be null");
      holidays = mergeDays(holidays, dates);
      return this;
    }

    /**
     * Adds a shift on {@code date}, which then works only its own shifts instead of its weekday's (a short day, a
     * working Saturday); see {@link WorkingHours#withDay}.
     *
     * @param date the local date (in the rep's time zone)
     * @param from first minute on shift
     * @param to first minute off shift; {@link LocalTime#MIDNIGHT} for the end of the day
     * @return this builder
     * @throws IllegalArgumentException if {@code to} is not after {@code from}
     */
    public Builder day(LocalDate date, LocalTime from, LocalTime to) {
      dated.add(new Dated(Objects.requireNonNull(date, "workingHours.day must not be null"), span(from, to)));
      return this;
    }

    /**
     * Builds the schedule.
     *
     * @return the working hours
     * @throws IllegalArgumentException if two shifts of one day overlap, or a weekly night shift runs into the next
     *     day's first shift
     */
    public WorkingHours build() {
      int[][] out = new int[7][];
      for (DayOfWeek d : DayOfWeek.values()) {
        List<int[]> list = new ArrayList<>(days.getOrDefault(d, List.of()));
        list.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] flat = new int[list.size() * 2];
        for (int i = 0; i < list.size(); i++) {
          if (i > 0 && list.get(i)[0] < list.get(i - 1)[1]) {
            throw new IllegalArgumentException("workingHours shifts overlap on " + d + ": "
                + LocalTime.ofSecondOfDay(list.get(i - 1)[0]) + " and " + LocalTime.ofSecondOfDay(list.get(i)[0]));
          }
          flat[2 * i] = list.get(i)[0];
          flat[2 * i + 1] = list.get(i)[1];
        }
        out[d.ordinal()] = flat;
      }
      for (DayOfWeek d : DayOfWeek.values()) {
        // A night shift runs into the next day: into its first shift, that is an overlap too.
        int[] day = out[d.ordinal()];
        int[] next = out[d.plus(1).ordinal()];
        if (day.length > 0 && day[day.length - 1] > 86_400 && next.length > 0
            && next[0] < day[day.length - 1] - 86_400) {
          throw new IllegalArgumentException("workingHours shifts overlap: " + d + " "
              + shiftList(new int[] {day[day.length - 2], day[day.length - 1]}).get(0) + " and " + d.plus(1) + " "
              + shiftList(new int[] {next[0], next[1]}).get(0));
        }
      }
      WorkingHours built = new WorkingHours(out, holidays);
      for (Dated d : dated) {
        built = built.withDaySpan(d.date(), d.span());
      }
      return built;
    }
  }
}
