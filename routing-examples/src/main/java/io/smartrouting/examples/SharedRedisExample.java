package io.smartrouting.examples;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import io.smartrouting.state.redis.RedisStateStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two routers (two "nodes") sharing one tenant's state on Redis: capacity, placements and round-robin turns are
 * shared, so together they route like one. Needs a redis-server; arguments: {@code [host] [port] [tenant]}
 * (defaults localhost 6379 demo).
 */
public final class SharedRedisExample {
  private SharedRedisExample() {}

  /** Routes 12 leads alternately through two routers on one Redis and prints who got what. */
  public static void main(String[] args) {
    String host = args.length > 0 ? args[0] : "localhost";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 6379;
    String tenant = args.length > 2 ? args[2] : "demo";
    List<Rep> reps = List.of(
        Rep.builder("ana").territories("US").capacity(2).build(),
        Rep.builder("ben").territories("US").capacity(2).build(),
        Rep.builder("cai").territories("US").capacity(2).build());
    try (RedisStateStore nodeA = RedisStateStore.builder(tenant).endpoint(host, port).build();
        RedisStateStore nodeB = RedisStateStore.builder(tenant).endpoint(host, port).build();
        Router routerA = Router.builder().roster(reps).stateStore(nodeA).step("round-robin").build();
        Router routerB = Router.builder().roster(reps).stateStore(nodeB).step("round-robin").build()) {
      Map<String, Integer> perRep = new TreeMap<>();
      for (int i = 1; i <= 8; i++) {
        Router router = i % 2 == 0 ? routerB : routerA;
        Decision d = router.route(Lead.builder("lead-" + i).country("US").build());
        String where = d.repId() != null ? d.repId() : "queue " + d.queue();
        perRep.merge(where, 1, Integer::sum);
        System.out.println((i % 2 == 0 ? "node B" : "node A") + " routed lead-" + i + " -> " + where);
      }
      // Capacity 2 each, shared: after 6 leads every rep is full on both nodes, so leads 7 and 8 are queued.
      System.out.println("per rep: " + perRep);
      for (int i = 1; i <= 8; i++) {
        routerA.release("lead-" + i);
      }
    }
  }
}
