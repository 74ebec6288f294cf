package io.smartrouting.spi;

/**
 * Creates a {@link RoutingStrategy} by name. Providers are discovered with {@link java.util.ServiceLoader}: list
 * the implementing class in {@code META-INF/services/io.smartrouting.spi.RoutingStrategyProvider} (and
 * {@code provides} it in {@code module-info} when the jar is a named module).
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface RoutingStrategyProvider {

  /** {@return the unique name chains use to refer to the strategy, lower-case words joined by hyphens} */
  String name();

  /** {@return one sentence for people listing the available strategies} */
  default String description() {
    return name();
  }

  /**
   * Creates a strategy for one chain step. Called when a router is built, never while routing: invalid
   * configuration must fail here.
   *
   * @return the routing strategy
   * @param config the step's configuration; keys the strategy does not know should be rejected with
   *     {@link StrategyConfig#requireOnlyKeys(java.util.Set)}
   * @throws IllegalArgumentException naming the key and the bad value when the configuration is invalid
   */
  RoutingStrategy create(StrategyConfig config);
}
