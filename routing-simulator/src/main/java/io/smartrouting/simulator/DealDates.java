package io.smartrouting.simulator;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The close dates of a deals export as CRMs write them: ISO ({@code 2026-03-31}, a time after it ignored), numeric with
 * the day and month in either order ({@code 3/31/2026}, {@code 31/03/2026}, {@code 31.03.2026}, two-digit years as
 * 20xx), or with an English month name ({@code Mar 31, 2026}, {@code 31 March 2026}). Which of day and month comes
 * first is one answer for the whole file: what its dates show (a first number above 12 is a day, a second above 12
 * is a day), dots mean day first, and a file whose every numeric date reads both ways needs the order said.
 */
final class DealDates {

  /** Which of day and month comes first in numeric dates. */
  enum Order {
    /** From the file's own dates; an error when every one reads both ways. */
    AUTO,
    /** Month, day, year: {@code 3/31/2026}. */
    MDY,
    /** Day, month, year: {@code 31/03/2026}. */
    DMY
  }

  private static final Pattern ISO = Pattern.compile("(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[T ].*)?");
  private static final Pattern NUMERIC = Pattern.compile("(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})(?: .*)?");
  private static final List<DateTimeFormatter> NAMED = List.of(formatter("MMM d, uuuu"), formatter("MMMM d, uuuu"),
      formatter("d MMM uuuu"), formatter("d MMMM uuuu"), formatter("d-MMM-uuuu"), formatter("d-MMM-uu"));

  private final Order order;

  private DealDates(Order order) {
    this.order = order;
  }

  private static DateTimeFormatter formatter(String pattern) {
    return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.ENGLISH);
  }

  /**
   * The reader for these date texts (one per deal, with {@code lines} the line each is on): {@code order} unless
   * {@link Order#AUTO}, else the order the dates show.
   *
   * @throws IllegalArgumentException if the dates show both orders, or every numeric date reads both ways and
   *     {@code order} is {@link Order#AUTO}; naming the lines and how to say the order
   */
  static DealDates of(List<String> texts, List<Integer> lines, String source, Order order) {
    if (order != Order.AUTO) {
      return new DealDates(order);
    }
    int dayFirstLine = -1;
    int monthFirstLine = -1;
    int ambiguousLine = -1;
    String ambiguous = null;
    for (int i = 0; i < texts.size(); i++) {
      Matcher m = NUMERIC.matcher(texts.get(i).trim());
      if (!m.matches()) {
        continue;
      }
      int first = Integer.parseInt(m.group(1));
      int second = Integer.parseInt(m.group(3));
      if (m.group(2).equals(".") || first > 12) {
        dayFirstLine = dayFirstLine < 0 ? lines.get(i) : dayFirstLine;
      } else if (second > 12) {
        monthFirstLine = monthFirstLine < 0 ? lines.get(i) : monthFirstLine;
      } else if (ambiguousLine < 0 && first != second) {
        ambiguousLine = lines.get(i);
        ambiguous = texts.get(i).trim();
      }
    }
    if (dayFirstLine >= 0 && monthFirstLine >= 0) {
      throw new IllegalArgumentException(source + ": the dates put the day first (line " + dayFirstLine
          + ") and the month first (line " + monthFirstLine + "); export them in one format, ISO (2026-03-31) if "
          + "the CRM offers it");
    }
    if (dayFirstLine >= 0) {
      return new DealDates(Order.DMY);
    }
    if (monthFirstLine >= 0 || ambiguousLine < 0) {
      return new DealDates(Order.MDY);
    }
    throw new IllegalArgumentException(source + " line " + ambiguousLine + ", column 'date': '" + ambiguous
        + "' may be month/day or day/month, and no date in the file tells which; pass --date-order MDY or DMY");
  }

  /**
   * The date of one deal.
   *
   * @throws IllegalArgumentException naming the line, the column and the formats read
   */
  LocalDate parse(String text, String where) {
    String t = text.trim();
    LocalDate d = read(t);
    if (d == null) {
      throw new IllegalArgumentException(where + ", column 'date': not a date: '" + text + "' (read: 2026-03-31, "
          + (order == Order.DMY ? "31/03/2026" : "3/31/2026") + ", 31.03.2026, Mar 31, 2026, 31 March 2026)");
    }
    return d;
  }

  private @Nullable LocalDate read(String t) {
    try {
      Matcher iso = ISO.matcher(t);
      if (iso.matches()) {
        return LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
            Integer.parseInt(iso.group(3)));
      }
      Matcher m = NUMERIC.matcher(t);
      if (m.matches()) {
        int first = Integer.parseInt(m.group(1));
        int second = Integer.parseInt(m.group(3));
        int year = Integer.parseInt(m.group(4));
        year = m.group(4).length() == 2 ? 2000 + year : year;
        boolean dayFirst = order == Order.DMY || m.group(2).equals(".");
        return dayFirst ? LocalDate.of(year, second, first) : LocalDate.of(year, first, second);
      }
    } catch (DateTimeException e) {
      return null;
    }
    for (DateTimeFormatter f : NAMED) {
      try {
        return LocalDate.parse(t, f);
      } catch (DateTimeParseException e) {
        // the next format
      }
    }
    return null;
  }
}
