package io.smartrouting.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lean Drools rule set makes the weighted router's decision, so the benchmark ratio compares like with like. */
class DroolsArgmaxAgreementTest {

  @ParameterizedTest(name = "seed {0}, {1} reps")
  @CsvSource({"5, 300", "6, 40", "7, 1000"})
  void theArgmaxRuleSetAgreesWithTheWeightedRouter(long seed, int reps) {
    BenchWorld world = BenchWorld.generate(seed, reps, 1500);
    Router router = Router.builder().roster(world.reps).accounts(world.accounts).step("weighted").build();
    int assigned = 0;
    try (DroolsArgmaxRouter drools = new DroolsArgmaxRouter(world.reps, world.accounts)) {
      for (Lead lead : world.leads) {
        Decision d = router.route(lead);
        router.release(d.leadId());
        assertThat(drools.route(lead)).as("lead %s\n%s", lead.id(), d.explain()).isEqualTo(d.repId());
        assigned += d.isAssigned() ? 1 : 0;
      }
    }
    assertThat(assigned).isGreaterThan(reps > 100 ? 1000 : 300);
  }
}
