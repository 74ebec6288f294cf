package io.smartrouting.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prefixes a postal territory covers. A prefix territory ({@code US:941}) is its own prefix; a range
 * ({@code US:94100-94349}, as {@link io.smartrouting.api.Rep.Builder#territories} keeps it) is the fewest prefixes,
 * each at least one digit long, that together start exactly the codes of the range's length between its ends: here
 * {@code 941}, {@code 942} and {@code 9430} to {@code 9434}. A longer code (a ZIP+4)
 * is covered when its first digits are; so the roster's index and the plain criteria read ranges as prefixes alike.
 * Thread-safe.
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
    for (char d = '0'; d <= '9'; d++) {
      cut(low, high, String.valueOf(d), out);
    }
    List<String> prefixes = List.copyOf(out);
    if (CUT.size() > 4096) {
      CUT.clear();
    }
    CUT.put(spec, prefixes);
    return prefixes;
  }

  /** Adds the prefixes, {@code prefix} or longer, that start codes between {@code low} and {@code high}. */
  private static void cut(String low, String high, String prefix, List<String> out) {
    int rest = low.length() - prefix.length();
    String first = prefix + "0".repeat(rest);
    String last = prefix + "9".repeat(rest);
    if (last.compareTo(low) < 0 || first.compareTo(high) > 0) {
      return; // no code of the range starts with it
    }
    if (first.compareTo(low) >= 0 && last.compareTo(high) <= 0) {
      out.add(prefix); // every code it starts is in the range
      return;
    }
    for (char d = '0'; d <= '9'; d++) {
      cut(low, high, prefix + d, out);
    }
  }

  /** True if {@code postalCode} starts with one of the prefixes of {@code spec}. */
  static boolean covers(String spec, String postalCode) {
    for (String p : of(spec)) {
      if (postalCode.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
