package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Rep;
import io.smartrouting.api.WorkingHours;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rep_defaults}: what most reps share (time zone, hours, holidays, capacity) written once; a rep's own value
 * wins, a roster file's empty cell takes the default, and a bad default is one error at its place.
 */
class RepDefaultsTest {

  private static final String DEFAULTS = "holidays:\n  US: [2026-11-26, 2026-12-25]\n"
      + "rep_defaults:\n"
      + "  time_zone: America/New_York\n"
      + "  working_hours: 'MON-FRI 09:00-17:00'\n"
      + "  holidays: US\n"
      + "  capacity: 30\n"
      + "  languages: [en]\n"
      + "  territories: [US]\n";
  private static final String CHAIN = "chain:\n  - strategy: round-robin\n";

  @Test
  void everyRepTakesTheDefaultsItDoesNotSetItself() {
    RoutingConfig c = RoutingConfig.parse(DEFAULTS + "reps:\n"
        + "  - {id: ana}\n"
        + "  - {id: bob, capacity: 10, languages: [en, es], time_zone: America/Los_Angeles}\n"
        + "  - {id: cleo, working_hours: 'MON-THU 08:00-18:00', holidays: []}\n"
        + CHAIN, "routing.yaml");
    Rep ana = c.reps().get(0);
    Rep bob = c.reps().get(1);
    Rep cleo = c.reps().get(2);
    assertThat(ana.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(ana.capacity()).isEqualTo(30);
    assertThat(ana.languages()).containsExactly("en");
    assertThat(ana.territories()).containsExactly("US");
    assertThat(ana.workingHours().holidays()).containsExactly(LocalDate.of(2026, 11, 26), LocalDate.of(2026, 12, 25));
    assertThat(ana.workingHours().covers(Instant.parse("2026-12-02T15:00:00Z"), ana.timeZone())).isTrue();
    // A rep's own value replaces the default; a list is not merged with it.
    assertThat(bob.capacity()).isEqualTo(10);
    assertThat(bob.languages()).containsExactlyInAnyOrder("en", "es");
    assertThat(bob.timeZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
    assertThat(bob.workingHours()).isEqualTo(ana.workingHours());
    assertThat(cleo.workingHours().holidays()).isEmpty();
    assertThat(cleo.workingHours().covers(Instant.parse("2026-12-04T15:00:00Z"), cleo.timeZone()))
        .as("Friday is not one of cleo's days").isFalse();
  }

  @Test
  void aRosterFilesEmptyCellsTakeTheDefaults(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("reps.csv"), "id,capacity,working_hours,holidays\n"
        + "ana,,,\nbob,12,MON-FRI 07:00-15:00;SAT 09:00-12:00,2026-12-24\n", StandardCharsets.UTF_8);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, DEFAULTS + "roster_file: reps.csv\n" + CHAIN, StandardCharsets.UTF_8);
    List<Rep> reps = RoutingConfig.load(doc).reps();
    assertThat(reps.get(0).capacity()).isEqualTo(30);
    assertThat(reps.get(0).timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(reps.get(0).languages()).containsExactly("en");
    assertThat(reps.get(0).workingHours()).isEqualTo(WorkingHours.weekdays(java.time.LocalTime.of(9, 0),
        java.time.LocalTime.of(17, 0)).withHolidays(List.of(LocalDate.of(2026, 11, 26), LocalDate.of(2026, 12, 25))));
    assertThat(reps.get(1).capacity()).isEqualTo(12);
    assertThat(reps.get(1).workingHours().holidays()).containsExactly(LocalDate.of(2026, 12, 24));
    assertThat(reps.get(1).workingHours().shifts(java.time.DayOfWeek.SATURDAY)).hasSize(1);
  }

  @Test
  void aBadDefaultIsOneErrorAtItsPlaceNotOnePerRep() {
    List<String> errors = RoutingConfig.validate("rep_defaults:\n  capacity: -3\n  working_hours: 'Mon-Fri 9-5'\n"
        + "reps:\n  - {id: ana}\n  - {id: bob}\n  - {id: cleo}\n" + CHAIN, "routing.yaml")
        .stream().map(Object::toString).toList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).startsWith("routing.yaml:2:13: rep_defaults.capacity: must be from 0");
    assertThat(errors.get(1)).startsWith("routing.yaml:3:18: rep_defaults.working_hours:");

    List<String> keys = RoutingConfig.validate("rep_defaults:\n  id: x\n  named_accounts: [acme]\n  capcity: 5\n"
        + "reps:\n  - {id: ana}\n" + CHAIN, "routing.yaml").stream().map(Object::toString).toList();
    assertThat(keys).hasSize(3);
    assertThat(keys.get(0)).contains("rep_defaults.id: 'id' is each rep's own and takes no default");
    assertThat(keys.get(1)).contains("rep_defaults.named_accounts: 'named_accounts' is each rep's own");
    assertThat(keys.get(2)).contains("rep_defaults.capcity: unknown key 'capcity'; did you mean 'capacity'?");
  }
}
