package io.smartrouting.spring;

import io.smartrouting.core.Router;

/**
 * A bean that adjusts each tenant's {@link Router.Builder} after the routing configuration document has filled it and
 * before the router is built (a state store, listeners, observers, a clock), and may see the built router.
 */
@FunctionalInterface
public interface RouterBuilderCustomizer {

  /** Adjusts {@code builder}, which will build the router of {@code tenant}. */
  void customize(String tenant, Router.Builder builder);

  /** Called once the router of {@code tenant} is built. */
  default void built(String tenant, Router router) {}
}
