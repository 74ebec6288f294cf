/**
 * The built-in strategies (weighted, round-robin, account-owner, tier-fast-track, returning-contact, same-company),
 * registered exactly as a third-party strategy module would be: with {@code provides} here and
 * {@code META-INF/services} for the class path.
 */
module io.smartrouting.strategies {
  requires transitive io.smartrouting.core;

  exports io.smartrouting.strategies;

  provides io.smartrouting.spi.RoutingStrategyProvider with
      io.smartrouting.strategies.BuiltInStrategies.WeightedProvider,
      io.smartrouting.strategies.BuiltInStrategies.RoundRobinProvider,
      io.smartrouting.strategies.BuiltInStrategies.AccountOwnerProvider,
      io.smartrouting.strategies.BuiltInStrategies.TierFastTrackProvider,
      io.smartrouting.strategies.BuiltInStrategies.ReturningContactProvider,
      io.smartrouting.strategies.BuiltInStrategies.SameCompanyProvider;
}
