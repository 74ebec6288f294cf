package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingContext;
import org.jspecify.annotations.Nullable;

/**
 * Every rep of one roster ordered by its minutes to first contact, fastest first, as they were when the router's
 * count of response changes was {@link #changes}: what a best-first walk over response times reads (the weighted
 * step's, the Tier 1 fast track's). {@code floor[i]} is the minutes of the rep at position {@code i} rounded down to
 * a float, so it never decreases along the order and never exceeds that rep's minutes as of {@link #changes}. A rep
 * whose minutes changed since is in the router's change log ({@link RoutingContext#responseChangesSince}); each
 * thread keeps those reps in a side list of its own ({@link Scratch}), which a walk merges with the order by minutes.
 * Immutable; shared by every thread of a strategy.
 */
final class ResponseOrder {

  /** The fewest response changes left to the side lists before the order is merged anew (see {@link #mergeAt}). */
  static final int MERGE_AT = 64;
  /**
   * The most changes read from the router's log at once: more than this since the order was made, and it is built
   * again (a sort of the roster) instead of merged. As many as the core router's log keeps.
   */
  static final int CHANGE_BUFFER = 4096;

  final long changes;
  final int[] byResponse;
  final float[] floor;

  private ResponseOrder(long changes, int[] byResponse, float[] floor) {
    this.changes = changes;
    this.byResponse = byResponse;
    this.floor = floor;
  }

  /**
   * A thread's view of the reps whose minutes changed since the order was made: the changes it has read from the
   * router's log, as keys (minutes rounded down to a float, then ordinal) kept sorted in {@code side}, and the latest
   * few not yet sorted in {@code tail}; with the buffers of a walk. A walk visits the tail first, then the order and
   * the side list merged by minutes ({@link #next}), so that it stops early among the changed reps too; a rep in the
   * side list or the tail is {@link #isChanged}, and its place in the order is stale. Thread-confined.
   */
  static final class Scratch {
    /** Unsorted keys the side list takes in at a time. */
    static final int TAIL = 64;

    /** The log read into, up to its length at once (fewer than the changes since: the order is remade). */
    final int[] changed;
    /** One bit per rep: a mark for the walk's own use, all clear between walks. */
    long[] marked = new long[0];
    /** The order {@link #side} belongs to, and how far the log is read into it. */
    @Nullable ResponseOrder of;
    long consumed;
    /** Keys sorted ascending, {@code sideCount} of them, and a buffer of the same size to merge into. */
    long[] side = new long[TAIL];
    long[] spare = new long[TAIL];
    int sideCount;
    /** Keys read since the last sort, in the order read; sorted in when {@code tail.length} are waiting. */
    final long[] tail;
    int tailCount;
    /** One bit per rep in {@link #side} or {@link #tail}. */
    long[] changedBits = new long[0];
    /** After {@link #upToDate}: 0, or -1 when the router cannot tell what changed (the order must not be walked). */
    int n;
    private int mainPos;
    private int sidePos;
    /** The minutes (rounded down) of the entry {@link #next} returned last, and whether the side list's. */
    float floor;
    boolean fromSide;

    Scratch(int changeBuffer) {
      this(changeBuffer, TAIL);
    }

    /** With {@code tail} keys sorted in at a time (fewer in tests, so that the side list is long and merged often). */
    Scratch(int changeBuffer, int tail) {
      changed = new int[changeBuffer];
      this.tail = new long[tail];
    }

    /** True if rep {@code o}'s minutes changed since the order: its place there is stale, its keys are current. */
    boolean isChanged(int o) {
      return (changedBits[o >>> 6] & (1L << o)) != 0;
    }

    /** How many keys {@link #tailOrdinal} can return: the changes read since the last sort, visited first. */
    int tailSize() {
      return tailCount;
    }

    int tailOrdinal(int i) {
      return (int) tail[i];
    }

    /** Starts a walk over the order and the side list merged by minutes. */
    void startWalk() {
      mainPos = 0;
      sidePos = 0;
    }

    /** How many entries of the order the walk has passed (not counting the side list). */
    int mainPosition() {
      return mainPos;
    }

    /**
     * The next rep of the walk, the order's or the side list's, whichever comes first by minutes (rounded down, left
     * in {@link #floor}, and where from in {@link #fromSide}); -1 at the end. A changed rep comes from the order too,
     * at its stale place: skip it there ({@link #isChanged}); a rep changed more than once has more than one key.
     */
    int next() {
      ResponseOrder o = of;
      int[] by = o.byResponse;
      if (mainPos < by.length) {
        float fm = o.floor[mainPos];
        if (sidePos < sideCount) {
          long key = side[sidePos];
          float fs = Float.intBitsToFloat((int) (key >>> 32));
          if (fs < fm) {
            sidePos++;
            floor = fs;
            fromSide = true;
            return (int) key;
          }
        }
        floor = fm;
        fromSide = false;
        return by[mainPos++];
      }
      if (sidePos < sideCount) {
        long key = side[sidePos++];
        floor = Float.intBitsToFloat((int) (key >>> 32));
        fromSide = true;
        return (int) key;
      }
      return -1;
    }

