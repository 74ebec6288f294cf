package io.smartrouting.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stream-max baseline makes the router's decision, so the benchmark ratio compares like with like. */
class StreamMaxAgreementTest {

  @ParameterizedTest(name = "seed {0}, {1} reps")
  @CsvSource({"1, 50", "2, 400", "3, 2000", "4, 20"})
  void picksTheSameRepAsTheRouterOnThousandsOfLeads(long seed, int reps) {
    BenchWorld world = BenchWorld.generate(seed, reps, 3000);
    Router router = Router.builder().roster(world.reps).accounts(world.accounts).defaultChain().build();
    StreamMaxRouter streamMax = new StreamMaxRouter(world.reps, world.accounts);
    Map<String, Integer> byStep = new HashMap<>();
    int i = 0;
    for (Lead lead : world.leads) {
      Decision d = router.route(lead);
      String expected = d.isAssigned() ? d.repId() : LinearScanRouter.QUEUE;
      assertThat(streamMax.route(lead)).as("lead %s (%s), decided by %s", lead.id(), d.tier(), d.decidedBy())
          .isEqualTo(expected);
      byStep.merge(d.decidedBy(), 1, Integer::sum);
      // Keep some leads open so that capacity, headroom and round-robin state all come into play.
      if (i++ % 3 != 0) {
        router.release(lead.id());
        streamMax.release(lead.id());
      }
    }
    assertThat(byStep).containsKeys("account-owner", "tier-fast-track", "weighted", "round-robin");
  }
}
