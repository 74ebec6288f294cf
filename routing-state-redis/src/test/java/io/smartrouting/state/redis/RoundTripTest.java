package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counts the round trips a decision and its release make on the shared path: the unit, the placement and the lead's
 * facts are one script, the release of placement and unit one more.
 */
class RoundTripTest extends RedisServerTest {

  static double perLead(RedisStateStore store, Router router, String prefix, Lead.Builder lead, int n) {
    // Warm: scripts loaded, rep views created.
    router.release(router.route(lead.id(prefix + "warm").build()).leadId());
    long before = store.roundTrips();
    for (int i = 0; i < n; i++) {
      Decision d = router.route(lead.id(prefix + i).build());
      assertThat(d.repId()).isNotNull();
      assertThat(router.release(d.leadId())).isTrue();
    }
    return (store.roundTrips() - before) / (double) n;
  }

  @Test
  void aWeightedDecisionAndItsReleaseTakeTwoRoundTripsARoundRobinOneThree() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(20, 100);
    try (RedisStateStore store = server.store("round-trips").refreshInterval(Duration.ofHours(1))
        .takeover(Duration.ofHours(1)).build(); // no background round trips during the count
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers()
            .sla(Tier.TIER_2, Duration.ofHours(1)).defaultChain().build()) {
      // Tier 2 (weighted), with an SLA: one script takes the unit and writes the placement with the lead's facts
      // (and answers if the lead was placed already); one more releases both.
      double weighted = perLead(store, router, "t2-", Lead.builder("x").country("US").icpScore(90), 50);
      assertThat(weighted).isEqualTo(2.0);
      // Tier 3 (round-robin): one more, the shared turn.
      double roundRobin = perLead(store, router, "t3-", Lead.builder("x").country("US").employees(40), 50);
      assertThat(roundRobin).isEqualTo(3.0);
    }
  }
}
