package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.core.DecisionRecord;
import io.smartrouting.core.Router;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit record: steps, exclusions, scores and config version, as JSON, without personal data. */
class DecisionRecordTest {

  @Test
  void aWeightedDecisionRecordsItsStepsExclusionsAndScores() {
    List<Rep> reps = List.of(
        Rep.builder("hc").territories("US").industries("healthcare").segments(Segment.ENTERPRISE).capacity(10)
            .build(),
        Rep.builder("gen").territories("US").segments(Segment.ENTERPRISE).capacity(10).build(),
        Rep.builder("uk").territories("GB").capacity(10).build(),
        Rep.builder("smb").territories("US").segments(Segment.SMB).capacity(10).build());
    Router router = Router.builder().roster(reps).defaultChain().configVersion("2026-12-04.1")
        .clock(Clock.fixed(Instant.parse("2026-12-02T15:00:00Z"), ZoneOffset.UTC)).build();
    Lead lead = Lead.builder("L-9").country("US").industry("healthcare").employees(5000).icpScore(90)
        .email("jane.doe@mercy.example").contactName("Jane Doe").companyName("Mercy Hospital").build();
    Decision d = router.route(lead);
    DecisionRecord r = router.record(d);

    assertThat(r.repId()).isEqualTo("hc");
    assertThat(r.configVersion()).isEqualTo("2026-12-04.1");
    assertThat(r.steps()).extracting(DecisionRecord.Step::label, DecisionRecord.Step::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("account-owner", "PASS"),
            org.assertj.core.groups.Tuple.tuple("weighted", "ASSIGN"));
    assertThat(r.excluded()).containsEntry("outside territory (lead in US)", List.of("uk"))
        .containsEntry("does not work the ENTERPRISE segment", List.of("smb"));
    assertThat(r.scores()).isNotEmpty();
    assertThat(r.scores().get(0).repId()).isEqualTo("hc");
    assertThat(r.scores().get(0).factors()).containsKeys("territory", "industry", "segment", "capacity", "response");

    String json = r.toJson();
    assertThat(json).startsWith("{\"lead_id\":\"L-9\",\"rep_id\":\"hc\",\"queue\":null,\"tier\":2,")
        .contains("\"config_version\":\"2026-12-04.1\"")
        .contains("{\"label\":\"weighted\",\"outcome\":\"ASSIGN\",\"rep_id\":\"hc\",")
        .contains("\"excluded\":{")
        .contains("\"scores\":[{\"step\":\"weighted\",\"rep_id\":\"hc\",\"composite\":")
        .doesNotContain("Jane").doesNotContain("jane.doe").doesNotContain("Mercy")
        .doesNotContain("excluded_counts");
    assertThat(r.toJson(5)).as("nothing left out: the same record").isEqualTo(json);
  }

  @Test
  void aLargeRostersRecordCanListAFewExcludedRepsPerReasonWithTheCounts() {
    List<Rep> reps = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      reps.add(Rep.builder("de-" + i).territories("DE").capacity(10).build());
    }
    reps.add(Rep.builder("us").territories("US").capacity(10).build());
    reps.add(Rep.builder("us-fr").territories("US").languages("fr").capacity(10).build());
    Router router = Router.builder().roster(reps).defaultChain().build();
    Decision d = router.route(Lead.builder("L").country("US").language("en").build());
    // Written before the full lists are made (from each reason's count and first reps), then after: the same.
    String bounded = router.record(d).toJson(3);
    DecisionRecord r = router.record(d);
    assertThat(r.excluded().get("outside territory (lead in US)")).hasSize(40);
    assertThat(r.toJson(3)).isEqualTo(bounded);
    String full = r.toJson();
    assertThat(bounded).contains("\"outside territory (lead in US)\":[\"de-0\",\"de-1\",\"de-2\"],")
        .contains("\"excluded_counts\":{\"outside territory (lead in US)\":40,\"does not speak 'en'\":1}")
        .contains("\"does not speak 'en'\":[\"us-fr\"]").doesNotContain("de-3");
    assertThat(bounded.length()).isLessThan(full.length());
    assertThat(full).contains("\"de-39\"").doesNotContain("excluded_counts");
    assertThat(r.toJson(0)).contains("\"outside territory (lead in US)\":[],");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.toJson(-1))
        .hasMessage("maxRepsPerReason must be >= 0 but was -1");
  }

  @Test
  void everyRepFullAtDecisionTimeIsNamedHoweverManyAndHoweverLateTheRecordIsWritten() {
    // 80 reps with room for one lead each, all filled; then a lead of an account whose owner is one of them.
    List<Rep> reps = new java.util.ArrayList<>();
    for (int i = 0; i < 80; i++) {
      reps.add(Rep.builder("r" + i).territories("US").capacity(1).build());
    }
    io.smartrouting.api.Account acme = io.smartrouting.api.Account.builder("acme").name("Acme")
        .domains("acme.com").ownerRepId("r5").build();
    Router router = Router.builder().roster(reps).accounts(List.of(acme)).defaultChain().build();
    List<String> held = new java.util.ArrayList<>();
    for (int i = 0; i < 80; i++) {
      held.add(router.route(Lead.builder("x" + i).country("US").build()).leadId());
    }
    Decision d = router.route(Lead.builder("acc").country("US").email("pat@acme.com").build());
    DecisionRecord r = router.record(d);
    // Written after every rep has room again: the record and the explanation say what held when it was decided.
    held.forEach(router::release);

    String capacity = "at or above the capacity threshold";
    String accountCapacity = "account person at capacity for this account's tier";
    assertThat(r.repId()).isNull();
    assertThat(r.excluded().get(capacity)).hasSize(79).contains("r0", "r79").doesNotContain("r5");
    assertThat(r.excluded().get(accountCapacity)).containsExactly("r5");
    assertThat(r.toJson(2)).contains("\"excluded_counts\":{\"" + capacity + "\":79,\"" + accountCapacity + "\":1}");
    assertThat(r.steps().get(0).reason()).isEqualTo("account acme: nobody can take it (owner r5: " + accountCapacity
        + ")");
    assertThat(d.explain()).contains("    excluded, " + capacity + ": r0 (1 of 1 open), ")
        .contains(" and 67 more\n").contains("    excluded, " + accountCapacity + ": r5\n")
        .doesNotContain("more reps");
  }
}
