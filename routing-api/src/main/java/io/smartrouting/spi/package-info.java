/**
 * Service provider interfaces for strategy authors: implement {@link io.smartrouting.spi.RoutingStrategy},
 * expose it through a {@link io.smartrouting.spi.RoutingStrategyProvider} listed in
 * {@code META-INF/services/io.smartrouting.spi.RoutingStrategyProvider}, and a router can use it by name.
 *
 * <p>References are non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.smartrouting.spi;

import org.jspecify.annotations.NullMarked;
