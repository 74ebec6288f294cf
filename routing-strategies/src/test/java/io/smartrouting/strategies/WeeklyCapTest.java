package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Rep;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weekly and monthly caps ({@link Rep#weeklyCap()}, {@link Rep#monthlyCap()}): at most so many new leads a week (Monday
 * to Sunday) or a calendar month from the chain, in the rep's own zone, whatever day they come on; back at the rep's
 * Monday midnight or on its 1st. With a daily cap beside them, each holds.
 */
class WeeklyCapTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void aRepTakesItsWeeklyCapOverTheDaysOfItsWeekAndIsBackOnItsMonday() {
    // Wednesday 2 December 2026, 10:00 in New York.
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).weeklyCap(5).build(),
        Rep.builder("bob").territories("US").timeZone(NEW_YORK).build());
    try (Router router = Router.builder().roster(reps).clock(clock).manualTimers().defaultChain().build()) {
      int ana = DailyCapTest.routeAndRelease(router, "wed-", 4).getOrDefault("ana", 0);
      assertThat(ana).as("her share of Wednesday's leads, below the cap").isBetween(1, 4);
      clock.set(Instant.parse("2026-12-03T15:00:00Z")); // Thursday
      ana += DailyCapTest.routeAndRelease(router, "thu-", 10).getOrDefault("ana", 0);
      assertThat(ana).as("five over Wednesday and Thursday").isEqualTo(5);
      assertThat(router.leadsTakenToday("ana")).isEqualTo(5);

      clock.set(Instant.parse("2026-12-06T15:00:00Z")); // Sunday
      Decision sunday = router.route(DailyCapTest.tier3("sun-0"));
      assertThat(sunday.repId()).isEqualTo("bob");
      assertThat(sunday.explain()).contains("took its weekly cap of new leads this week: ana (5 a week)");
      router.release("sun-0");
      // 23:30 Sunday in New York is Monday in UTC: still ana's week.
      clock.set(Instant.parse("2026-12-07T04:30:00Z"));
      assertThat(DailyCapTest.routeAndRelease(router, "late-", 4)).doesNotContainKey("ana");

      // 00:00 Monday in New York: a new week, a new count.
      clock.set(Instant.parse("2026-12-07T05:00:00Z"));
      assertThat(router.leadsTakenToday("ana")).isZero();
      assertThat(DailyCapTest.routeAndRelease(router, "mon-", 20)).containsEntry("ana", 5);
    }
  }

  @Test
  void aMonthlyCapCountsTheRepsCalendarMonth() {
    // Monday 30 November 2026, 10:00 in New York.
    ManualClock clock = new ManualClock(Instant.parse("2026-11-30T15:00:00Z"));
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).monthlyCap(4).build(),
        Rep.builder("bob").territories("US").timeZone(NEW_YORK).build());
    try (Router router = Router.builder().roster(reps).clock(clock).manualTimers().defaultChain().build()) {
      assertThat(DailyCapTest.routeAndRelease(router, "nov-", 20)).containsEntry("ana", 4);
      // 23:30 on 30 November in New York is December in UTC: still ana's November.
      clock.set(Instant.parse("2026-12-01T04:30:00Z"));
      Decision late = router.route(DailyCapTest.tier3("late-0"));
      assertThat(late.repId()).isEqualTo("bob");
      assertThat(late.explain()).contains("took its monthly cap of new leads this month: ana (4 a month)");
      router.release("late-0");
      clock.set(Instant.parse("2026-12-01T05:00:00Z")); // 1 December, 00:00 in New York
      assertThat(router.leadsTakenToday("ana")).isZero();
      assertThat(DailyCapTest.routeAndRelease(router, "dec-", 20)).containsEntry("ana", 4);
    }
  }

  @Test
  void aRepWithADailyAndAWeeklyCapIsHeldToBoth() {
    // Wednesday 2 December 2026, 10:00 in New York: ana takes at most 2 a day and 3 a week.
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).dailyCap(2).weeklyCap(3).build(),
        Rep.builder("bob").territories("US").timeZone(NEW_YORK).build());
    try (Router router = Router.builder().roster(reps).clock(clock).manualTimers().defaultChain().build()) {
      assertThat(DailyCapTest.routeAndRelease(router, "wed-", 10)).containsEntry("ana", 2);
      assertThat(router.leadsTakenToday("ana")).as("her day binds: none left today, one this week").isEqualTo(2);
      Decision wed = router.route(DailyCapTest.tier3("wed-x"));
      assertThat(wed.explain()).contains("took its daily cap of new leads today: ana (2 a day)");
      router.release("wed-x");

      clock.set(Instant.parse("2026-12-03T15:00:00Z")); // Thursday: a new day, but one lead left in her week
      assertThat(DailyCapTest.routeAndRelease(router, "thu-", 10)).containsEntry("ana", 1);
      assertThat(router.leadsTakenToday("ana")).as("now her week binds").isEqualTo(3);
      Decision thu = router.route(DailyCapTest.tier3("thu-x"));
      assertThat(thu.repId()).isEqualTo("bob");
      assertThat(thu.explain()).contains("took its weekly cap of new leads this week: ana (3 a week)");
      router.release("thu-x");
      assertThat(router.metrics().repLoad()).filteredOn(l -> l.repId().equals("ana")).singleElement()
          .satisfies(l -> assertThat(l.atDailyCap()).isTrue()).satisfies(l -> assertThat(l.dailyCap()).isEqualTo(3));

      clock.set(Instant.parse("2026-12-04T15:00:00Z")); // Friday: her day is new, her week is not
      assertThat(DailyCapTest.routeAndRelease(router, "fri-", 10)).doesNotContainKey("ana");
      clock.set(Instant.parse("2026-12-07T15:00:00Z")); // Monday: both new, the day binds again
      assertThat(DailyCapTest.routeAndRelease(router, "mon-", 10)).containsEntry("ana", 2);
    }
  }

  @Test
  void capsOfSeveralPeriodsMustNotContradictEachOther() {
    assertThatThrownBy(() -> Rep.builder("ana").dailyCap(12).weeklyCap(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rep.weeklyCap must not be below rep.dailyCap").hasMessageContaining("ana");
    assertThatThrownBy(() -> Rep.builder("ana").weeklyCap(40).monthlyCap(30).build())
        .hasMessageContaining("rep.monthlyCap must not be below rep.weeklyCap");
    assertThatThrownBy(() -> Rep.builder("ana").dailyCap(5).monthlyCap(4).build())
        .hasMessageContaining("rep.monthlyCap must not be below rep.dailyCap");
    assertThat(Rep.builder("ana").dailyCap(5).weeklyCap(20).monthlyCap(60).build().monthlyCap()).isEqualTo(60);
    assertThatThrownBy(() -> Rep.builder("ana").weeklyCap(-1).build()).hasMessageContaining("rep.weeklyCap");
    assertThatThrownBy(() -> Rep.builder("ana").monthlyCap(-1).build()).hasMessageContaining("rep.monthlyCap");
  }

  @Test
  void aRepWhoseCapTurnsFromWeeklyToDailyMidWeekCountsItsDayAfresh() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    List<Rep> weekly = List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).weeklyCap(2).build());
    try (Router router = Router.builder().roster(weekly).clock(clock).manualTimers().defaultChain().build()) {
      assertThat(DailyCapTest.routeAndRelease(router, "w-", 4)).containsEntry("ana", 2).containsEntry("queue", 2);
      router.updateRoster(List.of(Rep.builder("ana").territories("US").timeZone(NEW_YORK).dailyCap(3).build()));
      assertThat(DailyCapTest.routeAndRelease(router, "d-", 5)).as("the daily cap, counted from the change")
          .containsEntry("ana", 3).containsEntry("queue", 2);
    }
  }
}
