package io.smartrouting.core.internal;

/**
 * A stable 64-bit hash of a string key: FNV-1a over its chars from a caller's start value, then the splitmix64
 * finaliser so every input bit reaches every output bit. Stable across JVMs and releases (unlike
 * {@link String#hashCode()} mixing), so sticky splits and exploration picks never move. Not API.
 */
public final class KeyHash {

  private KeyHash() {}

  /** The hash of {@code key} starting from {@code start}. */
  public static long of(long start, String key) {
    long h = start;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
