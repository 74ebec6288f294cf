package io.smartrouting.spi;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Immutable string key/value configuration for one chain step, with typed, validating accessors. Every
 * accessor that fails throws {@link IllegalArgumentException} naming the key and the bad value.
 */
public final class StrategyConfig {

  private static final StrategyConfig EMPTY = new StrategyConfig(Map.of());

  private final Map<String, String> values;

  private StrategyConfig(Map<String, String> values) {
    this.values = values;
  }

  /**
   * The empty configuration: every strategy's defaults.
   *
   * @return the empty configuration: every strategy's defaults
   */
  public static StrategyConfig empty() {
    return EMPTY;
  }

  /**
   * Returns a configuration holding a copy of {@code values}.
   *
   * @param values the values
   * @return the strategy config
   * @throws IllegalArgumentException if a key is blank
   * @throws NullPointerException if a key or value is null
   */
  public static StrategyConfig of(Map<String, String> values) {
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new NullPointerException("strategy config keys and values must not be null: " + e);
      }
      if (e.getKey().isBlank()) {
        throw new IllegalArgumentException("strategy config key must not be blank (value '" + e.getValue() + "')");
      }
      copy.put(e.getKey().trim(), e.getValue().trim());
    }
    return copy.isEmpty() ? EMPTY : new StrategyConfig(java.util.Collections.unmodifiableMap(copy));
  }

  /**
   * Returns a configuration from alternating keys and values: {@code of("a", "1", "b", "2")}.
   *
   * @param keysAndValues the keys and values
   * @return the strategy config
   */
  public static StrategyConfig of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("strategy config needs key/value pairs but got "
          + keysAndValues.length + " strings");
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return of(m);
  }

  /** {@return all entries, sorted by key; unmodifiable} */
  public Map<String, String> asMap() {
    return values;
  }

  /** {@return true if no key is set} */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * The raw value of {@code key}, or null.
   *
   * @param key the key
   * @return the raw value of {@code key}, or null
   */
  public @Nullable String get(String key) {
    return values.get(key);
  }

  /**
   * The value of {@code key}, or {@code defaultValue}.
   *
   * @param key the key
   * @param defaultValue the default value
   * @return the value of {@code key}, or {@code defaultValue}
   */
  public String getString(String key, String defaultValue) {
    String v = values.get(key);
    return v == null ? defaultValue : v;
  }

  /**
   * The value of {@code key} as a finite double, or {@code defaultValue}.
   *
   * @param key the key
   * @param defaultValue the default value
   * @return the value of {@code key} as a finite double, or {@code defaultValue}
   * @throws IllegalArgumentException if the value is not a number or is NaN or infinite
   */
  public double getDouble(String key, double defaultValue) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("config '" + key + "' must be a number but was '" + v + "'", e);
    }
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("config '" + key + "' must be a finite number but was " + v);
    }
    return d;
  }

  /**
   * The value of {@code key} as an int, or {@code defaultValue}.
   *
   * @param key the key
   * @param defaultValue the default value
   * @return the value of {@code key} as an int, or {@code defaultValue}
   * @throws IllegalArgumentException if the value is not an integer
   */
  public int getInt(String key, int defaultValue) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("config '" + key + "' must be an integer but was '" + v + "'", e);
    }
  }

  /**
   * The value of {@code key} as a boolean ({@code true} or {@code false}, any case), or {@code defaultValue}.
   *
   * @param key the key
   * @param defaultValue the default value
   * @return the value of {@code key} as a boolean ({@code true} or {@code false}, any case), or {@code defaultValue}
   * @throws IllegalArgumentException for any other value
   */
  public boolean getBoolean(String key, boolean defaultValue) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException("config '" + key + "' must be true or false but was '" + v + "'");
    }
  }

  /**
   * Fails if any key is not in {@code known}.
   *
   * @param known the keys the strategy reads
   * @return this configuration
   * @throws IllegalArgumentException listing the unknown keys, the known key each one is likely a misspelling of
   *     ({@code weights.teritory}: {@code weight.territory}), and the known ones
   */
  public StrategyConfig requireOnlyKeys(Set<String> known) {
    Set<String> unknown = new TreeSet<>();
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      Set<String> sorted = new TreeSet<>(known);
      StringBuilder meant = new StringBuilder();
      for (String key : unknown) {
        String close = closest(key, sorted);
        if (close != null) {
          meant.append(meant.length() == 0 ? " (did you mean " : ", ").append('\'').append(close)
              .append("' for '").append(key).append('\'');
        }
      }
      throw new IllegalArgumentException("unknown config keys " + unknown + (meant.length() == 0 ? ""
          : meant.append("?)")) + "; known: " + sorted);
    }
    return this;
  }

  /**
   * The name in {@code known} closest to {@code typed}, for "did you mean" in a strategy's own error messages: within
   * two edits (insertions, deletions, substitutions; case ignored), one for a name of three letters or fewer
   * ({@code CEO} is not a misspelt {@code AE}), or null if none is that close; among equally close names the first
   * in {@code known}'s order.
   *
   * @param typed a name as a user wrote it
   * @param known the names it may stand for
   * @return the closest known name as {@code known} spells it, or null
   */
  public static @Nullable String closest(String typed, java.util.Collection<String> known) {
    String best = null;
    int bestDistance = (typed.length() <= 3 ? 1 : 2) + 1;
    String t = typed.toLowerCase(Locale.ROOT);
    for (String k : known) {
      int d = distance(t, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions. */
  private static int distance(String a, String b) {
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
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StrategyConfig && ((StrategyConfig) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "StrategyConfig" + values;
  }
}
