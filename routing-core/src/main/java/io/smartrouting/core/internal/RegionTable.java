package io.smartrouting.core.internal;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A read-only hash table of lower-case ASCII string keys that is looked up by a region of another string, folding
 * ASCII upper case on the way, so that finding an e-mail's domain needs no substring and no lower-cased copy.
 * Immutable and thread-safe. Not API.
 */
final class RegionTable<V> {

  private final String[] keys;
  private final Object[] values;
  private final int mask;

  /** A table of {@code entries}; keys that are not lower-case ASCII can never be found and are left out. */
  RegionTable(Map<String, V> entries) {
    int capacity = Integer.highestOneBit(Math.max(2, entries.size() * 2) - 1) << 1;
    keys = new String[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    for (Map.Entry<String, V> e : entries.entrySet()) {
      String k = e.getKey();
      if (!foldable(k, 0, k.length()) || !k.equals(fold(k))) {
        continue;
      }
      int i = hash(k, 0, k.length()) & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      values[i] = e.getValue();
    }
  }

  /** True if {@code s[from, to)} is ASCII, the only text this table folds. */
  static boolean foldable(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String fold(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      sb.append(lower(s.charAt(i)));
    }
    return sb.toString();
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private static int hash(String s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + lower(s.charAt(i));
    }
    return h ^ (h >>> 16);
  }

  /** The stored key equal to {@code s[from, to)} with ASCII upper case folded, or null. */
  @Nullable String key(String s, int from, int to) {
    int i = slot(s, from, to);
    return i < 0 ? null : keys[i];
  }

  /** The value of {@link #key}, or null. */
  @SuppressWarnings("unchecked")
  @Nullable V get(String s, int from, int to) {
    int i = slot(s, from, to);
    return i < 0 ? null : (V) values[i];
  }

  /** The slot holding the key equal to {@code s[from, to)} (folded), or -1. */
  private int slot(String s, int from, int to) {
    int len = to - from;
    for (int i = hash(s, from, to) & mask; keys[i] != null; i = (i + 1) & mask) {
      if (keys[i].length() == len && matches(keys[i], s, from)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matches(String key, String s, int from) {
    for (int j = 0; j < key.length(); j++) {
      if (key.charAt(j) != lower(s.charAt(from + j))) {
        return false;
      }
    }
    return true;
  }
}
