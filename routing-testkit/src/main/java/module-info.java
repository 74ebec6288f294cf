/**
 * Contract tests and generated worlds for strategy authors (extend {@code RoutingStrategyContract} in a JUnit 5 test)
 * and for state store authors ({@code RoutingStateStoreContract}).
 */
module io.smartrouting.testkit {
  requires transitive io.smartrouting.core;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;
  requires org.assertj.core;

  exports io.smartrouting.testkit;

  opens io.smartrouting.testkit to org.junit.platform.commons;
}
