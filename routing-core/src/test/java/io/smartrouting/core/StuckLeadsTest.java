package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Leads nobody is eligible for wait in a queue, and a drain pass skips each of them while nothing its eligibility
 * depends on has changed (the roster, the chain's configuration, the availability of the reps, the relaxations its
 * wait has earned, the reps it may not go back to). Each scenario lets the passes find nobody first, then changes one
 * of those, and the next pass must drain the leads: a pass that kept skipping would leave them waiting.
 */
class StuckLeadsTest {

  /** Monday 7 December 2026, 06:00 UTC: 07:00 in Berlin. */
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T06:00:00Z"));

  private static final Rep ANA = Rep.builder("ana").territories(List.of("US")).capacity(10).build();
  private static final Rep BERT = Rep.builder("bert").territories(List.of("DE")).capacity(10).build();

  private Router.Builder builder(List<Rep> roster) {
    return Router.builder().clock(clock).manualTimers().strategies(StrategyRegistry.of()).roster(roster)
        .step("least-loaded", TestStrategies.LEAST_LOADED);
  }

  /** Routes {@code n} leads from Germany, each of which must wait, and lets three passes find nobody for them. */
  private void stuck(Router router, int n) {
    for (int i = 0; i < n; i++) {
      assertThat(router.route(Lead.builder("de-" + i).country("DE").build()).queue()).isNotNull();
    }
    for (int pass = 0; pass < 3; pass++) {
      tick(router);
    }
    assertThat(router.waitingLeads()).as("nobody takes them").isEqualTo(n);
  }

  private void tick(Router router) {
    clock.advance(Duration.ofSeconds(1));
    router.fireDueTimers();
  }

  private static void allWith(Router router, String repId) {
    assertThat(router.waitingLeads()).as("drained").isZero();
    assertThat(router.openPlacements()).extracting(Placement::repId).containsOnly(repId);
  }

  @Test
  void aRepJoiningTheRosterTakesThem() {
    try (Router router = builder(List.of(ANA)).build()) {
      stuck(router, 3);
      router.updateRoster(List.of(ANA, BERT));
      tick(router);
      allWith(router, "bert");
    }
  }

  @Test
  void aRepJoiningAtTheSameInstantTakesThem() {
    // The clock stands still: the new roster's availability view is made for the same instant as the old one's, so
    // only the roster's version tells the passes apart.
    try (Router router = builder(List.of(ANA)).build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(router.route(Lead.builder("de-" + i).country("DE").build()).queue()).isNotNull();
      }
      router.fireDueTimers();
      router.fireDueTimers();
      assertThat(router.waitingLeads()).isEqualTo(3);
      router.updateRoster(List.of(ANA, BERT));
      router.fireDueTimers();
      allWith(router, "bert");
    }
  }

  @Test
  void aRepBackFromAManualOverrideTakesThem() {
    try (Router router = builder(List.of(ANA, BERT)).build()) {
      router.setAvailable("bert", false);
      stuck(router, 3);
      router.setAvailable("bert", true);
      tick(router);
      allWith(router, "bert");
    }
  }

  @Test
  void aShiftStartingTakesThem() {
    Rep berlin = Rep.builder("bert").territories(List.of("DE")).capacity(10).timeZone("Europe/Berlin")
        .workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0))).build();
    try (Router router = builder(List.of(ANA, berlin)).build()) {
      stuck(router, 3);
      clock.advance(Duration.ofMinutes(118)); // 08:58:03 in Berlin
      tick(router);
      assertThat(router.waitingLeads()).as("before bert's shift").isEqualTo(3);
      clock.advance(Duration.ofMinutes(2)); // his shift has begun
      tick(router);
      allWith(router, "bert");
    }
  }

  @Test
  void aRelaxationTheWaitEarnsTakesThem() {
    try (Router router = builder(List.of(ANA))
        .queuePolicy(QueuePolicy.of(Router.DEFAULT_FALLBACK_QUEUE)
            .relaxAfter(Duration.ofMinutes(30), QueuePolicy.Relaxation.ANY_TERRITORY))
        .build()) {
      stuck(router, 3);
      clock.advance(Duration.ofMinutes(31));
      tick(router);
      allWith(router, "ana");
    }
  }

  @Test
  void aReconfigurationLettingThemReachRegionRepsTakesThem() {
    Rep california = Rep.builder("cal").territories(List.of("US-CA")).capacity(10).build();
    try (Router router = builder(List.of(california)).build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(router.route(Lead.builder("us-" + i).country("US").build()).queue()).isNotNull();
      }
      for (int pass = 0; pass < 3; pass++) {
        tick(router);
      }
      assertThat(router.waitingLeads()).as("a lead without a region reaches no region's rep").isEqualTo(3);
      router.reconfigure(builder(List.of(california)).regionlessLeadsReachRegionReps(true));
      tick(router);
      allWith(router, "cal");
    }
  }
}
