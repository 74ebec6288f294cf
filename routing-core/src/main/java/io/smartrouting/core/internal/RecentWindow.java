package io.smartrouting.core.internal;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Values by lead id for a time window: the decisions of recently routed leads (idempotency: a lead routed again
 * within the window gets the same decision) and, when a router learns, who held each lead (outcome attribution).
 * Lead ids are forgotten oldest first: a value is returned until the window has passed since it was written, it
 * was removed or replaced, or its stripe (one of up to 64, each with its share of {@code maxLeadIds}) took that many
 * later writes. Thread-safe. Not API.
 *
 * <p>Built for the routing hot path, where it is read and written once per decision: striped by a hash of the lead
 * id, each stripe a ring of entries in write order (so expiry and eviction both take from the head) with an
 * open-addressing index, under the stripe's lock. Nothing is allocated per entry; arrays grow by doubling up to the
 * stripe's share of {@code maxLeadIds}. (A general-purpose cache here, Caffeine, with its per-write maintenance and
 * adaptive eviction, was the largest part of a decision's time and of its latency tail.)
 *
 * @param <V> the value type
 */
public final class RecentWindow<V> {

  /**
   * Slots a stripe takes at its first write: small, because a vendor may run one router per tenant and each has 64
   * stripes (two windows when it learns); a stripe doubles as it fills. Until its first write a stripe holds no arrays
   * at all, so a router that has routed few leads holds the arrays of the stripes those leads fell in only.
   */
  private static final int INITIAL_CAPACITY = 4;

  private final Stripe<V>[] stripes;
  private final int mask;
  private final long windowNanos;
  private final LongSupplier nanoTime;

  /**
   * A window of 64 stripes (fewer when {@code maxLeadIds} is smaller).
   *
   * @param window how long a lead id is remembered (positive)
   * @param maxLeadIds how many lead ids at most (positive)
   * @param nanoTime a monotonic nanosecond clock
   */
  public RecentWindow(Duration window, long maxLeadIds, LongSupplier nanoTime) {
    // Many more stripes than threads: two routing threads meet on one stripe's lock once in 64 decisions, not 8.
    this(window, maxLeadIds, nanoTime, 64);
  }

