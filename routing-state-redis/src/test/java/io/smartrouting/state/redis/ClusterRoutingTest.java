package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The store on a three-master Redis Cluster started by the test: tenants land on different masters, each tenant's
 * keys stay in its one slot (so every script runs on one master), two routers per tenant share capacity exactly as
 * on one server, a decision still costs the same round trips, and each tenant has one timer-lease holder.
 */
class ClusterRoutingTest {

  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  /** One tenant name served by each master, in master order. */
  private static List<String> tenantPerMaster() {
    String[] found = new String[3];
    for (int i = 0; found[0] == null || found[1] == null || found[2] == null; i++) {
      String tenant = "tenant-" + i;
      int master = RedisCluster.masterOf(JedisClusterCRC16.getSlot(tenant));
      if (found[master] == null) {
        found[master] = tenant;
      }
    }
    return List.of(found);
  }

  @Test
  void tenantsOnThreeMastersRouteConcurrentlyWithSharedCapacityAndKeysInOneSlot() throws Exception {
    List<String> tenants = tenantPerMaster();
    List<Rep> reps = SharedRoutingTest.roster(6, 20); // 6 reps of capacity 20-22 for 200 leads: some wait in queue
    for (String tenant : tenants) {
      try (RedisStateStore a = cluster.store(tenant).build(); RedisStateStore b = cluster.store(tenant).build();
          Router ra = Router.builder().roster(reps).stateStore(a).manualTimers().defaultChain().build();
          Router rb = Router.builder().roster(reps).stateStore(b).manualTimers().defaultChain().build()) {
        List<String> open = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < 4; t++) {
            Router router = t % 2 == 0 ? ra : rb;
            int thread = t;
            done.add(pool.submit(() -> {
              for (int i = 0; i < 50; i++) {
                Decision d = router.route(SharedRoutingTest.lead(tenant + "-" + thread + "-" + i, i));
                assertThat(d.repId() != null || d.queue() != null).isTrue();
                open.add(d.leadId());
              }
            }));
          }
          for (Future<?> f : done) {
            f.get();
          }
        } finally {
          pool.shutdownNow();
        }
        assertThat(open).hasSize(200);
        SharedRoutingTest.assertConsistent(a, reps, open);
        long queued = a.placements().stream().filter(p -> p.queue() != null).count();
        assertThat(queued).as("capacity bound hit on the cluster").isPositive();
        assertThat(a.holdsTimerLease() ^ b.holdsTimerLease()).as("one timer-lease holder for %s", tenant).isTrue();
      }
    }
    // Each master holds exactly the keys of the tenant whose slot it serves.
    for (int m = 0; m < 3; m++) {
      String own = "sr:{" + tenants.get(m) + "}:";
      try (Jedis node = cluster.jedis(m)) {
        Set<String> keys = node.keys("*");
        assertThat(keys).as("master %d holds its tenant's keys", m).isNotEmpty().allMatch(k -> k.startsWith(own));
      }
    }
  }

  @Test
  void aDecisionAndItsReleaseTakeAsFewRoundTripsAsOnOneServer() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(20, 100);
    String tenant = tenantPerMaster().get(1);
    try (RedisStateStore store = cluster.store(tenant + "-rt").refreshInterval(Duration.ofHours(1))
        .takeover(Duration.ofHours(1)).build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers()
            .sla(Tier.TIER_2, Duration.ofHours(1)).defaultChain().build()) {
      double weighted = RoundTripTest.perLead(store, router, "c-t2-", Lead.builder("x").country("US").icpScore(90), 50);
      assertThat(weighted).isEqualTo(2.0);
    }
  }

  @Test
  void badSeedsAreNamed() {
    assertThatThrownBy(() -> RedisStateStore.builder("t").cluster(List.of("127.0.0.1:7000", "nohost")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster seeds[1]")
        .hasMessageContaining("'nohost'");
    assertThatThrownBy(() -> RedisStateStore.builder("t").cluster(List.of(":7000")))
        .hasMessageContaining("cluster seeds[0]");
    assertThatThrownBy(() -> RedisStateStore.builder("t").cluster(List.of("h:99999")))
        .hasMessageContaining("port in 1..65535");
    assertThatThrownBy(() -> RedisStateStore.builder("t").cluster(List.of()))
        .hasMessageContaining("at least one host:port");
  }
}
