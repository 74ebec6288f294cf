package io.smartrouting.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WorkingHoursTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final WorkingHours NINE_TO_FIVE = WorkingHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0));

  @Test
  void wallClockHoursHoldAcrossTheSpringDaylightSavingChange() {
    // Friday 6 March 2026 is EST (UTC-5); Monday 9 March is EDT (UTC-4): 09:00 local moves from 14:00Z to 13:00Z.
    assertThat(NINE_TO_FIVE.covers(Instant.parse("2026-03-06T13:30:00Z"), NEW_YORK)).isFalse();
    assertThat(NINE_TO_FIVE.covers(Instant.parse("2026-03-06T14:00:00Z"), NEW_YORK)).isTrue();
    assertThat(NINE_TO_FIVE.covers(Instant.parse("2026-03-09T13:30:00Z"), NEW_YORK)).isTrue();
    assertThat(NINE_TO_FIVE.covers(Instant.parse("2026-03-09T21:00:00Z"), NEW_YORK)).isFalse();
    assertThat(NINE_TO_FIVE.covers(Instant.parse("2026-03-06T21:30:00Z"), NEW_YORK)).isTrue();
  }

  @Test
  void nextChangeIsTheNextShiftBoundaryInTheRepsZone() {
    // Friday 17:00 EST is the end of the week; the next change is Monday 09:00 EDT, after the DST jump.
    assertThat(NINE_TO_FIVE.nextChange(Instant.parse("2026-03-06T22:00:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-03-09T13:00:00Z"));
    assertThat(NINE_TO_FIVE.nextChange(Instant.parse("2026-11-02T15:00:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-11-02T22:00:00Z"));
    assertThat(WorkingHours.ALWAYS.nextChange(Instant.EPOCH, NEW_YORK)).isNull();
  }

  @Test
  void aShiftMayRunToMidnightAndSplitShiftsAreAllowed() {
    WorkingHours split = WorkingHours.builder()
        .shift(LocalTime.of(8, 0), LocalTime.of(12, 0), DayOfWeek.SATURDAY)
        .shift(LocalTime.of(20, 0), LocalTime.MIDNIGHT, DayOfWeek.SATURDAY).build();
    ZoneId utc = ZoneId.of("UTC");
    assertThat(split.covers(Instant.parse("2026-11-28T23:59:59Z"), utc)).isTrue();
    assertThat(split.covers(Instant.parse("2026-11-29T00:00:00Z"), utc)).isFalse();
    assertThat(split.covers(Instant.parse("2026-11-28T13:00:00Z"), utc)).isFalse();
    assertThat(split.toString()).contains("SAT 20:00-24:00");
  }

  @Test
  void badShiftsAndPeriodsAreRejectedNamingTheField() {
    assertThatThrownBy(() -> WorkingHours.builder().shift(LocalTime.of(17, 0), LocalTime.of(9, 0), DayOfWeek.MONDAY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workingHours shift must end after");
    assertThatThrownBy(() -> WorkingHours.builder()
        .shift(LocalTime.of(9, 0), LocalTime.of(12, 0), DayOfWeek.MONDAY)
        .shift(LocalTime.of(11, 0), LocalTime.of(14, 0), DayOfWeek.MONDAY).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap on MONDAY");
    assertThatThrownBy(() -> TimeOff.of(Instant.parse("2026-12-24T00:00:00Z"), Instant.parse("2026-12-24T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeOff.end");
  }

  @Test
  void aHolidayTakesTheWholeDayOffAndTheNextChangeSkipsIt() {
    // Thursday 24 and Friday 25 December 2026 are holidays: the week ends on Wednesday at 17:00 EST.
    WorkingHours hours = NINE_TO_FIVE.withHolidays(List.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25)));
    assertThat(hours.covers(Instant.parse("2026-12-23T15:00:00Z"), NEW_YORK)).isTrue();
    assertThat(hours.covers(Instant.parse("2026-12-24T15:00:00Z"), NEW_YORK)).isFalse();
    assertThat(hours.covers(Instant.parse("2026-12-25T15:00:00Z"), NEW_YORK)).isFalse();
    assertThat(hours.nextChange(Instant.parse("2026-12-23T22:30:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-12-28T14:00:00Z"));
    assertThat(hours.isHoliday(LocalDate.of(2026, 12, 25))).isTrue();
    assertThat(hours.isHoliday(LocalDate.of(2026, 12, 28))).isFalse();
    assertThat(hours.holidays()).containsExactly(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25));
    assertThat(hours.toString()).endsWith("; holidays 2026-12-24, 2026-12-25]");
    assertThat(hours).isNotEqualTo(NINE_TO_FIVE).isEqualTo(NINE_TO_FIVE.withHolidays(
        List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25))));
    assertThat(hours.hashCode()).isNotEqualTo(NINE_TO_FIVE.hashCode());
  }

  @Test
  void aLongClosureStillHasANextChange() {
    // Three weeks of holidays: the search for the next shift reaches past them (a week-long search would give up).
    List<LocalDate> closure = new java.util.ArrayList<>();
    for (LocalDate d = LocalDate.of(2026, 12, 21); d.isBefore(LocalDate.of(2027, 1, 11)); d = d.plusDays(1)) {
      closure.add(d);
    }
    WorkingHours hours = WorkingHours.builder().shift(LocalTime.of(9, 0), LocalTime.of(17, 0), DayOfWeek.MONDAY,
        DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY).holidays(closure).build();
    assertThat(hours.nextChange(Instant.parse("2026-12-18T23:00:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2027-01-11T14:00:00Z"));
  }

  @Test
  void aShiftBelongsToTheDateItStartsOn() {
    ZoneId utc = ZoneId.of("UTC");
    WorkingHours evenings = WorkingHours.builder().shift(LocalTime.of(20, 0), LocalTime.MIDNIGHT, DayOfWeek.values())
        .shift(LocalTime.of(0, 0), LocalTime.of(2, 0), DayOfWeek.values())
        .holidays(List.of(LocalDate.of(2026, 12, 25))).build();
    // The evening of the 24th counts up to midnight; the 25th's early shift and evening do not; the 26th's do.
    assertThat(evenings.covers(Instant.parse("2026-12-24T23:59:00Z"), utc)).isTrue();
    assertThat(evenings.covers(Instant.parse("2026-12-25T01:00:00Z"), utc)).isFalse();
    assertThat(evenings.covers(Instant.parse("2026-12-25T21:00:00Z"), utc)).isFalse();
    assertThat(evenings.covers(Instant.parse("2026-12-26T01:00:00Z"), utc)).isTrue();
    assertThat(evenings.nextChange(Instant.parse("2026-12-25T00:00:00Z"), utc))
        .isEqualTo(Instant.parse("2026-12-26T00:00:00Z"));
  }

  @Test
  void alwaysWithHolidaysIsEveryHourOfEveryOtherDay() {
    WorkingHours hours = WorkingHours.ALWAYS.withHolidays(List.of(LocalDate.of(2026, 12, 25)));
    assertThat(hours.isAlways()).isFalse();
    assertThat(hours.covers(Instant.parse("2026-12-24T23:00:00Z"), NEW_YORK)).isTrue();
    assertThat(hours.covers(Instant.parse("2026-12-25T15:00:00Z"), NEW_YORK)).isFalse();
    // Midnight in New York is 05:00Z.
    assertThat(hours.covers(Instant.parse("2026-12-26T04:59:00Z"), NEW_YORK)).isFalse();
    assertThat(hours.covers(Instant.parse("2026-12-26T05:00:00Z"), NEW_YORK)).isTrue();
    assertThat(WorkingHours.ALWAYS.withHolidays(List.of())).isSameAs(WorkingHours.ALWAYS);
  }

  @Test
  void aNullHolidayIsRejectedNamingItsPosition() {
    assertThatThrownBy(() -> NINE_TO_FIVE.withHolidays(Arrays.asList(LocalDate.of(2026, 12, 25), null)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("workingHours.holidays[1]");
    assertThatThrownBy(() -> WorkingHours.builder().holidays(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("workingHours.holidays");
  }

  @Test
  void aShortDayWorksItsOwnShiftsAndAHolidayStillTakesTheWholeDate() {
    // Thursday 24 December 2026 is a short day, 09:00-12:00; Saturday 2 January 2027 a working Saturday.
    WorkingHours hours = NINE_TO_FIVE.withDay(LocalDate.of(2026, 12, 24), LocalTime.of(9, 0), LocalTime.of(12, 0))
        .withDay(LocalDate.of(2027, 1, 2), LocalTime.of(10, 0), LocalTime.of(14, 0));
    assertThat(hours.covers(Instant.parse("2026-12-24T16:00:00Z"), NEW_YORK)).isTrue();
    assertThat(hours.covers(Instant.parse("2026-12-24T17:00:00Z"), NEW_YORK)).isFalse();
    assertThat(hours.nextChange(Instant.parse("2026-12-24T16:00:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-12-24T17:00:00Z"));
    assertThat(hours.covers(Instant.parse("2027-01-02T16:00:00Z"), NEW_YORK)).isTrue();
    assertThat(hours.shifts(LocalDate.of(2026, 12, 24))).containsExactly(
        new WorkingHours.Shift(LocalTime.of(9, 0), LocalTime.of(12, 0)));
    assertThat(hours.shifts(LocalDate.of(2026, 12, 23))).containsExactly(
        new WorkingHours.Shift(LocalTime.of(9, 0), LocalTime.of(17, 0)));
    assertThat(hours.toString()).endsWith("; 2026-12-24 09:00-12:00, 2027-01-02 10:00-14:00]");

    WorkingHours split = hours.withDay(LocalDate.of(2026, 12, 24), LocalTime.of(13, 0), LocalTime.of(15, 0));
    assertThat(split.shifts(LocalDate.of(2026, 12, 24))).hasSize(2);
    assertThat(split.covers(Instant.parse("2026-12-24T17:30:00Z"), NEW_YORK)).isFalse();
    assertThat(split.covers(Instant.parse("2026-12-24T18:30:00Z"), NEW_YORK)).isTrue();
    assertThatThrownBy(() -> hours.withDay(LocalDate.of(2026, 12, 24), LocalTime.of(11, 0), LocalTime.of(13, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap on 2026-12-24");

    WorkingHours off = hours.withHolidays(List.of(LocalDate.of(2026, 12, 24)));
    assertThat(off.covers(Instant.parse("2026-12-24T16:00:00Z"), NEW_YORK)).isFalse();
    assertThat(off.shifts(LocalDate.of(2026, 12, 24))).isEmpty();
    assertThat(WorkingHours.builder().shift(LocalTime.of(9, 0), LocalTime.of(17, 0), DayOfWeek.MONDAY)
        .day(LocalDate.of(2026, 12, 24), LocalTime.of(9, 0), LocalTime.of(12, 0)).build().shifts(
            LocalDate.of(2026, 12, 24))).hasSize(1);
    assertThat(hours).isNotEqualTo(NINE_TO_FIVE).isEqualTo(NINE_TO_FIVE
        .withDay(LocalDate.of(2027, 1, 2), LocalTime.of(10, 0), LocalTime.of(14, 0))
        .withDay(LocalDate.of(2026, 12, 24), LocalTime.of(9, 0), LocalTime.of(12, 0)));
  }
}
