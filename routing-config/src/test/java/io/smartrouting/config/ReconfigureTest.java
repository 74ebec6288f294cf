package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload: a new configuration swaps chain and roster at once; live state and round-robin credit survive. */
class ReconfigureTest {

  @TempDir
  Path dir;

  private static final String V1 = "version: v1\n"
      + "reps:\n"
      + "  - {id: a, territories: [US], capacity: 50}\n"
      + "  - {id: b, territories: [US], capacity: 50}\n"
      + "  - {id: c, territories: [US], capacity: 50}\n"
      + "chain:\n"
      + "  - strategy: round-robin\n";

  private static Router router(RoutingConfig config, ManualClock clock) {
    return config.toBuilder().clock(clock).manualTimers().build();
  }

  /** A document whose reps are in {@code roster.csv} beside it. */
  private static final String ROSTER_FILE_DOC = "version: r1\nroster_file: roster.csv\nchain:\n"
      + "  - strategy: round-robin\n";

  /** A router on {@code document}, written to {@code file} first, where a watcher then reads it. */
  private static Router routerOn(Path file, String document, ManualClock clock) throws java.io.IOException {
    Files.writeString(file, document, StandardCharsets.UTF_8);
    return router(RoutingConfig.load(file), clock);
  }

  /**
   * A router on {@link #ROSTER_FILE_DOC}, written to {@code file} with {@code csv} as the {@code roster.csv} beside it
   * (at {@code roster}, where a test rewrites it).
   */
  private static Router routerOnRosterFile(Path file, Path roster, String csv, ManualClock clock)
      throws java.io.IOException {
    Files.writeString(roster, csv, StandardCharsets.UTF_8);
    return routerOn(file, ROSTER_FILE_DOC, clock);
  }

  @Test
  void aNewRosterAndChainApplyAtOnceWhileOpenLeadsAndRoundRobinTurnsCarryOver() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    RoutingConfig v1 = RoutingConfig.parse(V1, "v1.yaml");
    Router router = router(v1, clock);
    assertThat(router.configVersion()).isEqualTo("v1");
    assertThat(router.configGeneration()).isEqualTo(1);
    assertThat(router.route(Lead.builder("l1").country("US").build()).repId()).isEqualTo("a");
    assertThat(router.route(Lead.builder("l2").country("US").build()).repId()).isEqualTo("b");

    // v2: one more rep (d), the same round-robin step; a 'when' step in front for healthcare leads to c.
    String v2 = V1.replace("version: v1", "version: v2")
        .replace("  - {id: c, territories: [US], capacity: 50}\n",
            "  - {id: c, territories: [US], capacity: 50, skills: {healthcare: 9}}\n"
            + "  - {id: d, territories: [US], capacity: 50}\n")
        .replace("chain:\n", "chain:\n  - strategy: round-robin\n    label: healthcare\n"
            + "    when: industry = 'healthcare'\n    reps: proficiency.healthcare >= 7\n"
            + "    config: {state.key: healthcare}\n");
    long generation = RoutingConfig.parse(v2, "v2.yaml").applyTo(router);
    assertThat(generation).isEqualTo(2);
    assertThat(router.configVersion()).isEqualTo("v2");
    assertThat(router.chain()).containsExactly("healthcare", "round-robin");
    assertThat(router.openLeads("a")).as("open leads stay with their reps").isEqualTo(1);
    assertThat(router.placement("l2").orElseThrow().repId()).isEqualTo("b");

