package io.smartrouting.core.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * The numbers of the day, week and month that hold an instant in each of a roster's time zones, as
 * {@link RosterSnapshot#period} numbers them, kept per zone until that zone's day ends. Working them out takes the zone's
 * rules (about 50 ns a period); a roster's capped reps share a handful of zones, and every reservation of a capped rep
 * and every re-read of the caps on a timer tick asks for them, so each zone's answer is kept for the rest of its day.
 *
 * <p>Thread-safe: a zone's answer is an immutable object, replaced whole when an instant falls outside its day (on a
 * race both threads work out the same answer).
 */
final class ZonePeriods {

  /** The periods of one zone for the instants of one of its days, {@code [dayStart, dayEnd)} (epoch milliseconds). */
  private static final class Day {
    final long dayStart;
    final long dayEnd;
    final long day;
    final long week;
    final long month;

    Day(long dayStart, long dayEnd, long day, long week, long month) {
      this.dayStart = dayStart;
      this.dayEnd = dayEnd;
      this.day = day;
      this.week = week;
      this.month = month;
    }
  }

  private final ZoneId[] zones;
  /** Per zone index, the day last asked for, or null. Written whole; read without a lock. */
  private final Day[] days;
  private final Map<ZoneId, Integer> indexOf = new HashMap<>();

  /** The periods of {@code distinctZones}; {@link #index} of a zone not among them is refused. */
  ZonePeriods(java.util.Collection<ZoneId> distinctZones) {
    this.zones = distinctZones.toArray(new ZoneId[0]);
    this.days = new Day[zones.length];
    for (int i = 0; i < zones.length; i++) {
      indexOf.put(zones[i], i);
    }
  }

  /** The index of {@code zone}, one of those given. */
  int index(ZoneId zone) {
    Integer i = indexOf.get(zone);
    if (i == null) {
      throw new IllegalArgumentException("time zone " + zone + " is not one of this roster's");
    }
    return i;
  }

  /**
   * The number of the period of {@code kind} ({@link RosterSnapshot#DAY}, {@link RosterSnapshot#WEEK},
   * {@link RosterSnapshot#MONTH}) that holds {@code now} in the zone of index {@code z}.
   */
  long period(int z, int kind, Instant now) {
    long millis = now.toEpochMilli();
    Day d = days[z];
    if (d == null || millis < d.dayStart || millis >= d.dayEnd) {
      d = dayOf(zones[z], now);
      days[z] = d;
    }
    return kind == RosterSnapshot.WEEK ? d.week : kind == RosterSnapshot.MONTH ? d.month : d.day;
  }

  /** Works out the periods of {@code now}'s day in {@code zone} (the numbering of {@link RosterSnapshot#period}). */
  private static Day dayOf(ZoneId zone, Instant now) {
    LocalDate date = LocalDate.ofInstant(now, zone);
    long start = date.atStartOfDay(zone).toInstant().toEpochMilli();
    long end = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    return new Day(start, end, numberOf(RosterSnapshot.DAY, date), numberOf(RosterSnapshot.WEEK, date),
        numberOf(RosterSnapshot.MONTH, date));
  }

  /** The number of the period of {@code kind} holding {@code date}. */
  static long numberOf(int kind, LocalDate date) {
    switch (kind) {
      case RosterSnapshot.WEEK:
        return io.smartrouting.core.state.RepState.WEEKS + RosterSnapshot.periodStart(kind, date).toEpochDay();
      case RosterSnapshot.MONTH:
        return io.smartrouting.core.state.RepState.MONTHS + (date.getYear() - 1970L) * 12 + date.getMonthValue() - 1;
      default:
        return date.toEpochDay();
    }
  }
}
