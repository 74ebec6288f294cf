/**
 * The built-in strategies, registered through {@code META-INF/services} exactly as a third-party jar would:
 * {@code weighted}, {@code round-robin}, {@code account-owner} and {@code tier-fast-track}.
 */
@NullMarked
package io.smartrouting.strategies;

import org.jspecify.annotations.NullMarked;
