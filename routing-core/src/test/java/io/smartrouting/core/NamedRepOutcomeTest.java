package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.learning.OutcomeCount;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.Concurrently;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link Router#recordOutcome(String, String, Outcome)}: an outcome reported with its rep stays that rep's when the
 * lead has moved on since (credit, event, progress), where the holder's form credits and marks whoever holds it now.
 */
class NamedRepOutcomeTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");
  private static final Duration PERIOD = Duration.ofDays(14);

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();
  private final ConversionModel model = new ConversionModel();

  private Router router(Rep... reps) {
    return Router.builder().roster(List.of(reps)).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).listener(events::add).learning(model)
        .recycleStalledLeads(PERIOD).build();
  }

  private static Rep rep(String id) {
    return Rep.builder(id).territories("US").capacity(400).build();
  }

  private static Lead lead(String id) {
    return Lead.builder(id).country("US").email(id.toLowerCase() + "@example.org").build();
  }

  /** Outcomes the model holds, by rep (segment level). */
  private Map<String, Long> creditedOutcomes() {
    return model.counts().stream().filter(c -> c.industry() == null)
        .collect(Collectors.groupingBy(OutcomeCount::repId, Collectors.summingLong(OutcomeCount::outcomes)));
  }

  private List<String> outcomeReps() {
    return events.stream().filter(e -> e instanceof RoutingEvent.OutcomeRecorded)
        .map(e -> ((RoutingEvent.OutcomeRecorded) e).repId()).toList();
  }

  @Test
  void aMeetingOfTheOldRepReportedAfterATransferMarksNothingOnTheNewRepWhoIsRecycledOnHisOwnRecord() {
    Router router = router(rep("ana"), rep("bob"), rep("cy"));
    router.route(lead("L1"));
    router.recordContact("L1", clock.instant());
    router.reassign("L1", "bob", "territory swap");
    router.recordContact("L1", clock.instant());

    assertThat(router.recordOutcome("L1", "ana", Outcome.MEETING)).isTrue();
    assertThat(router.placement("L1").orElseThrow().progressedAt()).as("ana's meeting is not bob's progress")
        .isNull();
    assertThat(outcomeReps()).containsExactly("ana");

    clock.advance(PERIOD.plusMinutes(30));
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).as("bob made no progress: recycled, not back to ana")
        .containsEntry("L1", "cy");
  }

  @Test
  void theHoldersFormMarksTheNewRepWhichIsWhatTheNamedFormIsFor() {
    Router router = router(rep("ana"), rep("bob"), rep("cy"));
    router.route(lead("L1"));
    router.reassign("L1", "bob", "territory swap");
    router.recordContact("L1", clock.instant());
    assertThat(router.recordOutcome("L1", Outcome.MEETING)).isTrue();
    assertThat(router.placement("L1").orElseThrow().progressedAt()).isEqualTo(START);
    assertThat(outcomeReps()).containsExactly("bob");
  }

  @Test
  void namingTheHolderIsTheHoldersForm() {
    Router router = router(rep("ana"), rep("bob"));
    router.route(lead("L1"));
    router.recordContact("L1", clock.instant());
    assertThat(router.recordOutcome("L1", "ana", Outcome.OPPORTUNITY)).isTrue();
    Placement p = router.placement("L1").orElseThrow();
    assertThat(p.repId()).isEqualTo("ana");
    assertThat(p.progressedAt()).isEqualTo(START);
    clock.advance(PERIOD.plusDays(1));
    router.fireDueTimers();
    assertThat(OpenLeads.holders(router)).containsEntry("L1", "ana");
  }

  @Test
  void aWinAfterTheLeadMovedIsCreditedToTheRepNamedOnceAndARepeatByTheHolderIsAcknowledgedOnly() {
    Router router = router(rep("ana"), rep("bob"));
    router.route(lead("L1"));
    router.reassign("L1", "bob", "ana left the deal to bob");
    assertThat(router.recordOutcome("L1", "ana", Outcome.WON)).isTrue();
    assertThat(creditedOutcomes()).containsExactly(Map.entry("ana", 1L));
    assertThat(router.recordOutcome("L1", Outcome.WON)).as("a retried webhook").isTrue();
    assertThat(creditedOutcomes()).containsExactly(Map.entry("ana", 1L));
    assertThat(outcomeReps()).containsExactly("ana");
    assertThat(model.counts()).allSatisfy(c -> assertThat(c.segment()).isEqualTo(Segment.SMB));
  }

  @Test
  void aLeadIsCreditedOnceThoughAMoveAfterItsWinGivesItANewHolder() {
    Router router = router(rep("ana"), rep("bob"));
    router.route(lead("L1"));
    assertThat(router.recordOutcome("L1", Outcome.WON)).isTrue();
    router.transfer("L1"); // still open: moved to bob, who is attributed it now
    assertThat(router.recordOutcome("L1", Outcome.LOST)).isTrue();
    assertThat(creditedOutcomes()).as("the win only").containsExactly(Map.entry("ana", 1L));
  }

  @Test
  void aLeadWaitingInAQueueIsCreditedToTheRepNamed() {
    Router router = router(rep("ana"));
    router.route(lead("L1"));
    assertThat(router.transfer("L1").queue()).as("nobody else: it waits").isNotNull();
    assertThat(router.recordOutcome("L1", "ana", Outcome.WON)).isTrue();
    assertThat(creditedOutcomes()).containsExactly(Map.entry("ana", 1L));
  }

  @Test
  void aRepOffTheRosterIsAcceptedWhenItHeldTheLeadAndRefusedOtherwiseWithNothingCounted() {
    Router router = router(rep("ana"), rep("bob"));
    router.route(lead("L1"));
    router.route(lead("L2"));
    router.reassign("L1", "bob", "ana is leaving");
    router.updateRoster(List.of(rep("bob")));

    assertThatThrownBy(() -> router.recordOutcome("L2", "zed", Outcome.WON))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repId 'zed'")
        .hasMessageContaining("lead 'L2'");
    assertThatThrownBy(() -> router.recordOutcome("L2", " ", Outcome.WON))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repId must not be blank");
    assertThat(creditedOutcomes()).isEmpty();
    assertThat(outcomeReps()).isEmpty();
    // Refused reports leave nothing behind: the right one is counted, not taken for a repeat.
    assertThat(router.recordOutcome("L2", Outcome.WON)).isTrue();
    assertThat(creditedOutcomes()).containsExactly(Map.entry("bob", 1L));

    // Ana is off the roster but held L1 before bob: hers is credited.
    assertThat(router.recordOutcome("L1", "ana", Outcome.WON)).isTrue();
    assertThat(creditedOutcomes()).containsExactlyInAnyOrderEntriesOf(Map.of("ana", 1L, "bob", 1L));
    assertThat(router.recordOutcome("L9", "ana", Outcome.WON)).as("an unknown lead").isFalse();

    // A released lead: a refused report takes nothing of what the router keeps of it.
    router.route(lead("L3"));
    assertThat(router.release("L3")).isTrue();
    assertThatThrownBy(() -> router.recordOutcome("L3", "zed", Outcome.LOST))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(router.recordOutcome("L3", Outcome.LOST)).isTrue();
    assertThat(creditedOutcomes()).containsExactlyInAnyOrderEntriesOf(Map.of("ana", 1L, "bob", 2L));
  }

  /**
   * The old rep's meeting reported while the timer thread recycles its lead: whichever comes first, a progress mark
   * is only ever on the placement of the rep that reported it, and a lead whose report came first stays with it.
   */
  @Test
  void aNamedReportRacingARecycleNeverMarksTheNewRep() throws Exception {
    for (int round = 0; round < 20; round++) {
      events.clear();
      Router router = router(rep("ana"), rep("bob"));
      int n = 200;
      for (int i = 0; i < n; i++) {
        router.route(lead("L" + i)); // ana, bob, ana, ...
        router.recordContact("L" + i, clock.instant());
      }
      clock.advance(PERIOD.plusMinutes(30));
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      // The recycle walks the leads while the reports come in from the other end: they meet somewhere.
      Concurrently.run(2, t -> {
        try {
          if (t == 0) {
            router.fireDueTimers();
          } else {
            for (int i = n - 1; i >= 0; i--) {
              router.recordOutcome("L" + i, i % 2 == 0 ? "ana" : "bob", Outcome.MEETING);
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      assertThat(errors).isEmpty();
      for (int i = 0; i < n; i++) {
        String reporter = i % 2 == 0 ? "ana" : "bob";
        Placement p = router.placement("L" + i).orElseThrow();
        if (p.progressedAt() != null) {
          assertThat(p.repId()).as("L%d's mark is its reporter's", i).isEqualTo(reporter);
        } else {
          assertThat(p.repId()).as("L%d, unmarked, was recycled before the report", i).isNotEqualTo(reporter);
        }
      }
    }
  }
}
