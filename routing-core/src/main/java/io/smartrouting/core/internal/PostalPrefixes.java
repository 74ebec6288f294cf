package io.smartrouting.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prefixes a postal territory covers. A prefix territory ({@code US:941}) is its own prefix; a range
 * ({@code US:94100-94349}, as {@link io.smartrouting.api.Rep.Builder#territories} keeps it) is the fewest prefixes,
 * each at least one character long, that together start exactly the codes of the range's shape between its ends: here
 * {@code 941}, {@code 942} and {@code 9430} to {@code 9434}. The ends have one shape (digits and letters in the same
 * places), which the codes of the range share: {@code K1A-K2C} is {@code K1} (every K1 and a letter) and {@code K2A}
 * to {@code K2C}. A longer code (a ZIP+4, a whole Canadian postal code) is covered when its first characters are; so
 * the roster's index and the plain criteria read ranges as prefixes alike. Thread-safe.
 */
public final class PostalPrefixes {
  private PostalPrefixes() {}

  /** Ranges already cut into prefixes; rosters name few, so this stays small (and is emptied if it does not). */
  private static final ConcurrentHashMap<String, List<String>> CUT = new ConcurrentHashMap<>();

  /**
   * The prefixes of a postal territory's codes.
   *
   * @param spec what follows the country and colon: a prefix ({@code 941}) or a range ({@code 94100-94349})
   * @return the prefixes, shortest first within each part of the range
   */
  public static List<String> of(String spec) {
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return List.of(spec);
    }
    List<String> known = CUT.get(spec);
    if (known != null) {
      return known;
    }
    String low = spec.substring(0, dash);
    String high = spec.substring(dash + 1);
    if (low.length() != high.length() || low.compareTo(high) > 0) {
      throw new IllegalArgumentException("a postal range's ends must have the same length and run from low to high"
          + " but had '" + spec + "'");
    }
    List<String> out = new ArrayList<>();
    cut(low, high, "", out);
    List<String> prefixes = List.copyOf(out);
    if (CUT.size() > 4096) {
      CUT.clear();
    }
    CUT.put(spec, prefixes);
    return prefixes;
  }

  /**
   * Adds the prefixes, {@code prefix} or longer (at least one character), that start codes of {@code low}'s shape
   * between {@code low} and {@code high}: each place takes the digits or the letters, as {@code low} has there.
   */
  private static void cut(String low, String high, String prefix, List<String> out) {
    int n = prefix.length();
    if (n > 0) {
      StringBuilder first = new StringBuilder(low.length()).append(prefix);
      StringBuilder last = new StringBuilder(low.length()).append(prefix);
      for (int i = n; i < low.length(); i++) {
        boolean digit = isDigit(low.charAt(i));
        first.append(digit ? '0' : 'A');
        last.append(digit ? '9' : 'Z');
      }
      if (last.toString().compareTo(low) < 0 || first.toString().compareTo(high) > 0) {
        return; // no code of the range starts with it
      }
      if (first.toString().compareTo(low) >= 0 && last.toString().compareTo(high) <= 0) {
        out.add(prefix); // every code of the shape it starts is in the range
        return;
      }
    }
    boolean digit = isDigit(low.charAt(n));
    for (char c = digit ? '0' : 'A'; c <= (digit ? '9' : 'Z'); c++) {
      cut(low, high, prefix + c, out);
    }
  }

  /**
   * True if {@code postalCode} of {@code country} starts with one of the prefixes of {@code spec}, both in their
   * {@link #canonical} form.
   */
  static boolean covers(String country, String spec, String postalCode) {
    return covers(country, spec, 0, canonical(country, postalCode));
  }

  /**
   * As {@link #covers(String, String, String)} for the part of {@code territory} from {@code from} and a code already
   * in its {@link #canonical} form; a plain prefix of a country whose codes are compared as written is matched in
   * place, with nothing made.
   */
  static boolean covers(String country, String territory, int from, String canonicalCode) {
    if (territory.indexOf('-', from) < 0 && !BRITISH.contains(country)) {
      return canonicalCode.regionMatches(0, territory, from, territory.length() - from);
    }
    for (String p : of(territory.substring(from))) {
      if (canonicalCode.startsWith(canonical(country, p))) {
        return true;
      }
    }
    return false;
  }

  /** Countries whose postcodes are British in form: the UK, Guernsey, Jersey and the Isle of Man. */
  private static final java.util.Set<String> BRITISH = java.util.Set.of("GB", "GG", "JE", "IM");

  /**
   * A postal code, or a postal territory's prefix, of {@code country} as prefixes are compared: itself, except a
   * British postcode, which becomes its area, a bar, its district's number in two digits with the district's letter if
   * any, and after another bar the rest: {@code SW1A 1AA} is {@code SW|01A|1AA}, {@code SW10 9AA} is
   * {@code SW|10|9AA}, {@code N1 9AA} is {@code N|01|9AA}. So a territory {@code GB:SW1} ({@code SW|01}) covers
   * {@code SW1A} and {@code SW1P} but not {@code SW10}, {@code GB:S} (Sheffield, {@code S|}) does not cover {@code SW},
   * and {@code GB:N19} is the district N19, not N1 9. A full code is read by its inward code (a digit and two letters
   * at the end); a territory longer than an outward code goes on into the inward code ({@code SW1A1}: the sector
   * SW1A 1), and a sector territory keeps a blank after its outward code ({@code N1 9} is {@code N|01|9}, the sector
   * N1 9, which {@code N1 9AA} lies in and {@code N19 1AA} does not). Anything not British in form (digits first, three letters first) is compared as it is.
   *
   * @param country the country code
   * @param code letters and digits, upper case, as leads and territories keep them
   * @return the form to compare by prefix
   */
  public static String canonical(String country, String code) {
    if (!BRITISH.contains(country)) {
      return code;
    }
    int blank = code.indexOf(' ');
    if (blank > 0) {
      // A sector territory ('N1 9', the blank kept by the API): its outward code, then the inward code's start.
      return canonical(country, code.substring(0, blank)) + '|' + code.substring(blank + 1);
    }
    int n = code.length();
    int area = 0;
    while (area < n && area < 3 && isLetter(code.charAt(area))) {
      area++;
    }
    if (area == 0 || area > 2) {
      return code;
    }
    boolean inward = n >= area + 4 && isDigit(code.charAt(n - 3)) && isLetter(code.charAt(n - 2))
        && isLetter(code.charAt(n - 1));
    int outwardEnd = inward ? n - 3 : n;
    int digits = area;
    while (digits < outwardEnd && digits < area + 2 && isDigit(code.charAt(digits))) {
      digits++;
    }
    StringBuilder sb = new StringBuilder(n + 3).append(code, 0, area).append('|');
    if (digits == area) {
      // The area alone, or something after it that is not a district: kept after the bar.
      return sb.append(code, area, n).toString();
    }
    if (digits - area == 1) {
      sb.append('0');
    }
    sb.append(code, area, digits);
    int end = digits;
    if (end < outwardEnd && isLetter(code.charAt(end))) {
      sb.append(code.charAt(end++));
    }
    return end < n ? sb.append('|').append(code, end, n).toString() : sb.toString();
  }

  /**
   * A lead's postal code as a person reads it: a whole British postcode with its blank back before the inward code
   * ({@code N19GU} is {@code N1 9GU}, which is not in the district N19); any other code as kept.
   */
  public static String display(@org.jspecify.annotations.Nullable String country, String code) {
    int n = code.length();
    if (country == null || !BRITISH.contains(country) || n < 5 || !isDigit(code.charAt(n - 3)) || !isLetter(code.charAt(n - 2))
        || !isLetter(code.charAt(n - 1))) {
      return code;
    }
    return code.substring(0, n - 3) + ' ' + code.substring(n - 3);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
