package io.smartrouting.core.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The pieces of the core's hand-written JSON (audit records, webhook payloads): string literals, instants and
 * numbers, each written straight into the caller's builder. An audit line is written for every event of every lead,
 * so these avoid {@link String#format} and {@link java.time.format.DateTimeFormatter}, which were a quarter of an
 * audit line's time; each writes exactly what those write ({@code JsonTextProperties}). Not API.
 */
public final class JsonText {

  private JsonText() {}

  /** The last second of 9999-12-31, UTC: instants from 1970 up to it are written here, others by the JDK. */
  private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

  /**
   * Appends {@code t} as {@link Instant#toString()} writes it (ISO-8601 in UTC, the fraction in groups of three digits,
   * as many as needed), without the formatter's objects for instants from 1970 to the year 9999.
   */
  public static void instant(StringBuilder sb, Instant t) {
    long sec = t.getEpochSecond();
    if (sec < 0 || sec > LAST_FOUR_DIGIT_SECOND) {
      sb.append(t);
      return;
    }
    long day = sec / 86_400;
    int ofDay = (int) (sec % 86_400);
    LocalDate date = LocalDate.ofEpochDay(day);
    digits(sb, date.getYear(), 4);
    sb.append('-');
    digits(sb, date.getMonthValue(), 2);
    sb.append('-');
    digits(sb, date.getDayOfMonth(), 2);
    sb.append('T');
    digits(sb, ofDay / 3600, 2);
    sb.append(':');
    digits(sb, ofDay / 60 % 60, 2);
    sb.append(':');
    digits(sb, ofDay % 60, 2);
    int nano = t.getNano();
    if (nano != 0) {
      sb.append('.');
      if (nano % 1_000_000 == 0) {
        digits(sb, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        digits(sb, nano / 1000, 6);
      } else {
        digits(sb, nano, 9);
      }
    }
    sb.append('Z');
  }

  /** Appends {@code "key":"instant",} (as {@link #field}), or {@code "key":null,}. */
  public static void instantField(StringBuilder sb, String key, @Nullable Instant t) {
    quote(sb, key);
    sb.append(':');
    if (t == null) {
      sb.append("null");
    } else {
      sb.append('"');
      instant(sb, t);
      sb.append('"');
    }
    sb.append(',');
  }

  /** Above this a score is written by the JDK: a double's shortest decimal is then too coarse for the test below. */
  private static final double FAST_LIMIT = 1e6;
  /** How far from a tie the fast path's product must be (its error is under 1e-6 below {@link #FAST_LIMIT}). */
  private static final double TIE_MARGIN = 1e-4;

  /**
   * Appends {@code d} as {@code String.format(Locale.ROOT, "%.4f", d)} writes it, or {@code null} if it is NaN or
   * infinite. A non-negative value under a million whose fourth decimal is not within a hair of a tie is rounded here
   * (where both roundings agree); the rest, rare, go to the formatter.
   */
  public static void number4(StringBuilder sb, double d) {
    if (!Double.isFinite(d)) {
      sb.append("null");
      return;
    }
    if (Double.doubleToRawLongBits(d) >= 0 && d < FAST_LIMIT) {
      double scaled = d * 10_000;
      double floor = Math.floor(scaled);
      double frac = scaled - floor;
      if (Math.abs(frac - 0.5) > TIE_MARGIN) {
        long v = (long) floor + (frac > 0.5 ? 1 : 0);
        sb.append(v / 10_000).append('.');
        digits(sb, (int) (v % 10_000), 4);
        return;
      }
    }
    sb.append(String.format(Locale.ROOT, "%.4f", d));
  }

  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
      100_000_000};

  /** Appends {@code v} (non-negative) in exactly {@code width} digits (at most 9), zeros first. */
  private static void digits(StringBuilder sb, int v, int width) {
    for (int div = POWERS_OF_TEN[width - 1]; div > 0; div /= 10) {
      sb.append((char) ('0' + v / div % 10));
    }
  }

  /** Appends {@code "key":value,} to {@code sb}, the value as a string literal or {@code null}. */
  public static void field(StringBuilder sb, String key, @Nullable String value) {
    quote(sb, key);
    sb.append(':');
    if (value == null) {
      sb.append("null");
    } else {
      quote(sb, value);
    }
    sb.append(',');
  }

  /** Appends {@code s} to {@code sb} as a JSON string literal, quoted, with quotes, backslashes, controls escaped. */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    int plain = 0;
    while (plain < n) {
      char c = s.charAt(plain);
      if (c < 0x20 || c == '"' || c == '\\') {
        break;
      }
      plain++;
    }
    if (plain == n) {
      // Ids and reasons rarely need escaping: the whole string copied at once (a range is copied char by char).
      sb.append(s).append('"');
      return;
    }
    sb.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            String hex = Integer.toHexString(c);
            sb.append("\\u").append("0000", hex.length(), 4).append(hex);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
