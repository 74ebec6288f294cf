package io.smartrouting.spring;

import io.smartrouting.core.Router;

/**
 * A bean that adjusts each tenant's {@link Router.Builder} after the routing configuration document has filled it and
 * before the router is built (a state store, listeners, observers, a clock), and may see the built router.
 *
 * <p>A tenant whose document declares an experiment gets one router per variant: each builder goes through
 * {@link #customize(String, String, Router.Builder)}, which by default does what {@link #customize(String,
 * Router.Builder)} does. Give every variant's builder of a tenant the same state store instance: the variants share
 * the reps' capacity, and each owns its variant's leads, through it.
 */
@FunctionalInterface
public interface RouterBuilderCustomizer {

  /**
   * Adjusts {@code builder}, which will build the router of {@code tenant}.
   *
   * @param tenant the tenant id
   * @param builder the builder, with the tenant's document applied
   */
  void customize(String tenant, Router.Builder builder);

  /**
   * Called once the router of {@code tenant} is built.
   *
   * @param tenant the tenant id
   * @param router its router
   */
  default void built(String tenant, Router router) {}

  /**
   * Adjusts {@code builder}, which will build the router of experiment variant {@code variant} of {@code tenant};
   * by default as {@link #customize(String, Router.Builder)}.
   *
   * @param tenant the tenant id
   * @param variant the variant's name
   * @param builder the builder, with the variant's document applied
   */
  default void customize(String tenant, String variant, Router.Builder builder) {
    customize(tenant, builder);
  }

  /**
   * Called once the router of variant {@code variant} of {@code tenant} is built; by default as {@link #built}.
   *
   * @param tenant the tenant id
   * @param variant the variant's name
   * @param router the variant's router
   */
  default void built(String tenant, String variant, Router router) {
    built(tenant, router);
  }
}
