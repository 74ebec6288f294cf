package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.internal.TraceRecorder;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a decision explains once the router has let its roster go ({@link Router.Builder#keepReplacedRosters}). */
class ReplacedRostersTest {

  private static final List<Rep> ROSTER = List.of(
      Rep.builder("us-1").territories(List.of("US")).capacity(10).build(),
      Rep.builder("us-2").territories(List.of("US")).capacity(10).build(),
      Rep.builder("de-1").territories(List.of("DE")).capacity(10).build());

  private static Router router(int keep) {
    return Router.builder().roster(ROSTER).clock(new ManualClock(Instant.parse("2026-12-07T15:00:00Z")))
        .keepReplacedRosters(keep).step("fewest-open", TestStrategies.LEAST_LOADED).build();
  }

  @Test
  void aDecisionOnARosterNoLongerKeptExplainsInBriefAndStillNamesItsWinner() {
    try (Router router = router(1)) {
      Decision d = router.route(Lead.builder("lead-1").country("US").build());
      String full = d.explain();
      assertThat(full).contains("    excluded, outside territory").contains("de-1");
      TraceRecorder trace = (TraceRecorder) d.trace();
      assertThat(trace.exclusionRecords()).isNotEmpty();
      assertThat(router.record(d).toJson(20)).contains("\"excluded\":{\"outside territory (lead in US)\":[\"de-1\"]},"
          + "\"scores\":[").doesNotContain("excluded_not_kept");

      router.updateRoster(ROSTER); // replaced once: kept
      assertThat(d.explain()).isEqualTo(full);

      router.updateRoster(ROSTER); // replaced twice: let go
      String brief = d.explain();
      assertThat(brief).isEqualTo(full.replaceAll("    excluded, [^\n]*\n",
          "    excluded: not listed (roster version 1, which this lead was decided on, has been replaced and is no"
              + " longer kept)\n"));
      assertThat(brief).contains("\n  winner: " + d.repId()).contains(": ASSIGN " + d.repId() + " - ");
      assertThat(trace.exclusionRecords()).isEmpty();
      String json = router.record(d).toJson(20);
      assertThat(json).contains("\"excluded\":{},\"excluded_not_kept\":true,\"scores\":[")
          .contains("\"rep_id\":\"" + d.repId() + "\"");
      assertThat(trace.stepRecords()).extracting(TraceRecorder.StepRecord::repId).containsOnly(d.repId());
      assertThatThrownBy(() -> trace.whyExcluded(0)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("roster version 1 is no longer kept");
      // A decision made on the current roster explains in full.
      assertThat(router.route(Lead.builder("lead-2").country("US").build()).explain())
          .contains("    excluded, outside territory");
    }
  }

  @Test
  void keepingNoneLetsARosterGoAtItsFirstReplacement() {
    try (Router router = router(0)) {
      Decision d = router.route(Lead.builder("lead-1").country("US").build());
      router.updateAccounts(List.of());
      assertThat(d.explain()).contains("excluded: not listed (roster version 1,").doesNotContain("excluded, ");
    }
  }

  @Test
  void aReconfigurationReplacesTheRosterAndMayChangeTheBound() {
    try (Router router = router(4)) {
      Decision d = router.route(Lead.builder("lead-1").country("US").build());
      router.reconfigure(Router.builder().roster(ROSTER).keepReplacedRosters(0)
          .step("fewest-open", TestStrategies.LEAST_LOADED));
      assertThat(d.explain()).contains("excluded: not listed (roster version 1,");
    }
  }

  @Test
  void aNegativeBoundIsRefusedNamingIt() {
    assertThatThrownBy(() -> Router.builder().keepReplacedRosters(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("keepReplacedRosters must be >= 0 but was -1");
  }
}
