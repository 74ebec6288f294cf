package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Rep;
import io.smartrouting.api.TimeOff;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rep's time off written in the configuration or the roster file: whole local days, or instants. */
class TimeOffConfigTest {

  private static final String CHAIN = "chain:\n  - strategy: round-robin\n";

  @Test
  void periodsAreWholeLocalDaysOrInstantsWithAnOptionalReason() {
    RoutingConfig c = RoutingConfig.parse("reps:\n"
        + "  - {id: ana, territories: [US], time_zone: America/New_York,"
        + " time_off: ['2026-12-21 to 2027-01-03: vacation', 2027-02-12,"
        + " '2026-12-09T14:00:00Z to 2026-12-09T18:00:00Z: training']}\n"
        + "  - {id: bob, territories: [US], time_off: 2026-12-24}\n" + CHAIN, "routing.yaml");
    List<TimeOff> ana = c.reps().get(0).timeOff();
    // In time order, as a rep keeps them.
    assertThat(ana).containsExactly(
        new TimeOff(Instant.parse("2026-12-09T14:00:00Z"), Instant.parse("2026-12-09T18:00:00Z"), "training"),
        new TimeOff(Instant.parse("2026-12-21T05:00:00Z"), Instant.parse("2027-01-04T05:00:00Z"), "vacation"),
        new TimeOff(Instant.parse("2027-02-12T05:00:00Z"), Instant.parse("2027-02-13T05:00:00Z"), null));
    // No time zone: UTC days.
    assertThat(c.reps().get(1).timeOff()).containsExactly(
        new TimeOff(Instant.parse("2026-12-24T00:00:00Z"), Instant.parse("2026-12-25T00:00:00Z"), null));

    ManualClock clock = new ManualClock(Instant.parse("2026-12-22T15:00:00Z"));
    try (Router router = c.toBuilder().clock(clock).manualTimers().build()) {
      assertThat(router.unavailability("ana")).hasValue("time off until 2027-01-04T05:00:00Z (vacation)");
      assertThat(router.unavailability("bob")).isEmpty();
    }
  }

