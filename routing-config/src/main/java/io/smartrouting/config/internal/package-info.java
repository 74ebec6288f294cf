/** Not API, may change: the document tree and the binder behind {@code RoutingConfig}. */
@NullMarked
package io.smartrouting.config.internal;

import org.jspecify.annotations.NullMarked;
