package io.smartrouting.state.redis;

import java.util.HashMap;
import java.util.List;

/**
 * What this node last knew of one key's shared round-robin credits, so that it can predict whose turn it is without a
 * round trip; the placement write checks the prediction against the credits Redis holds ({@link
 * Scripts#PLACE_RESERVE_TURN}). A wrong prediction costs a retry, never a wrong turn: Redis decides.
 *
 * <p>{@link #predict} is {@code rrTurn} of {@link Scripts#RR_FUNCTIONS} operation for operation (the same sums in the
 * same order, the same epsilon and ties), so that with the same credits both pick the same rep; so is
 * {@link io.smartrouting.spi.RoundRobinTurns#turn}, which previews use (this one updates its cells in place rather
 * than copying them out and back, as it runs on every decision). It charges its
 * prediction at once, so that this node's concurrent decisions predict the turns after it. Thread-safe.
 */
final class TurnMirror {

  private static final double EPS = 1e-12;

  /** Credit per rep id; a one-element array, so that a turn updates in place. */
  private final HashMap<String, double[]> credits = new HashMap<>();

  /**
   * Takes a turn on what this node knows: every candidate earns its share, the winner pays one lead.
   *
   * @return the winner's index in {@code ids}
   */
  synchronized int predict(List<String> ids, double[] weights) {
    int n = ids.size();
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += weights[i];
    }
    int winner = -1;
    int ahead = -1;
    double soonest = Double.POSITIVE_INFINITY;
    double aheadCredit = Double.NEGATIVE_INFINITY;
    double[] winnerCell = null;
    double[] aheadCell = null;
    for (int i = 0; i < n; i++) {
      double[] cell = credits.computeIfAbsent(ids.get(i), id -> new double[1]);
      double share = weights[i] / total;
      double v = cell[0] + share;
      cell[0] = v;
      if (v >= -EPS) {
        double steps = (1.0 - v) / share;
        if (steps < soonest - EPS) {
          soonest = steps;
          winner = i;
          winnerCell = cell;
        }
      } else if (v > aheadCredit) {
        aheadCredit = v;
        ahead = i;
        aheadCell = cell;
      }
    }
    if (winner < 0) {
      winner = ahead;
      winnerCell = aheadCell;
    }
    winnerCell[0] -= 1.0;
    return winner;
  }

  /** Replaces what this node knows of {@code ids}' credits with Redis's ({@code stored}: the stored texts). */
  synchronized void learn(List<String> ids, List<?> stored) {
    for (int i = 0; i < ids.size(); i++) {
      Object o = stored.get(i);
      String text = o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.US_ASCII) : "0";
      credits.computeIfAbsent(ids.get(i), id -> new double[1])[0] = Double.parseDouble(text);
    }
  }
}
