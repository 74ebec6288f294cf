package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Rep;
import io.smartrouting.api.TimeOff;
import io.smartrouting.api.WorkingHours;
import java.time.DayOfWeek;
import java.time.Duration;
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
 * Business-hours deadlines against a minute-by-minute count of the rep's working time, over random weekly shifts
 * (night shifts among them), holidays, short days, time off and start instants: a lead's holder counts its working hours (holidays and short
 * days included, its time off not), a covering rep counts them without its time off.
 */
class BusinessTimeProperties {

  private static final LocalDate FIRST = LocalDate.of(2026, 12, 1);
  private static final Instant FIRST_INSTANT = Instant.parse("2026-12-01T00:00:00Z");

  record Case(Rep rep, Instant start, int budgetMinutes) {}

  @Provide
  Arbitrary<Case> cases() {
    // A weekday's shift, from and to in hours, or none (from == to); one that passes midnight is a night shift when it
    // ends before the next day's shift starts.
    Arbitrary<int[]> day = Combinators.combine(Arbitraries.integers().between(0, 22),
        Arbitraries.integers().between(0, 12)).as((from, len) -> new int[] {from, from + len});
    Arbitrary<LocalDate> date = Arbitraries.integers().between(0, 20).map(FIRST::plusDays);
    Arbitrary<int[]> shortDay = Combinators.combine(Arbitraries.integers().between(0, 20),
        Arbitraries.integers().between(0, 22), Arbitraries.integers().between(1, 6))
        .as((d, from, len) -> new int[] {d, from, Math.min(24, from + len)});
    Arbitrary<TimeOff> away = Combinators.combine(Arbitraries.integers().between(0, 20 * 24),
        Arbitraries.integers().between(1, 72))
        .as((h, len) -> new TimeOff(FIRST_INSTANT.plusSeconds(3600L * h), FIRST_INSTANT.plusSeconds(3600L * (h + len)),
            null));
    Arbitrary<Rep> rep = Combinators.combine(day.list().ofSize(7), date.list().ofMaxSize(4),
        shortDay.list().ofMaxSize(2), away.list().ofMaxSize(2),
        Arbitraries.of("UTC", "America/New_York", "Asia/Kolkata"))
        .as((week, holidays, shorts, off, zone) -> {
          WorkingHours.Builder b = WorkingHours.builder();
          for (DayOfWeek d : DayOfWeek.values()) {
            int[] shift = week.get(d.ordinal());
            int[] next = week.get(d.plus(1).ordinal());
            if (shift[1] > 24 && (next[1] <= next[0] || next[0] >= shift[1] - 24)) {
              b.nightShift(hour(shift[0]), hour(shift[1] - 24), d);
            } else if (shift[1] > shift[0]) {
              b.shift(hour(shift[0]), hour(Math.min(24, shift[1])), d);
            }
          }
          // At least Monday 09:00-17:00 when the draw gave no shift at all, so that the budget is reached.
          if (week.stream().allMatch(w -> w[1] <= w[0])) {
            b.shift(hour(9), hour(17), DayOfWeek.MONDAY);
          }
          WorkingHours hours = b.holidays(holidays).build();
          java.util.Set<Integer> seen = new java.util.HashSet<>();
          for (int[] sd : shorts) {
            if (seen.add(sd[0])) {
              hours = hours.withDay(FIRST.plusDays(sd[0]), hour(sd[1]), hour(sd[2]));
            }
          }
          // Time off must not overlap: keep the first of two that do.
          List<TimeOff> kept = new ArrayList<>();
          for (TimeOff t : off) {
            if (kept.stream().noneMatch(k -> k.start().isBefore(t.end()) && t.start().isBefore(k.end()))) {
              kept.add(t);
            }
          }
          return Rep.builder("r").timeZone(zone).workingHours(hours).timeOff(kept).build();
        });
    Arbitrary<Instant> start = Arbitraries.integers().between(0, 14 * 24 * 4).map(q -> FIRST_INSTANT.plusSeconds(
        900L * q));
    return Combinators.combine(rep, start, Arbitraries.integers().between(1, 600)).as(Case::new);
  }

  private static LocalTime hour(int h) {
    return h == 24 ? LocalTime.MIDNIGHT : LocalTime.of(h, 0);
  }

  /** The model: walk minute by minute, counting the minutes the rep works, until {@code budget} are counted. */
  private static Instant walk(Rep rep, Instant start, int budget, boolean timeOffPauses) {
    Instant t = start;
    int counted = 0;
    for (int i = 0; i < 60 * 24 * 200; i++) {
      boolean away = false;
      if (timeOffPauses) {
        for (TimeOff off : rep.timeOff()) {
          away |= off.covers(t);
        }
      }
      if (!away && rep.workingHours().covers(t, rep.timeZone())) {
        counted++;
        if (counted == budget) {
          return t.plusSeconds(60);
        }
      }
      t = t.plusSeconds(60);
    }
    return null;
  }

  @Property(tries = 150)
  void theHoldersDeadlineIsWhenItsWorkingHoursHaveRunTheBudget(@ForAll("cases") Case c) {
    Instant model = walk(c.rep(), c.start(), c.budgetMinutes(), false);
    Instant deadline = BusinessTime.deadline(c.rep(), c.start(), Duration.ofMinutes(c.budgetMinutes()));
    if (model != null) {
      assertThat(deadline).as("%s from %s", c.rep().workingHours(), c.start()).isEqualTo(model);
    }
  }

  @Property(tries = 150)
  void aCoveringRepsDeadlineAlsoSkipsItsTimeOff(@ForAll("cases") Case c) {
    Instant model = walk(c.rep(), c.start(), c.budgetMinutes(), true);
    Instant deadline = BusinessTime.coveringDeadline(c.rep(), c.start(), Duration.ofMinutes(c.budgetMinutes()));
    if (model != null) {
      assertThat(deadline).as("%s, %s from %s", c.rep().workingHours(), c.rep().timeOff(), c.start())
          .isEqualTo(model);
    }
    assertThat(deadline).isAfterOrEqualTo(BusinessTime.deadline(c.rep(), c.start(),
        Duration.ofMinutes(c.budgetMinutes())));
  }
}