    /** Forgets the side list (a new order). */
    private void reset(ResponseOrder order, int size) {
      if (changedBits.length != (size + 63) >>> 6) {
        changedBits = new long[(size + 63) >>> 6];
      } else {
        for (int i = 0; i < sideCount; i++) {
          changedBits[(int) side[i] >>> 6] = 0L;
        }
        for (int i = 0; i < tailCount; i++) {
          changedBits[(int) tail[i] >>> 6] = 0L;
        }
      }
      of = order;
      consumed = order.changes;
      sideCount = 0;
      tailCount = 0;
    }

    /** Reads the log from {@link #consumed} on; false if it cannot tell (too many changes, or lost). */
    private boolean consume(RoutingContext ctx) {
      int k = ctx.responseChangesSince(consumed, changed);
      if (k < 0) {
        return false;
      }
      for (int i = 0; i < k; i++) {
        int o = changed[i];
        if (tailCount == tail.length) {
          sortTail();
        }
        tail[tailCount++] = ((long) Float.floatToRawIntBits(floorMinutes(ctx.responseMinutes(o))) << 32) | o;
        changedBits[o >>> 6] |= 1L << o;
      }
      consumed += k;
      return true;
    }

    /** Sorts the tail into the side list: one merge, linear in the side list. */
    private void sortTail() {
      java.util.Arrays.sort(tail, 0, tailCount);
      int total = sideCount + tailCount;
      if (spare.length < total) {
        spare = new long[Math.max(total, spare.length * 2)];
      }
      long[] out = spare;
      int i = 0;
      int j = 0;
      int k = 0;
      while (i < sideCount && j < tailCount) {
        out[k++] = side[i] <= tail[j] ? side[i++] : tail[j++];
      }
      while (i < sideCount) {
        out[k++] = side[i++];
      }
      while (j < tailCount) {
        out[k++] = tail[j++];
      }
      spare = side;
      side = out;
      sideCount = total;
      tailCount = 0;
      if (spare.length < side.length) {
        spare = new long[side.length];
      }
    }
  }

  /**
   * Where a strategy keeps the order of one roster for all its threads: none until a walk first needs it, then the
   * latest brought up to date by any thread ({@link #current}).
   */
  static final class Holder {
    private volatile @Nullable ResponseOrder order;

    /**
     * The order brought up to date for a roster of {@code size} reps (kept for the other threads when it changed),
     * with {@code sc}'s side list holding every change since it; {@code sc.n} is -1 when the order must not be walked.
     */
    ResponseOrder current(RoutingContext ctx, int size, Scratch sc) {
      ResponseOrder known = order;
      ResponseOrder now = upToDate(ctx, known, size, sc);
      if (now != known) {
        order = now;
      }
      return now;
    }
  }

  /**
   * {@code order} (null: none made yet) brought up to date for a roster of {@code size} reps, with {@code sc}'s side
   * list holding every change since it: the order made from the minutes when there is none or the router's log no
   * longer says what changed since it; merged anew when the changes since it reach {@link #mergeAt}. {@code sc.n} is
   * -1 afterwards when the router cannot tell what changed (then the order must not be walked), else 0.
   */
  static ResponseOrder upToDate(RoutingContext ctx, @Nullable ResponseOrder order, int size, Scratch sc) {
    if (sc.marked.length != (size + 63) >>> 6) {
      sc.marked = new long[(size + 63) >>> 6];
    }
    if (order == null || order.byResponse.length != size) {
      order = build(ctx, size);
    } else if (ctx.responseChanges() - order.changes >= mergeAt(size)) {
      int n = ctx.responseChangesSince(order.changes, sc.changed);
      order = n < 0 ? remake(ctx, order, size, sc.marked) : merge(ctx, order, sc.changed, n, sc.marked,
          order.changes + n);
    }
    if (sc.of != order || sc.changedBits.length != (size + 63) >>> 6) {
      sc.reset(order, size);
    }
    if (!sc.consume(ctx)) {
      // More changes since this thread last looked than the log tells at once: the minutes read anew.
      order = remake(ctx, order, size, sc.marked);
      sc.reset(order, size);
      if (!sc.consume(ctx)) {
        sc.n = -1;
        return order;
      }
    }
    sc.n = 0;
    return order;
  }

  /**
   * Changes left to the threads' side lists before the order is merged anew: at least {@link #MERGE_AT}, a 32nd of
   * the roster, at most {@link #MERGE_MOST}, so that a merge (linear in the roster, two new arrays of its size) is
   * paid for by many changes (with a contact per lead, merging every 64 changes doubled the weighted step's mean at
   * 100,000 reps). A walk meets the side list's reps in order of minutes, so its length costs a walk little.
   */
  static int mergeAt(int roster) {
    return Math.min(MERGE_MOST, Math.max(MERGE_AT, roster >>> 5));
  }