  @Test
  void aBadPeriodIsAnErrorAtItsPlaceAndTimeOffTakesNoDefault() {
    List<String> errors = RoutingConfig.validate("rep_defaults: {time_off: 2026-12-24}\nreps:\n"
        + "  - {id: ana, time_off: ['2027-01-03 to 2026-12-21', 'next week', '2026-02-30']}\n" + CHAIN,
        "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).hasSize(4);
    assertThat(errors.get(0)).contains("rep_defaults.time_off: 'time_off' is each rep's own and takes no default");
    assertThat(errors.get(1)).contains("reps[0].time_off[0]: '2027-01-03 to 2026-12-21' ends before it starts");
    assertThat(errors.get(2)).contains("reps[0].time_off[1]: 'next week' is not time off: write '2026-12-21 to"
        + " 2027-01-03: vacation'");
    assertThat(errors.get(3)).contains("reps[0].time_off[2]: '2026-02-30' is not a date (YYYY-MM-DD)");
  }

  @Test
  void theRosterFileHasATimeOffColumn(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("reps.csv"), "id,time_zone,time_off\n"
        + "ana,Europe/Berlin,2026-12-24 to 2026-12-26: holidays;2027-01-01\nben,,\n", StandardCharsets.UTF_8);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, "roster_file: reps.csv\n" + CHAIN, StandardCharsets.UTF_8);
    List<Rep> reps = RoutingConfig.load(doc).reps();
    assertThat(reps.get(0).timeOff()).containsExactly(
        new TimeOff(Instant.parse("2026-12-23T23:00:00Z"), Instant.parse("2026-12-26T23:00:00Z"), "holidays"),
        new TimeOff(Instant.parse("2026-12-31T23:00:00Z"), Instant.parse("2027-01-01T23:00:00Z"), null));
    assertThat(reps.get(1).timeOff()).isEmpty();
  }

  /** A time off may name who covers the desk, at its end: another rep of the roster. */
  @Test
  void aTimeOffMayNameItsCover(@TempDir Path dir) throws Exception {
    RoutingConfig c = RoutingConfig.parse("reps:\n"
        + "  - {id: ana, territories: [US], time_off: ['2026-12-21 to 2027-01-03: vacation (cover: ben)',"
        + " '2027-02-12 (Cover: ben)']}\n"
        + "  - {id: ben, territories: [US]}\n" + CHAIN, "routing.yaml");
    assertThat(c.reps().get(0).timeOff()).containsExactly(
        new TimeOff(Instant.parse("2026-12-21T00:00:00Z"), Instant.parse("2027-01-04T00:00:00Z"), "vacation", "ben"),
        new TimeOff(Instant.parse("2027-02-12T00:00:00Z"), Instant.parse("2027-02-13T00:00:00Z"), null, "ben"));
    try (Router router = c.toBuilder().clock(new ManualClock(Instant.parse("2026-12-22T15:00:00Z"))).manualTimers()
        .build()) {
      assertThat(router.unavailability("ana")).as("what routing reps and explanations say")
          .hasValue("time off until 2027-01-04T00:00:00Z (vacation; cover: ben)");
    }

    List<String> errors = RoutingConfig.validate("reps:\n"
        + "  - {id: ana, time_off: ['2026-12-21 to 2027-01-03: vacation (cover: benn)', '2026-12-24 (cover: ana)']}\n"
        + "  - {id: ben}\n" + CHAIN, "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).contains("reps[0].time_off[0]: cover: no rep with id 'benn' in reps; did you mean"
        + " 'ben'?");
    assertThat(errors.get(1)).contains("reps[0].time_off[1]: a rep cannot cover its own time off (cover 'ana')");

    Files.writeString(dir.resolve("reps.csv"), "id,time_off\nana,2026-12-24 (cover: ben)\nben,\n",
        StandardCharsets.UTF_8);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, "roster_file: reps.csv\n" + CHAIN, StandardCharsets.UTF_8);
    assertThat(RoutingConfig.load(doc).reps().get(0).timeOff()).extracting(TimeOff::coverRepId)
        .containsExactly("ben");
  }

  @Test
  void aCoverOutOfOfficeOrAwayDuringTheTimeOffItCoversIsWarnedOf() {
    RoutingConfig c = RoutingConfig.parse("reps:\n"
        + "  - {id: ana, territories: [US], time_off: ['2026-12-21 to 2027-01-03: vacation (cover: ben)',"
        + " '2026-11-02 (cover: ben)']}\n"
        + "  - {id: ben, territories: [US], time_off: ['2026-12-24 to 2026-12-26']}\n"
        + "  - {id: cy, territories: [US], time_off: ['2027-03-01 (cover: dee)']}\n"
        + "  - {id: dee, territories: [US], active: false}\n"
        + "  - {id: eve, territories: [US], time_off: ['2027-04-01 (cover: ana)']}\n" + CHAIN, "routing.yaml");

    List<String> warnings = c.warnings(java.time.LocalDate.parse("2026-12-04"));

    assertThat(warnings).as("ana's November day is over; ana is at work on April 1").containsExactly(
        "reps[0] 'ana': the cover of its time off from 2026-12-21T00:00:00Z to 2027-01-04T00:00:00Z, 'ben', is on time"
            + " off itself from 2026-12-24T00:00:00Z to 2026-12-27T00:00:00Z, and passed over while both are away: the"
            + " chain takes what it would have covered then; name a cover at work then",
        "reps[2] 'cy': the cover of its time off from 2027-03-01T00:00:00Z to 2027-03-02T00:00:00Z, 'dee', is out of"
            + " office (active: false), so it is passed over and the chain takes what it would have covered; name a"
            + " cover at work");
  }

  @Test
  void aTimeOffOverlappingAnEarlierOneWithAnotherCoverIsWarnedOf() {
    // The vacation started first, so ben stands in while both run, and cy never does: the training's cover is moot.
    RoutingConfig c = RoutingConfig.parse("reps:\n"
        + "  - {id: ana, territories: [US], time_off: ['2026-12-21 to 2027-01-03: vacation (cover: ben)',"
        + " '2026-12-28 to 2026-12-30: training (cover: cy)', '2026-12-31 (cover: ben)', '2026-11-02 to 2026-11-03',"
        + " '2026-11-03 (cover: cy)']}\n"
        + "  - {id: ben, territories: [US]}\n  - {id: cy, territories: [US]}\n" + CHAIN, "routing.yaml");
    assertThat(c.reps().get(0).timeOffAt(java.time.Instant.parse("2026-12-29T12:00:00Z")).coverRepId())
        .as("the router's reading").isEqualTo("ben");

    List<String> warnings = c.warnings(java.time.LocalDate.parse("2026-12-04"));

    assertThat(warnings).as("the 31st has the same cover; November is over").containsExactly(
        "reps[0] 'ana': its time off from 2026-12-28T00:00:00Z to 2026-12-31T00:00:00Z (cover 'cy') overlaps the one"
            + " from 2026-12-21T00:00:00Z to 2027-01-04T00:00:00Z (cover 'ben'), which started first and applies"
            + " while both run; merge them, or name one cover");
  }
}
