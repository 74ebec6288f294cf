package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.testing.Concurrently;
import io.smartrouting.spi.StrategyResult;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Decision counts are kept in per-thread stripes: whatever the threads and however many step labels, the metrics add
 * up to exactly the decisions made.
 */
class MetricsCountingTest {

  private static final int STEPS = 40;

  /** A chain of {@value #STEPS} steps; step k assigns the leads whose number is k modulo the step count. */
  private static Router router() {
    List<Rep> roster = IntStream.range(0, 8)
        .mapToObj(i -> Rep.builder("rep-" + i).territories("*").capacity(1_000_000).build()).toList();
    Router.Builder b = Router.builder().roster(roster).strategies(StrategyRegistry.of()).manualTimers();
    for (int k = 0; k < STEPS; k++) {
      int mine = k;
      b.step("step-" + k, ctx -> {
        int n = Integer.parseInt(ctx.lead().id().substring(ctx.lead().id().indexOf('-') + 1));
        return n % STEPS == mine ? StrategyResult.assign(ctx.candidates().first(), "mine")
            : StrategyResult.pass("not mine");
      });
    }
    return b.build();
  }

  /**
   * The counters are made at the first decision (a router per tenant that never routes does not hold them), by
   * whichever of the four threads gets there first: the test above loses counts if two threads each make their own.
   * Before that, the metrics read zero.
   */
  @Test
  void aRouterThatNeverRoutedCountsNothing() {
    try (Router router = router()) {
      RoutingMetrics m = router.metrics();
      assertThat(m.decisionsByTier().values()).allMatch(n -> n == 0);
      assertThat(m.decisionsBySegment().values()).allMatch(n -> n == 0);
      assertThat(m.decisionsByStrategy().values()).allMatch(n -> n == 0);
      router.route(Lead.builder("lead-0").build());
      assertThat(router.metrics().decisionsByStrategy()).containsEntry("step-0", 1L);
    }
  }

  @Test
  void countsFromFourThreadsAndFortyStepLabelsAddUpToTheDecisions() throws InterruptedException {
    Router router = router();
    int threads = 4;
    int perThread = 2_000;
    Concurrently.run(threads, t -> {
      for (int i = t * perThread; i < (t + 1) * perThread; i++) {
        router.route(Lead.builder("lead-" + i).build());
      }
    });
    RoutingMetrics m = router.metrics();
    int total = threads * perThread;
    assertThat(m.decisionsByTier().get(Tier.TIER_3)).isEqualTo(total);
    assertThat(m.decisionsBySegment().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    // More labels than a stripe has slots: the later ones count in the overflow, and none is lost.
    assertThat(m.decisionsByStrategy()).hasSize(STEPS);
    for (int k = 0; k < STEPS; k++) {
      assertThat(m.decisionsByStrategy()).containsEntry("step-" + k, (long) total / STEPS);
    }
  }
}
