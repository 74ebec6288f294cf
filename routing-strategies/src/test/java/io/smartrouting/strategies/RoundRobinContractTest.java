package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.testkit.RoutingStrategyContract;

/** The built-in {@link RoundRobinStrategy} keeps the strategy contract. */
class RoundRobinContractTest extends RoutingStrategyContract {
  @Override
  protected RoutingStrategy createStrategy() {
    return new RoundRobinStrategy();
  }
}
