package io.smartrouting.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
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
}
