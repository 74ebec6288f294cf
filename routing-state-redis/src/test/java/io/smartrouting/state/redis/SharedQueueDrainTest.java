package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.Router;
import io.smartrouting.core.state.Placement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Wait queues on Redis: two nodes that both know a queued lead drain it concurrently, and it is assigned exactly once
 * (each move is a compare-and-set on the shared placement; the node that loses gives its reserved unit back).
 */
class SharedQueueDrainTest extends RedisServerTest {

  @Test
  void twoNodesDrainingTheSameQueueAssignEachLeadOnce() throws Exception {
    List<Rep> reps = List.of(Rep.builder("a").territories("US").capacity(2).build(),
        Rep.builder("b").territories("US").capacity(2).build());
    List<RoutingEvent.LeadMoved> moves = new CopyOnWriteArrayList<>();
    try (RedisStateStore s1 = server.patientStore("drain").build();
        RedisStateStore s2 = server.patientStore("drain").build();
        Router n1 = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin")
            .listener(e -> record(e, moves)).build();
        Router n2 = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin")
            .listener(e -> record(e, moves)).build()) {
      List<String> open = new ArrayList<>();
      List<String> holding = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Decision d = n1.route(Lead.builder("first-" + i).country("US").build());
        assertThat(d.repId()).isNotNull();
        holding.add(d.leadId());
        open.add(d.leadId());
      }
      // Twenty leads nobody can take now; each reaches both nodes (a retried webhook, say), so both know it waits.
      for (int i = 0; i < 20; i++) {
        Lead lead = Lead.builder("waiting-" + i).country("US").build();
        Decision one = (i % 2 == 0 ? n1 : n2).route(lead);
        Decision other = (i % 2 == 0 ? n2 : n1).route(lead);
        assertThat(one.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
        assertThat(other.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
        open.add(lead.id());
      }
      assertThat(n1.waitingLeads()).isEqualTo(20);
      assertThat(n2.waitingLeads()).isEqualTo(20);
      SharedRoutingTest.assertConsistent(s1, reps, open);

      for (int round = 0; round < 5; round++) {
        for (String id : holding) {
          assertThat(n1.release(id)).isTrue();
          open.remove(id);
        }
        int before = moves.size();
        int[] drained = drainConcurrently(n1, n2);
        assertThat(drained[0] + drained[1]).as("round %d: the four freed units, each taken once", round)
            .isEqualTo(4);
        assertThat(moves.size() - before).isEqualTo(4);
        SharedRoutingTest.assertConsistent(s1, reps, open);
        holding = new ArrayList<>();
        for (Placement p : s1.placements()) {
          if (p.repId() != null) {
            holding.add(p.leadId());
          }
        }
        assertThat(holding).hasSize(4);
      }
      Map<String, Integer> drainedPerLead = new HashMap<>();
      for (RoutingEvent.LeadMoved m : moves) {
        assertThat(m.move()).isEqualTo(RoutingEvent.Move.DRAINED);
        drainedPerLead.merge(m.leadId(), 1, Integer::sum);
      }
      assertThat(drainedPerLead).hasSize(20).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
      n1.drainQueues();
      n2.drainQueues();
      assertThat(n1.waitingLeads()).isZero();
      assertThat(n2.waitingLeads()).as("the other node forgets leads it finds placed").isZero();
    }
  }

  private static void record(RoutingEvent e, List<RoutingEvent.LeadMoved> moves) {
    if (e instanceof RoutingEvent.LeadMoved) {
      moves.add((RoutingEvent.LeadMoved) e);
    }
  }

  private static int[] drainConcurrently(Router n1, Router n2) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    int[] out = new int[2];
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread t1 = new Thread(() -> run(go, () -> out[0] = n1.drainQueues(), failed));
    Thread t2 = new Thread(() -> run(go, () -> out[1] = n2.drainQueues(), failed));
    t1.start();
    t2.start();
    go.countDown();
    t1.join(30_000);
    t2.join(30_000);
    if (failed.get() != null) {
      throw new AssertionError("drain failed", failed.get());
    }
    return out;
  }

  private static void run(CountDownLatch go, Runnable r, AtomicReference<Throwable> failed) {
    try {
      go.await();
      r.run();
    } catch (Throwable t) {
      failed.set(t);
    }
  }
}
