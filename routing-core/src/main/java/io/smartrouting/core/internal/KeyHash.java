package io.smartrouting.core.internal;

/**
 * A stable 64-bit hash of a string key: FNV-1a over its chars from a caller's start value, then the splitmix64
 * finaliser so every input bit reaches every output bit. Stable across JVMs and releases (unlike
 * {@link String#hashCode()} mixing), so sticky splits and exploration picks never move. Not API.
 */
public final class KeyHash {

  private KeyHash() {}

  /**
   * The contact key of an e-mail address: its hash ignoring case and surrounding blanks, never 0; 0 for a null or
   * blank address. Allocates nothing.
   */
  public static long contact(@org.jspecify.annotations.Nullable String email) {
    if (email == null) {
      return 0;
    }
    int from = 0;
    int to = email.length();
    while (from < to && Character.isWhitespace(email.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(email.charAt(to - 1))) {
      to--;
    }
    if (from == to) {
      return 0;
    }
    long h = 0x6a09e667f3bcc909L;
    for (int i = from; i < to; i++) {
      h = (h ^ Character.toLowerCase(email.charAt(i))) * 0x100000001b3L;
    }
    h = finish(h);
    return h == 0 ? 1 : h;
  }

  /**
   * The company key of a registrable domain in lower case ({@code acme.com}): its hash from a start of its own, so it
   * is never a contact key's ({@link #contact}) but by a 64-bit coincidence; never 0.
   */
  public static long company(String domain) {
    long h = of(0x3c6ef372fe94f82bL, domain);
    return h == 0 ? 1 : h;
  }

  /** The hash of {@code key} starting from {@code start}. */
  public static long of(long start, String key) {
    long h = start;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001b3L;
    }
    return finish(h);
  }

  /** The splitmix64 finaliser: every input bit reaches every output bit. */
  private static long finish(long h) {
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
