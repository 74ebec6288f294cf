package io.smartrouting.core.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The reps each kind of lead qualifies for before availability, cached for a large roster: per bucket (the lead's
 * territory sets, segment set and language set, told apart by the identity of the snapshot's bitsets, which never
 * change once built) the bitset of the reps meeting all of them. A decision then reads one bitset and the availability
 * instead of combining eight bitsets over every word of the roster.
 *
 * <p>An open-addressing table whose buckets are never replaced, bounded by {@link #BUDGET_WORDS} words in all (a
 * tenant's leads fall in a few hundred buckets: territories times segments times languages); past the bound a new kind
 * of lead is qualified word by word, as on a small roster. Buckets are immutable and added with a compare-and-set on
 * an empty slot, so threads that miss at once build a bucket twice at worst and every reader sees a bucket whole. Not
 * API.
 */
final class QualifiedBuckets {

  /** The most words all buckets together hold (16 MiB): {@link #MAX_BUCKETS} up to 131,072 reps, 134 at a million. */
  static final long BUDGET_WORDS = 2L << 20;
  /** The most buckets, whatever the roster size. */
  static final int MAX_BUCKETS = 1024;
  private static final int SLOTS = 2 * MAX_BUCKETS;

  /** One bucket: its key (bitset identities) and its reps. */
  static final class Bucket {
    final long @Nullable [] country;
    final long @Nullable [] region;
    final long[] segment;
    final long @Nullable [] speakers;
    /** True for a lead without a country (every territory). */
    final boolean everywhere;
    /** True for a lead without a language (every rep). */
    final boolean anyLanguage;
    /** The reps meeting territory, segment and language, active. */
    final long[] qualified;

    Bucket(long @Nullable [] country, long @Nullable [] region, long[] segment, long @Nullable [] speakers,
        boolean everywhere, boolean anyLanguage, long[] qualified) {
      this.country = country;
      this.region = region;
      this.segment = segment;
      this.speakers = speakers;
      this.everywhere = everywhere;
      this.anyLanguage = anyLanguage;
      this.qualified = qualified;
    }

    boolean is(long @Nullable [] country, long @Nullable [] region, long[] segment, long @Nullable [] speakers,
        boolean everywhere, boolean anyLanguage) {
      return this.country == country && this.region == region && this.segment == segment
          && this.speakers == speakers && this.everywhere == everywhere && this.anyLanguage == anyLanguage;
    }
  }

  private final AtomicReferenceArray<Bucket> slots = new AtomicReferenceArray<>(SLOTS);
  private final AtomicInteger size = new AtomicInteger();
  private final int maxBuckets;

  /** A table for a roster of {@code words} words. */
  QualifiedBuckets(int words) {
    this.maxBuckets = (int) Math.min(MAX_BUCKETS, BUDGET_WORDS / Math.max(1, words));
  }

  /** The first slot of a key. */
  static int slot(long @Nullable [] country, long @Nullable [] region, long[] segment, long @Nullable [] speakers,
      boolean everywhere, boolean anyLanguage) {
    int h = System.identityHashCode(country);
    h = h * 31 + System.identityHashCode(region);
    h = h * 31 + System.identityHashCode(segment);
    h = h * 31 + System.identityHashCode(speakers);
    h = h * 4 + (everywhere ? 2 : 0) + (anyLanguage ? 1 : 0);
    h ^= h >>> 16;
    h *= 0x45d9f3b;
    h ^= h >>> 16;
    return h & (SLOTS - 1);
  }

  /** The bucket of the key whose first slot is {@code slot}, or null if none is kept. */
  @Nullable Bucket find(int slot, long @Nullable [] country, long @Nullable [] region, long[] segment,
      long @Nullable [] speakers, boolean everywhere, boolean anyLanguage) {
    for (int i = slot; ; i = (i + 1) & (SLOTS - 1)) {
      Bucket b = slots.getAcquire(i);
      if (b == null) {
        return null;
      }
      if (b.is(country, region, segment, speakers, everywhere, anyLanguage)) {
        return b;
      }
    }
  }

  /**
   * Keeps {@code b}, whose key's first slot is {@code slot}, unless the table is full or another thread kept the same
   * key first; returns the bucket kept for the key, or null if none is.
   */
  @Nullable Bucket add(int slot, Bucket b) {
    if (size.get() >= maxBuckets) {
      return null;
    }
    for (int i = slot; ; i = (i + 1) & (SLOTS - 1)) {
      Bucket there = slots.getAcquire(i);
      if (there == null) {
        there = slots.compareAndExchangeRelease(i, null, b);
        if (there == null) {
          size.incrementAndGet();
          return b;
        }
      }
      if (there.is(b.country, b.region, b.segment, b.speakers, b.everywhere, b.anyLanguage)) {
        return there;
      }
    }
  }
}
