package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.experiment.Experiment;
import io.smartrouting.core.experiment.StickyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * An experiment on many nodes: each node runs a router per variant on its store, each owning its variant's leads
 * ({@link Router.Builder#ownsLeads}), so the node that holds the timer lease drains and escalates every lead with its
 * own variant's chain. Before, its control router took up the other variant's queued leads and assigned them.
 */
class SharedExperimentTest extends RedisServerTest {

  private static final Instant T0 = Instant.parse("2026-12-06T15:00:00Z");
  private static final List<String> VARIANTS = List.of("control", "hold");
  private static final Function<Lead, String> SPLIT =
      Experiment.splitter("hold-test", StickyKey.LEAD_ID, VARIANTS, List.of(1.0, 1.0));

  /** One node's experiment on {@code store}: the control assigns round-robin, the hold variant queues every lead. */
  private static Experiment node(RedisStateStore store, ManualClock clock, boolean owning) {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(100).build(),
        Rep.builder("ben").territories("US").capacity(100).build());
    Experiment.Builder b = Experiment.builder("hold-test");
    for (String v : VARIANTS) {
      Router.Builder rb = Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers()
          .step(v.equals("control") ? ChainStep.of("round-robin") : ChainStep.toQueue("holding"));
      if (owning) {
        rb.ownsLeads(lead -> SPLIT.apply(lead).equals(v));
      }
      b.variant(v, rb.build(), 1);
    }
    return b.build();
  }

  @Test
  void theLeaseHolderDrainsEachVariantsQueuedLeadsWithItsOwnChain() throws Exception {
    assertThat(heldLeadsAfterTheHolderTicks("exp-owned", true)).as("the hold variant's leads stay held").isZero();
    assertThat(heldLeadsAfterTheHolderTicks("exp-unowned", false))
        .as("without ownership the holder's control router drained them to reps").isPositive();
  }

  /**
   * Routes 20 leads on the node that does not hold the lease, ticks the holder's routers, and counts the hold
   * variant's leads that left the holding queue.
   */
  private static int heldLeadsAfterTheHolderTicks(String tenant, boolean owning) throws Exception {
    ManualClock clock = new ManualClock(T0);
    RedisStateStore sa = server.store(tenant).takeover(Duration.ofSeconds(2)).refreshInterval(Duration.ofMillis(50))
        .build();
    RedisStateStore sb = server.store(tenant).takeover(Duration.ofSeconds(2)).refreshInterval(Duration.ofMillis(50))
        .build();
    try (sa; sb; Experiment holder = node(sa, clock, owning); Experiment other = node(sb, clock, owning)) {
      for (String v : VARIANTS) {
        holder.router(v).fireDueTimers(); // takes the lease
      }
      assertThat(sa.holdsTimerLease()).isTrue();
      assertThat(sb.holdsTimerLease()).isFalse();
      List<String> held = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Decision d = other.route(Lead.builder("x" + i).country("US").build());
        if (other.variantOf(Lead.builder("x" + i).country("US").build()).equals("hold")) {
          assertThat(d.queue()).isEqualTo("holding");
          held.add(d.leadId());
        } else {
          assertThat(d.repId()).isNotNull();
        }
      }
      assertThat(held).isNotEmpty();
      clock.set(T0.plus(Duration.ofMinutes(1)));
      sa.refresh();
      for (int tick = 0; tick < 3; tick++) {
        for (String v : VARIANTS) {
          holder.router(v).fireDueTimers();
        }
      }
      int left = 0;
      for (String id : held) {
        left += sa.placement(id).queue() == null ? 1 : 0;
      }
      return left;
    }
  }
}
