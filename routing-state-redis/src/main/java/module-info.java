/** The Redis implementation of the routing state store, for vendors that run many nodes per tenant. */
module io.smartrouting.state.redis {
  requires transitive io.smartrouting.core;
  requires transitive redis.clients.jedis;
  requires org.apache.commons.pool2;
  requires org.slf4j;

  exports io.smartrouting.state.redis;
}
