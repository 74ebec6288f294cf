package io.smartrouting.config.internal;

import io.smartrouting.api.WorkingHours;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Working-hours shifts as people write them, for the configuration and the roster CSV alike: days ({@code MON-FRI},
 * {@code Monday-Friday}, {@code MON,WED}) and a time span ({@code 09:00-17:00}, {@code 9am-5pm}, {@code 9-17}; a night
 * shift ends the next day with {@code +1}: {@code 22:00-06:00+1}). Not API.
 */
public final class Shifts {

  /** What a shift must look like, for error messages. */
  public static final String FORM = "'MON-FRI 09:00-17:00', 'Monday-Friday 9am-5pm', 'MON,WED 10:00-14:00' or, for a"
      + " night shift ending the next day, 'MON-FRI 22:00-06:00+1'";

  private static final String DAYS = "[A-Za-z]{3,9}(?:\\s*-\\s*[A-Za-z]{3,9})?(?:\\s*,\\s*[A-Za-z]{3,9})*";
  private static final String TIME = "\\d{1,2}(?::\\d{2})?\\s*(?:[AaPp][Mm])?";
  /** After a span's end: it is on the next day (a night shift, {@code 22:00-06:00+1}). */
  private static final String NEXT_DAY = "\\s*\\+\\s*1";
  private static final String SPAN = TIME + "\\s*-\\s*" + TIME + "(?:" + NEXT_DAY + ")?";

  private static final Pattern SHIFT = Pattern.compile(
      "([A-Za-z]{3,9})(?:\\s*-\\s*([A-Za-z]{3,9}))?((?:\\s*,\\s*[A-Za-z]{3,9})*)\\s+"
          + "(" + TIME + ")\\s*-\\s*(" + TIME + ")(" + NEXT_DAY + ")?");
  /** Days, then several spans: {@code Mon-Fri 9:00-12:00, 13:00-17:00}. */
  private static final Pattern SPANS = Pattern.compile("(" + DAYS + ")\\s+(" + SPAN + "(?:\\s*(?:,|\\band\\b)\\s*"
      + SPAN + ")+)");
  /** The span first: {@code 9am-5pm Mon-Fri}. */
  private static final Pattern SPAN_FIRST = Pattern.compile("(" + SPAN + ")\\s+(" + DAYS + ")");
  /** Words for sets of days, as schedules are written: weekdays, weekends, daily. */
  private static final Pattern DAY_WORDS = Pattern.compile("^(?i)(weekdays|weekends?|daily|every\\s*day)\\b");

  private Shifts() {}

  /**
   * Adds the shifts {@code text} describes to {@code hours}: one ({@link #FORM}), or several separated by {@code ;}
   * ({@code Mon-Fri 09:00-17:00; Sat 10:00-14:00}), or several spans on the same days ({@code Mon-Fri 9:00-12:00,
   * 13:00-17:00}); the days may be written {@code weekdays}, {@code weekends} or {@code daily}, and may follow the span
   * ({@code 9am-5pm Mon-Fri}).
   *
   * @throws IllegalArgumentException saying what is wrong: the form ({@link #FORM}), a day, or a time of day
   */
  public static void add(String text, WorkingHours.Builder hours) {
    String t = text.trim();
    if (t.indexOf(';') >= 0) {
      for (String part : t.split(";")) {
        if (!part.isBlank()) {
          add(part, hours);
        }
      }
      return;
    }
    Matcher first = SPAN_FIRST.matcher(t);
    if (first.matches()) {
      t = first.group(2) + " " + first.group(1);
    }
    Matcher words = DAY_WORDS.matcher(t);
    if (words.find()) {
      String w = words.group(1).toLowerCase(Locale.ROOT);
      t = (w.startsWith("weekday") ? "MON-FRI" : w.startsWith("weekend") ? "SAT-SUN" : "MON-SUN")
          + t.substring(words.end());
    }
    Matcher spans = SPANS.matcher(t);
    if (spans.matches()) {
      for (String span : spans.group(2).split("\\s*(?:,|\\band\\b)\\s*")) {
        addOne(spans.group(1) + " " + span, hours);
      }
      return;
    }
    addOne(t, hours);
  }

