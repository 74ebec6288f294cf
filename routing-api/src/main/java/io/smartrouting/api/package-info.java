/**
 * The public model of the Smart Routing SDK: {@link io.smartrouting.api.Lead}, {@link io.smartrouting.api.Rep},
 * {@link io.smartrouting.api.Account} and the {@link io.smartrouting.api.Decision} a router returns.
 *
 * <p>Everything in this package is immutable and thread-safe unless a type says otherwise. References are
 * non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.smartrouting.api;

import org.jspecify.annotations.NullMarked;
