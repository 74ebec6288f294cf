package io.smartrouting.config.internal;

import io.smartrouting.api.WorkingHours;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Holidays as a configuration or a roster file writes them: a date ({@code 2026-12-25}: no work that date), a date
 * with hours ({@code 2026-12-24 09:00-12:00}: a short day, those hours only; several spans separated by commas), and
 * names of the holiday calendars the configuration defines under {@code holidays}, each a list of such entries. Not
 * API.
 */
public final class Holidays {

  /** What an entry must look like, for error messages. */
  public static final String FORM = "a date (YYYY-MM-DD, as 2026-12-25) or a date with hours (2026-12-24 09:00-12:00)";

  private static final Pattern ENTRY = Pattern.compile("(\\d{4}-\\d{1,2}-\\d{1,2})(?:\\s+(\\S.*))?");

  private Holidays() {}

  /**
   * One calendar entry: a date, and the spans worked that date (none: a holiday).
   *
   * @param date the local date
   * @param hours the date's own shifts, empty for a holiday
   */
  public record Entry(LocalDate date, List<WorkingHours.Shift> hours) {

    /** {@code base} with this entry: the date a holiday, or working these hours instead of its weekday's. */
    public WorkingHours applyTo(WorkingHours base) {
      if (hours.isEmpty()) {
        return base.withHolidays(List.of(date));
      }
      WorkingHours out = base;
      for (WorkingHours.Shift s : hours) {
        out = s.overnight() ? out.withNightShift(date, s.from(), s.to()) : out.withDay(date, s.from(), s.to());
      }
      return out;
    }
  }

  /**
   * {@code text} as a calendar entry, or null if it does not start with a date (so it may name a calendar).
   *
   * @throws IllegalArgumentException if it starts with a date that does not exist ({@code 2026-02-30}) or its hours
   *     do not read as hours
   */
  public static @Nullable Entry entry(String text) {
    Matcher m = ENTRY.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(m.group(1));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + m.group(1) + "' is not a date (YYYY-MM-DD, as 2026-12-25)");
    }
    if (m.group(2) == null) {
      return new Entry(date, List.of());
    }
    // The hours as the spans of a shift on one weekday, read as working hours are.
    WorkingHours.Builder day = WorkingHours.builder();
    for (String span : m.group(2).split(",")) {
      try {
        Shifts.add("MON " + span.trim(), day);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text.trim() + "': the hours of a short day must look like"
            + " 2026-12-24 09:00-12:00 (" + e.getMessage().replace("working hours: ", "") + ")");
      }
    }
    try {
      return new Entry(date, day.build().shifts(DayOfWeek.MONDAY));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text.trim() + "': " + e.getMessage());
    }
  }

  /** True if {@code text} starts as an entry does, with something written as a date (whether it exists or not). */
  public static boolean startsWithDate(String text) {
    return ENTRY.matcher(text.trim()).matches();
  }

  /**
   * {@code base} with {@code item}: an entry ({@link #entry}), or every entry of the calendar it names.
   *
   * @param calendars the calendars by name, each a list of entries as written (checked when they were read)
   * @throws IllegalArgumentException naming the item if it is neither, with the closest calendar name
   */
  public static WorkingHours apply(WorkingHours base, String item, Map<String, List<String>> calendars) {
    Entry e = entry(item);
    if (e != null) {
      return e.applyTo(base);
    }
    List<String> named = calendars.get(item.trim());
    if (named != null) {
      WorkingHours out = base;
      for (String text : named) {
        Entry each = entry(text);
        if (each == null) {
          throw new IllegalArgumentException("calendar '" + item.trim() + "': '" + text + "' is not " + FORM);
        }
        out = each.applyTo(out);
      }
      return out;
    }
    String what = "'" + item.trim() + "' is not a date (YYYY-MM-DD), a date with hours (2026-12-24 09:00-12:00) or a"
        + " holiday calendar";
    if (calendars.isEmpty()) {
      throw new IllegalArgumentException(what
          + " (none is defined: name them under 'holidays' at the top of the configuration)");
    }
    String meant = Names.closest(item.trim(), calendars.keySet());
    throw new IllegalArgumentException(what + (meant == null ? "" : "; did you mean '" + meant + "'?")
        + " Known calendars: " + new java.util.TreeSet<>(calendars.keySet()));
  }
}
