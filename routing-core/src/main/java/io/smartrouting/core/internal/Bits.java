package io.smartrouting.core.internal;

/** Word-wise operations on bitsets held in {@code long[]} (bit {@code i} is word {@code i >>> 6}). Not API. */
public final class Bits {
  private Bits() {}

  /** Number of words for {@code bits} bits. */
  public static int words(int bits) {
    return (bits + 63) >>> 6;
  }

  public static void set(long[] words, int bit) {
    words[bit >>> 6] |= 1L << bit;
  }

  /** Sets every bit {@code bits} lists (none when it is null). */
  public static void setAll(long[] words, int @org.jspecify.annotations.Nullable [] bits) {
    if (bits != null) {
      for (int bit : bits) {
        set(words, bit);
      }
    }
  }

  public static void clear(long[] words, int bit) {
    words[bit >>> 6] &= ~(1L << bit);
  }

  /** Sets {@code bit} when {@code on}, clears it otherwise. */
  public static void set(long[] words, int bit, boolean on) {
    if (on) {
      set(words, bit);
    } else {
      clear(words, bit);
    }
  }

  public static boolean get(long @org.jspecify.annotations.Nullable [] words, int bit) {
    if (words == null) {
      return false;
    }
    int w = bit >>> 6;
    return bit >= 0 && w < words.length && (words[w] & (1L << bit)) != 0;
  }

  /** {@code dst |= a}. */
  public static void or(long[] dst, long[] a) {
    for (int i = 0; i < dst.length; i++) {
      dst[i] |= a[i];
    }
  }

  /** {@code dst &= a}. */
  public static void and(long[] dst, long[] a) {
    for (int i = 0; i < dst.length; i++) {
      dst[i] &= a[i];
    }
  }

  /** {@code dst = a & b}; returns the cardinality of the result. */
  public static int andInto(long[] a, long[] b, long[] dst) {
    int n = 0;
    for (int i = 0; i < dst.length; i++) {
      long v = a[i] & b[i];
      dst[i] = v;
      n += Long.bitCount(v);
    }
    return n;
  }

  public static int cardinality(long[] words) {
    int n = 0;
    for (long w : words) {
      n += Long.bitCount(w);
    }
    return n;
  }

  public static boolean isEmpty(long[] words) {
    for (long w : words) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  public static void fill(long[] words, long value) {
    java.util.Arrays.fill(words, value);
  }

  /** The first set bit at or after {@code from}, or -1. */
  public static int nextSetBit(long[] words, int from) {
    if (from < 0) {
      from = 0;
    }
    int w = from >>> 6;
    if (w >= words.length) {
      return -1;
    }
    long word = words[w] & (-1L << from);
    while (true) {
      if (word != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(word);
      }
      if (++w == words.length) {
        return -1;
      }
      word = words[w];
    }
  }
}
