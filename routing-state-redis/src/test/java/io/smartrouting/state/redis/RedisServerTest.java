package io.smartrouting.state.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class whose tests share one real redis-server, started before them and stopped after. */
abstract class RedisServerTest {

  /** The server of the running test class. */
  static RedisServer server;

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

  /**
   * A store of {@code tenant} that refreshes its view and looks at the timer lease only hourly: no background round
   * trips while a test counts them.
   */
  static RedisStateStore quietStore(String tenant) {
    return server.store(tenant).refreshInterval(java.time.Duration.ofHours(1))
        .takeover(java.time.Duration.ofHours(1)).build();
  }
}
