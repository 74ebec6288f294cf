package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Outcomes reported after the lead was released: deals close weeks later, and they still count. */
class LateOutcomeTest {

  private static final Instant START = Instant.parse("2026-03-02T15:00:00Z");

  private static Router.Builder router(ManualClock clock, List<RoutingEvent> events) {
    return Router.builder().roster(List.of(Rep.builder("a").territories("US").capacity(100).build()))
        .strategies(StrategyRegistry.of()).step("ll", TestStrategies.LEAST_LOADED).clock(clock).manualTimers()
        .idempotency(Duration.ofHours(1), 1000).listener(events::add);
  }

  private static Lead lead(String id, int employees) {
    return Lead.builder(id).country("US").employees(employees).build();
  }

  private static List<RoutingEvent.OutcomeRecorded> outcomes(List<RoutingEvent> events) {
    List<RoutingEvent.OutcomeRecorded> out = new ArrayList<>();
    for (RoutingEvent e : events) {
      if (e instanceof RoutingEvent.OutcomeRecorded o) {
        out.add(o);
      }
    }
    return out;
  }

  @Test
  void aWonWeeksAfterTheReleaseCountsOnceForTheLeadsSegmentAndNamesItsLastHolder() {
    ManualClock clock = new ManualClock(START);
    List<RoutingEvent> events = new ArrayList<>();
    Router router = router(clock, events).build();
    Decision d = router.route(lead("deal", 5000));
    assertThat(d.segment()).isEqualTo(Segment.ENTERPRISE);
    clock.advance(Duration.ofMinutes(10));
    assertThat(router.release("deal")).isTrue();
    clock.advance(Duration.ofDays(30)); // long past the idempotency window, and without learning

    assertThat(router.recordOutcome("deal", Outcome.OPPORTUNITY)).isTrue();
    assertThat(router.recordOutcome("deal", Outcome.WON)).isTrue();
    assertThat(router.metrics().conversionBySegment().get(Segment.ENTERPRISE).won()).isEqualTo(1);
    assertThat(outcomes(events)).extracting(RoutingEvent.OutcomeRecorded::repId).containsExactly("a", "a");
    assertThat(outcomes(events)).extracting(RoutingEvent.OutcomeRecorded::tier)
        .containsOnly(d.tier());
    assertThat(outcomes(events)).extracting(RoutingEvent.OutcomeRecorded::segment)
        .containsOnly(Segment.ENTERPRISE);

    // A final outcome is counted once: the same WON a day later (past the report window: a webhook retried) is not
    // a new deal. It is acknowledged as the retry it is (until 8 December 2026 it was answered false, "unknown",
    // which a caller reads as an error), and neither counted nor told again; so is a later report of another kind.
    clock.advance(Duration.ofDays(1));
    int told = outcomes(events).size();
    assertThat(router.recordOutcome("deal", Outcome.WON)).isTrue();
    assertThat(router.recordOutcome("deal", Outcome.MEETING)).isTrue();
    assertThat(router.metrics().conversionBySegment().get(Segment.ENTERPRISE).won()).isEqualTo(1);
    assertThat(outcomes(events)).hasSize(told);
  }

  @Test
  void aClosedLeadErasedIsUnknownToALaterReport() {
    ManualClock clock = new ManualClock(START);
    List<RoutingEvent> events = new ArrayList<>();
    Router router = router(clock, events).build();
    router.route(lead("gone", 500));
    router.release("gone");
    clock.advance(Duration.ofDays(3));
    assertThat(router.recordOutcome("gone", Outcome.WON)).isTrue();
    assertThat(router.erase("gone")).as("it knew the lead").isTrue();
    clock.advance(Duration.ofDays(1));
    assertThat(router.recordOutcome("gone", Outcome.WON)).as("nothing of it is kept, not even that it closed")
        .isFalse();
  }

  @Test
  void aLeadContactedBeforeItsReleaseKeepsItsSegment() {
    ManualClock clock = new ManualClock(START);
    List<RoutingEvent> events = new ArrayList<>();
    Router router = router(clock, events).build();
    router.route(lead("c1", 500));
    clock.advance(Duration.ofMinutes(3));
    // After a contact the store holds a placement (no segment) instead of the decision.
    assertThat(router.recordContact("c1", clock.instant())).isTrue();
    assertThat(router.release("c1")).isTrue();
    clock.advance(Duration.ofDays(45));
    assertThat(router.recordOutcome("c1", Outcome.LOST)).isTrue();
    assertThat(router.metrics().conversionBySegment().get(Segment.MID_MARKET).lost()).isEqualTo(1);
  }

  @Test
  void pastTheOutcomeWindowOrWithItOffALeadIsUnknown() {
    ManualClock clock = new ManualClock(START);
    List<RoutingEvent> events = new ArrayList<>();
    Router week = router(clock, events).outcomeWindow(Duration.ofDays(7), 1000).build();
    week.route(lead("w1", 5000));
    week.release("w1");
    clock.advance(Duration.ofDays(8));
    assertThat(week.recordOutcome("w1", Outcome.WON)).isFalse();
    assertThat(week.metrics().conversionBySegment()).doesNotContainKey(Segment.ENTERPRISE);

    // The window counts from the routing: a lead held 80 days and won 20 days after its release is 100 days old.
    Router held = router(clock, events).build();
    held.route(lead("h1", 5000));
    clock.advance(Duration.ofDays(80));
    held.release("h1");
    clock.advance(Duration.ofDays(20));
    assertThat(held.recordOutcome("h1", Outcome.WON)).isFalse();

    Router off = router(clock, events).outcomeWindow(Duration.ZERO, 0).build();
    off.route(lead("o1", 5000));
    off.release("o1");
    clock.advance(Duration.ofHours(2));
    assertThat(off.recordOutcome("o1", Outcome.WON)).isFalse();
    assertThat(outcomes(events)).isEmpty();
  }

