/**
 * The live-state seam of a router: open leads per rep with atomic capacity reservation, lead placements and
 * response statistics. {@link io.smartrouting.core.state.InMemoryStateStore} is the default; a shared store
 * (Redis, say) implements the same interfaces so that many router instances route as one.
 */
@NullMarked
package io.smartrouting.core.state;

import org.jspecify.annotations.NullMarked;
