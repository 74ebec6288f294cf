package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.TimeOff;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

  private static final WorkingHours NY_DAY = WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0));

  private static Rep.Builder rep(String id) {
    return Rep.builder(id).territories("US").capacity(10);
  }

  private static Router router(ManualClock clock, List<Rep> reps) {
    return Router.builder().roster(reps).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .step("ll", TestStrategies.LEAST_LOADED).build();
  }

  private static Lead lead(String id) {
    return Lead.builder(id).country("US").build();
  }

  @Test
  void aRepOutsideWorkingHoursInTheirOwnZoneIsNeverAssignedAcrossDst() {
    // 13:30Z is 08:30 in New York on Friday 6 March (EST) but 09:30 on Monday 9 March (EDT).
    ManualClock clock = new ManualClock(Instant.parse("2026-03-06T13:30:00Z"));
    Rep ny = rep("ny").timeZone("America/New_York").workingHours(NY_DAY).build();
    Rep anytime = rep("anytime").build();
    Router router = router(clock, List.of(ny, anytime));
    for (int i = 0; i < 5; i++) {
      assertThat(router.route(lead("fri-" + i)).repId()).isEqualTo("anytime");
    }
    assertThat(router.route(lead("fri-x")).explain()).contains("off shift (working hours in America/New_York)");
    clock.advance(Duration.ofDays(3));
    assertThat(router.route(lead("mon-1")).repId()).isEqualTo("ny");
    assertThat(router.isAvailable("ny")).isTrue();
  }

  @Test
  void timeOffKeepsARepAwayUntilItEndsAndTheCachedBitsetNoticesTheEnd() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-24T10:00:00Z"));
    Rep holiday = rep("holiday").timeOff(new TimeOff(Instant.parse("2026-12-24T00:00:00Z"),
        Instant.parse("2026-12-27T00:00:00Z"), "public holiday")).build();
    Rep other = rep("other").capacity(1).build();
    Router router = router(clock, List.of(holiday, other));
    assertThat(router.route(lead("a")).repId()).isEqualTo("other");
    Decision queued = router.route(lead("b"));
    assertThat(queued.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(queued.hasFlag(Flag.AFTER_HOURS_QUEUE)).isFalse();
    assertThat(queued.explain()).contains("time off until 2026-12-27T00:00:00Z (public holiday)");
    clock.advance(Duration.ofDays(2).plusHours(14));
    assertThat(router.route(lead("c")).repId()).isEqualTo("holiday");
  }

  @Test
  void unavailabilitySaysWhyEachRepMayNotTakeALeadNow() {
    // Friday 25 December 2026, 15:00Z: 10:00 in New York, 16:00 in Berlin.
    ManualClock clock = new ManualClock(Instant.parse("2026-12-25T15:00:00Z"));
    List<Rep> reps = List.of(
        rep("works").timeZone("America/New_York").workingHours(NY_DAY).build(),
        rep("xmas").timeZone("America/New_York")
            .workingHours(NY_DAY.withHolidays(List.of(java.time.LocalDate.of(2026, 12, 25)))).build(),
        rep("early").timeZone("Europe/Berlin")
            .workingHours(WorkingHours.weekdays(LocalTime.of(7, 0), LocalTime.of(15, 0))).build(),
        rep("away").timeOff(new TimeOff(Instant.parse("2026-12-21T00:00:00Z"), Instant.parse("2027-01-04T00:00:00Z"),
            "vacation")).build(),
        rep("inactive").active(false).build(),
        rep("manual").build());
    Router router = router(clock, reps);
    router.setAvailable("manual", false);
    assertThat(router.unavailability("works")).isEmpty();
    assertThat(router.unavailability("xmas")).hasValue("off shift (holiday 2026-12-25 in America/New_York)");
    assertThat(router.unavailability("early")).hasValue("off shift (working hours in Europe/Berlin)");
    assertThat(router.unavailability("away")).hasValue("time off until 2027-01-04T00:00:00Z (vacation)");
    assertThat(router.unavailability("inactive")).hasValue("unavailable (out of office)");
    assertThat(router.unavailability("manual")).hasValue("set unavailable manually");
    for (Rep r : reps) {
      assertThat(router.isAvailable(r.id())).isEqualTo(router.unavailability(r.id()).isEmpty());
    }
    assertThatThrownBy(() -> router.unavailability("nobody")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no rep with id 'nobody'");
  }

  @Test
  void manualOverridesWinOverScheduleAndSurviveRosterUpdates() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T15:00:00Z"));
    Router router = router(clock, List.of(rep("a").build(), rep("b").build()));
    router.setAvailable("a", false);
    for (int i = 0; i < 4; i++) {
      assertThat(router.route(lead("l" + i)).repId()).isEqualTo("b");
    }
    router.updateRoster(List.of(rep("a").build(), rep("b").build(), rep("c").active(false).build()));
    assertThat(router.route(lead("after-update")).repId()).isNotEqualTo("a");
    router.setAvailable("c", true);
    router.setAvailable("b", false);
    assertThat(router.route(lead("forced")).repId()).isEqualTo("c");
    assertThat(router.clearAvailability("a")).isTrue();
    assertThat(router.route(lead("back")).repId()).isEqualTo("a");
    assertThatThrownBy(() -> router.setAvailable("nobody", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rep with id 'nobody'");
  }

  @Test
  void whenEveryoneCoveringTheLeadIsOffShiftTheLeadWaitsForTheNextShiftDueInItsFirstMinutes() {
    // Wednesday 25 November 2026, 17:55 in New York (EST) = 22:55Z.
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T22:55:00Z"));
    Rep early = rep("ny-early").timeZone("America/New_York").workingHours(NY_DAY).build();
    List<io.smartrouting.api.RoutingEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    Router router = Router.builder().roster(List.of(early)).clock(clock).strategies(StrategyRegistry.of())
        .manualTimers().step("ll", TestStrategies.LEAST_LOADED).listener(events::add).build();
    Decision d = router.route(Lead.builder("hot").country("US").source(LeadSource.DEMO_REQUEST).build());
    assertThat(d.queue()).isEqualTo(AfterHoursPolicy.DEFAULT_QUEUE);
    assertThat(d.hasFlag(Flag.AFTER_HOURS_QUEUE)).isTrue();
    assertThat(d.hasFlag(Flag.FALLBACK_QUEUE)).isFalse();
    // Tier 1's five minutes run in the first shift of the reps who cover it: Thursday 09:05 in New York. (Until 8
    // December 2026 it waited without a deadline, so one its reps could not take at the shift start, all full or
    // away, waited on with nobody told.)
    assertThat(d.slaDeadline()).isEqualTo(Instant.parse("2026-11-26T14:05:00Z"));
    assertThat(d.explain()).contains("after hours: nobody covering US is on shift; queued for the next shift");
    assertThat(router.armedTimers()).isEqualTo(1);
    router.setAvailable("ny-early", false);
    clock.set(Instant.parse("2026-11-26T14:06:00Z"));
    router.fireDueTimers();
    assertThat(events).filteredOn(e -> e instanceof io.smartrouting.api.RoutingEvent.SlaBreached).singleElement()
        .satisfies(e -> assertThat(((io.smartrouting.api.RoutingEvent.SlaBreached) e).queue())
            .isEqualTo(AfterHoursPolicy.DEFAULT_QUEUE));
    // Taken at the shift start, it is due within its rep's own five minutes from then, as before.
    router.clearAvailability("ny-early");
    clock.set(Instant.parse("2026-11-27T14:00:00Z"));
    Decision next = router.route(Lead.builder("warm").country("US").source(LeadSource.DEMO_REQUEST).build());
    assertThat(next.repId()).isEqualTo("ny-early");
    assertThat(next.slaDeadline()).isEqualTo(Instant.parse("2026-11-27T14:05:00Z"));
  }

  @Test
  void followTheSunSendsTheLeadToARepOnShiftInAnotherTerritory() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-25T22:55:00Z"));
    Rep early = rep("ny-early").timeZone("America/New_York").workingHours(NY_DAY).build();
    // 22:55Z is 09:55 on Thursday in Sydney (AEDT, UTC+11).
    Rep sydney = Rep.builder("syd").territories("AU").timeZone("Australia/Sydney").workingHours(NY_DAY).build();
    Rep london = Rep.builder("ldn").territories("GB").timeZone("Europe/London").workingHours(NY_DAY).build();
    Router router = Router.builder().roster(List.of(early, sydney, london)).clock(clock)
        .strategies(StrategyRegistry.of()).manualTimers().afterHours(AfterHoursPolicy.followTheSun("night"))
        .step("ll", TestStrategies.LEAST_LOADED).build();
    Decision d = router.route(lead("hot"));
    assertThat(d.repId()).isEqualTo("syd");
    assertThat(d.hasFlag(Flag.FOLLOW_THE_SUN)).isTrue();
    assertThat(d.explain()).contains("follow-the-sun");
    // Eight hours later nobody anywhere is on shift: the policy's queue.
    clock.advance(Duration.ofHours(8));
    Decision night = router.route(lead("late"));
    assertThat(night.queue()).isEqualTo("night");
    assertThat(night.hasFlag(Flag.AFTER_HOURS_QUEUE)).isTrue();
  }
}
