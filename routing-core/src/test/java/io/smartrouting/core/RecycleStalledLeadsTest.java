package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Router.Builder#recycleStalledLeads}: a lead its rep contacted but did not move on (no meeting, opportunity,
 * win or loss reported) within the period is routed again, to a rep that has not held it; progress keeps it; a lead
 * nobody else may take stays with its rep.
 */
class RecycleStalledLeadsTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");
  private static final Duration PERIOD = Duration.ofDays(14);

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private Router router(Rep... reps) {
    return Router.builder().roster(List.of(reps)).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).listener(events::add).recycleStalledLeads(PERIOD).build();
  }

  private static Rep rep(String id) {
    return Rep.builder(id).territories("US").capacity(10).build();
  }

  private static Lead lead(String id) {
    return Lead.builder(id).country("US").email(id.toLowerCase() + "@example.org").build();
  }

  private List<RoutingEvent.LeadMoved> recycled() {
    return OpenLeads.moves(events, RoutingEvent.Move.RECYCLED);
  }


  @Test
  void aContactedLeadWithoutProgressForThePeriodGoesToAnotherRepAndProgressKeepsALeadWhereItIs() {
    Router router = router(rep("ana"), rep("bob"));
    // Least loaded, ties to ana: L1 ana, L2 bob, L3 ana, L4 bob.
    for (String id : List.of("L1", "L2", "L3", "L4")) {
      router.route(lead(id));
    }
    router.recordContact("L1", clock.instant());
    router.recordContact("L2", clock.instant());
    router.recordContact("L4", clock.instant());
    assertThat(router.recordOutcome("L2", Outcome.MEETING)).isTrue();
    assertThat(router.placement("L2").orElseThrow().progressedAt()).isEqualTo(START);
    // A contact reported as an outcome is no progress.
    assertThat(router.recordOutcome("L4", Outcome.CONTACTED)).isTrue();
    assertThat(router.placement("L4").orElseThrow().progressedAt()).isNull();

    clock.advance(PERIOD.minusMinutes(1));
    router.fireDueTimers();
    assertThat(recycled()).as("within the period nothing moves").isEmpty();

    // A 14-day period is looked at every thousandth of it (20 min 9.6 s): not yet one minute after it ends.
    clock.advance(Duration.ofMinutes(2));
    router.fireDueTimers();
    assertThat(recycled()).isEmpty();
    clock.advance(Duration.ofMinutes(19));
    router.fireDueTimers();
    // L1 (ana, contacted, no progress) goes to bob and L4 (bob) to ana; L2 progressed; L3 was never contacted.
    assertThat(OpenLeads.holders(router))
        .containsExactlyInAnyOrderEntriesOf(Map.of("L1", "bob", "L2", "bob", "L3", "ana", "L4", "ana"));
    assertThat(recycled()).extracting(RoutingEvent.LeadMoved::leadId).containsExactly("L1", "L4");
    RoutingEvent.LeadMoved first = recycled().get(0);
    assertThat(first.fromRepId()).isEqualTo("ana");
    assertThat(first.decision().repId()).isEqualTo("bob");
    assertThat(first.reason()).contains("ana made first contact").contains("no progress within 14 days; recycled");
    assertThat(first.decision().explain()).contains("recycled");
    Placement moved = router.placement("L1").orElseThrow();
    assertThat(moved.contactedAt()).as("the new rep starts afresh").isNull();
    assertThat(moved.assignedAt()).isEqualTo(clock.instant());
    assertThat(router.openLeads("ana")).isEqualTo(2);
    assertThat(router.openLeads("bob")).isEqualTo(2);
  }

  @Test
  void aLeadNobodyElseMayTakeStaysWithItsRepAndIsTriedAgainAfterAnotherPeriod() {
    Router router = router(rep("ana"), rep("bob"));
    router.route(lead("L1"));
    router.recordContact("L1", clock.instant());
    clock.advance(PERIOD.plusMinutes(1));
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "bob");
    // Bob calls too, and nothing comes of it: ana held it already, so nobody else may take it.
    router.recordContact("L1", clock.instant());
    clock.advance(PERIOD.plusMinutes(1));
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).as("stays with bob, not pulled into a queue").containsEntry("L1", "bob");
    assertThat(recycled()).hasSize(1);

    // Cy joins; the lead is not tried again until another period has passed since it was.
    router.updateRoster(List.of(rep("ana"), rep("bob"), rep("cy")));
    clock.advance(Duration.ofDays(7));
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "bob");
    clock.advance(Duration.ofDays(7).plusMinutes(1));
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "cy");
    assertThat(recycled()).extracting(m -> m.fromRepId() + ">" + m.decision().repId())
        .containsExactly("ana>bob", "bob>cy");
  }

  @Test
  void progressReportedToAnEarlierHolderDoesNotProtectTheLeadWithItsNextRep() {
    Router router = router(rep("ana"), rep("bob"), rep("cy"));
    router.route(lead("L1"));
    router.recordContact("L1", clock.instant());
    router.recordOutcome("L1", Outcome.MEETING);
    Decision d = router.reassign("L1", "bob", "territory swap");
    assertThat(d.repId()).isEqualTo("bob");
    assertThat(router.placement("L1").orElseThrow().progressedAt()).as("a move starts without progress").isNull();
    router.recordContact("L1", clock.instant());
    clock.advance(PERIOD.plusMinutes(1));
    router.fireDueTimers();
    assertThat(recycled()).singleElement().satisfies(m -> {
      assertThat(m.fromRepId()).isEqualTo("bob");
      assertThat(m.decision().repId()).as("not back to ana, who held it before").isEqualTo("cy");
    });
  }

  @Test
  void aRecycledLeadWithADeadlineGetsANewOneWithItsNewRep() {
    Router router = Router.builder().roster(List.of(rep("ana"), rep("bob"))).clock(clock)
        .strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED)
        .listener(events::add).sla(io.smartrouting.api.Tier.TIER_1, Duration.ofMinutes(5))
        .slaClock(io.smartrouting.api.Tier.TIER_1, SlaClock.WALL_CLOCK).recycleStalledLeads(PERIOD).build();
    router.route(Lead.builderFrom(lead("L1")).source(LeadSource.DEMO_REQUEST).build());
    clock.advance(Duration.ofSeconds(60));
    router.recordContact("L1", clock.instant());
    clock.advance(PERIOD.plusMinutes(1));
    router.fireDueTimers();
    Placement p = router.placement("L1").orElseThrow();
    assertThat(p.repId()).isEqualTo("bob");
    assertThat(p.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(router.armedTimers()).isEqualTo(1);
  }

  /**
   * Recycling on the timer thread while another routes, contacts, reports meetings and releases, and a third moves the
   * clock on by days: every lead keeps exactly one place and every rep's count equals the leads placed with it.
   */
  @Test
  void recyclingRacingRoutingContactsOutcomesAndReleasesLosesNoLead() throws Exception {
    for (int round = 0; round < 4; round++) {
      events.clear();
      Router router = router(roomy("ana"), roomy("bob"), roomy("cy"));
      int n = 300;
      java.util.Set<String> released = java.util.concurrent.ConcurrentHashMap.newKeySet();
      List<Throwable> errors = io.smartrouting.core.testing.Concurrently.race(() -> {
        for (int i = 0; i < n; i++) {
          String id = "L" + i;
          router.route(lead(id));
          router.recordContact(id, clock.instant());
          if (i % 4 == 0) {
            router.recordOutcome(id, Outcome.OPPORTUNITY);
          }
          if (i % 7 == 0) {
            released.add(id);
            assertThat(router.release(id)).isTrue();
          }
        }
      }, () -> {
        clock.advance(Duration.ofDays(1));
        Thread.onSpinWait();
      }, router::fireDueTimers);
      assertThat(errors).isEmpty();
      clock.advance(PERIOD.plusMinutes(2));
      router.fireDueTimers();
      OpenLeads.assertOnePlaceEach(router, n, released, Map.of("ana", 400, "bob", 400, "cy", 400));
      assertThat(recycled()).as("the race recycled leads").isNotEmpty();
    }
  }

  private static Rep roomy(String id) {
    return Rep.builder(id).territories("US").capacity(400).build();
  }

  @Test
  void anAccountsLeadStaysWithTheAccountsOwner() {
    Router router = Router.builder().roster(List.of(rep("ana"), rep("bob"))).clock(clock)
        .strategies(StrategyRegistry.of()).manualTimers().accounts(List.of(io.smartrouting.api.Account
            .builder("acme").name("Acme").domains("acme.com").ownerRepId("ana").build()))
        .step("ll", TestStrategies.LEAST_LOADED).listener(events::add).recycleStalledLeads(PERIOD).build();
    // Least loaded, ties to ana: the account's lead to its owner, the other to bob.
    assertThat(router.route(Lead.builder("A1").country("US").email("jo@acme.com").build()).repId()).isEqualTo("ana");
    assertThat(router.route(lead("L1")).repId()).isEqualTo("bob");
    router.recordContact("A1", clock.instant());
    router.recordContact("L1", clock.instant());
    clock.advance(PERIOD.plusMinutes(1));
    assertThat(router.previewRecycling(PERIOD)).extracting(Decision::leadId).containsExactly("L1");
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).as("the account is ana's; L1 goes to her")
        .containsExactlyInAnyOrderEntriesOf(Map.of("A1", "ana", "L1", "ana"));
  }

  @Test
  void eachTierHasItsOwnPeriodAndATierWithoutOneIsNotRecycled() {
    Router router = Router.builder().roster(List.of(rep("ana"), rep("bob"))).clock(clock)
        .strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED)
        .listener(events::add).recycleStalledLeads(PERIOD)
        .recycleStalledLeads(io.smartrouting.api.Tier.TIER_1, Duration.ofDays(3))
        .recycleStalledLeads(io.smartrouting.api.Tier.TIER_2, null).build();
    // Least loaded, ties to ana: T1 ana, T2 bob, T3 ana.
    router.route(Lead.builderFrom(lead("T1")).source(LeadSource.DEMO_REQUEST).build());
    router.route(Lead.builderFrom(lead("T2")).icpScore(90).source(LeadSource.CONTENT).build());
    router.route(lead("T3"));
    for (String id : List.of("T1", "T2", "T3")) {
      router.recordContact(id, clock.instant());
    }
    clock.advance(Duration.ofDays(3).plusHours(1));
    router.fireDueTimers();
    assertThat(recycled()).extracting(RoutingEvent.LeadMoved::leadId).as("tier 1 after three days")
        .containsExactly("T1");
    clock.advance(PERIOD);
    router.fireDueTimers();
    assertThat(recycled()).extracting(RoutingEvent.LeadMoved::leadId).as("tier 3 after its 14; tier 2 never")
        .containsExactly("T1", "T3");
    assertThat(router.placement("T2").orElseThrow().repId()).isEqualTo("bob");
  }

  @Test
  void theSameOutcomeReportedAgainAfterAMoveMarksTheNewRepsProgress() {
    Router router = router(rep("ana"), rep("bob"), rep("cy"));
    router.route(lead("L1"));
    router.recordContact("L1", clock.instant());
    assertThat(router.recordOutcome("L1", Outcome.MEETING)).isTrue();
    assertThat(router.transfer("L1").repId()).isEqualTo("bob");
    router.recordContact("L1", clock.instant());
    // A second meeting, with bob: the same outcome of the same lead, counted once, but bob's progress all the same.
    assertThat(router.recordOutcome("L1", Outcome.MEETING)).isTrue();
    assertThat(router.placement("L1").orElseThrow().progressedAt()).isEqualTo(clock.instant());
    clock.advance(PERIOD.plusHours(1));
    router.fireDueTimers();
    assertThat(recycled()).isEmpty();
  }

  @Test
  void thePeriodMustBePositive() {
    assertThatThrownBy(() -> Router.builder().recycleStalledLeads(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recycleStalledLeads");
    assertThatThrownBy(() -> Router.builder().recycleStalledLeads(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recycleStalledLeads");
    assertThatThrownBy(() -> Router.builder().recycleStalledLeads(io.smartrouting.api.Tier.TIER_2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TIER_2");
    assertThatThrownBy(() -> Router.builder().recycleStalledLeads(null, Duration.ofDays(1)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("tier");
  }
}
