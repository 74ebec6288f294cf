package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.testing.TestStrategies;
import io.smartrouting.spi.StrategyResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T15:00:00Z"));

  private Router.Builder builder(List<Rep> reps) {
    return Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of());
  }

  private static Rep.Builder rep(String id) {
    return Rep.builder(id).territories("US").capacity(10);
  }

  @Test
  void explainNamesEveryStepEachExcludedRepWithItsReasonAndTheWinner() {
    List<Rep> reps = List.of(
        rep("de-rep").territories("DE").build(),
        rep("smb-only").segments(Segment.SMB).build(),
        rep("french").languages("fr").build(),
        rep("away").active(false).build(),
        rep("full").capacity(0).build(),
        rep("odd-one").build(),
        rep("winner").build());
    Router router = builder(reps)
        .step("skip-me", TestStrategies.PASS)
        .step(ChainStep.of("tier-one-only", TestStrategies.HASH_PICK).onlyFor(Tier.TIER_1))
        .step("even", TestStrategies.EVEN_ONLY)
        .step("last", TestStrategies.lastCandidate())
        .step("after-the-winner", TestStrategies.HASH_PICK)
        .build();
    Decision d = router.route(Lead.builder("lead-1").country("US").region("CA").employees(5000)
        .language("en").icpScore(10).build());
    String text = d.explain();
    assertThat(d.segment()).isEqualTo(Segment.ENTERPRISE);
    assertThat(text)
        .contains("step 1 skip-me: PASS - never decides")
        .contains("step 2 tier-one-only: SKIPPED - runs for [TIER_1] only")
        .contains("step 3 even: NARROW to")
        .contains("step 4 last: ASSIGN")
        .contains("excluded, outside territory (lead in US-CA): de-rep")
        .contains("excluded, does not work the ENTERPRISE segment: smb-only")
        .contains("excluded, does not speak 'en': french")
        .contains("excluded, unavailable (out of office): away")
        .contains("excluded, at or above the capacity threshold: full (0 of 0 open)")
        .contains("excluded, narrowed out by step even: odd-one")
        .contains("winner: winner")
        .doesNotContain("after-the-winner");
    assertThat(d.repId()).isEqualTo("winner");
    assertThat(d.decidedBy()).isEqualTo("last");
  }

  @Test
  void capacityThresholdSkipsRepsAtNinetyPercent() {
    Router router = builder(List.of(rep("a").capacity(10).build())).step("ll", TestStrategies.LEAST_LOADED)
        .build();
    List<Decision> ds = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ds.add(router.route(Lead.builder("l" + i).country("US").build()));
    }
    // 9 of 10 is 90%: the tenth lead finds the rep at the threshold.
    assertThat(ds.stream().filter(Decision::isAssigned).count()).isEqualTo(9);
    assertThat(router.openLeads("a")).isEqualTo(9);
    Decision queued = ds.get(9);
    assertThat(queued.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(queued.flags()).contains(Flag.FALLBACK_QUEUE);
    assertThat(queued.explain()).contains("excluded, at or above the capacity threshold: a (9 of 10 open)");
  }

  @Test
  void nobodyEligibleGoesToTheNamedQueueNeverAnException() {
    Router router = builder(List.of(rep("a").territories("DE").build())).fallbackQueue("emea-overflow")
        .step("ll", TestStrategies.LEAST_LOADED).build();
    Decision d = router.route(Lead.builder("l1").country("US").build());
    assertThat(d.queue()).isEqualTo("emea-overflow");
    assertThat(d.decidedBy()).isEqualTo("fallback");
    assertThat(router.placement("l1")).get().extracting(p -> p.queue()).isEqualTo("emea-overflow");
  }

  @Test
  void managerFallbackTakesTheManagerOfATerritoryRepWhenNobodyQualifies() {
    Router router = builder(List.of(
        rep("boss").territories("DE").build(),
        rep("a").managerId("boss").active(false).build()))
        .managerFallback(true).step("ll", TestStrategies.LEAST_LOADED).build();
    Decision d = router.route(Lead.builder("l1").country("US").build());
    assertThat(d.repId()).isEqualTo("boss");
    assertThat(d.flags()).contains(Flag.MANAGER_FALLBACK);
  }

  @Test
  void releaseFreesCapacityOnceAndNeverBelowZero() {
    Router router = builder(List.of(rep("a").build())).step("ll", TestStrategies.LEAST_LOADED).build();
    router.route(Lead.builder("l1").country("US").build());
    assertThat(router.openLeads("a")).isEqualTo(1);
    assertThat(router.release("l1")).isTrue();
    assertThat(router.release("l1")).isFalse();
    assertThat(router.release("never-routed")).isFalse();
    assertThat(router.openLeads("a")).isZero();
  }

  @Test
  void releaseAsyncOnTheInMemoryStoreIsDoneWhenItReturnsAndAnswersAsReleaseDoes() {
    List<RoutingEvent> events = new ArrayList<>();
    Router router = builder(List.of(rep("a").build())).listener(events::add).step("ll", TestStrategies.LEAST_LOADED)
        .build();
    router.route(Lead.builder("l1").country("US").build());
    assertThat(router.releaseAsync("l1")).isCompletedWithValue(true);
    assertThat(router.openLeads("a")).isZero();
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(RoutingEvent.LeadReleased.class));
    assertThat(router.releaseAsync("l1")).isCompletedWithValue(false);
    assertThat(router.releaseAsync("never-routed")).isCompletedWithValue(false);
    assertThatThrownBy(() -> router.releaseAsync(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("leadId");
  }

  @Test
  void aContactTimeThatHasNotComeIsRefusedAndRecordsNothing() {
    Router router = builder(List.of(rep("a").build())).manualTimers().step("ll", TestStrategies.LEAST_LOADED).build();
    router.route(Lead.builder("l1").country("US").source(LeadSource.DEMO_REQUEST).build());
    // A local time sent as UTC from east of Greenwich reads as an hour ahead: refused, not a response of an hour.
    assertThatThrownBy(() -> router.recordContact("l1", clock.instant().plus(Duration.ofHours(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contact time " + clock.instant().plus(Duration.ofHours(1)) + " of lead l1")
        .hasMessageContaining("after the router's clock (" + clock.instant() + ") by PT1H");
    assertThat(router.placement("l1").orElseThrow().contactedAt()).as("nothing recorded").isNull();
    assertThat(router.armedTimers()).as("its first-contact deadline still runs").isEqualTo(1);
    assertThat(router.metrics().sla().get(Tier.TIER_1).contacted()).isZero();
    // A caller's clock a little ahead of the router's, up to the tolerance, is taken as reported.
    Instant ahead = clock.instant().plus(Router.CONTACT_CLOCK_TOLERANCE);
    assertThat(router.recordContact("l1", ahead)).isTrue();
    assertThat(router.placement("l1").orElseThrow().contactedAt()).isEqualTo(ahead);
    assertThat(router.armedTimers()).isZero();
  }

  @Test
  void recordContactFeedsTheRepsLiveResponseTimeOnce() {
    List<Double> seen = new ArrayList<>();
    Router router = builder(List.of(rep("a").responseMinutes(30).build()))
        .step("probe", ctx -> {
          seen.add(ctx.responseMinutes(0));
          return StrategyResult.assign(0, "only rep");
        }).build();
    router.route(Lead.builder("l1").country("US").build());
    clock.advance(Duration.ofMinutes(10));
    assertThat(router.recordContact("l1", clock.instant())).isTrue();
    clock.advance(Duration.ofMinutes(40));
    assertThat(router.recordContact("l1", clock.instant())).isFalse();
    router.route(Lead.builder("l2").country("US").build());
    assertThat(seen).containsExactly(30.0, 20.0);
    assertThatThrownBy(() -> router.recordContact("l2", clock.instant().minusSeconds(6)))
        .hasMessageContaining("before the assignment");
    assertThat(router.placement("l2").orElseThrow().contactedAt()).as("nothing changed").isNull();
    // Up to five seconds before the assignment (the caller's clock behind the router's, a time kept to the second):
    // counted at the assignment, a response of no minutes.
    assertThat(router.recordContact("l2", clock.instant().minusSeconds(5))).isTrue();
    assertThat(router.placement("l2").orElseThrow().contactedAt()).isEqualTo(clock.instant());
    router.route(Lead.builder("l3").country("US").build());
    assertThat(seen).hasSize(3);
    assertThat(seen.get(2)).as("the prior 30 with responses of 10 and 0 minutes")
        .isCloseTo(40.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void rosterUpdateSwapsTheSnapshotAndKeepsLiveStateByRepId() {
    Router router = builder(List.of(rep("a").build(), rep("b").build())).step("ll", TestStrategies.LEAST_LOADED)
        .build();
    router.route(Lead.builder("l1").country("US").build());
    assertThat(router.openLeads("a")).isEqualTo(1);
    long v = router.updateRoster(List.of(rep("b").build(), rep("a").build(), rep("c").build()));
    assertThat(v).isEqualTo(2);
    assertThat(router.openLeads("a")).isEqualTo(1);
    Decision d = router.route(Lead.builder("l2").country("US").build());
    assertThat(d.rosterVersion()).isEqualTo(2);
    assertThat(d.repId()).isEqualTo("b");
    assertThat(router.release("l1")).isTrue();
    assertThat(router.openLeads("a")).isZero();
    assertThatThrownBy(() -> router.updateRoster(List.of(rep("a").build(), rep("a").build())))
        .hasMessageContaining("duplicate rep id 'a'");
    assertThat(router.rosterVersion()).isEqualTo(2);
  }

  @Test
  void aThrowingListenerIsIsolated() {
    List<String> seen = new ArrayList<>();
    Router router = builder(List.of(rep("a").build())).step("ll", TestStrategies.LEAST_LOADED)
        .listener(d -> {
          throw new IllegalStateException("listener bug");
        })
        .listener(d -> seen.add(d.leadId()))
        .build();
    Decision d = router.route(Lead.builder("l1").country("US").build());
    assertThat(d.repId()).isEqualTo("a");
    assertThat(seen).containsExactly("l1");
  }

  @Test
  void aFailingOrMisbehavingStrategyIsSkippedAndTheLeadStillLands() {
    Router router = builder(List.of(rep("a").build(), rep("b").territories("DE").build()))
        .step("throws", ctx -> {
          throw new IllegalStateException("bug");
        })
        .step("outside", ctx -> StrategyResult.assign(1, "not a candidate"))
        .step("ll", TestStrategies.LEAST_LOADED)
        .build();
    Decision d = router.route(Lead.builder("l1").country("US").build());
    assertThat(d.repId()).isEqualTo("a");
    assertThat(d.explain()).contains("throws: FAILED - IllegalStateException: bug")
        .contains("outside: IGNORED - assigned a rep outside the candidates");
  }

  @Test
  void idempotencyWindowExpires() {
    Router router = builder(List.of(rep("a").build())).idempotency(Duration.ofMinutes(10), 1000)
        .step("ll", TestStrategies.LEAST_LOADED).build();
    Decision first = router.route(Lead.builder("l1").country("US").build());
    clock.advance(Duration.ofMinutes(5));
    assertThat(router.route(Lead.builder("l1").country("US").build())).isSameAs(first);
    router.release("l1");
    clock.advance(Duration.ofMinutes(6));
    Decision again = router.route(Lead.builder("l1").country("US").build());
    assertThat(again).isNotSameAs(first);
    assertThat(router.openLeads("a")).isEqualTo(1);
  }

  @Test
  void anOpenLeadSeenAfterTheWindowIsNotPlacedTwice() {
    Router router = builder(List.of(rep("a").build())).idempotency(Duration.ofMinutes(1), 1000)
        .step("ll", TestStrategies.LEAST_LOADED).build();
    router.route(Lead.builder("l1").country("US").build());
    clock.advance(Duration.ofMinutes(2));
    Decision d = router.route(Lead.builder("l1").country("US").build());
    assertThat(d.repId()).isEqualTo("a");
    assertThat(d.decidedBy()).isEqualTo("existing-placement");
    assertThat(router.openLeads("a")).isEqualTo(1);
  }

  @Test
  void slaDeadlinesFollowTheTier() {
    Router router = builder(List.of(rep("a").build())).sla(Tier.TIER_3, Duration.ofHours(4))
        .step("ll", TestStrategies.LEAST_LOADED).build();
    Decision demo = router.route(Lead.builder("d").country("US").source(LeadSource.DEMO_REQUEST).build());
    Decision icp = router.route(Lead.builder("i").country("US").icpScore(85).build());
    Decision other = router.route(Lead.builder("o").country("US").build());
    assertThat(demo.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(icp.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(60)));
    assertThat(other.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofHours(4)));
  }

  @Test
  void routeRejectsMalformedLeadsWithTheFieldName() {
    Router router = builder(List.of()).step("ll", TestStrategies.LEAST_LOADED).build();
    assertThatThrownBy(() -> router.route(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("lead must not be null");
    assertThatThrownBy(() -> Lead.builder(" ").build()).hasMessageContaining("lead.id must not be blank");
    router.close();
    assertThatThrownBy(() -> router.route(Lead.builder("x").build())).hasMessageContaining("closed");
  }

  @Test
  void anOutcomeReportedTwiceIsCountedOnceWithinTheWindow() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T15:00:00Z"));
    List<RoutingEvent> events = new ArrayList<>();
    Router router = builder(List.of(rep("a").build())).step("ll", TestStrategies.LEAST_LOADED).clock(clock)
        .idempotency(Duration.ofHours(1), 1000).listener(events::add).build();
    Decision d = router.route(Lead.builder("l1").country("US").employees(20).build());
    assertThat(router.recordOutcome("l1", io.smartrouting.api.Outcome.MEETING)).isTrue();
    // A CRM's webhook retried: acknowledged, neither counted nor told again.
    assertThat(router.recordOutcome("l1", io.smartrouting.api.Outcome.WON)).isTrue();
    assertThat(router.recordOutcome("l1", io.smartrouting.api.Outcome.WON)).isTrue();
    assertThat(router.recordOutcome("l1", io.smartrouting.api.Outcome.MEETING)).isTrue();
    assertThat(router.metrics().conversionBySegment().get(d.segment()).won()).isEqualTo(1);
    assertThat(events.stream().filter(e -> e instanceof RoutingEvent.OutcomeRecorded).count()).isEqualTo(2);
    // An unknown lead stays unknown however often it is reported, and is not remembered as reported.
    assertThat(router.recordOutcome("nope", io.smartrouting.api.Outcome.WON)).isFalse();
    assertThat(router.recordOutcome("nope", io.smartrouting.api.Outcome.WON)).isFalse();
    // Past the window it is a new report (the lead is still open, so still known) and is told again.
    clock.advance(Duration.ofHours(2));
    assertThat(router.recordOutcome("l1", io.smartrouting.api.Outcome.WON)).isTrue();
    assertThat(events.stream().filter(e -> e instanceof RoutingEvent.OutcomeRecorded).count()).isEqualTo(3);
  }

  @Test
  void aLeadWithoutARegionIsToldWhyTheRegionsRepsDidNotQualify() {
    Router router = builder(List.of(rep("ca").territories("US-CA").build(), rep("all-us").build()))
        .step("ll", TestStrategies.LEAST_LOADED).build();
    Decision noRegion = router.route(Lead.builder("n1").country("US").build());
    assertThat(noRegion.repId()).isEqualTo("all-us");
    assertThat(noRegion.explain()).contains("region (reps who cover only regions of US cannot qualify)");
    Decision withRegion = router.route(Lead.builder("n2").country("US").region("CA").build());
    assertThat(withRegion.explain()).doesNotContain("cover only regions");
  }

  @Test
  void optedInALeadWithoutARegionReachesTheRegionRepsOfItsCountry() {
    List<Rep> reps = List.of(rep("ca").territories("US-CA").build(), rep("de").territories("DE-BY").build());
    Router strict = builder(reps).step("ll", TestStrategies.LEAST_LOADED).build();
    assertThat(strict.route(Lead.builder("s1").country("US").build()).queue()).isEqualTo("unassigned");
    Router open = builder(reps).step("ll", TestStrategies.LEAST_LOADED).regionlessLeadsReachRegionReps(true).build();
    Decision d = open.route(Lead.builder("o1").country("US").build());
    assertThat(d.repId()).isEqualTo("ca");
    assertThat(d.explain()).contains("region (reps of any region of US qualify, as a country match)");
    // Only its own country's regions, and a lead with a region still needs that region.
    assertThat(open.route(Lead.builder("o2").country("FR").build()).queue()).isEqualTo("unassigned");
    assertThat(open.route(Lead.builder("o3").country("US").region("NY").build()).queue()).isEqualTo("unassigned");
  }

  @Test
  void aWonReportedAfterTheWindowCountsForTheSegmentOfAnOpenLeadWhoseFactsAreKept() {
    ManualClock clock = new ManualClock(Instant.parse("2026-03-02T15:00:00Z"));
    Router router = builder(List.of(rep("a").build())).step("ll", TestStrategies.LEAST_LOADED).clock(clock)
        .manualTimers().idempotency(Duration.ofHours(1), 1000).sla(Tier.TIER_3, Duration.ofDays(30)).build();
    Decision d = router.route(Lead.builder("late").country("US").employees(5000).build());
    assertThat(d.segment()).isEqualTo(Segment.ENTERPRISE);
    clock.advance(Duration.ofDays(3)); // past the window; the SLA timer still holds the lead's facts
    assertThat(router.recordOutcome("late", io.smartrouting.api.Outcome.WON)).isTrue();
    assertThat(router.metrics().conversionBySegment().get(Segment.ENTERPRISE).won()).isEqualTo(1);
  }
}
