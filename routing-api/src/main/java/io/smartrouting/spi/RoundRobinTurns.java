package io.smartrouting.spi;

import java.util.List;

/**
 * Round-robin turns kept in a shared state store, so that every router using the store takes turns as one. Offered
 * by {@link RoutingContext#sharedTurns()} when the router's state store shares state between routers (the Redis
 * store does); a round-robin strategy then takes its turn here instead of in its own memory.
 *
 * <p>The rule is the built-in round-robin's, applied atomically in the store: each candidate earns
 * {@code weight / total candidate weight} of credit; among candidates not ahead of their share (credit
 * {@code >= 0}) the one whose credit reaches a whole lead soonest wins (ties: the earlier in {@code ids}) and pays
 * one lead; if every candidate is ahead, the least ahead wins. Credit is kept per {@code key} and rep id.
 */
public interface RoundRobinTurns {

  /**
   * Takes one turn among {@code ids} (in roster order) with {@code weights} (same length, each {@code > 0}).
   *
   * @param key the key
   * @param ids the ids
   * @param weights the weights
   * @return the index in {@code ids} of the rep whose turn it is
   */
  int take(String key, List<String> ids, double[] weights);

  /**
   * Takes back a turn {@link #take} gave to a rep that then could not take the lead (another router filled it up
   * first): every candidate of that turn gives back its share and the winner is paid its lead back, so the rep keeps
   * its place in line, as if the turn had never been taken; turns other routers took meanwhile stay. The router calls
   * it at most once per turn, right after the failed reservation and before it picks again. The default does nothing:
   * the turn stays spent, and the rep is one lead behind its share until its credit catches up.
   *
   * @param key the key the turn was taken under
   * @param ids the ids of that turn, in the same order
   * @param weights the weights of that turn
   * @param index the index {@link #take} returned
   */
  default void giveBack(String key, List<String> ids, double[] weights, int index) {}

  /**
   * The index {@link #take} would return now, changing nothing (for previews).
   *
   * @param key the key
   * @param ids the ids
   * @param weights the weights
   * @return the index {@link #take} would return now, changing nothing (for previews)
   * @throws UnsupportedOperationException if this store cannot tell without taking the turn
   */
  default int peek(String key, List<String> ids, double[] weights) {
    return turn(credits(key, ids), weights);
  }

  /**
   * The credits the store keeps under {@code key} for {@code ids} (0 for a rep without), changing nothing: what a
   * preview of several turns starts from, taking them on a copy with {@link #turn}.
   *
   * @param key the key
   * @param ids the ids
   * @return one credit per id, in order
   * @throws UnsupportedOperationException if this store cannot tell
   */
  default double[] credits(String key, List<String> ids) {
    throw new UnsupportedOperationException("this state store cannot preview a round-robin turn");
  }

  /**
   * One turn of the rule above on {@code credits} (one per candidate, changed in place: every candidate earns its
   * share, the winner pays one lead), as a store applies it.
   *
   * @param credits the candidates' credits, updated
   * @param weights the candidates' weights (as many, each {@code > 0})
   * @return the index of the winner
   */
  static int turn(double[] credits, double[] weights) {
    int n = credits.length;
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += weights[i];
    }
    double eps = 1e-12;
    int winner = -1;
    int ahead = -1;
    double soonest = Double.POSITIVE_INFINITY;
    double aheadCredit = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double share = weights[i] / total;
      double v = credits[i] + share;
      credits[i] = v;
      if (v >= -eps) {
        double steps = (1.0 - v) / share;
        if (steps < soonest - eps) {
          soonest = steps;
          winner = i;
        }
      } else if (v > aheadCredit) {
        aheadCredit = v;
        ahead = i;
      }
    }
    if (winner < 0) {
      winner = ahead;
    }
    credits[winner] -= 1.0;
    return winner;
  }
}
