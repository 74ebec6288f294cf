package io.smartrouting.core.internal;

import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Who held each lead when it was released, for a while after: deals close weeks after the lead left the rep's open
 * leads, and an outcome reported then should still count for the lead's segment and name its last holder. Not API.
 *
 * <p>Built so that a release costs little, since every lead is released and few outcomes come back: each of up to
 * 64 stripes (by the lead id's hash) is a ring written in release order, so a release writes to the end of one ring
 * and allocates nothing once a rep has been seen (what is kept per lead is one of a few shared values per rep). A
 * lookup, which only an outcome makes, reads its stripe's ring from the newest entry back: at most
 * {@code maxLeads / 64} hashes. (A hash index written on every release, as {@link RecentWindow} keeps, cost a fifth of
 * a whole route-and-release at 1,000 reps in cache misses.) The newest entry for a lead speaks for it; a forgotten
 * lead's entry stays as a tombstone, so an older release of the same id does not come back. Entries older than the
 * window (counted from the lead's routing) count as absent; beyond {@code maxLeads} the oldest are overwritten.
 * Thread-safe.
 */
public final class ClosedLeads {

  /**
   * What is remembered of a released lead.
   *
   * @param repId the rep that held it last, or null when it was released from a queue
   * @param tier its tier
   * @param segment its segment, or null when the router no longer knew it at the release
   */
  public record Closed(@Nullable String repId, Tier tier, @Nullable Segment segment) {}

  private static final int SEGMENTS = Segment.values().length + 1;
  private static final int KINDS = Tier.values().length * SEGMENTS;
  private static final int INITIAL_CAPACITY = 16;

  private final Stripe[] stripes;
  private final int mask;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  /** Per rep id (and "" for queues), one shared value per tier and segment, made on first use. */
  private final ConcurrentHashMap<String, Closed[]> kinds = new ConcurrentHashMap<>();

  /**
   * Remembers released leads for {@code window} after they were routed, at most about {@code maxLeads} of them
   * (oldest overwritten first).
   *
   * @param nanoTime the router's clock in nanoseconds (see {@link RecentWindow#epochNanos})
   * @throws IllegalArgumentException if the window or the count is not positive
   */
  public ClosedLeads(Duration window, long maxLeads, LongSupplier nanoTime) {
    this(window, maxLeads, nanoTime, 64);
  }

  /** As the public constructor, with at most {@code maxStripes} stripes (rounded down to a power of two). */
  ClosedLeads(Duration window, long maxLeads, LongSupplier nanoTime, int maxStripes) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("outcome window must be positive but was " + window);
    }
    if (maxLeads <= 0) {
      throw new IllegalArgumentException("outcome window maxLeads must be positive but was " + maxLeads);
    }
    int n = Integer.highestOneBit((int) Math.max(1, Math.min(maxStripes, maxLeads)));
    this.stripes = new Stripe[n];
    this.mask = n - 1;
    int perStripe = (int) Math.min(Integer.MAX_VALUE - 8, (maxLeads + n - 1) / n);
    for (int i = 0; i < n; i++) {
      stripes[i] = new Stripe(perStripe);
    }
    this.windowNanos = saturatedNanos(window);
    this.nanoTime = nanoTime;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private Stripe stripe(int h) {
    return stripes[(h ^ (h >>> 16)) & mask];
  }

  /**
   * Notes that {@code leadId}, of {@code tier} and {@code segment}, routed at {@code routedAtNanos}, was released by
   * {@code repId} (null: a queue). The window counts from the routing, which the caller already knows, so a release
   * reads no clock (a clock read was two thirds of a release's cost here).
   *
   * @param perOrdinal where the values of the roster's reps are cached by ordinal ({@link RosterSnapshot#closedKinds}),
   *     or null when the rep is not on the roster
   * @param ordinal the rep's ordinal in that roster
   * @param routedAtNanos when the lead was routed (or last placed), as {@link RecentWindow#epochNanos}
   */
  public void released(String leadId, @Nullable String repId, Closed @Nullable [][] perOrdinal, int ordinal,
      Tier tier, @Nullable Segment segment, long routedAtNanos) {
    Closed[] byKind = perOrdinal == null ? null : perOrdinal[ordinal];
    if (byKind == null) {
      String rep = repId == null ? "" : repId;
      byKind = kinds.get(rep);
      if (byKind == null) {
        byKind = kinds.computeIfAbsent(rep, k -> new Closed[KINDS]);
      }
      if (perOrdinal != null) {
        perOrdinal[ordinal] = byKind;
      }
    }
    int i = tier.ordinal() * SEGMENTS + (segment == null ? SEGMENTS - 1 : segment.ordinal());
    Closed c = byKind[i];
    if (c == null) {
      // A benign race: two threads may each make one; either is as good.
      c = new Closed(repId, tier, segment);
      byKind[i] = c;
    }
    int h = leadId.hashCode();
    stripe(h).append(leadId, h, c, routedAtNanos);
  }

  /**
   * What is remembered of {@code leadId}, or null; with {@code forget}, it is forgotten too (a final outcome is
   * counted once).
   */
  public @Nullable Closed of(String leadId, boolean forget) {
    int h = leadId.hashCode();
    return stripe(h).find(leadId, h, nanoTime.getAsLong(), windowNanos, forget);
  }

  /** One ring of releases, oldest overwritten when full; guarded by itself. */
  private static final class Stripe {
    private final int maxEntries;
    private int[] hashes;
    private long[] times;
    private String[] keys;
    private @Nullable Closed[] values;
    /** Entries written so far (the next goes to {@code written % length}). */
    private long written;

    Stripe(int maxEntries) {
      this.maxEntries = maxEntries;
      int n = Math.min(maxEntries, INITIAL_CAPACITY);
      hashes = new int[n];
      times = new long[n];
      keys = new String[n];
      values = new Closed[n];
    }

    synchronized void append(String key, int h, Closed c, long now) {
      int length = hashes.length;
      if (written == length && length < maxEntries) {
        // Not wrapped yet: grow in place, keeping positions.
        int n = (int) Math.min(maxEntries, 2L * length);
        hashes = java.util.Arrays.copyOf(hashes, n);
        times = java.util.Arrays.copyOf(times, n);
        keys = java.util.Arrays.copyOf(keys, n);
        values = java.util.Arrays.copyOf(values, n);
        length = n;
      }
      int slot = (int) (written % length);
      hashes[slot] = h;
      times[slot] = now;
      keys[slot] = key;
      values[slot] = c;
      written++;
    }

    synchronized @Nullable Closed find(String key, int h, long now, long window, boolean forget) {
      int length = hashes.length;
      long live = Math.min(written, length);
      int slot = (int) ((written - 1) % length);
      for (long k = 0; k < live; k++) {
        if (hashes[slot] == h && key.equals(keys[slot])) {
          // The newest entry for the lead speaks for it, even a tombstone.
          Closed c = values[slot];
          if (c == null || now - times[slot] >= window) {
            return null;
          }
          if (forget) {
            values[slot] = null;
          }
          return c;
        }
        slot = slot == 0 ? length - 1 : slot - 1;
      }
      return null;
    }
  }
}
