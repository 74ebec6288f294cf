package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The tenant's master in a Redis Cluster is killed mid-run: its replica takes over, the router keeps routing (leads
 * that arrive while no master answers are queued and flagged, and written once the replica answers), and no lead is
 * lost: every rep's open set equals its placements afterwards. With {@code replicaAcks} the master may die right after
 * a write it confirmed.
 */
class ClusterFailoverTest {

  @Test
  void aKilledMasterIsReplacedByItsReplicaAndEveryLeadIsStillInExactlyOnePlace() throws Exception {
    killTheTenantsMasterMidRun(false);
  }

  @Test
  void withReplicaAcksTheMasterMayDieRightAfterAWriteAndNothingIsLost() throws Exception {
    killTheTenantsMasterMidRun(true);
  }

  /** The replica's role and view of the cluster, and the last decision's flags and state-store note. */
  private static String diagnostics(RedisCluster cluster, int m, Decision last) {
    StringBuilder sb = new StringBuilder();
    try (Jedis replica = new Jedis("127.0.0.1", cluster.replicas.get(m).port)) {
      String replication = replica.info("replication");
      sb.append("replica ").append(replication.contains("role:master") ? "promoted" : "not promoted")
          .append("; its cluster nodes:\n").append(replica.clusterNodes());
    } catch (RuntimeException e) {
      sb.append("replica unreachable: ").append(e);
    }
    sb.append("\nlast decision: flags ").append(last.flags()).append(", ").append(last.explain().lines()
        .filter(l -> l.contains("state") || l.contains("redis")).findFirst().orElse("(no state-store line)"));
    return sb.toString();
  }

  private static boolean promoted(RedisCluster cluster, int m) {
    try (Jedis replica = new Jedis("127.0.0.1", cluster.replicas.get(m).port)) {
      return replica.info("replication").contains("role:master");
    }
  }

  /**
   * Routes and releases, kills the tenant's master, routes on until its replica answers, then checks every lead.
   * Without {@code replicaAcks}, Redis replicates asynchronously: a write its master acknowledged and had not sent on
   * dies with it, so the test first waits for the replica ({@code WAIT}); with them, it kills the master at once, and
   * brings it back once its replica is promoted (a write is confirmed only by a replica of the new master).
   */
  private static void killTheTenantsMasterMidRun(boolean replicaAcks) throws Exception {
    try (RedisCluster cluster = RedisCluster.startWithReplicas()) {
      String tenant = "failover";
      int m = RedisCluster.masterOf(JedisClusterCRC16.getSlot(tenant));
      List<Rep> reps = SharedRoutingTest.roster(6, 100);
      RedisStateStore.Builder builder = cluster.store(tenant);
      if (replicaAcks) {
        builder.replicaAcks(1, Duration.ofSeconds(1));
      }
      try (RedisStateStore store = builder.build();
          Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
        List<String> open = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          Decision d = router.route(SharedRoutingTest.lead("before-" + i, i));
          assertThat(d.repId()).as("lead %d assigned", i).isNotNull();
          open.add(d.leadId());
        }
        for (int i = 0; i < 10; i++) {
          assertThat(router.release(open.remove(0))).isTrue();
        }
        if (!replicaAcks) {
          try (Jedis master = cluster.jedis(m)) {
            assertThat(master.waitReplicas(1, 5_000)).isEqualTo(1);
          }
        }
        cluster.masters.get(m).kill();

        int queued = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean restarted = false;
        for (int i = 0; ; i++) {
          Decision d = router.route(SharedRoutingTest.lead("during-" + i, i));
          open.add(d.leadId());
          if (!d.hasFlag(Flag.STATE_UNAVAILABLE)) {
            break; // the replica answers as the tenant's master now (and, with acks, has a replica of its own)
          }
          if (replicaAcks && !restarted && promoted(cluster, m)) {
            // The promoted master has no replica to confirm writes until the old one returns (as its replica).
            cluster.masters.get(m).restart();
            restarted = true;
          }
          queued++;
          if (System.nanoTime() - deadline > 0) {
            // Rare on CI (once in many full builds, 4 December): say whether the cluster failed over or the client
            // did not follow it, so that the next occurrence can be told apart.
            throw new AssertionError("the replica did not take over within 60 s; " + diagnostics(cluster, m, d));
          }
          Thread.sleep(100);
        }
        assertThat(queued).as("leads routed while no master answered were queued").isPositive();
        OutageJournalTest.waitUntilReconciled(router);
        // Routing is back to normal: 20 decisions in a row answered by Redis. (A call that fails while the cluster
        // settles, a background refresh included, makes the store fail fast for retryAfter: the decisions meanwhile
        // are queued and reconciled, as during the outage. Once in a few full builds that happened right after the
        // reconcile, 5 December.)
        int normal = 0;
        long settled = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int i = 0; normal < 20; i++) {
          Decision d = router.route(SharedRoutingTest.lead("after-" + i, i));
          open.add(d.leadId());
          if (d.hasFlag(Flag.STATE_UNAVAILABLE)) {
            normal = 0;
            assertThat(System.nanoTime() - settled).as("routing back to normal within 10 s").isNegative();
            Thread.sleep(100);
          } else {
            normal++;
          }
        }
        OutageJournalTest.waitUntilReconciled(router);
        try (Jedis promoted = new Jedis("127.0.0.1", cluster.replicas.get(m).port)) {
          assertThat(promoted.info("replication")).contains("role:master");
        }
        SharedRoutingTest.assertConsistent(store, reps, open);
      }
    }
  }
}
