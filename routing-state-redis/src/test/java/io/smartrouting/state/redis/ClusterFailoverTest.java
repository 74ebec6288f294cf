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
 * lost: every rep's open set equals its placements afterwards.
 */
class ClusterFailoverTest {

  @Test
  void aKilledMasterIsReplacedByItsReplicaAndEveryLeadIsStillInExactlyOnePlace() throws Exception {
    try (RedisCluster cluster = RedisCluster.startWithReplicas()) {
      String tenant = "failover";
      int m = RedisCluster.masterOf(JedisClusterCRC16.getSlot(tenant));
      List<Rep> reps = SharedRoutingTest.roster(6, 100);
      try (RedisStateStore store = cluster.store(tenant).build();
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
        // Redis replicates asynchronously: a write its master acknowledged and had not sent on dies with it. Wait
        // until the replica has everything, so that the test checks the takeover, not that window.
        try (Jedis master = cluster.jedis(m)) {
          assertThat(master.waitReplicas(1, 5_000)).isEqualTo(1);
        }
        cluster.masters.get(m).kill();

        int queued = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int i = 0; ; i++) {
          Decision d = router.route(SharedRoutingTest.lead("during-" + i, i));
          open.add(d.leadId());
          if (!d.hasFlag(Flag.STATE_UNAVAILABLE)) {
            break; // the replica answers as the tenant's master now
          }
          queued++;
          assertThat(System.nanoTime()).as("the replica took over within 60 s").isLessThan(deadline);
          Thread.sleep(100);
        }
        assertThat(queued).as("leads routed while no master answered were queued").isPositive();
        OutageJournalTest.waitUntilReconciled(router);
        for (int i = 0; i < 20; i++) {
          Decision d = router.route(SharedRoutingTest.lead("after-" + i, i));
          assertThat(d.hasFlag(Flag.STATE_UNAVAILABLE)).isFalse();
          open.add(d.leadId());
        }
        try (Jedis promoted = new Jedis("127.0.0.1", cluster.replicas.get(m).port)) {
          assertThat(promoted.info("replication")).contains("role:master");
        }
        SharedRoutingTest.assertConsistent(store, reps, open);
      }
    }
  }
}
