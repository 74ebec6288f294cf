package io.smartrouting.strategies;

import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.testkit.RoutingStrategyContract;

/** The built-in {@link TierFastTrackStrategy} keeps the strategy contract. */
class TierFastTrackContractTest extends RoutingStrategyContract {
  @Override
  protected RoutingStrategy createStrategy() {
    return new TierFastTrackStrategy();
  }
}
