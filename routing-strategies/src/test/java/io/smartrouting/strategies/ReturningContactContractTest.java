package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.testkit.RoutingStrategyContract;

/** The built-in {@link ReturningContactStrategy} keeps the strategy contract. */
class ReturningContactContractTest extends RoutingStrategyContract {
  @Override
  protected RoutingStrategy createStrategy() {
    return new ReturningContactStrategy();
  }
}
