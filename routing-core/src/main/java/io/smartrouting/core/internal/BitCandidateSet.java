package io.smartrouting.core.internal;

import io.smartrouting.spi.CandidateSet;
import java.util.function.IntPredicate;

/**
 * A {@link CandidateSet} over a bitset. Instances handed to strategies during routing are views over per-thread
 * scratch words and are valid only during the call; {@link #retain} and {@link #wordsOf} make owned copies.
 * Not API.
 */
public final class BitCandidateSet implements CandidateSet {

  private long[] words;
  private int size;

  public BitCandidateSet(long[] words) {
    this.words = words;
    this.size = Bits.cardinality(words);
  }

  /** Points this view at {@code words}, with a known cardinality. */
  void reset(long[] words, int size) {
    this.words = words;
    this.size = size;
  }

  public long[] words() {
    return words;
  }

  /** An owned copy of any candidate set, with {@code wordCount} words. */
  public static long[] wordsOf(CandidateSet set, int wordCount) {
    long[] out = new long[wordCount];
    if (set instanceof BitCandidateSet) {
      long[] src = ((BitCandidateSet) set).words;
      System.arraycopy(src, 0, out, 0, Math.min(src.length, wordCount));
      return out;
    }
    for (int o = set.first(); o >= 0; o = set.next(o)) {
      if ((o >>> 6) < wordCount) {
        Bits.set(out, o);
      }
    }
    return out;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public boolean contains(int ordinal) {
    return Bits.get(words, ordinal);
  }

  @Override
  public int first() {
    return Bits.nextSetBit(words, 0);
  }

  @Override
  public int next(int ordinal) {
    return ordinal == Integer.MAX_VALUE ? -1 : Bits.nextSetBit(words, ordinal + 1);
  }

  @Override
  public CandidateSet retain(IntPredicate keep) {
    long[] out = new long[words.length];
    for (int o = first(); o >= 0; o = next(o)) {
      if (keep.test(o)) {
        Bits.set(out, o);
      }
    }
    return new BitCandidateSet(out);
  }

  @Override
  public int[] toArray() {
    int[] out = new int[size];
    int i = 0;
    for (int o = first(); o >= 0; o = next(o)) {
      out[i++] = o;
    }
    return out;
  }

  /**
   * One pass over the words, no call per candidate. A large roster's candidates are spread thin (at 100,000 reps most
   * words hold none, one or two of them, at random), so a loop that tests each word before taking its bits mispredicts
   * about once a word: the first two bits of every word are written without a branch (a write for a missing bit is
   * overwritten by the next one), and only a third goes through the loop. A sparser set (under one candidate in four
   * words) takes the plain loop, whose test of an empty word is then almost always predicted.
   */
  @Override
  public int copyTo(int[] dst) {
    if (dst.length < size) {
      throw new IllegalArgumentException("dst holds " + dst.length + " ordinals but the set has " + size);
    }
    int n = 0;
    int w = 0;
    int roomForTwo = size < words.length >>> 2 ? -1 : dst.length - 2;
    for (; w < words.length && n <= roomForTwo; w++) {
      long word = words[w];
      int base = w << 6;
      dst[n] = base + Long.numberOfTrailingZeros(word);
      n += (int) ((word | -word) >>> 63);
      word &= word - 1;
      dst[n] = base + Long.numberOfTrailingZeros(word);
      n += (int) ((word | -word) >>> 63);
      word &= word - 1;
      while (word != 0 && n < dst.length) {
        dst[n++] = base + Long.numberOfTrailingZeros(word);
        word &= word - 1;
      }
    }
    for (; w < words.length; w++) {
      long word = words[w];
      while (word != 0 && n < dst.length) {
        dst[n++] = (w << 6) + Long.numberOfTrailingZeros(word);
        word &= word - 1;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "CandidateSet" + java.util.Arrays.toString(toArray());
  }
}
