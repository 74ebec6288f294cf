package io.smartrouting.state.redis;

import io.smartrouting.core.state.RoutingStateStore;
import io.smartrouting.testkit.RoutingStateStoreContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Redis store keeps the state store contract of the testkit: each test on a tenant of its own. */
class RedisStoreContractTest extends RoutingStateStoreContract {

  private static RedisServer server;
  private static final AtomicInteger TENANTS = new AtomicInteger();

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

  @Override
  protected RoutingStateStore createStore() {
    return server.store("contract-" + TENANTS.incrementAndGet()).build();
  }
}
