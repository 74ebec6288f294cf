package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holiday calendars in a configuration: defined once under {@code holidays}, named by reps (inline or in the roster
 * file) and by the lead's hours; every bad date or name is an error at its place.
 */
class HolidaysConfigTest {

  private static final String CALENDARS = "holidays:\n  US: [2026-11-26, 2026-12-25]\n"
      + "  DE: ['2026-12-24', 2026-12-25, 2026-12-26]\n";
  private static final String CHAIN = "chain:\n  - strategy: round-robin\n";

  @TempDir
  Path dir;

  @Test
  void repsNameCalendarsAndDatesAndRoutingFollowsThem() {
    RoutingConfig c = RoutingConfig.parse(CALENDARS
        + "reps:\n"
        + "  - {id: ana, territories: [US], time_zone: America/New_York, working_hours: 'MON-FRI 09:00-17:00',"
        + " holidays: [US, 2026-12-24]}\n"
        + "  - {id: jan, territories: [US], time_zone: Europe/Berlin, holidays: DE}\n"
        + "  - {id: bob, territories: [US], time_zone: America/New_York, working_hours: 'MON-FRI 09:00-17:00'}\n"
        + CHAIN, "routing.yaml");
    WorkingHours ana = c.reps().get(0).workingHours();
    assertThat(ana.holidays()).containsExactly(LocalDate.of(2026, 11, 26), LocalDate.of(2026, 12, 24),
        LocalDate.of(2026, 12, 25));
    // A rep without working hours works around the clock except on its holidays.
    WorkingHours jan = c.reps().get(1).workingHours();
    assertThat(jan.isAlways()).isFalse();
    assertThat(jan.holidays()).containsExactly(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25),
        LocalDate.of(2026, 12, 26));
    assertThat(c.reps().get(2).workingHours().holidays()).isEmpty();

