/**
 * {@link io.smartrouting.state.redis.RedisStateStore}: the router's live state on Redis, so that many application
 * instances route one tenant as one.
 */
@NullMarked
package io.smartrouting.state.redis;

import org.jspecify.annotations.NullMarked;
