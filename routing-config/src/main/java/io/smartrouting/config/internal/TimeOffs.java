package io.smartrouting.config.internal;

import io.smartrouting.api.TimeOff;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rep's time off as a configuration or a roster file writes it: {@code 2026-12-21 to 2027-01-03: vacation} (whole
 * local days in the rep's time zone, both included), {@code 2026-12-24} (one day), or instants
 * ({@code 2026-12-24T13:00:00Z to 2026-12-24T17:00:00Z: training}); the reason after a colon is optional, and so is
 * who covers the desk meanwhile, at the end in parentheses ({@code 2026-12-21 to 2027-01-03: vacation (cover: ben)}).
 * Not API.
 */
public final class TimeOffs {

  /** What time off must look like, for error messages. */
  public static final String FORM = "'2026-12-21 to 2027-01-03: vacation', '2026-12-24', or instants"
      + " '2026-12-24T13:00:00Z to 2026-12-24T17:00:00Z: training', with '(cover: ben)' at the end to name who covers";

  /** A trailing {@code (cover: id)}. */
  private static final Pattern COVER = Pattern.compile("^(.*?)\\s*\\(\\s*cover\\s*:\\s*([^()\\s]+)\\s*\\)\\s*$",
      Pattern.CASE_INSENSITIVE);

  private static final String POINT = "\\d{4}-\\d{1,2}-\\d{1,2}(?:T[0-9:.]+Z)?";
  private static final Pattern PERIOD = Pattern.compile("(" + POINT + ")(?:\\s+to\\s+(" + POINT + "))?"
      + "(?:\\s*:\\s*(.*))?", Pattern.CASE_INSENSITIVE);

  private TimeOffs() {}

  /**
   * {@code text} as a period away, dates read in {@code zone}.
   *
   * @throws IllegalArgumentException saying what is wrong: the form, a date or instant, or an end before the start
   */
  public static TimeOff parse(String text, ZoneId zone) {
    String cover = coverOf(text);
    Matcher m = PERIOD.matcher(cover == null ? text.trim() : withoutCover(text));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text.trim() + "' is not time off: write " + FORM);
    }
    Instant start = point(m.group(1), zone, false);
    Instant end = point(m.group(2) != null ? m.group(2) : m.group(1), zone, true);
    String reason = m.group(3) == null || m.group(3).isBlank() ? null : m.group(3).trim();
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("'" + text.trim() + "' ends before it starts");
    }
    return new TimeOff(start, end, reason, cover);
  }

  /** The rep id a time off's text names as its cover ({@code (cover: ben)} at its end), or null. */
  public static @org.jspecify.annotations.Nullable String coverOf(String text) {
    Matcher c = COVER.matcher(text.trim());
    return c.matches() ? c.group(2) : null;
  }

  private static String withoutCover(String text) {
    Matcher c = COVER.matcher(text.trim());
    return c.matches() ? c.group(1).trim() : text.trim();
  }

  /** A date's first instant in {@code zone} (or, as an end, the next date's), or an instant as written. */
  private static Instant point(String text, ZoneId zone, boolean end) {
    try {
      if (text.indexOf('T') >= 0 || text.indexOf('t') >= 0) {
        return Instant.parse(text.toUpperCase(java.util.Locale.ROOT));
      }
      LocalDate d = LocalDate.parse(text);
      return (end ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a date (YYYY-MM-DD) or an instant"
          + " (2026-12-24T13:00:00Z)");
    }
  }
}
