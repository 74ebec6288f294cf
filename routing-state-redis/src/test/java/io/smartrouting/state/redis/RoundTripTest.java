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
 * Counts the round trips a decision and its release make on the shared path: the unit, the placement, the lead's facts
 * and a round-robin turn are one script, the release of placement and unit one more.
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
  void aDecisionAndItsReleaseTakeTwoRoundTripsWeightedOrRoundRobin() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(20, 100);
    try (RedisStateStore store = quietStore("round-trips"); // no background round trips during the count
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers()
            .sla(Tier.TIER_2, Duration.ofHours(1)).defaultChain().build()) {
      // Tier 2 (weighted), with an SLA: one script takes the unit and writes the placement with the lead's facts
      // (and answers if the lead was placed already); one more releases both.
      double weighted = perLead(store, router, "t2-", Lead.builder("x").country("US").icpScore(90), 50);
      assertThat(weighted).isEqualTo(2.0);
      // Tier 3 (round-robin): the shared turn, predicted from what this router knows, is taken by the same script.
      double roundRobin = perLead(store, router, "t3-", Lead.builder("x").country("US").employees(40), 50);
      assertThat(roundRobin).isEqualTo(2.0);
    }
  }

  /** The default chain on {@code store} with an hour's first-contact deadline for Tier 2 leads, timers by hand. */
  private static Router tier2Deadlines(List<Rep> reps, RedisStateStore store, io.smartrouting.core.ManualClock clock) {
    return Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers()
        .sla(Tier.TIER_2, Duration.ofHours(1)).defaultChain().build();
  }

  @Test
  void aFirstContactAndItsResponseTimeAreOneRoundTripAndEveryNodeSeesTheResponse() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(4, 100);
    io.smartrouting.core.ManualClock clock = new io.smartrouting.core.ManualClock(
        java.time.Instant.parse("2026-12-04T16:00:00Z"));
    try (RedisStateStore store = quietStore("contacts");
        RedisStateStore other = quietStore("contacts");
        Router router = tier2Deadlines(reps, store, clock)) {
      Decision d = router.route(Lead.builder("c-1").country("US").icpScore(90).build());
      clock.advance(Duration.ofMinutes(12));
      long before = store.roundTrips();
      assertThat(router.recordContact(d.leadId(), clock.instant())).isTrue();
      assertThat(store.roundTrips() - before).as("contact and response time in one script").isEqualTo(1);
      assertThat(router.recordContact(d.leadId(), clock.instant())).as("a second contact is not first").isFalse();
      assertThat(store.placement(d.leadId()).contactedAt()).isEqualTo(clock.instant());
      other.rep(d.repId()); // a rep the other node knows (its view covers its roster's reps)
      other.refresh();
      double oneResponseOf12 = io.smartrouting.core.state.RepState.meanWithPrior(0, 1, 12.0);
      assertThat(other.rep(d.repId()).meanResponseMinutes(0)).as("the response time, on every node")
          .isEqualTo(oneResponseOf12);
      assertThat(store.rep(d.repId()).meanResponseMinutes(0)).isEqualTo(oneResponseOf12);
      Decision e = router.route(Lead.builder("c-2").country("US").icpScore(90).build());
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> router.recordContact(e.leadId(), clock.instant().minusSeconds(6)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the assignment");
      assertThat(store.placement(e.leadId()).contactedAt()).as("nothing changed").isNull();
      // Within five seconds before the assignment (another machine's clock): counted at the assignment.
      assertThat(router.recordContact(e.leadId(), clock.instant().minusSeconds(2))).isTrue();
      assertThat(store.placement(e.leadId()).contactedAt()).isEqualTo(clock.instant());
    }
  }

  @Test
  void aRoundRobinTurnAnotherRouterTookCostsOneRetryAndNeverAWrongTurn() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(5, 1000);
    try (RedisStateStore s1 = quietStore("rr-stale");
        RedisStateStore s2 = quietStore("rr-stale");
        Router r1 = Router.builder().roster(reps).stateStore(s1).manualTimers().step("round-robin").build();
        Router r2 = Router.builder().roster(reps).stateStore(s2).manualTimers().step("round-robin").build();
        Router control = Router.builder().roster(reps).manualTimers().step("round-robin").build()) {
      for (int i = 0; i < 40; i++) {
        // Alternating: each router's view of the turns is one turn behind whenever it decides.
        RedisStateStore store = i % 2 == 0 ? s1 : s2;
        long before = store.roundTrips();
        Decision d = (i % 2 == 0 ? r1 : r2).route(Lead.builder("lead-" + i).country("US").build());
        long trips = store.roundTrips() - before;
        // The same rep as one in-memory router taking every turn.
        assertThat(d.repId()).as("lead %d", i).isEqualTo(control.route(Lead.builder("c-" + i).country("US").build()).repId());
        assertThat(trips).as("round trips of lead %d", i).isBetween(1L, 2L);
        if (i >= 2) {
          assertThat(trips).as("a stale view is learned and retried once, lead %d", i).isEqualTo(2L);
        }
      }
      // One router alone again: its view is current after one retry.
      for (int i = 0; i < 10; i++) {
        long before = s1.roundTrips();
        r1.route(Lead.builder("alone-" + i).country("US").build());
        assertThat(s1.roundTrips() - before).isEqualTo(i == 0 ? 2L : 1L);
      }
    }
  }

  /**
   * A move on the node that routed the lead: the placement read, the new holder's unit taken, then one script that
   * swaps the placement, gives back the old holder's unit and saves the lead's facts (three calls before 6 December:
   * the swap, the release and the facts each their own).
   */
  @Test
  void aMoveIsThreeRoundTripsTheSwapReleaseAndFactsOneScript() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(4, 100);
    io.smartrouting.core.ManualClock clock = new io.smartrouting.core.ManualClock(
        java.time.Instant.parse("2026-12-06T16:00:00Z"));
    try (RedisStateStore store = quietStore("move-trips");
        Router router = tier2Deadlines(reps, store, clock)) {
      Decision first = router.route(Lead.builder("m-1").country("US").icpScore(90).build());
      String other = reps.stream().map(Rep::id).filter(id -> !id.equals(first.repId())).findFirst().orElseThrow();
      long before = store.roundTrips();
      Decision moved = router.reassign("m-1", other, "the customer asked for them");
      assertThat(store.roundTrips() - before).as("round trips of a reassignment").isEqualTo(3);
      assertThat(moved.repId()).isEqualTo(other);
      assertThat(store.rep(first.repId()).openLeads()).as("the old holder's unit given back").isZero();
      assertThat(store.rep(other).openLeads()).isEqualTo(1);
      assertThat(store.placement("m-1").repId()).isEqualTo(other);
      assertThat(store.savedLead("m-1").country()).isEqualTo("US");
      before = store.roundTrips();
      Decision transferred = router.transfer("m-1");
      assertThat(store.roundTrips() - before).as("round trips of a transfer through the chain").isEqualTo(3);
      assertThat(transferred.repId()).isNotNull().isNotEqualTo(other);
      assertThat(store.rep(other).openLeads()).isZero();
    }
  }
}
