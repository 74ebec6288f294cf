/**
 * Test support for strategy authors: extend {@link io.smartrouting.testkit.RoutingStrategyContract} to check any
 * {@link io.smartrouting.spi.RoutingStrategy} against the SPI contract, and use
 * {@link io.smartrouting.testkit.ContractWorld} for generated rosters, accounts and leads. For authors of a state
 * store (a database of their own behind many routers): extend
 * {@link io.smartrouting.testkit.RoutingStateStoreContract}.
 */
@NullMarked
package io.smartrouting.testkit;

import org.jspecify.annotations.NullMarked;
