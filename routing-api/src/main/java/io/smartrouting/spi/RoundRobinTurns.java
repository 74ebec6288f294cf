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
   * The index {@link #take} would return now, changing nothing (for previews).
   *
   * @param key the key
   * @param ids the ids
   * @param weights the weights
   * @return the index {@link #take} would return now, changing nothing (for previews)
   * @throws UnsupportedOperationException if this store cannot tell without taking the turn
   */
  default int peek(String key, List<String> ids, double[] weights) {
    throw new UnsupportedOperationException("this state store cannot preview a round-robin turn");
  }
}
