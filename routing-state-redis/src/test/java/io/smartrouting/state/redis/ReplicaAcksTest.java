package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code replicaAcks}: a write counts only once a replica has it. With a replica, what a call reported done is on the
 * replica when the call returns; without one, every write counts as not made, and the router queues and journals as
 * it does during an outage.
 */
class ReplicaAcksTest {

  private static void awaitLinked(RedisServer replica) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!replica.command("INFO replication").contains("master_link_status:up")) {
      assertThat(System.nanoTime()).as("replica linked within 20 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static long masterOffset(RedisServer master) {
    return field(master.command("INFO replication"), "master_repl_offset:", "\r");
  }

  /** The offset the master's first replica last confirmed. */
  private static long replicaOffset(RedisServer master) {
    return field(master.command("INFO replication"), "offset=", ",");
  }

  private static long field(String info, String name, String end) {
    int from = info.indexOf(name) + name.length();
    return Long.parseLong(info.substring(from, info.indexOf(end, from)).trim());
  }

  @Test
  void withAReplicaWhatRouteReleaseAndContactReportIsOnTheReplicaWhenTheyReturn() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(4, 50);
    try (RedisServer master = RedisServer.start("everysec"); RedisServer replica = RedisServer.startReplicaOf(master)) {
      awaitLinked(replica);
      try (RedisStateStore store = master.store("acks").replicaAcks(1, Duration.ofSeconds(2))
          .refreshInterval(Duration.ofHours(1)).takeover(Duration.ofHours(1)).build(); // no background writes
          Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
        for (int i = 0; i < 20; i++) {
          Decision d = router.route(SharedRoutingTest.lead("a-" + i, i));
          assertThat(d.hasFlag(Flag.STATE_UNAVAILABLE)).as("lead %d confirmed", i).isFalse();
          assertThat(replica.command("HGET sr:{acks}:lead:a-" + i + " tier")).as("lead %d on the replica", i)
              .isEqualTo(d.tier().name());
        }
        // A replica busy for 300 ms (a read-only script that spins) reads no replication meanwhile: a decision
        // made then returns only once the replica has it.
        Thread busy = new Thread(() -> replica.command("EVAL \"local s = redis.call('TIME') repeat local t ="
            + " redis.call('TIME') until (t[1] - s[1]) * 1000000 + (t[2] - s[2]) > 300000 return 1\" 0"));
        busy.start();
        Thread.sleep(50);
        long before = masterOffset(master);
        Decision late = router.route(SharedRoutingTest.lead("late", 3));
        assertThat(late.hasFlag(Flag.STATE_UNAVAILABLE)).isFalse();
        assertThat(replicaOffset(master)).as("the replica confirmed the decision's write when route returned")
            .isGreaterThan(before);
        busy.join();
        assertThat(router.release("a-0")).isTrue();
        assertThat(replica.command("EXISTS sr:{acks}:lead:a-0")).isEqualTo(":0");
        Instant at = Instant.now().plusSeconds(1);
        assertThat(router.recordContact("a-1", at)).isTrue();
        assertThat(replica.command("HGET sr:{acks}:lead:a-1 cts")).isEqualTo(Long.toString(at.toEpochMilli()));
      }
    }
  }

  @Test
  void withoutAReplicaEveryWriteCountsAsNotMadeAndNothingIsLost() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(4, 50);
    try (RedisServer alone = RedisServer.start("everysec");
        RedisStateStore store = alone.store("acks-alone").replicaAcks(1, Duration.ofMillis(20)).build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      Decision d = router.route(Lead.builder("b-1").country("US").build());
      assertThat(d.hasFlag(Flag.STATE_UNAVAILABLE)).as("not confirmed: queued, flagged").isTrue();
      assertThat(router.unreconciledLeads()).isEqualTo(1);
      Thread.sleep(250); // past retryAfter
      router.reconcile();
      assertThat(router.unreconciledLeads()).as("still unconfirmed, still kept").isEqualTo(1);
      assertThatThrownBy(() -> RedisStateStore.builder("x").replicaAcks(-1, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicaAcks");
    }
  }

  @Test
  void theViewsAndTheOutcomesReadsDoNotWaitForReplicas() throws Exception {
    try (RedisServer alone = RedisServer.start("everysec");
        RedisStateStore writer = alone.store("acks-view").build();
        RedisStateStore store = alone.store("acks-view").replicaAcks(1, Duration.ofSeconds(2))
            .refreshInterval(Duration.ofHours(1)).build()) {
      store.rep("r1");
      writer.placeAndReserve(new io.smartrouting.core.state.Placement("v-1", "r1", null,
          io.smartrouting.api.Tier.TIER_2, Instant.now(), null, false, null), null, 5);
      // No replica: a read waiting for one would take the 2 s and fail. The view's reads take no confirmation.
      long started = System.nanoTime();
      store.refresh();
      store.refreshFromNotes();
      writer.releasePlacement("v-1");
      store.refreshFromNotes();
      writer.recordOutcome("r1", io.smartrouting.api.Segment.SMB, null, true);
      assertThat(store.outcomeCounts()).hasSize(1);
      writer.recordOutcome("r1", io.smartrouting.api.Segment.SMB, null, true);
      assertThat(store.outcomeCounts()).singleElement().satisfies(c -> assertThat(c.outcomes()).isEqualTo(2));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(store.rep("r1").openLeads()).isZero();
    }
  }
}
