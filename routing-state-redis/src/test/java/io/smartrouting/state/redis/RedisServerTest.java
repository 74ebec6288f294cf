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
   * trips while a test counts them. Patient ({@link RedisServer#patientStore}): none of its tests is about an outage,
   * and a busy 2-core machine once stalled a read past the 200 ms of {@link RedisServer#store} (a full build with
   * another test run beside it, 7 December 2026).
   */
  static RedisStateStore quietStore(String tenant) {
    return server.patientStore(tenant).refreshInterval(java.time.Duration.ofHours(1))
        .takeover(java.time.Duration.ofHours(1)).build();
  }
}
