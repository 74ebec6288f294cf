/**
 * Implementation of the routing core. Not API, may change in any release without notice: do not depend on it.
 */
@NullMarked
package io.smartrouting.core.internal;

import org.jspecify.annotations.NullMarked;
