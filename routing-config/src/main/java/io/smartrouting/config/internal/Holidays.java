package io.smartrouting.config.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Holidays as a configuration or a roster file writes them: dates ({@code 2026-12-25}) and names of the holiday
 * calendars the configuration defines under {@code holidays}. Not API.
 */
public final class Holidays {

  private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}");

  private Holidays() {}

  /**
   * {@code text} as a date, or null if it is not written as one.
   *
   * @throws IllegalArgumentException if it is written as a date that does not exist ({@code 2026-02-30})
   */
  public static @Nullable LocalDate date(String text) {
    String t = text.trim();
    if (!DATE_LIKE.matcher(t).matches()) {
      return null;
    }
    try {
      return LocalDate.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + t + "' is not a date (YYYY-MM-DD, as 2026-12-25)");
    }
  }

  /**
   * The dates {@code item} stands for: itself if it is a date, else the dates of the calendar it names.
   *
   * @throws IllegalArgumentException naming the item if it is neither, with the closest calendar name
   */
  public static List<LocalDate> resolve(String item, Map<String, List<LocalDate>> calendars) {
    LocalDate d = date(item);
    if (d != null) {
      return List.of(d);
    }
    List<LocalDate> named = calendars.get(item.trim());
    if (named != null) {
      return named;
    }
    if (calendars.isEmpty()) {
      throw new IllegalArgumentException("'" + item.trim() + "' is neither a date (YYYY-MM-DD) nor a holiday calendar"
          + " (none is defined: name them under 'holidays' at the top of the configuration)");
    }
    String meant = Names.closest(item.trim(), calendars.keySet());
    throw new IllegalArgumentException("'" + item.trim() + "' is neither a date (YYYY-MM-DD) nor a holiday calendar"
        + (meant == null ? "" : "; did you mean '" + meant + "'?") + " Known calendars: "
        + new java.util.TreeSet<>(calendars.keySet()));
  }
}
