package io.smartrouting.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.WorkingHours;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A shift written any of the ways people write it (24-hour or am/pm, with or without minutes, short or full day
 * names, any case) reads as the same working hours as its canonical form, {@code MON-FRI 09:00-17:00}.
 */
class ShiftsProperties {

  @Property(tries = 500)
  void everyWayOfWritingAShiftReadsAsItsCanonicalForm(@ForAll @IntRange(min = 0, max = 6) int fromDay,
      @ForAll @IntRange(min = 0, max = 6) int toDay, @ForAll @IntRange(min = 0, max = 95) int startQuarter,
      @ForAll @IntRange(min = 1, max = 96) int length, @ForAll @IntRange(min = 0, max = 3) int style) {
    int endQuarter = Math.min(96, startQuarter + length);
    LocalTime start = LocalTime.of(startQuarter / 4, startQuarter % 4 * 15);
    LocalTime end = endQuarter == 96 ? LocalTime.MIDNIGHT : LocalTime.of(endQuarter / 4, endQuarter % 4 * 15);
    DayOfWeek from = DayOfWeek.values()[fromDay];
    DayOfWeek to = DayOfWeek.values()[toDay];
    String canonical = day(from, false) + "-" + day(to, false) + " " + clock24(start, false) + "-"
        + clock24(end, endQuarter == 96);
    String other = switch (style) {
      case 0 -> day(from, true) + "-" + day(to, true) + " " + ampm(start, false) + "-" + ampm(end, endQuarter == 96);
      case 1 -> (day(from, false) + " - " + day(to, false)).toLowerCase(Locale.ROOT) + " " + short24(start) + " - "
          + (endQuarter == 96 ? "24:00" : short24(end));
      case 2 -> day(from, true).toUpperCase(Locale.ROOT) + "-" + day(to, false) + " " + ampm(start, false)
          .toUpperCase(Locale.ROOT) + "-" + ampm(end, endQuarter == 96).toUpperCase(Locale.ROOT);
      default -> canonical.toLowerCase(Locale.ROOT);
    };
    assertThat(read(other)).as("%s against %s", other, canonical).isEqualTo(read(canonical));
  }

  private static WorkingHours read(String text) {
    WorkingHours.Builder b = WorkingHours.builder();
    Shifts.add(text, b);
    return b.build();
  }

  private static String day(DayOfWeek d, boolean full) {
    String name = d.name().charAt(0) + d.name().substring(1).toLowerCase(Locale.ROOT);
    return full ? name : d.name().substring(0, 3);
  }

  private static String clock24(LocalTime t, boolean midnightAtEnd) {
    return midnightAtEnd ? "24:00" : String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
  }

  /** {@code 9} for 09:00, {@code 9:30} for 09:30: one-digit hours and no minutes on the hour. */
  private static String short24(LocalTime t) {
    return t.getMinute() == 0 ? Integer.toString(t.getHour())
        : String.format(Locale.ROOT, "%d:%02d", t.getHour(), t.getMinute());
  }

  /** {@code 9am}, {@code 12:30pm}, {@code 12am} for midnight (at the end of a shift too). */
  private static String ampm(LocalTime t, boolean midnightAtEnd) {
    int h = midnightAtEnd ? 0 : t.getHour();
    int m = midnightAtEnd ? 0 : t.getMinute();
    int twelve = h % 12 == 0 ? 12 : h % 12;
    return (m == 0 ? Integer.toString(twelve) : String.format(Locale.ROOT, "%d:%02d", twelve, m))
        + (h < 12 ? "am" : "pm");
  }
}