    // The round-robin step kept its credit: c (whose turn it was) comes next, then d, the newcomer.
    List<String> next = new ArrayList<>();
    for (int i = 3; i <= 6; i++) {
      next.add(router.route(Lead.builder("l" + i).country("US").build()).repId());
    }
    assertThat(next.get(0)).isEqualTo("c");
    assertThat(next).contains("d");
    Decision hc = router.route(Lead.builder("hc").country("US").industry("healthcare").build());
    assertThat(hc.repId()).isEqualTo("c");
    assertThat(hc.decidedBy()).isEqualTo("healthcare");
  }

  @Test
  void anInvalidConfigurationNeverReplacesTheRunningOne() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    Path file = dir.resolve("routing.yaml");
    Router router = routerOn(file, V1, clock);
    List<ConfigWatcher.Outcome> seen = new ArrayList<>();
    try (ConfigWatcher watcher = ConfigWatcher.manual(file, router, seen::add)) {
      assertThat(watcher.checkNow()).as("unchanged file").isNull();

      Files.writeString(file, V1.replace("round-robin", "round-robbin").replace("version: v1", "version: v2"),
          StandardCharsets.UTF_8);
      ConfigWatcher.Outcome bad = watcher.checkNow();
      assertThat(bad.applied()).isFalse();
      assertThat(bad.errors()).singleElement().asString().contains("unknown strategy 'round-robbin'");
      assertThat(router.configVersion()).isEqualTo("v1");
      assertThat(router.configGeneration()).isEqualTo(1);
      assertThat(router.route(Lead.builder("x").country("US").build()).repId()).isEqualTo("a");

      Files.writeString(file, V1.replace("version: v1", "version: v3")
          .replace("  - {id: a, territories: [US], capacity: 50}\n", ""), StandardCharsets.UTF_8);
      ConfigWatcher.Outcome good = watcher.checkNow();
      assertThat(good.applied()).isTrue();
      assertThat(good.version()).isEqualTo("v3");
      assertThat(good.generation()).isEqualTo(2);
      assertThat(router.roster()).extracting(r -> r.id()).containsExactly("b", "c");
      assertThat(router.route(Lead.builder("y").country("US").build()).repId()).isIn("b", "c");
      assertThat(router.openLeads("a")).as("a left the roster but keeps its open lead until it is moved")
          .isEqualTo(1);
    }
    assertThat(seen).hasSize(2);
  }

  /**
   * A roster kept in a CSV file beside the document (roster_file), exported anew, reloads as an edited document does:
   * the watcher looks at the files the document names too. And one that was missing, once it is there.
   */
  @Test
  void aChangeToAFileTheDocumentNamesIsReloadedToo() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    Path file = dir.resolve("routing.yaml");
    Path roster = dir.resolve("roster.csv");
    Router router = routerOnRosterFile(file, roster, "id,territories,capacity\na,US,50\n", clock);
    List<ConfigWatcher.Outcome> seen = new ArrayList<>();
    try (ConfigWatcher watcher = ConfigWatcher.manual(file, router, seen::add)) {
      assertThat(watcher.checkNow()).as("nothing changed").isNull();
      Files.writeString(roster, "id,territories,capacity\na,US,50\nb,US,50\n", StandardCharsets.UTF_8);
      ConfigWatcher.Outcome reloaded = watcher.checkNow();
      assertThat(reloaded).as("the roster file changed").isNotNull();
      assertThat(reloaded.applied()).isTrue();
      assertThat(router.roster()).extracting(r -> r.id()).containsExactly("a", "b");
      assertThat(watcher.checkNow()).as("nothing changed since").isNull();

      Files.writeString(file, "version: r2\nroster_file: roster.csv\naccounts_file: accounts.csv\nchain:\n"
          + "  - strategy: account-owner\n  - strategy: round-robin\n", StandardCharsets.UTF_8);
      ConfigWatcher.Outcome missing = watcher.checkNow();
      assertThat(missing.applied()).as("accounts.csv is not there yet").isFalse();
      assertThat(missing.errors()).singleElement().asString().contains("accounts.csv");
      assertThat(watcher.checkNow()).as("still missing").isNull();
      Files.writeString(dir.resolve("accounts.csv"), "id,name,domains,owner\nacme,Acme,acme.com,b\n",
          StandardCharsets.UTF_8);
      ConfigWatcher.Outcome found = watcher.checkNow();
      assertThat(found.applied()).as("accounts.csv is there now").isTrue();
      assertThat(found.version()).isEqualTo("r2");
      assertThat(router.route(Lead.builder("p1").country("US").email("pat@acme.com").build()).repId())
          .isEqualTo("b");
    }
    assertThat(seen).hasSize(3);
  }

  /**
   * The watcher's own checks apply a change only once two checks in a row read it the same: a roster file caught
   * half written (cut short at a line's end, a valid document with fewer reps) is never applied, which would have
   * offboarded the missing reps' leads until the next check put the reps back.
   */
  @Test
  void aScheduledCheckAppliesAChangeOnlyOnceItReadsTheSameTwice() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    Path file = dir.resolve("routing.yaml");
    Path roster = dir.resolve("roster.csv");
    String full = "id,territories,capacity\na,US,50\nb,US,50\nc,US,50\n";
    Router router = routerOnRosterFile(file, roster, full, clock);
    try (ConfigWatcher watcher = ConfigWatcher.manual(file, router, outcome -> { })) {
      Files.writeString(roster, "id,territories,capacity\na,US,50\n", StandardCharsets.UTF_8); // caught mid-write
      assertThat(watcher.check(true)).as("a change seen once").isNull();
      Files.writeString(roster, full + "d,US,50\n", StandardCharsets.UTF_8); // the write done
      assertThat(watcher.check(true)).as("it changed again: seen once").isNull();
      assertThat(router.roster()).as("the half-written roster was never applied").hasSize(3);
      ConfigWatcher.Outcome settled = watcher.check(true);
      assertThat(settled).as("the same twice").isNotNull();
      assertThat(settled.applied()).isTrue();
      assertThat(router.roster()).extracting(r -> r.id()).containsExactly("a", "b", "c", "d");
      assertThat(watcher.check(true)).as("nothing changed since").isNull();
    }
  }

  /**
   * A valid document the running router cannot take (one that turns learning on, which is read only when a router is
   * built) is told as a refused reload, with why, as a document that fails its checks is: it was an exception the
   * scheduled checks logged, and the listener (the Spring health indicator) never heard of it.
   */
  @Test
  void aDocumentTheRunningRouterCannotTakeIsAReportedRefusal() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    Path file = dir.resolve("routing.yaml");
    Router router = routerOn(file, V1, clock);
    List<ConfigWatcher.Outcome> seen = new ArrayList<>();
    try (ConfigWatcher watcher = ConfigWatcher.manual(file, router, seen::add)) {
      String learned = V1.replace("version: v1", "version: v2")
          .replace("  - strategy: round-robin", "  - strategy: weighted\n    config: {weight: {territory: 0.2,"
              + " industry: 0.1, segment: 0.1, capacity: 0.1, response: 0.1, performance: 0.4}}")
          + "learning: {}\n";
      Files.writeString(file, learned, StandardCharsets.UTF_8);
      assertThat(RoutingConfig.validate(learned, "routing.yaml")).as("a valid document").isEmpty();
      ConfigWatcher.Outcome refused = watcher.checkNow();
      assertThat(refused.applied()).isFalse();
      assertThat(refused.errors()).singleElement().asString()
          .contains("the running router cannot take this document").contains("learning");
      assertThat(router.configVersion()).isEqualTo("v1");
    }
    assertThat(seen).hasSize(1);
  }

  @Test
  void aBuilderThatFailsItsChecksChangesNothing() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    Router router = router(RoutingConfig.parse(V1, "v1.yaml"), clock);
    assertThatThrownBy(() -> router.reconfigure(Router.builder().roster(List.of()).capacityThreshold(2)
        .defaultChain())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacityThreshold");
    assertThat(router.configGeneration()).isEqualTo(1);
    assertThat(router.roster()).hasSize(3);
    clock.advance(Duration.ofMinutes(1));
    assertThat(router.route(Lead.builder("z").country("US").build()).repId()).isEqualTo("a");
  }
}
