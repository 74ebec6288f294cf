package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The day, week and month a capped rep's leads count in, kept per time zone for the rest of the zone's day, are the
 * ones the zone's calendar gives for every instant, asked in any order: forwards, backwards, across midnights, weeks,
 * months, years and daylight-saving changes, in zones whose days start at 01:00 on a change (Santiago, Havana) or
 * whose calendar skipped a day (Apia, 30 December 2011).
 */
class ZonePeriodsProperties {

  private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
      ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"),
      ZoneId.of("America/Santiago"), ZoneId.of("America/Havana"), ZoneId.of("Pacific/Apia"),
      ZoneId.of("Pacific/Kiritimati"), ZoneId.of("America/St_Johns"));

  /** Instants near the calendar's edges: around midnights and DST changes of 2011-2027, a minute apart at the finest. */
  @Provide
  Arbitrary<List<Instant>> askings() {
    Arbitrary<Instant> near = Arbitraries.longs().between(
        Instant.parse("2011-01-01T00:00:00Z").getEpochSecond() / 1800,
        Instant.parse("2027-12-31T00:00:00Z").getEpochSecond() / 1800).flatMap(halfHour ->
        Arbitraries.integers().between(-2, 2).map(m -> Instant.ofEpochSecond(halfHour * 1800 + m * 60L)));
    Arbitrary<Instant> sameFew = Arbitraries.of(Instant.parse("2011-12-29T10:59:00Z"),
        Instant.parse("2011-12-30T10:00:00Z"), Instant.parse("2011-12-31T09:59:00Z"),
        Instant.parse("2011-12-31T10:00:00Z"), Instant.parse("2026-03-08T06:59:00Z"),
        Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-09-06T03:59:00Z"),
        Instant.parse("2026-09-06T04:00:00Z"), Instant.parse("2026-12-31T23:59:59.999Z"),
        Instant.parse("2027-01-01T00:00:00Z"));
    // Walks: a start, then steps of up to two days either way (so a zone's kept day is often asked again).
    Arbitrary<List<Long>> steps = Arbitraries.longs().between(-2 * 86_400_000L, 2 * 86_400_000L).list().ofMaxSize(30);
    Arbitrary<List<Instant>> walk = near.flatMap(start -> steps.map(s -> {
      List<Instant> out = new java.util.ArrayList<>();
      Instant t = start;
      out.add(t);
      for (long d : s) {
        t = t.plusMillis(d);
        out.add(t);
      }
      return out;
    }));
    return Arbitraries.oneOf(walk, Arbitraries.oneOf(near, sameFew).list().ofMinSize(1).ofMaxSize(40));
  }

  @Property(tries = 400)
  void everyAnswerIsTheCalendarsForThatInstant(@ForAll("askings") List<Instant> askings) {
    ZonePeriods periods = new ZonePeriods(ZONES);
    int k = 0;
    for (Instant t : askings) {
      for (ZoneId zone : ZONES) {
        int kind = k++ % 3;
        LocalDate date = LocalDate.ofInstant(t, zone);
        long expected = kind == RosterSnapshot.DAY ? date.toEpochDay()
            : kind == RosterSnapshot.WEEK ? io.smartrouting.core.state.RepState.WEEKS
                + date.with(java.time.DayOfWeek.MONDAY).toEpochDay()
            : io.smartrouting.core.state.RepState.MONTHS + (date.getYear() - 1970L) * 12 + date.getMonthValue() - 1;
        assertThat(periods.period(periods.index(zone), kind, t)).as("%s of %s in %s", kind, t, zone)
            .isEqualTo(expected);
      }
    }
  }
}
