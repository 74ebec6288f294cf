package io.smartrouting.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Holidays against the same schedule without them, over random weeks, holidays, zones and instants. */
class WorkingHoursProperties {

  /** Zones whose daylight-saving changes happen at night, never at midnight. */
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
      ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Sydney"));
  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);

  record Case(WorkingHours plain, List<LocalDate> holidays, ZoneId zone, Instant at) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<int[]> shift = Combinators.combine(Arbitraries.integers().between(0, 47),
        Arbitraries.integers().between(1, 48), Arbitraries.integers().between(1, 127))
        .as((from, len, days) -> new int[] {from, Math.min(48, from + len), days});
    Arbitrary<WorkingHours> week = shift.list().ofMinSize(1).ofMaxSize(3).map(shifts -> {
      WorkingHours.Builder b = WorkingHours.builder();
      int taken = 0;
      for (int[] s : shifts) {
        // One shift a day at most, so that random shifts never overlap.
        List<DayOfWeek> on = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
          if ((s[2] & (1 << d.ordinal())) != 0 && (taken & (1 << d.ordinal())) == 0) {
            on.add(d);
            taken |= 1 << d.ordinal();
          }
        }
        if (!on.isEmpty()) {
          b.shift(halfHour(s[0]), halfHour(s[1]), on.toArray(new DayOfWeek[0]));
        }
      }
      return b.build();
    });
    Arbitrary<List<LocalDate>> holidays = Arbitraries.integers().between(0, 60).map(FIRST::plusDays).list()
        .ofMaxSize(25);
    Arbitrary<Instant> at = Arbitraries.longs().between(0, 62L * 86_400).map(s -> FIRST.atStartOfDay(
        ZoneId.of("UTC")).toInstant().plusSeconds(s));
    return Combinators.combine(week, holidays, Arbitraries.of(ZONES), at).as(Case::new);
  }

  private static LocalTime halfHour(int n) {
    return n == 48 ? LocalTime.MIDNIGHT : LocalTime.of(n / 2, n % 2 * 30);
  }

  @Property(tries = 1000)
  void holidaysOnlyTakeAwayTheShiftsOfTheirOwnDates(@ForAll("cases") Case c) {
    WorkingHours with = c.plain().withHolidays(c.holidays());
    LocalDate today = c.at().atZone(c.zone()).toLocalDate();
    boolean plain = c.plain().covers(c.at(), c.zone());
    boolean covered = with.covers(c.at(), c.zone());
    if (covered) {
      assertThat(plain).isTrue();
    }
    if (with.isHoliday(today)) {
      // A shift belongs to the date it starts on and ends by midnight: nothing covers a holiday's hours.
      assertThat(covered).isFalse();
    } else if (!with.isHoliday(today.minusDays(1))) {
      assertThat(covered).isEqualTo(plain);
    }
  }

  @Property(tries = 1000)
  void coverageHoldsUntilTheNextChange(@ForAll("cases") Case c) {
    WorkingHours with = c.plain().withHolidays(c.holidays());
    Instant next = with.nextChange(c.at(), c.zone());
    // Every random week has a shift on some day, and holidays end: there is always a next change.
    assertThat(next).isNotNull().isAfter(c.at());
    boolean covered = with.covers(c.at(), c.zone());
    long span = next.getEpochSecond() - c.at().getEpochSecond();
    for (long k = 1; k <= 8; k++) {
      Instant probe = c.at().plusSeconds(span * k / 9);
      assertThat(with.covers(probe, c.zone())).as("at %s, next change %s", probe, next).isEqualTo(covered);
    }
    assertThat(with.covers(next.minusNanos(1), c.zone())).isEqualTo(covered);
  }
}
