package io.smartrouting.state.redis;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The jqwik twin of {@link RedisServerTest}: a property class whose tries share one real redis-server, each try on a
 * tenant of its own.
 */
abstract class RedisProperties {

  /** The server of the running property class. */
  static RedisServer server;
  private static final AtomicInteger TRIES = new AtomicInteger();

  @BeforeContainer
  static void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterContainer
  static void stopRedis() throws Exception {
    server.close();
  }

  /** A tenant no other try used: {@code prefix-N}. */
  static String freshTenant(String prefix) {
    return prefix + "-" + TRIES.incrementAndGet();
  }

  /** Closes routers, then stores, each even if one before it failed to. */
  static void closeAll(List<? extends AutoCloseable> first, List<? extends AutoCloseable> then) throws Exception {
    Exception failed = null;
    for (List<? extends AutoCloseable> group : List.of(first, then)) {
      for (AutoCloseable c : group) {
        try {
          c.close();
        } catch (Exception e) {
          if (failed == null) {
            failed = e;
          } else {
            failed.addSuppressed(e);
          }
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
