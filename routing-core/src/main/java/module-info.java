/**
 * The routing engine: {@code Router} and its builder, the strategy registry, expressions, learning, experiments,
 * notifications and the state-store seam. Implementation lives in {@code io.smartrouting.core.internal}, which is not
 * exported. Strategies are found with {@link java.util.ServiceLoader} on the module path and the class path alike.
 */
module io.smartrouting.core {
  requires transitive io.smartrouting.api;
  requires com.google.common;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;
  requires transitive java.net.http;

  exports io.smartrouting.core;
  exports io.smartrouting.core.experiment;
  exports io.smartrouting.core.expr;
  exports io.smartrouting.core.learning;
  exports io.smartrouting.core.notify;
  exports io.smartrouting.core.state;

  uses io.smartrouting.spi.RoutingStrategyProvider;
}
