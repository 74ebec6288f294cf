package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.TimeOff;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Router.Builder#handOverWhenAway}: a rep going on a long declared time off hands over its open leads not yet
 * in contact, once, at the first timer tick of the time off; nothing else a rep's availability does hands any over.
 */
class HandOverWhenAwayTest {

  /** A Friday afternoon. */
  private static final Instant FRIDAY = Instant.parse("2026-11-27T15:00:00Z");
  private static final Instant MONDAY = Instant.parse("2026-11-30T00:00:00Z");

  private final ManualClock clock = new ManualClock(FRIDAY);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private Router router(Duration handOver, Rep... reps) {
    return Router.builder().roster(List.of(reps)).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).listener(events::add).handOverWhenAway(handOver).build();
  }

  /** Ana, first in roster order (so she takes ties), off for the week from Monday. */
  private static Rep ana(Duration off) {
    return Rep.builder("ana").territories("US").capacity(10)
        .timeOff(new TimeOff(MONDAY, MONDAY.plus(off), "vacation")).build();
  }

  private static Rep bob() {
    return Rep.builder("bob").territories("US").capacity(10).build();
  }

  private static Lead lead(String id) {
    return Lead.builder(id).country("US").email(id.toLowerCase() + "@example.org").build();
  }

  private static Map<String, String> holders(Router router) {
    return OpenLeads.holders(router);
  }

  private List<RoutingEvent.LeadMoved> moves() {
    return OpenLeads.moves(events);
  }

  @Test
  void aRepGoingOnALongTimeOffHandsOverItsLeadsNotYetContactedOnceAtItsStart() {
    Router router = router(Duration.ofDays(2), ana(Duration.ofDays(5)), bob());
    // Least loaded, ties to ana: A1, B1, A2, B2.
    for (String id : List.of("L1", "L2", "L3", "L4")) {
      router.route(lead(id));
    }
    assertThat(holders(router)).containsEntry("L1", "ana").containsEntry("L3", "ana");
    router.recordContact("L3", clock.instant());
    router.fireDueTimers();
    assertThat(moves()).as("before the time off nothing moves").isEmpty();

    clock.set(MONDAY.plusSeconds(30));
    router.fireDueTimers();
    assertThat(holders(router)).as("L3 stays: ana is in contact")
        .containsExactlyInAnyOrderEntriesOf(Map.of("L1", "bob", "L2", "bob", "L3", "ana", "L4", "bob"));
    assertThat(moves()).singleElement().satisfies(m -> {
      assertThat(m.leadId()).isEqualTo("L1");
      assertThat(m.move()).isEqualTo(RoutingEvent.Move.AWAY);
      assertThat(m.decision().explain()).contains("ana is on time off until 2026-12-05T00:00:00Z");
    });
    assertThat(router.openLeads("ana")).isEqualTo(1);

    // Once per time off: a lead given to ana by a person during it stays.
    router.route(lead("L5"));
    router.reassign("L5", "ana", "she asked for it");
    clock.advance(Duration.ofHours(1));
    router.fireDueTimers();
    assertThat(router.placement("L5").orElseThrow().repId()).isEqualTo("ana");
    assertThat(moves()).hasSize(2); // L1's hand-over and L5's reassignment
  }

  @Test
  void aShortTimeOffOffShiftHoursAndManualUnavailabilityHandNothingOver() {
    Rep carla = Rep.builder("carla").territories("US").capacity(10).timeZone("America/New_York")
        .workingHours(WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0))).build();
    Router router = router(Duration.ofDays(2), ana(Duration.ofDays(1)), carla, bob());
    router.route(lead("L1"));
    router.route(lead("L2"));
    router.route(lead("L3"));
    assertThat(holders(router)).containsExactlyInAnyOrderEntriesOf(Map.of("L1", "ana", "L2", "carla", "L3", "bob"));
    router.setAvailable("bob", false);
    clock.set(MONDAY.plusSeconds(30)); // ana off for a day, carla off shift (Sunday night in New York)
    router.fireDueTimers();
    assertThat(holders(router)).containsExactlyInAnyOrderEntriesOf(Map.of("L1", "ana", "L2", "carla", "L3", "bob"));
    assertThat(moves()).isEmpty();
  }

  /**
   * A rep marked available by hand during its declared time off (at work after all) takes leads and keeps them; once
   * the mark is cleared, the next tick hands them over. Until 6 December 2026 the first tick of the time off handed
   * over the leads the rep had just been given as available, so they waited while it was free (found by
   * {@code LeadLifecycleProperties}).
   */
  @Test
  void aRepMarkedAvailableDuringItsTimeOffKeepsItsLeadsUntilTheMarkIsCleared() {
    Router router = router(Duration.ofDays(2), ana(Duration.ofDays(5)), bob());
    clock.set(MONDAY.plusSeconds(30));
    router.setAvailable("ana", true);
    router.setAvailable("bob", false);
    router.route(lead("L1"));
    assertThat(holders(router)).containsEntry("L1", "ana");

    router.fireDueTimers();
    assertThat(holders(router)).as("ana is at work after all").containsEntry("L1", "ana");
    assertThat(moves()).isEmpty();

    router.clearAvailability("ana");
    router.setAvailable("bob", true);
    clock.set(MONDAY.plusSeconds(60));
    router.fireDueTimers();
    assertThat(holders(router)).as("ana is away again: handed over").containsEntry("L1", "bob");
  }

  @Test
  void nobodyElseToTakeItTheLeadWaitsInTheFallbackQueue() {
    Router router = router(Duration.ofHours(12), ana(Duration.ofDays(5)));
    // A Tier 3 lead has no first-contact deadline: without the hand-over it would wait for ana's return.
    router.route(Lead.builder("t3").country("US").source(LeadSource.CONTENT).build());
    clock.set(MONDAY.plusSeconds(30));
    router.fireDueTimers();
    Placement p = router.placement("t3").orElseThrow();
    assertThat(p.repId()).isNull();
    assertThat(p.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(router.openLeads("ana")).isZero();
    assertThat(moves()).extracting(RoutingEvent.LeadMoved::move).contains(RoutingEvent.Move.AWAY);
  }

  @Test
  void offByDefaultAndAPositiveTimeIsRequired() {
    Router router = Router.builder().roster(List.of(ana(Duration.ofDays(5)), bob())).clock(clock)
        .strategies(StrategyRegistry.of()).manualTimers().step("ll", TestStrategies.LEAST_LOADED).build();
    router.route(lead("L1"));
    clock.set(MONDAY.plusSeconds(30));
    router.fireDueTimers();
    assertThat(router.placement("L1").orElseThrow().repId()).isEqualTo("ana");
    assertThatThrownBy(() -> Router.builder().handOverWhenAway(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handOverWhenAway must be positive");
  }

  /**
   * A time off that names a cover hands the rep's leads not yet contacted to the cover (here a rep of another
   * territory, as a person's choice would), up to its full capacity; the rest go through the chain. A cover that is
   * away too, or off the roster, is passed over for the chain.
   */
  @Test
  void aTimeOffWithACoverHandsTheLeadsToTheCoverWhileItHasRoom() {
    Rep ana = Rep.builder("ana").territories("US").capacity(10)
        .timeOff(new TimeOff(MONDAY, MONDAY.plus(Duration.ofDays(5)), "vacation").coveredBy("cy")).build();
    Rep cy = Rep.builder("cy").territories("CA").capacity(2).build();
    Router router = router(Duration.ofDays(2), ana, bob(), cy);
    for (String id : List.of("L1", "L2", "L3", "L4", "L5", "L6")) {
      router.route(lead(id));
    }
    assertThat(router.openLeads("ana")).isEqualTo(3);
    clock.set(MONDAY.plusSeconds(30));
    router.fireDueTimers();
    assertThat(router.openLeads("ana")).isZero();
    assertThat(router.openLeads("cy")).as("its full capacity").isEqualTo(2);
    assertThat(moves()).extracting(m -> m.decision().repId() + ": " + m.reason()).containsExactly(
        "cy: ana is on time off until 2026-12-05T00:00:00Z: handed to cy, who covers the desk",
        "cy: ana is on time off until 2026-12-05T00:00:00Z: handed to cy, who covers the desk",
        "bob: ana is on time off until 2026-12-05T00:00:00Z; cover cy has no room left");
    assertThat(moves()).allMatch(m -> m.move() == RoutingEvent.Move.AWAY);
  }

  @Test
  void aCoverThatIsAwayTooOrOffTheRosterIsPassedOver() {
    TimeOff week = new TimeOff(MONDAY, MONDAY.plus(Duration.ofDays(5)), "vacation");
    // cy on time off itself, dee out of office, eve marked away by hand (until 6 December both took the leads), zed
    // off the roster.
    for (String cover : List.of("cy", "dee", "eve", "zed")) {
      events.clear();
      clock.set(FRIDAY);
      Rep ana = Rep.builder("ana").territories("US").capacity(10).timeOff(week.coveredBy(cover)).build();
      Rep cy = Rep.builder("cy").territories("CA").capacity(10).timeOff(week).build();
      Rep dee = Rep.builder("dee").territories("CA").capacity(10).active(false).build();
      Rep eve = Rep.builder("eve").territories("CA").capacity(10).build();
      Router router = router(Duration.ofDays(2), ana, bob(), cy, dee, eve);
      router.setAvailable("eve", false);
      router.route(lead("L1"));
      assertThat(router.placement("L1").orElseThrow().repId()).isEqualTo("ana");
      clock.set(MONDAY.plusSeconds(30));
      router.fireDueTimers();
      assertThat(router.placement("L1").orElseThrow().repId()).as("cover %s: the chain decides", cover)
          .isEqualTo("bob");
      router.close();
    }
    assertThatThrownBy(() -> week.coveredBy(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("coverRepId must not be blank");
  }
}
