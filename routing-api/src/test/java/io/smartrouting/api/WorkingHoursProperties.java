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

/**
 * Holidays and dates with shifts of their own against the same schedule without them, over random weeks, dates,
 * zones and instants.
 */
class WorkingHoursProperties {

  /** Zones whose daylight-saving changes happen at night, never at midnight. */
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
      ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Sydney"));
  private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);

  /** A date's own shift: {@code date}, from and to in half hours (past 48: a night shift, to the next day). */
  record Dated(LocalDate date, int from, int to) {
    WorkingHours applyTo(WorkingHours h) {
      return to > 48 ? h.withNightShift(date, halfHour(from), halfHour(to - 48))
          : h.withDay(date, halfHour(from), halfHour(to));
    }
  }

  record Case(WorkingHours plain, List<LocalDate> holidays, List<Dated> dated, ZoneId zone, Instant at) {
    /** The schedule with the holidays and the dates' own shifts (one per date: the first drawn). */
    WorkingHours full() {
      WorkingHours h = plain.withHolidays(holidays);
      java.util.Set<LocalDate> seen = new java.util.HashSet<>();
      for (Dated d : dated) {
        if (seen.add(d.date())) {
          h = d.applyTo(h);
        }
      }
      return h;
    }
  }

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
    Arbitrary<Dated> day = Combinators.combine(Arbitraries.integers().between(0, 60),
        Arbitraries.integers().between(0, 47), Arbitraries.integers().between(1, 48))
        .as((d, from, len) -> new Dated(FIRST.plusDays(d), from, Math.min(48, from + len)));
    Arbitrary<Instant> at = Arbitraries.longs().between(0, 62L * 86_400).map(s -> FIRST.atStartOfDay(
        ZoneId.of("UTC")).toInstant().plusSeconds(s));
    return Combinators.combine(week, holidays, day.list().ofMaxSize(10), Arbitraries.of(ZONES), at).as(Case::new);
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
  void aDateWithShiftsOfItsOwnWorksThoseInsteadOfItsWeekdaysUnlessItIsAHoliday(@ForAll("cases") Case c) {
    WorkingHours full = c.full();
    LocalDate today = c.at().atZone(c.zone()).toLocalDate();
    java.time.LocalTime local = c.at().atZone(c.zone()).toLocalTime();
    if (c.zone().getRules().isFixedOffset() || c.zone().getId().equals("Asia/Kolkata")) {
      // Without daylight saving, a date's shifts are its local hours exactly.
      // The model: nothing on a holiday, the first shift drawn for the date if any, else the weekday's shifts.
      List<WorkingHours.Shift> model = c.plain().shifts(today.getDayOfWeek());
      for (Dated d : c.dated()) {
        if (d.date().equals(today)) {
          model = List.of(new WorkingHours.Shift(halfHour(d.from()), halfHour(d.to())));
          break;
        }
      }
      boolean expected = false;
      if (!c.holidays().contains(today)) {
        assertThat(full.shifts(today)).isEqualTo(model);
        for (WorkingHours.Shift s : model) {
          boolean toMidnight = s.to().equals(java.time.LocalTime.MIDNIGHT);
          expected |= !local.isBefore(s.from()) && (toMidnight || local.isBefore(s.to()));
        }
      }
      assertThat(full.covers(c.at(), c.zone())).as("%s at %s", full, c.at()).isEqualTo(expected);
    }
    if (full.isHoliday(today)) {
      assertThat(full.shifts(today)).isEmpty();
    }
  }

  @Property(tries = 1000)
  void coverageHoldsUntilTheNextChange(@ForAll("cases") Case c) {
    WorkingHours with = c.full();
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

  /** A week with night shifts too (22:00 to 06:00 the next day, say): one shift a day, none running into the next. */
  @Provide
  Arbitrary<Case> nightCases() {
    // from and length in half hours; a night shift when from + length passes midnight (at most 23.5 hours long).
    Arbitrary<int[]> shift = Combinators.combine(Arbitraries.integers().between(0, 47),
        Arbitraries.integers().between(1, 47), Arbitraries.integers().between(1, 127))
        .as((from, len, days) -> new int[] {from, from + len, days});
    Arbitrary<WorkingHours> week = shift.list().ofMinSize(1).ofMaxSize(4).map(shifts -> {
      int[][] byDay = new int[7][];
      for (int[] sh : shifts) {
        for (DayOfWeek d : DayOfWeek.values()) {
          if ((sh[2] & (1 << d.ordinal())) != 0 && byDay[d.ordinal()] == null) {
            byDay[d.ordinal()] = new int[] {sh[0], sh[1]};
          }
        }
      }
      WorkingHours.Builder b = WorkingHours.builder();
      for (DayOfWeek d : DayOfWeek.values()) {
        int[] sh = byDay[d.ordinal()];
        if (sh == null) {
          continue;
        }
        int[] next = byDay[d.plus(1).ordinal()];
        if (sh[1] > 48 && (next == null || next[0] >= sh[1] - 48)) {
          b.nightShift(halfHour(sh[0]), halfHour(sh[1] - 48), d);
        } else {
          b.shift(halfHour(sh[0]), halfHour(Math.min(48, sh[1])), d);
        }
      }
      return b.build();
    });
    Arbitrary<List<LocalDate>> holidays = Arbitraries.integers().between(0, 60).map(FIRST::plusDays).list()
        .ofMaxSize(25);
    Arbitrary<Instant> at = Arbitraries.longs().between(0, 62L * 86_400).map(s -> FIRST.atStartOfDay(
        ZoneId.of("UTC")).toInstant().plusSeconds(s));
    return Combinators.combine(week, holidays, Arbitraries.of(ZONES), at)
        .as((w, h, z, t) -> new Case(w, h, List.of(), z, t));
  }

  /**
   * In a zone without daylight saving, a schedule with night shifts covers exactly the instants some shift of today or
   * yesterday (neither a holiday: a shift is its start date's) covers, the night shift's to the next day.
   */
  @Property(tries = 1000)
  void aNightShiftCoversItsHoursIntoTheNextDayAndBelongsToItsStartDate(@ForAll("nightCases") Case c) {
    ZoneId zone = c.zone().getId().equals("Asia/Kolkata") ? c.zone() : ZoneId.of("UTC");
    WorkingHours with = c.full();
    java.time.LocalDateTime local = c.at().atZone(zone).toLocalDateTime();
    boolean expected = false;
    for (LocalDate d = local.toLocalDate().minusDays(1); !d.isAfter(local.toLocalDate()); d = d.plusDays(1)) {
      if (c.holidays().contains(d)) {
        continue;
      }
      for (WorkingHours.Shift sh : c.plain().shifts(d.getDayOfWeek())) {
        java.time.LocalDateTime start = d.atTime(sh.from());
        java.time.LocalDateTime end = sh.overnight() || sh.to().equals(LocalTime.MIDNIGHT)
            ? d.plusDays(1).atTime(sh.to()) : d.atTime(sh.to());
        expected |= !local.isBefore(start) && local.isBefore(end);
      }
    }
    assertThat(with.covers(c.at(), zone)).as("%s at %s", with, local).isEqualTo(expected);
  }

  @Property(tries = 1000)
  void withNightShiftsCoverageHoldsUntilTheNextChange(@ForAll("nightCases") Case c) {
    coverageHoldsUntilTheNextChange(c);
  }

  /** The week with night shifts and holidays of {@link #nightCases}, and dates with a shift or a night of their own. */
  @Provide
  Arbitrary<Case> datedNightCases() {
    Arbitrary<Dated> day = Combinators.combine(Arbitraries.integers().between(0, 60),
        Arbitraries.integers().between(0, 47), Arbitraries.integers().between(1, 47))
        .as((d, from, len) -> new Dated(FIRST.plusDays(d), from, from + len));
    return Combinators.combine(nightCases(), day.list().ofMaxSize(12))
        .as((c, dated) -> new Case(c.plain(), c.holidays(), dated, c.zone(), c.at()));
  }

  /** A date's shifts in half hours, as {@code [from, to]} pairs with {@code to} past 48 for a night shift. */
  private static List<int[]> spans(Case c, java.util.Map<LocalDate, int[]> own, LocalDate d) {
    if (c.holidays().contains(d)) {
      return List.of();
    }
    if (own.containsKey(d)) {
      return List.of(own.get(d));
    }
    List<int[]> out = new ArrayList<>();
    for (WorkingHours.Shift sh : c.plain().shifts(d.getDayOfWeek())) {
      int from = sh.from().toSecondOfDay() / 1800;
      int to = sh.to().toSecondOfDay() / 1800;
      out.add(new int[] {from, sh.overnight() ? 48 + to : sh.to().equals(LocalTime.MIDNIGHT) ? 48 : to});
    }
    return out;
  }

  /**
   * Dates with a shift or a night of their own added to a week with night shifts: none is refused (one a date), and in
   * a zone without daylight saving the schedule covers exactly the instants some shift of today or yesterday covers in
   * a model of each date's shifts (none on a holiday, its own if it has them, else its weekday's), a date's own shift
   * that meets the night before it or the next date's first shift counting as either does.
   */
  @Property(tries = 1000)
  void datedNightsCoverTheirHoursBesideTheWeeksNights(@ForAll("datedNightCases") Case c) {
    ZoneId zone = c.zone().getId().equals("Asia/Kolkata") ? c.zone() : ZoneId.of("UTC");
    WorkingHours h = c.plain().withHolidays(c.holidays());
    java.util.Map<LocalDate, int[]> own = new java.util.HashMap<>();
    for (Dated d : c.dated()) {
      if (own.putIfAbsent(d.date(), new int[] {d.from(), d.to()}) == null) {
        h = d.applyTo(h);
      }
    }
    assertThat(h).isEqualTo(c.full());
    java.time.LocalDateTime local = c.at().atZone(zone).toLocalDateTime();
    boolean expected = false;
    for (LocalDate d = local.toLocalDate().minusDays(1); !d.isAfter(local.toLocalDate()); d = d.plusDays(1)) {
      for (int[] sp : spans(c, own, d)) {
        expected |= !local.isBefore(d.atStartOfDay().plusMinutes(30L * sp[0]))
            && local.isBefore(d.atStartOfDay().plusMinutes(30L * sp[1]));
      }
    }
    assertThat(h.covers(c.at(), zone)).as("%s at %s", h, local).isEqualTo(expected);
    LocalDate today = local.toLocalDate();
    if (own.containsKey(today) && !c.holidays().contains(today)) {
      int[] sp = own.get(today);
      assertThat(h.shifts(today)).singleElement().asString().isEqualTo(halfHour(sp[0]) + "-"
          + (sp[1] == 48 ? "24:00" : halfHour(sp[1] % 48) + (sp[1] > 48 ? "+1" : "")));
    }
  }

  @Property(tries = 1000)
  void withDatedNightsCoverageHoldsUntilTheNextChange(@ForAll("datedNightCases") Case c) {
    coverageHoldsUntilTheNextChange(c);
  }
}