  @Test
  void aLeadRoutedAgainAfterItsReleaseCountsForItsNewHolder() {
    ManualClock clock = new ManualClock(START);
    List<RoutingEvent> events = new ArrayList<>();
    Router router = Router.builder().roster(List.of(Rep.builder("a").territories("US").capacity(100).build(),
            Rep.builder("b").territories("US").capacity(100).build()))
        .strategies(StrategyRegistry.of()).step("ll", TestStrategies.LEAST_LOADED).clock(clock).manualTimers()
        .idempotency(Duration.ofHours(1), 1000).listener(events::add).build();
    String first = router.route(lead("again", 50)).repId();
    router.release("again");
    clock.advance(Duration.ofDays(2));
    router.route(lead("other", 50)); // the first holder is now the busier one
    String second = router.route(lead("again", 50)).repId();
    assertThat(second).isNotEqualTo(first);
    router.release("again");
    clock.advance(Duration.ofDays(20));
    assertThat(router.recordOutcome("again", Outcome.WON)).isTrue();
    assertThat(outcomes(events)).extracting(RoutingEvent.OutcomeRecorded::repId).containsExactly(second);
  }

  @Test
  void aReleaseDoesNotAskTheStoreForTheLeadsFacts() {
    // The release removes the saved facts; asking for them after is a wasted round trip on a shared store, on the
    // release's path, and (for releaseAsync) inside the store's answer.
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    io.smartrouting.core.testing.ForwardingStateStore store = new io.smartrouting.core.testing.ForwardingStateStore() {
      @Override
      public io.smartrouting.api.@org.jspecify.annotations.Nullable Lead savedLead(String leadId) {
        asked.incrementAndGet();
        return null;
      }
    };
    ManualClock clock = new ManualClock(START);
    List<RoutingEvent> events = new ArrayList<>();
    Router router = router(clock, events).stateStore(store).build();
    router.route(lead("far", 50));
    clock.advance(Duration.ofHours(2)); // past the idempotency window: the decision is no longer at hand
    assertThat(router.release("far")).isTrue();
    assertThat(asked).hasValue(0);
    clock.advance(Duration.ofDays(10));
    // Still accepted and told, naming its holder; its segment was known nowhere, so it counts in none.
    assertThat(router.recordOutcome("far", Outcome.WON)).isTrue();
    assertThat(outcomes(events)).extracting(RoutingEvent.OutcomeRecorded::repId).containsExactly("a");
  }

  @Test
  void badWindowsAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> Router.builder().outcomeWindow(Duration.ofDays(-1), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcomeWindow must not be negative");
    assertThatThrownBy(() -> Router.builder().outcomeWindow(Duration.ofDays(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcomeWindow maxLeads");
  }

  /**
   * Whatever the order of releases and reports, every final outcome reported within the window for a lead the router
   * released counts exactly once, in the segment it was routed with; reports for leads never routed count nowhere.
   */
  @Property(tries = 200)
  void everyFinalOutcomeWithinTheWindowCountsOnceInItsSegment(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 59) Integer> daysToOutcome,
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 60_000) Integer> employees,
      @ForAll boolean won) {
    ManualClock clock = new ManualClock(START);
    List<RoutingEvent> events = new ArrayList<>();
    Router router = router(clock, events).outcomeWindow(Duration.ofDays(60), 10_000).build();
    int n = Math.min(daysToOutcome.size(), employees.size());
    Map<Segment, Integer> expected = new EnumMap<>(Segment.class);
    List<long[]> reports = new ArrayList<>(); // due minute, lead index
    for (int i = 0; i < n; i++) {
      Decision d = router.route(lead("l" + i, employees.get(i)));
      router.release("l" + i);
      expected.merge(d.segment(), 1, Integer::sum);
      reports.add(new long[] {daysToOutcome.get(i) * 1440L + i, i});
      clock.advance(Duration.ofMinutes(1));
    }
    reports.sort((x, y) -> Long.compare(x[0], y[0]));
    long elapsed = n;
    for (long[] r : reports) {
      if (r[0] > elapsed) {
        clock.advance(Duration.ofMinutes(r[0] - elapsed));
        elapsed = r[0];
      }
      assertThat(router.recordOutcome("l" + r[1], won ? Outcome.WON : Outcome.LOST)).isTrue();
      assertThat(router.recordOutcome("never-routed-" + r[1], Outcome.WON)).isFalse();
    }
    for (Segment s : Segment.values()) {
      RoutingMetrics.Conversion c = router.metrics().conversionBySegment()
          .getOrDefault(s, new RoutingMetrics.Conversion(0, 0));
      int want = expected.getOrDefault(s, 0);
      assertThat(won ? c.won() : c.lost()).as("segment %s", s).isEqualTo(want);
      assertThat(won ? c.lost() : c.won()).isZero();
    }
  }

  @Test
  void tierOfTheReleasedLeadIsReported() {
    ManualClock clock = new ManualClock(START);
    List<RoutingEvent> events = new ArrayList<>();
    Router router = router(clock, events).build();
    Decision d = router.route(Lead.builder("t1").country("US").source(io.smartrouting.api.LeadSource.DEMO_REQUEST)
        .build());
    assertThat(d.tier()).isEqualTo(Tier.TIER_1);
    router.release("t1");
    clock.advance(Duration.ofDays(5));
    assertThat(router.recordOutcome("t1", Outcome.MEETING)).isTrue();
    assertThat(outcomes(events).get(0).tier()).isEqualTo(Tier.TIER_1);
  }
}
