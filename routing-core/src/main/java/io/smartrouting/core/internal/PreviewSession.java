package io.smartrouting.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One preview of several moves ({@link Pipeline#previewMove}: a realignment, recycling): what its earlier moves would
 * take and free at each rep, and the state strategies keep for the rest of it
 * ({@link io.smartrouting.spi.RoutingContext#previewState}), so that each previewed lead sees the ones before it as
 * the real moves would. Used by one thread. Not API.
 */
public final class PreviewSession {

  /** Per ordinal of the previewed roster: the leads the earlier moves would add (or, negative, take away). */
  public final int[] previewed;
  /**
   * Per ordinal: the leads the earlier moves would give it (never less for one it would lose: a lead leaving a rep
   * gives back its unit, not its place in the rep's daily, weekly or monthly cap).
   */
  public final int[] arrivals;
  private final Map<Object, Object> state = new HashMap<>();

  /** A session over a roster of {@code reps} reps. */
  public PreviewSession(int reps) {
    this.previewed = new int[reps];
    this.arrivals = new int[reps];
  }

  /** Counts a lead the preview would move from ordinal {@code from} (-1: none) to ordinal {@code to} (-1: none). */
  public void moved(int from, int to) {
    if (from >= 0) {
      previewed[from]--;
    }
    if (to >= 0) {
      previewed[to]++;
      arrivals[to]++;
    }
  }

  /**
   * Counts a lead the preview would hand from ordinal {@code from} (-1: none) to ordinal {@code to} outside the caps, as
   * a person's reassignment, a cover or an account's people take it: room at {@code to}, no place in its daily, weekly
   * or monthly cap.
   */
  public void handed(int from, int to) {
    if (from >= 0) {
      previewed[from]--;
    }
    previewed[to]++;
  }

  /** What a strategy keeps under {@code key} for the rest of the session, made by {@code initial} at the first ask. */
  @SuppressWarnings("unchecked")
  <T> @Nullable T state(Object key, Supplier<T> initial) {
    return (T) state.computeIfAbsent(key, k -> initial.get());
  }
}
