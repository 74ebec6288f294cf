package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.testkit.RoutingStrategyContract;

/** The built-in {@link AccountOwnerStrategy} keeps the strategy contract. */
class AccountOwnerContractTest extends RoutingStrategyContract {
  @Override
  protected RoutingStrategy createStrategy() {
    return new AccountOwnerStrategy();
  }
}
