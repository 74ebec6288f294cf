package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.testkit.RoutingStrategyContract;

/** The built-in {@link WeightedStrategy} keeps the strategy contract. */
class WeightedContractTest extends RoutingStrategyContract {
  @Override
  protected RoutingStrategy createStrategy() {
    return new WeightedStrategy();
  }
}