  /**
   * The most changes left to the side lists before a merge: three quarters of what the log keeps, so that a thread
   * that has not looked for a while still finds its changes there after a merge.
   */
  static final int MERGE_MOST = CHANGE_BUFFER / 4 * 3;

  /**
   * The {@code bestFirst} setting of a strategy that walks this order: null for {@code auto} (or not given), else
   * whether to walk ({@code true}) or never ({@code false}); any case.
   *
   * @throws IllegalArgumentException naming the key and the value when it is none of the three
   */
  static @Nullable Boolean bestFirst(@Nullable String value) {
    if (value == null || value.equalsIgnoreCase("auto")) {
      return null;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return value.equalsIgnoreCase("true");
    }
    throw new IllegalArgumentException("config 'bestFirst' must be auto, true or false but was '" + value + "'");
  }

  /** {@code minutes} rounded down to a float, with negative and NaN minutes as 0 (they rank at least as well). */
  static float floorMinutes(double minutes) {
    if (!(minutes > 0)) {
      return 0f;
    }
    float f = (float) minutes;
    return f > minutes ? Math.nextDown(f) : f;
  }

  static ResponseOrder build(RoutingContext ctx, int size) {
    long changes = ctx.responseChanges(); // read before the values: a later change is in the log from here on
    long[] packed = new long[size];
    for (int o = 0; o < size; o++) {
      packed[o] = ((long) Float.floatToRawIntBits(floorMinutes(ctx.responseMinutes(o))) << 32) | o;
    }
    java.util.Arrays.sort(packed);
    return unpack(changes, packed, size);
  }

  /**
   * The order made anew when the router's log no longer says what changed since {@code old} (too many changes, or a
   * new snapshot): every rep's minutes compared with the order's, the changed ones merged in. Linear in the roster,
   * unlike a sort.
   */
  private static ResponseOrder remake(RoutingContext ctx, ResponseOrder old, int size, long[] marked) {
    if (old.byResponse.length != size) {
      return build(ctx, size);
    }
    long changes = ctx.responseChanges(); // read before the values, as in build
    // What each rep's place was made from, by ordinal (made here only: a merge would pay for it every time).
    float[] floorOf = new float[size];
    for (int i = 0; i < size; i++) {
      floorOf[old.byResponse[i]] = old.floor[i];
    }
    int[] changed = new int[64];
    int n = 0;
    for (int o = 0; o < size; o++) {
      if (floorMinutes(ctx.responseMinutes(o)) != floorOf[o]) {
        if (n == changed.length) {
          changed = java.util.Arrays.copyOf(changed, n * 2);
        }
        changed[n++] = o;
      }
    }
    return merge(ctx, old, changed, n, marked, changes);
  }

  private static ResponseOrder unpack(long changes, long[] packed, int n) {
    int[] by = new int[n];
    float[] floor = new float[n];
    for (int i = 0; i < n; i++) {
      by[i] = (int) packed[i];
      floor[i] = Float.intBitsToFloat((int) (packed[i] >>> 32));
    }
    return new ResponseOrder(changes, by, floor);
  }

  /**
   * {@code old} with the {@code n} changed reps in {@code changed} moved to where their minutes now put them: one
   * merge, linear in the roster. The result is as of {@code changes}: the log entries consumed, or a count read before
   * the minutes were. {@code marked} is all clear before and after.
   */
  private static ResponseOrder merge(RoutingContext ctx, ResponseOrder old, int[] changed, int n, long[] marked,
      long changes) {
    long[] moved = new long[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      int o = changed[i];
      if ((marked[o >>> 6] & (1L << o)) == 0) {
        marked[o >>> 6] |= 1L << o;
        moved[m++] = ((long) Float.floatToRawIntBits(floorMinutes(ctx.responseMinutes(o))) << 32) | o;
      }
    }
    java.util.Arrays.sort(moved, 0, m);
    // Straight into the new order's two arrays: no packed copy of the roster (at 100,000 reps that copy was a
    // humongous object a merge, and G1's concurrent cycles it set off cost more than the merge itself).
    int size = old.byResponse.length;
    int[] by = new int[size];
    float[] floor = new float[size];
    int k = 0;
    int j = 0;
    for (int i = 0; i < size; i++) {
      int o = old.byResponse[i];
      if ((marked[o >>> 6] & (1L << o)) != 0) {
        continue;
      }
      long key = ((long) Float.floatToRawIntBits(old.floor[i]) << 32) | o;
      while (j < m && moved[j] < key) {
        by[k] = (int) moved[j];
        floor[k++] = Float.intBitsToFloat((int) (moved[j++] >>> 32));
      }
      by[k] = o;
      floor[k++] = old.floor[i];
    }
    while (j < m) {
      by[k] = (int) moved[j];
      floor[k++] = Float.intBitsToFloat((int) (moved[j++] >>> 32));
    }
    for (int i = 0; i < n; i++) {
      marked[changed[i] >>> 6] &= ~(1L << changed[i]);
    }
    return new ResponseOrder(changes, by, floor);
  }
}