  private static void addOne(String text, WorkingHours.Builder hours) {
    Matcher m = SHIFT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("working hours must look like " + FORM);
    }
    try {
      List<DayOfWeek> days = new ArrayList<>();
      DayOfWeek from = day(m.group(1));
      DayOfWeek to = m.group(2) == null ? from : day(m.group(2));
      for (int d = from.ordinal(); ; d = (d + 1) % 7) {
        days.add(DayOfWeek.values()[d]);
        if (d == to.ordinal()) {
          break;
        }
      }
      for (String more : m.group(3).split(",")) {
        if (!more.isBlank()) {
          days.add(day(more.trim()));
        }
      }
      LocalTime start = clockTime(m.group(4));
      LocalTime end = clockTime(m.group(5));
      if (m.group(6) != null) {
        hours.nightShift(start, end, days.toArray(new DayOfWeek[0]));
        return;
      }
      if (!end.equals(LocalTime.MIDNIGHT) && !end.isAfter(start) && !hasMeridiem(m.group(4))
          && !hasMeridiem(m.group(5)) && !m.group(5).trim().startsWith("0") && end.getHour() >= 1
          && start.getHour() >= 6 && start.getHour() <= 12 && end.plusHours(12).isAfter(start)) {
        // "9-5" as people say it: the end is in the afternoon, but a bare 5 reads as 05:00. (A night shift written
        // in 24-hour times, 22:00-06:00, keeps the night-shift advice.)
        LocalTime afternoon = end.plusHours(12);
        throw new IllegalArgumentException("'" + m.group(4).trim() + "-" + m.group(5).trim() + "' ends before it"
            + " starts (" + start + " to " + end + "); did you mean " + start + "-" + afternoon + " ("
            + m.group(4).trim() + "am-" + m.group(5).trim() + "pm)? Write 24-hour times or add am/pm (for a night"
            + " shift ending the next day, write " + start + "-" + end + "+1)");
      }
      hours.shift(start, end, days.toArray(new DayOfWeek[0]));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new IllegalArgumentException("working hours: " + e.getMessage(), e);
    }
  }

  private static boolean hasMeridiem(String time) {
    String t = time.trim().toLowerCase(Locale.ROOT);
    return t.endsWith("am") || t.endsWith("pm");
  }

  /** {@code 9}, {@code 09:30}, {@code 9am}, {@code 12:30 pm}; {@code 24:00} is midnight at the shift's end. */
  private static LocalTime clockTime(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    boolean pm = t.endsWith("pm");
    boolean am = t.endsWith("am");
    if (am || pm) {
      t = t.substring(0, t.length() - 2).trim();
    }
    int colon = t.indexOf(':');
    int hour = Integer.parseInt(colon < 0 ? t : t.substring(0, colon));
    int minute = colon < 0 ? 0 : Integer.parseInt(t.substring(colon + 1));
    if (am || pm) {
      if (hour < 1 || hour > 12) {
        throw new IllegalArgumentException("'" + text.trim() + "' is not a time of day (1 to 12 before am or pm)");
      }
      hour = hour % 12 + (pm ? 12 : 0);
    }
    if (hour == 24 && minute == 0) {
      return LocalTime.MIDNIGHT;
    }
    if (hour > 23 || minute > 59) {
      // Said as a time of day, not as java.time's "Invalid value for HourOfDay".
      throw new IllegalArgumentException("'" + text.trim() + "' is not a time of day (hours 0 to 23, minutes 0 to 59;"
          + " 24:00 for the end of a day)");
    }
    return LocalTime.of(hour, minute);
  }

  private static DayOfWeek day(String s) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(s.toUpperCase(Locale.ROOT))) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown day '" + s + "' (MON TUE WED THU FRI SAT SUN)");
  }
}
