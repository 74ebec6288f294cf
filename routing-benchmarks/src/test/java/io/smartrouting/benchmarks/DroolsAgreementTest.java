package io.smartrouting.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.Router;
import org.junit.jupiter.api.Test;

/** The Drools version makes the weighted router's decision, so the benchmark ratio compares like with like. */
class DroolsAgreementTest {

  @Test
  void droolsAgreesWithTheWeightedRouter() {
    BenchWorld world = BenchWorld.generate(5, 300, 1500);
    Router router = Router.builder().roster(world.reps).accounts(world.accounts).step("weighted").build();
    int assigned = 0;
    try (DroolsRouter drools = new DroolsRouter(world.reps, world.accounts)) {
      for (Lead lead : world.leads) {
        Decision d = router.route(lead);
        router.release(d.leadId());
        assertThat(drools.route(lead)).as("lead %s", lead.id()).isEqualTo(d.repId());
        assigned += d.isAssigned() ? 1 : 0;
      }
    }
    assertThat(assigned).isGreaterThan(1000);
  }
}