    // Christmas Day, 10:00 in New York (16:00 in Berlin): only bob works; the day after, jan is still off.
    ManualClock clock = new ManualClock(Instant.parse("2026-12-25T15:00:00Z"));
    Router router = c.toBuilder().clock(clock).manualTimers().build();
    for (int i = 0; i < 3; i++) {
      assertThat(router.route(Lead.builder("xmas-" + i).country("US").region("NY").build()).repId()).isEqualTo("bob");
    }
    clock.set(Instant.parse("2026-12-28T15:00:00Z"));
    java.util.Set<String> monday = new java.util.TreeSet<>();
    for (int i = 0; i < 6; i++) {
      Decision d = router.route(Lead.builder("monday-" + i).country("US").region("NY").build());
      monday.add(d.repId());
    }
    assertThat(monday).containsExactly("ana", "bob", "jan");
  }

  @Test
  void theLeadsOwnHoursTakeHolidaysToo() {
    RoutingConfig c = RoutingConfig.parse(CALENDARS + "reps:\n  - {id: ana}\n" + CHAIN
        + "after_hours:\n  policy: follow-the-sun\n  lead_hours: 'MON-FRI 09:00-17:00'\n  holidays: US\n",
        "routing.yaml");
    assertThat(c.toBuilder().build()).isNotNull();
    assertThat(RoutingConfig.validate(CALENDARS + "reps:\n  - {id: ana}\n" + CHAIN
        + "after_hours:\n  holidays: US\n", "routing.yaml")).singleElement().asString()
        .contains("after_hours.holidays: holidays of the lead's hours need lead_hours");
  }

  @Test
  void theAfterHoursPolicyIsReadAsTheDocumentsOtherChoicesAre() {
    String reps = "reps:\n"
        + "  - {id: ana, territories: [US], time_zone: America/New_York, working_hours: 'MON-FRI 09:00-17:00'}\n"
        + "  - {id: bob, territories: [GB], time_zone: Europe/London, working_hours: 'MON-FRI 09:00-17:00'}\n";
    java.time.Clock evening = java.time.Clock.fixed(java.time.Instant.parse("2026-12-07T19:00:00Z"),
        java.time.ZoneOffset.UTC); // 14:00 in New York, 19:00 in London
    for (String written : List.of("follow-the-sun", "follow_the_sun", "Follow The Sun")) {
      RoutingConfig c = RoutingConfig.parse(reps + CHAIN + "after_hours: {policy: " + written + "}\n", "routing.yaml");
      try (Router router = c.toBuilder().clock(evening).manualTimers().build()) {
        Decision d = router.route(Lead.builder("l-" + written.length()).country("GB").build());
        assertThat(d.repId()).as(written).isEqualTo("ana");
        assertThat(d.hasFlag(io.smartrouting.api.Flag.FOLLOW_THE_SUN)).isTrue();
      }
    }
    for (String written : List.of("next-shift", "NEXT_SHIFT", "next shift")) {
      RoutingConfig c = RoutingConfig.parse(reps + CHAIN + "after_hours: {policy: " + written + "}\n", "routing.yaml");
      try (Router router = c.toBuilder().clock(evening).manualTimers().build()) {
        assertThat(router.route(Lead.builder("l").country("GB").build()).queue()).as(written).isNotNull();
      }
    }
    assertThat(RoutingConfig.validate(reps + CHAIN + "after_hours: {policy: sunrise}\n", "routing.yaml"))
        .singleElement().asString().contains("policy must be 'next-shift' or 'follow-the-sun'");
  }

  @Test
  void everyBadCalendarDateOrNameIsAnErrorAtItsPlace() {
    List<String> errors = RoutingConfig.validate("holidays:\n"
        + "  US: [2026-11-26, 2026-02-30, Christmas]\n"
        + "  2026-12-25: [2026-12-25]\n"
        + "  DE: 2026-12-25\n"
        + "reps:\n"
        + "  - {id: ana, holidays: [USA, 2026-12-24]}\n"
        + "  - {id: bob, holidays: 12/25/2026}\n"
        + CHAIN, "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).hasSize(6);
    assertThat(errors.get(0)).contains("holidays.US[1]: '2026-02-30' is not a date (YYYY-MM-DD, as 2026-12-25)");
    assertThat(errors.get(1)).contains("holidays.US[2]: 'Christmas' is not a date");
    assertThat(errors.get(2)).contains("holidays.2026-12-25: a holiday calendar's name must not be a date");
    assertThat(errors.get(3)).contains("holidays.DE: a holiday calendar must be a list of dates");
    // DE is no list, so no calendar.
    assertThat(errors.get(4)).contains("reps[0].holidays[0]: 'USA' is not a date (YYYY-MM-DD), a date with hours"
        + " (2026-12-24 09:00-12:00) or a holiday calendar; did you mean 'US'? Known calendars: [US]");
    assertThat(errors.get(5)).contains("reps[1].holidays: '12/25/2026' is not a date (YYYY-MM-DD), a date with"
        + " hours (2026-12-24 09:00-12:00) or a holiday calendar");
    assertThat(RoutingConfig.validate("reps:\n  - {id: ana, holidays: US}\n" + CHAIN, "routing.yaml"))
        .singleElement().asString().contains("(none is defined: name them under 'holidays' at the top");
  }

  @Test
  void theRosterFileNamesCalendarsAndDates() throws Exception {
    Files.writeString(dir.resolve("reps.csv"), "id,time_zone,working_hours,holidays\n"
        + "ana,America/New_York,MON-FRI 09:00-17:00,US;2026-12-24\nben,UTC,,\n", StandardCharsets.UTF_8);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, CALENDARS + "roster_file: reps.csv\n" + CHAIN, StandardCharsets.UTF_8);
    List<Rep> reps = RoutingConfig.load(doc).reps();
    assertThat(reps.get(0).workingHours().holidays()).containsExactly(LocalDate.of(2026, 11, 26),
        LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25));
    assertThat(reps.get(1).workingHours()).isSameAs(WorkingHours.ALWAYS);

    Files.writeString(dir.resolve("reps.csv"), "id,holidays\nana,UK\n", StandardCharsets.UTF_8);
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> RoutingConfig.load(doc));
    assertThat(e.errors()).singleElement().asString().contains("reps.csv line 2: column 'holidays' 'UK' is not a"
        + " date (YYYY-MM-DD), a date with hours (2026-12-24 09:00-12:00) or a holiday calendar; did you mean");
    // Read alone, a roster file knows no calendars: dates only.
    assertThat(RosterFiles.reps(new java.io.StringReader("id,holidays\nana,2026-12-25\n"), "reps.csv").get(0)
        .workingHours().isHoliday(LocalDate.of(2026, 12, 25))).isTrue();
  }

  @Test
  void aCalendarMayHaveShortDays() {
    RoutingConfig c = RoutingConfig.parse("holidays:\n"
        + "  US: [2026-12-25, '2026-12-24 09:00-12:00', '2026-12-31 9am-1pm, 2pm-4pm']\n"
        + "reps:\n"
        + "  - {id: ana, time_zone: America/New_York, working_hours: 'MON-FRI 09:00-17:00', holidays: US}\n"
        + "  - {id: bob, time_zone: UTC, working_hours: 'MON-FRI 09:00-17:00', holidays: ['2026-12-24 10:00-11:00']}\n"
        + CHAIN, "routing.yaml");
    WorkingHours ana = c.reps().get(0).workingHours();
    java.time.ZoneId ny = java.time.ZoneId.of("America/New_York");
    assertThat(ana.covers(Instant.parse("2026-12-24T16:30:00Z"), ny)).as("11:30 on the short day").isTrue();
    assertThat(ana.covers(Instant.parse("2026-12-24T17:30:00Z"), ny)).as("12:30 on the short day").isFalse();
    assertThat(ana.covers(Instant.parse("2026-12-31T18:30:00Z"), ny)).as("13:30 between the spans").isFalse();
    assertThat(ana.covers(Instant.parse("2026-12-31T19:30:00Z"), ny)).as("14:30").isTrue();
    assertThat(ana.isHoliday(LocalDate.of(2026, 12, 25))).isTrue();
    assertThat(c.reps().get(1).workingHours().shifts(LocalDate.of(2026, 12, 24))).containsExactly(
        new WorkingHours.Shift(java.time.LocalTime.of(10, 0), java.time.LocalTime.of(11, 0)));

    List<String> errors = RoutingConfig.validate("holidays:\n  US: ['2026-12-24 9-5', '2026-12-31 noon']\n"
        + "reps:\n  - {id: ana}\n" + CHAIN, "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).contains("holidays.US[0]: '2026-12-24 9-5': the hours of a short day must look like"
        + " 2026-12-24 09:00-12:00").contains("did you mean 09:00-17:00");
    assertThat(errors.get(1)).contains("holidays.US[1]: '2026-12-31 noon': the hours of a short day");
  }

  @Test
  void aNightWorkerHasANightOfItsOwnOnADate() {
    // Nights Monday to Friday, 22:00 to 06:00; on Christmas Eve (a Thursday) a short night to 02:00 instead.
    RoutingConfig c = RoutingConfig.parse("holidays:\n"
        + "  NIGHTS: [2026-12-25, '2026-12-24 22:00-02:00+1']\n"
        + "reps:\n"
        + "  - {id: nina, time_zone: UTC, working_hours: 'MON-FRI 22:00-06:00+1', holidays: NIGHTS}\n"
        + CHAIN, "routing.yaml");
    WorkingHours nina = c.reps().get(0).workingHours();
    java.time.ZoneId utc = java.time.ZoneId.of("UTC");
    assertThat(nina.shifts(LocalDate.of(2026, 12, 24))).singleElement().asString().isEqualTo("22:00-02:00+1");
    assertThat(nina.covers(Instant.parse("2026-12-25T01:30:00Z"), utc)).as("01:30 on the short night").isTrue();
    assertThat(nina.covers(Instant.parse("2026-12-25T03:00:00Z"), utc)).as("03:00: that night ended at 02:00")
        .isFalse();
    assertThat(nina.covers(Instant.parse("2026-12-25T23:00:00Z"), utc)).as("Christmas night: a holiday").isFalse();
    assertThat(nina.covers(Instant.parse("2026-12-24T03:00:00Z"), utc)).as("Wednesday's night, as every week")
        .isTrue();

    // A calendar's short day that meets the night before it (shared with day workers): on shift while either runs.
    RoutingConfig shared = RoutingConfig.parse("holidays:\n  ALL: ['2026-12-24 06:00-12:00']\n"
        + "reps:\n  - {id: nina, time_zone: UTC, working_hours: 'MON-FRI 22:00-07:00+1', holidays: ALL}\n"
        + CHAIN, "routing.yaml");
    WorkingHours both = shared.reps().get(0).workingHours();
    assertThat(both.covers(Instant.parse("2026-12-24T06:30:00Z"), utc)).as("Wednesday's night and the short day")
        .isTrue();
    assertThat(both.covers(Instant.parse("2026-12-24T11:00:00Z"), utc)).as("the short day").isTrue();
    assertThat(both.covers(Instant.parse("2026-12-24T12:30:00Z"), utc)).isFalse();
    assertThat(both.covers(Instant.parse("2026-12-24T23:00:00Z"), utc)).as("the short day replaces Thursday's night")
        .isFalse();
    // A night of its own written as a day shift is refused at its place, saying how to write it.
    List<String> errors = RoutingConfig.validate("reps:\n  - {id: nina, holidays: ['2026-12-24 22:00-02:00']}\n"
        + CHAIN, "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("reps[0].holidays[0]").contains("22:00-02:00+1");
  }

  @Test
  void aCalendarThatRunsOutWithinTwoMonthsIsWarnedOf() {
    RoutingConfig c = RoutingConfig.parse("holidays:\n  US: [2026-11-26, '2026-12-24 09:00-12:00', 2026-12-25]\n"
        + "  DE: [2027-12-24]\n  EMPTY: []\nreps:\n  - {id: ana, territories: [US], holidays: [US, DE]}\n" + CHAIN,
        "routing.yaml");
    assertThat(c.warnings(LocalDate.of(2026, 9, 1))).isEmpty();
    assertThat(c.warnings(LocalDate.of(2026, 12, 5))).containsExactly("holiday calendar 'US' runs out after"
        + " 2026-12-25 (in 20 days): later holidays count as working days until they are added");
    assertThat(c.warnings(LocalDate.of(2027, 1, 4))).singleElement().asString().contains("2026-12-25 (past)");
    assertThat(c.warnings(LocalDate.of(2027, 11, 1))).hasSize(2);
  }
}
