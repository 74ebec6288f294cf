package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link BitCandidateSet#copyTo} writes exactly the set's ordinals, ascending, whatever the density (its branch-free
 * path for dense sets and its loop for sparse ones) and whatever room the buffer leaves after the last one.
 */
class BitCandidateSetProperties {

  /** The ordinals of {@code words}, one bit at a time. */
  private static List<Integer> ordinals(long[] words) {
    List<Integer> out = new ArrayList<>();
    for (int o = 0; o < words.length * 64; o++) {
      if ((words[o >>> 6] & (1L << o)) != 0) {
        out.add(o);
      }
    }
    return out;
  }

  /** Words whose bits are set with probability {@code percent} / 100, some words full, some empty. */
  private static long[] words(long seed, int length, int percent) {
    Random rnd = new Random(seed);
    long[] words = new long[length];
    for (int w = 0; w < length; w++) {
      int kind = rnd.nextInt(10);
      if (kind == 0) {
        words[w] = -1L;
      } else if (kind > 1) {
        for (int b = 0; b < 64; b++) {
          if (rnd.nextInt(100) < percent) {
            words[w] |= 1L << b;
          }
        }
      }
    }
    return words;
  }

  @Property(tries = 1000)
  void copyToWritesEveryOrdinalInOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int length,
      @ForAll @IntRange(min = 0, max = 100) int percent, @ForAll @IntRange(min = 0, max = 3) int room) {
    long[] words = words(seed, length, percent);
    List<Integer> expected = ordinals(words);
    BitCandidateSet set = new BitCandidateSet(words);
    int[] dst = new int[expected.size() + room];
    java.util.Arrays.fill(dst, -7);

    int n = set.copyTo(dst);

    assertThat(n).isEqualTo(expected.size());
    List<Integer> written = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      written.add(dst[i]);
    }
    assertThat(written).isEqualTo(expected);
    assertThat(set.toArray()).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
  }

  @Property(tries = 200)
  void aBufferShorterThanTheSetIsRefused(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int length) {
    long[] words = words(seed, length, 30);
    int size = ordinals(words).size();
    if (size == 0) {
      words[0] = 1L;
      size = 1;
    }
    BitCandidateSet set = new BitCandidateSet(words);
    int[] dst = new int[size - 1];
    assertThatThrownBy(() -> set.copyTo(dst)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dst holds " + (size - 1) + " ordinals but the set has " + size);
  }
}
