package io.smartrouting.spi;

import java.util.function.IntPredicate;

/**
 * An immutable set of rep ordinals (positions in the current roster snapshot) that a strategy may choose from.
 *
 * <p>Iterate without allocation:
 * <pre>{@code
 * for (int o = set.first(); o >= 0; o = set.next(o)) { ... }
 * }</pre>
 * Ordinals are only meaningful within one routing call: use {@link RoutingContext#rep(int)} to get the rep.
 */
public interface CandidateSet {

  /** {@return number of candidates} */
  int size();

  /** {@return true if there is no candidate} */
  boolean isEmpty();

  /**
   * True if {@code ordinal} is a candidate.
   *
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return true if {@code ordinal} is a candidate
   */
  boolean contains(int ordinal);

  /** {@return the smallest ordinal, or -1 when empty} */
  int first();

  /**
   * The smallest ordinal greater than {@code ordinal}, or -1 when there is none.
   *
   * @param ordinal the rep's ordinal in the roster snapshot
   * @return the smallest ordinal greater than {@code ordinal}, or -1 when there is none
   */
  int next(int ordinal);

  /**
   * A new set with the candidates for which {@code keep} is true.
   *
   * @param keep the keep
   * @return a new set with the candidates for which {@code keep} is true
   */
  CandidateSet retain(IntPredicate keep);

  /** {@return the ordinals in ascending order, as a new array} */
  int[] toArray();

  /**
   * Writes the ordinals in ascending order into {@code dst} from index 0, without allocating: for a strategy that
   * passes over the candidates more than once (into a buffer it keeps).
   *
   * @param dst where the ordinals go; must hold at least {@link #size()}
   * @return the number written, {@link #size()}
   * @throws IllegalArgumentException if {@code dst} is shorter than {@link #size()}
   */
  default int copyTo(int[] dst) {
    if (dst.length < size()) {
      throw new IllegalArgumentException("dst holds " + dst.length + " ordinals but the set has " + size());
    }
    int n = 0;
    for (int o = first(); o >= 0; o = next(o)) {
      dst[n++] = o;
    }
    return n;
  }
}
