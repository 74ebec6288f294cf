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

  private static final int INITIAL_CAPACITY = 64;

  private final Stripe<V>[] stripes;
  private final int mask;
  private final long windowNanos;
  private final LongSupplier nanoTime;

  /**
   * A window striped by the number of cores.
   *
   * @param window how long a lead id is remembered (positive)
   * @param maxLeadIds how many lead ids at most (positive)
   * @param nanoTime a monotonic nanosecond clock
   */
  public RecentWindow(Duration window, long maxLeadIds, LongSupplier nanoTime) {
    this(window, maxLeadIds, nanoTime, (int) Math.min(64, Math.max(1, Runtime.getRuntime().availableProcessors()) * 4L));
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
    int h = spread(leadId.hashCode());
    Stripe<V> s = stripe(h);
    synchronized (s) {
      return s.get(leadId, h, nanoTime.getAsLong(), windowNanos);
    }
  }

  /** Remembers {@code v} unless the lead already has a value; returns that value, or null. */
  public @Nullable V putIfAbsent(String leadId, V v) {
    int h = spread(leadId.hashCode());
    Stripe<V> s = stripe(h);
    synchronized (s) {
      return s.put(leadId, h, v, nanoTime.getAsLong(), windowNanos, false);
    }
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

  /**
   * One stripe: entries in a ring in write order ({@code head} is the oldest), and an open-addressing index with
   * linear probing from hash to ring slot + 1 (0 is empty). Guarded by its own monitor.
   */
  private static final class Stripe<V> {
    private final int maxEntries;
    private String[] keys;
    private int[] hashes;
    private V[] values;
    private long[] writtenAt;
    private int head;
    private int size;
    private int[] index;

    Stripe(int maxEntries) {
      this.maxEntries = maxEntries;
      allocate(Math.min(maxEntries, INITIAL_CAPACITY));
    }

    @SuppressWarnings("unchecked")
    private void allocate(int ringLength) {
      keys = new String[ringLength];
      hashes = new int[ringLength];
      values = (V[]) new Object[ringLength];
      writtenAt = new long[ringLength];
      // At most half full, so probes stay short.
      index = new int[Integer.highestOneBit(Math.max(2, ringLength) * 2 - 1) * 2];
      head = 0;
      size = 0;
    }

    @Nullable V get(String key, int h, long now, long window) {
      expire(now, window);
      int pos = find(key, h);
      if (pos < 0) {
        return null;
      }
      int slot = index[pos] - 1;
      return now - writtenAt[slot] >= window ? null : values[slot];
    }

    @Nullable V put(String key, int h, V d, long now, long window, boolean replace) {
      expire(now, window);
      int pos = find(key, h);
      if (pos >= 0) {
        int slot = index[pos] - 1;
        if (!replace && now - writtenAt[slot] < window) {
          return values[slot];
        }
        // Replaced (it starts a new window at the tail) or expired behind a younger head: the old slot becomes a
        // hole that leaves the ring when it reaches the head.
        removeAt(pos);
        clearSlot(slot);
      }
      if (size == keys.length) {
        if (keys.length < maxEntries) {
          grow();
        } else {
          evictHead();
        }
      }
      int slot = (head + size) % keys.length;
      keys[slot] = key;
      hashes[slot] = h;
      values[slot] = d;
      writtenAt[slot] = now;
      size++;
      int i = h & (index.length - 1);
      while (index[i] != 0) {
        i = (i + 1) & (index.length - 1);
      }
      index[i] = slot + 1;
      return null;
    }

    @Nullable V remove(String key, int h, long now, long window) {
      expire(now, window);
      int pos = find(key, h);
      if (pos < 0) {
        return null;
      }
      int slot = index[pos] - 1;
      V v = now - writtenAt[slot] >= window ? null : values[slot];
      // The slot stays in the ring as a hole until it reaches the head.
      removeAt(pos);
      clearSlot(slot);
      return v;
    }

    /** Drops entries from the head while their window has passed. */
    private void expire(long now, long window) {
      while (size > 0 && (keys[head] == null || now - writtenAt[head] >= window)) {
        evictHead();
      }
    }

    private void evictHead() {
      if (keys[head] != null) {
        removeAt(find(keys[head], hashes[head]));
        clearSlot(head);
      }
      head = (head + 1) % keys.length;
      size--;
    }

    private void clearSlot(int slot) {
      keys[slot] = null;
      values[slot] = null;
    }

    /** Index position of {@code key}, or -1. */
    private int find(String key, int h) {
      int m = index.length - 1;
      for (int i = h & m; ; i = (i + 1) & m) {
        int s = index[i];
        if (s == 0) {
          return -1;
        }
        if (hashes[s - 1] == h && key.equals(keys[s - 1])) {
          return i;
        }
      }
    }

    /** Deletes index position {@code pos}, shifting later entries of the probe run back (no tombstones). */
    private void removeAt(int pos) {
      int m = index.length - 1;
      int gap = pos;
      for (int j = (pos + 1) & m; index[j] != 0; j = (j + 1) & m) {
        int home = hashes[index[j] - 1] & m;
        // The entry at j may fill the gap unless its home lies cyclically in (gap, j].
        boolean stays = gap <= j ? (gap < home && home <= j) : (gap < home || home <= j);
        if (!stays) {
          index[gap] = index[j];
          gap = j;
        }
      }
      index[gap] = 0;
    }

    /** Doubles the ring (up to the bound) and rebuilds the index, keeping write order. */
    private void grow() {
      String[] oldKeys = keys;
      int[] oldHashes = hashes;
      V[] oldValues = values;
      long[] oldWritten = writtenAt;
      int oldHead = head;
      int oldSize = size;
      allocate((int) Math.min(maxEntries, 2L * oldKeys.length));
      for (int k = 0; k < oldSize; k++) {
        int from = (oldHead + k) % oldKeys.length;
        keys[k] = oldKeys[from];
        hashes[k] = oldHashes[from];
        values[k] = oldValues[from];
        writtenAt[k] = oldWritten[from];
        if (keys[k] != null) {
          int i = hashes[k] & (index.length - 1);
          while (index[i] != 0) {
            i = (i + 1) & (index.length - 1);
          }
          index[i] = k + 1;
        }
      }
      size = oldSize;
    }

    void clear() {
      allocate(Math.min(maxEntries, INITIAL_CAPACITY));
    }
  }
}
