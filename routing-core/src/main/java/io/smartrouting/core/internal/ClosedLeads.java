package io.smartrouting.core.internal;

import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Who held each lead when it was released, for a while after: deals close weeks after the lead left the rep's open
 * leads, and an outcome reported then should still count for the lead's segment and name its last holder. Not API.
 *
 * <p>Built so that a release costs little, since every lead is released and few outcomes come back: each of up to
 * 64 stripes (by the lead id's hash) is a ring written in release order, so a release writes to the end of one ring
 * and allocates nothing but the ring's growth (what is kept per lead is its holder's id, the string the caller already
 * has, and a one-byte code of its tier and segment; until 7 December one shared value per rep and kind, made on the
 * rep's first release, which at 100,000 reps was about 9 MB allocated over a router's first minutes). A
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

  private static final Tier[] TIERS = Tier.values();
  private static final Segment[] SEGMENT_VALUES = Segment.values();
  private static final int SEGMENTS = SEGMENT_VALUES.length + 1;
  private static final int INITIAL_CAPACITY = 4;

  /** The code of a forgotten entry (a tombstone). */
  private static final byte FORGOTTEN = -1;
  /** An entry's code once the lead was erased: nothing of it is known, not even that it closed. */
  private static final byte ERASED = -2;

  private final Stripe[] stripes;
  private final int mask;
  private final long windowNanos;
  private final LongSupplier nanoTime;

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
   * @param routedAtNanos when the lead was routed (or last placed), as {@link RecentWindow#epochNanos}
   */
  public void released(String leadId, @Nullable String repId, Tier tier, @Nullable Segment segment,
      long routedAtNanos) {
    byte kind = (byte) (tier.ordinal() * SEGMENTS + (segment == null ? SEGMENTS - 1 : segment.ordinal()));
    int h = leadId.hashCode();
    stripe(h).append(leadId, h, repId, kind, routedAtNanos);
  }

  /** The value an entry's holder and code stand for. */
  private static Closed closed(@Nullable String repId, byte kind) {
    int segment = kind % SEGMENTS;
    return new Closed(repId, TIERS[kind / SEGMENTS], segment == SEGMENTS - 1 ? null : SEGMENT_VALUES[segment]);
  }

  /**
   * What is remembered of {@code leadId}, or null; with {@code forget}, it is forgotten too (a final outcome is
   * counted once).
   */
  public @Nullable Closed of(String leadId, boolean forget) {
    int h = leadId.hashCode();
    return stripe(h).find(leadId, h, nanoTime.getAsLong(), windowNanos, forget);
  }

  /**
   * True if {@code leadId} was remembered until a final outcome forgot it, within the window: a report of it now is of
   * a lead closed and counted already.
   */
  public boolean closedBefore(String leadId) {
    int h = leadId.hashCode();
    return stripe(h).closedBefore(leadId, h, nanoTime.getAsLong(), windowNanos);
  }

  /** Forgets everything of {@code leadId}, that it closed included (the lead is erased); true if it was remembered. */
  public boolean erase(String leadId) {
    int h = leadId.hashCode();
    return stripe(h).erase(leadId, h, nanoTime.getAsLong(), windowNanos);
  }

  /**
   * Number of stripes that hold arrays, having had a release (for tests): a stripe takes its arrays at its first
   * release, so a router that released few leads holds the arrays of the stripes those leads fell in only.
   */
  int allocatedStripes() {
    int n = 0;
    for (Stripe s : stripes) {
      n += s.allocated() ? 1 : 0;
    }
    return n;
  }

  /** One ring of releases, oldest overwritten when full; guarded by itself. Empty arrays until its first release. */
  private static final class Stripe {
    private static final int[] NO_HASHES = new int[0];
    private static final long[] NO_TIMES = new long[0];
    private static final String[] NO_STRINGS = new String[0];
    private static final byte[] NO_KINDS = new byte[0];

    private final int maxEntries;
    private int[] hashes;
    private long[] times;
    private String[] keys;
    private @Nullable String[] reps;
    /** Tier and segment, {@link #FORGOTTEN} once a final outcome forgot the lead, {@link #ERASED} once erased. */
    private byte[] kinds;
    /** Entries written so far (the next goes to {@code written % length}). */
    private long written;

    Stripe(int maxEntries) {
      this.maxEntries = maxEntries;
      hashes = NO_HASHES;
      times = NO_TIMES;
      keys = NO_STRINGS;
      reps = NO_STRINGS;
      kinds = NO_KINDS;
    }

    synchronized boolean allocated() {
      return hashes.length > 0;
    }

    synchronized void append(String key, int h, @Nullable String repId, byte kind, long now) {
      int length = hashes.length;
      if (written == length && length < maxEntries) {
        // Not wrapped yet (or never written): grow in place, keeping positions.
        int n = (int) Math.min(maxEntries, Math.max(INITIAL_CAPACITY, 2L * length));
        hashes = java.util.Arrays.copyOf(hashes, n);
        times = java.util.Arrays.copyOf(times, n);
        keys = java.util.Arrays.copyOf(keys, n);
        reps = java.util.Arrays.copyOf(reps, n);
        kinds = java.util.Arrays.copyOf(kinds, n);
        length = n;
      }
      int slot = (int) (written % length);
      hashes[slot] = h;
      times[slot] = now;
      keys[slot] = key;
      reps[slot] = repId;
      kinds[slot] = kind;
      written++;
    }

    synchronized boolean erase(String key, int h, long now, long window) {
      int slot = newest(key, h);
      if (slot < 0 || kinds[slot] == ERASED || now - times[slot] >= window) {
        return false;
      }
      kinds[slot] = ERASED;
      return true;
    }

    synchronized boolean closedBefore(String key, int h, long now, long window) {
      int slot = newest(key, h);
      return slot >= 0 && kinds[slot] == FORGOTTEN && now - times[slot] < window;
    }

    /** The slot of the newest entry for {@code key}, or -1; called holding this stripe's lock. */
    private int newest(String key, int h) {
      int length = hashes.length;
      if (length == 0) {
        return -1; // never written
      }
      long live = Math.min(written, length);
      int slot = (int) ((written - 1) % length);
      for (long k = 0; k < live; k++) {
        if (hashes[slot] == h && key.equals(keys[slot])) {
          return slot;
        }
        slot = slot == 0 ? length - 1 : slot - 1;
      }
      return -1;
    }

    synchronized @Nullable Closed find(String key, int h, long now, long window, boolean forget) {
      // The newest entry for the lead speaks for it, even a tombstone.
      int slot = newest(key, h);
      if (slot < 0) {
        return null;
      }
      byte kind = kinds[slot];
      if (kind == FORGOTTEN || kind == ERASED || now - times[slot] >= window) {
        return null;
      }
      if (forget) {
        kinds[slot] = FORGOTTEN;
      }
      return closed(reps[slot], kind);
    }
  }
}