  /** As the public constructor, with at most {@code maxStripes} stripes (rounded down to a power of two). */
  @SuppressWarnings("unchecked")
  RecentWindow(Duration window, long maxLeadIds, LongSupplier nanoTime, int maxStripes) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive but was " + window);
    }
    if (maxLeadIds <= 0) {
      throw new IllegalArgumentException("maxLeadIds must be positive but was " + maxLeadIds);
    }
    this.windowNanos = saturatedNanos(window);
    this.nanoTime = nanoTime;
    int n = Integer.highestOneBit((int) Math.max(1, Math.min(maxStripes, maxLeadIds)));
    this.stripes = new Stripe[n];
    this.mask = n - 1;
    // Spread the bound so that the stripes hold maxLeadIds in all (the first ones one more when it does not divide).
    long per = maxLeadIds / n;
    long extra = maxLeadIds % n;
    for (int i = 0; i < n; i++) {
      long cap = per + (i < extra ? 1 : 0);
      stripes[i] = new Stripe<>((int) Math.min(cap, 1 << 28));
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** Stripe from the high bits of a multiplicative hash, so it does not correlate with index positions (low bits). */
  private Stripe<V> stripe(int h) {
    return stripes[((h * 0x9E3779B9) >>> 26) & mask];
  }

  /** The value remembered for {@code leadId}, or null. */
  public @Nullable V get(String leadId) {
    return get(leadId, nanoTime.getAsLong());
  }

  /** As {@link #get(String)}, at {@code now} read from this window's clock by the caller (one read per decision). */
  public @Nullable V get(String leadId, long now) {
    int h = spread(leadId.hashCode());
    Stripe<V> s = stripe(h);
    synchronized (s) {
      return s.get(leadId, h, now, windowNanos);
    }
  }

  /** Remembers {@code v} unless the lead already has a value; returns that value, or null. */
  public @Nullable V putIfAbsent(String leadId, V v) {
    return putIfAbsent(leadId, v, nanoTime.getAsLong());
  }

  /** As {@link #putIfAbsent(String, Object)}, at {@code now} read from this window's clock by the caller. */
  public @Nullable V putIfAbsent(String leadId, V v, long now) {
    int h = spread(leadId.hashCode());
    Stripe<V> s = stripe(h);
    synchronized (s) {
      return s.put(leadId, h, v, now, windowNanos, false);
    }
  }

  /** {@code at} in nanoseconds since the epoch, saturated: the time base of a window on a router's clock. */
  public static long epochNanos(java.time.Instant at) {
    long seconds = at.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return seconds * 1_000_000_000L + at.getNano();
  }

  /** Remembers {@code v} for the lead, replacing any earlier value; the lead's window starts again. */
  public void put(String leadId, V v) {
    int h = spread(leadId.hashCode());
    Stripe<V> s = stripe(h);
    synchronized (s) {
      s.put(leadId, h, v, nanoTime.getAsLong(), windowNanos, true);
    }
  }

  /** Forgets the lead and returns its value, or null if none was remembered within the window. */
  public @Nullable V remove(String leadId) {
    int h = spread(leadId.hashCode());
    Stripe<V> s = stripe(h);
    synchronized (s) {
      return s.remove(leadId, h, nanoTime.getAsLong(), windowNanos);
    }
  }

  /** Forgets everything. */
  public void clear() {
    for (Stripe<V> s : stripes) {
      synchronized (s) {
        s.clear();
      }
    }
  }

  /** Number of lead ids held now, counting any that expired but were not yet dropped (for tests). */
  int size() {
    int n = 0;
    for (Stripe<V> s : stripes) {
      synchronized (s) {
        n += s.size;
      }
    }
    return n;
  }

  /** Number of stripes (for tests). */
  int stripes() {
    return stripes.length;
  }

  /** Number of stripes that hold arrays, having been written since they were made or cleared (for tests). */
  int allocatedStripes() {
    int n = 0;
    for (Stripe<V> s : stripes) {
      synchronized (s) {
        n += s.length > 0 ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * One stripe: entries in a ring in write order ({@code head} is the oldest), and an open-addressing index with
   * linear probing from hash to ring slot + 1 (0 is empty). Guarded by its own monitor. A slot's key and value sit
   * side by side in one array and its hash and write time in another, so a write touches two cache lines of the ring
   * rather than four; the padding keeps two stripes' monitors and counters off one cache line. A stripe never written
   * (or cleared) has a ring of length 0 and shares empty arrays: its first write finds the ring full and grows it,
   * so neither a read nor a write pays a test of its own for it.
   */
  private static final class Stripe<V> {
    private static final Object[] NO_ENTRIES = new Object[0];
    private static final long[] NO_META = new long[0];
    /** One empty position: a probe of a stripe never written ends at once, and nothing ever writes it. */
    private static final int[] NO_INDEX = new int[1];

    private final int maxEntries;
    /** Ring length (slots); 0 until the first write. */
    private int length;
    /** Per slot: key at 2s, value at 2s+1. */
    private Object[] entries;
    /** Per slot: hash at 2s, write time at 2s+1. */
    private long[] meta;
    private int head;
    private int size;
    private int[] index;
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11;

    Stripe(int maxEntries) {
      this.maxEntries = maxEntries;
      unallocate();
    }

    /** Back to a stripe that holds nothing and no arrays. */
    private void unallocate() {
      length = 0;
      entries = NO_ENTRIES;
      meta = NO_META;
      index = NO_INDEX;
      head = 0;
      size = 0;
    }

    private void allocate(int ringLength) {
      length = ringLength;
      entries = new Object[2 * ringLength];
      meta = new long[2 * ringLength];
      // At most half full, so probes stay short.
      index = new int[Integer.highestOneBit(Math.max(2, ringLength) * 2 - 1) * 2];
      head = 0;
      size = 0;
    }

    private @Nullable String key(int slot) {
      return (String) entries[2 * slot];
    }

    /**
     * True if ring slot {@code slot} holds no key (a hole). Tested without reading the key as a string: the cast would
     * load the header of a lead id written a window ago, a cache miss on every decision that evicts the head.
     */
    private boolean hole(int slot) {
      return entries[2 * slot] == null;
    }

    @SuppressWarnings("unchecked")
    private V value(int slot) {
      return (V) entries[2 * slot + 1];
    }

    private int hash(int slot) {
      return (int) meta[2 * slot];
    }

    private long writtenAt(int slot) {
      return meta[2 * slot + 1];
    }

    @Nullable V get(String key, int h, long now, long window) {
      return lookup(key, h, now, window, false);
    }

    @Nullable V remove(String key, int h, long now, long window) {
      return lookup(key, h, now, window, true);
    }

    /** The live value of {@code key}, or null; with {@code remove}, also forgets the key. */
    private @Nullable V lookup(String key, int h, long now, long window, boolean remove) {
      expire(now, window);
      int pos = find(key, h);
      if (pos < 0) {
        return null;
      }
      int slot = index[pos] - 1;
      V v = now - writtenAt(slot) >= window ? null : value(slot);
      if (remove) {
        // The slot stays in the ring as a hole until it reaches the head.
        removeAt(pos);
        clearSlot(slot);
      }
      return v;
    }

    @Nullable V put(String key, int h, V v, long now, long window, boolean replace) {
      expire(now, window);
      int pos = find(key, h);
      if (pos >= 0) {
        int slot = index[pos] - 1;
        if (!replace && now - writtenAt(slot) < window) {
          return value(slot);
        }
        // Replaced (it starts a new window at the tail) or expired behind a younger head: the old slot becomes a
        // hole that leaves the ring when it reaches the head.
        removeAt(pos);
        clearSlot(slot);
      }
      if (size == length) {
        if (length < maxEntries) {
          grow();
        } else {
          evictHead();
        }
      }
      int slot = (head + size) % length;
      entries[2 * slot] = key;
      entries[2 * slot + 1] = v;
      meta[2 * slot] = h;
      meta[2 * slot + 1] = now;
      size++;
      indexSlot(slot);
      return null;
    }

    /** Drops entries from the head while their window has passed. */
    private void expire(long now, long window) {
      while (size > 0 && (hole(head) || now - writtenAt(head) >= window)) {
        evictHead();
      }
    }

    private void evictHead() {
      if (!hole(head)) {
        removeAt(positionOf(head));
        clearSlot(head);
      }
      head = (head + 1) % length;
      size--;
    }

    private void clearSlot(int slot) {
      entries[2 * slot] = null;
      entries[2 * slot + 1] = null;
    }

    /** Index position of {@code key}, or -1. */
    private int find(String key, int h) {
      int m = index.length - 1;
      for (int i = h & m; ; i = (i + 1) & m) {
        int s = index[i];
        if (s == 0) {
          return -1;
        }
        if (hash(s - 1) == h) {
          String k = key(s - 1);
          if (k == key || key.equals(k)) {
            return i;
          }
        }
      }
    }

    /** Enters ring slot {@code slot} in the index at the first free position from its hash. */
    private void indexSlot(int slot) {
      int m = index.length - 1;
      int i = hash(slot) & m;
      while (index[i] != 0) {
        i = (i + 1) & m;
      }
      index[i] = slot + 1;
    }

    /** Index position of ring slot {@code slot}, which must be indexed: found by slot number, no key compared. */
    private int positionOf(int slot) {
      int m = index.length - 1;
      int i = hash(slot) & m;
      while (index[i] != slot + 1) {
        i = (i + 1) & m;
      }
      return i;
    }

    /** Deletes index position {@code pos}, shifting later entries of the probe run back (no tombstones). */
    private void removeAt(int pos) {
      int m = index.length - 1;
      int gap = pos;
      for (int j = (pos + 1) & m; index[j] != 0; j = (j + 1) & m) {
        int home = hash(index[j] - 1) & m;
        // The entry at j may fill the gap unless its home lies cyclically in (gap, j].
        boolean stays = gap <= j ? (gap < home && home <= j) : (gap < home || home <= j);
        if (!stays) {
          index[gap] = index[j];
          gap = j;
        }
      }
      index[gap] = 0;
    }

    /** Doubles the ring (up to the bound; a ring never written takes its first slots) and rebuilds the index. */
    private void grow() {
      Object[] oldEntries = entries;
      long[] oldMeta = meta;
      int oldLength = length;
      int oldHead = head;
      int oldSize = size;
      allocate((int) Math.min(maxEntries, Math.max(INITIAL_CAPACITY, 2L * oldLength)));
      for (int k = 0; k < oldSize; k++) {
        int from = (oldHead + k) % oldLength;
        System.arraycopy(oldEntries, 2 * from, entries, 2 * k, 2);
        System.arraycopy(oldMeta, 2 * from, meta, 2 * k, 2);
        if (!hole(k)) {
          indexSlot(k);
        }
      }
      size = oldSize;
    }

    void clear() {
      unallocate();
    }
  }
}
