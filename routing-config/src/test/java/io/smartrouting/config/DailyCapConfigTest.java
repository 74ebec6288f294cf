package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code daily_cap} in a configuration: on a rep, as a default, in a roster file; a bad value is an error there. */
class DailyCapConfigTest {

  private static final String CHAIN = "chain:\n  - strategy: round-robin\n";

  @Test
  void aRepsCapADefaultCapAndNoCapAreRead() {
    RoutingConfig c = RoutingConfig.parse("rep_defaults: {daily_cap: 25, territories: [US]}\nreps:\n"
        + "  - {id: ana}\n  - {id: bob, daily_cap: 8}\n  - {id: cleo, daily_cap: 0}\n" + CHAIN, "routing.yaml");
    assertThat(c.reps()).extracting(Rep::dailyCap).containsExactly(25, 8, 0);
  }

  @Test
  void aRosterFilesColumnAndItsEmptyCellsAreRead(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("reps.csv"), "id,territories,daily_cap\nana,US,12\nbob,US,\n",
        StandardCharsets.UTF_8);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, "roster_file: reps.csv\n" + CHAIN, StandardCharsets.UTF_8);
    assertThat(RoutingConfig.load(doc).reps()).extracting(Rep::dailyCap).containsExactly(12, 0);
  }

  @Test
  void weeklyCapsAreReadOnARepAsADefaultAndInARosterFile(@TempDir Path dir) throws Exception {
    RoutingConfig c = RoutingConfig.parse("rep_defaults: {weekly_cap: 40, territories: [US]}\nreps:\n"
        + "  - {id: ana}\n  - {id: bob, weekly_cap: 15}\n  - {id: cleo, weekly_cap: 0, daily_cap: 4}\n" + CHAIN
        + "  - {strategy: weighted, reps: 'weekly_cap > 20'}\n", "routing.yaml");
    assertThat(c.reps()).extracting(Rep::weeklyCap).containsExactly(40, 15, 0);
    assertThat(c.reps()).extracting(Rep::dailyCap).containsExactly(0, 0, 4);
    Files.writeString(dir.resolve("reps.csv"), "id,territories,weekly_cap\nana,US,12\nbob,US,\n",
        StandardCharsets.UTF_8);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, "roster_file: reps.csv\n" + CHAIN, StandardCharsets.UTF_8);
    assertThat(RoutingConfig.load(doc).reps()).extracting(Rep::weeklyCap).containsExactly(12, 0);
    List<String> errors = RoutingConfig.validate("reps:\n  - {id: dan, territories: [US], daily_cap: 12,"
        + " weekly_cap: 10}\n" + CHAIN, "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("reps[0]")
        .contains("weeklyCap must not be below rep.dailyCap");
    RoutingConfig both = RoutingConfig.parse("rep_defaults: {daily_cap: 5, weekly_cap: 20, territories: [US]}\n"
        + "reps:\n  - {id: fay}\n  - {id: gus, monthly_cap: 60}\n" + CHAIN, "routing.yaml");
    assertThat(both.reps()).extracting(Rep::dailyCap, Rep::weeklyCap, Rep::monthlyCap)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(5, 20, 0), org.assertj.core.groups.Tuple.tuple(5, 20, 60));
    RoutingConfig monthly = RoutingConfig.parse("reps:\n  - {id: eve, territories: [US], monthly_cap: 60}\n" + CHAIN
        + "  - {strategy: weighted, reps: 'monthly_cap >= 60'}\n", "routing.yaml");
    assertThat(monthly.reps().get(0).monthlyCap()).isEqualTo(60);
  }

  @Test
  void aBadCapIsAnErrorAtItsPlace() {
    List<String> errors = RoutingConfig.validate("rep_defaults: {daily_cap: many}\nreps:\n"
        + "  - {id: ana, territories: [US], daily_cap: -3}\n" + CHAIN, "routing.yaml").stream()
        .map(Object::toString).toList();
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).contains("rep_defaults.daily_cap");
    assertThat(errors.get(1)).contains("reps[0].daily_cap").contains("-3");
  }

  @Test
  void aStepMayTargetRepsByTheirCap() {
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana, territories: [US], daily_cap: 5}\n"
        + "  - {id: bob, territories: [US]}\nchain:\n  - {strategy: round-robin, reps: 'daily_cap = 0'}\n",
        "routing.yaml");
    try (Router router = c.toBuilder().manualTimers().build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(router.route(Lead.builder("L" + i).country("US").build()).repId()).isEqualTo("bob");
      }
    }
  }

  @Test
  void aRouterBuiltFromTheConfigurationKeepsTheCap() {
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana, territories: [US], daily_cap: 2}\n" + CHAIN,
        "routing.yaml");
    try (Router router = c.toBuilder().manualTimers().build()) {
      for (int i = 0; i < 3; i++) {
        Decision d = router.route(Lead.builder("L" + i).country("US").build());
        router.release(d.leadId());
        assertThat(d.repId()).as("lead %s", i).isEqualTo(i < 2 ? "ana" : null);
      }
    }
  }
}
