package io.smartrouting.config.internal;

import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** "Did you mean" for names a user typed: the known name closest to a misspelt one. Not API. */
public final class Names {

  private Names() {}

  /**
   * The name in {@code known} closest to {@code typed} (compared in lower case) within two edits, one for a word of
   * three letters or fewer ({@code CEO} is not a misspelt {@code AE}), or null if none is that close; among equally
   * close names the first in {@code known}'s order.
   */
  public static @Nullable String closest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = (typed.length() <= 3 ? 1 : 2) + 1;
    String t = typed.toLowerCase(Locale.ROOT);
    for (String k : known) {
      int d = distance(t, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  /**
   * The constant of {@code type} that {@code typed} names, or null: case does not matter, and spaces and hyphens
   * stand for underscores ({@code Demo Request}, {@code demo-request} and {@code DEMO_REQUEST} are one source), as
   * CRMs and spreadsheets write such values.
   */
  public static <E extends Enum<E>> @Nullable E constant(Class<E> type, String typed) {
    String key = constantKey(typed);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(key)) {
        return e;
      }
    }
    return null;
  }

  /**
   * The error text for a value that names no constant of {@code type}: the constants, the value itself when
   * {@code withValue} (a caller that shows the value on its own says false), and the closest constant when it is
   * within two edits.
   */
  public static <E extends Enum<E>> String noConstant(Class<E> type, String typed, boolean withValue) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    String closest = closest(constantKey(typed), names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    return "must be one of " + names + (withValue ? " but was '" + typed + "'" : "")
        + (closest == null ? "" : "; did you mean '" + closest.toUpperCase(Locale.ROOT) + "'?");
  }

  /** {@code typed} as a constant's name would be: upper case, spaces and hyphens as underscores. */
  public static String constantKey(String typed) {
    return typed.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
