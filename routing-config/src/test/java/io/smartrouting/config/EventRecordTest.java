package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.EventRecord;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The audit log of a lead's life ({@link Router.Builder#auditLog}, {@link EventRecord}): every kind of event as one line
 * of JSON, in order, with ids only, read back with Jackson as a consumer would (here because the core's own tests stay
 * without Jackson).
 */
class EventRecordTest {

  private static final Instant START = Instant.parse("2026-11-25T15:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualClock clock = new ManualClock(START);
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private static Rep.Builder rep(String id) {
    return Rep.builder(id).territories("US").capacity(10).managerId("boss");
  }

  private Router.Builder builder(List<Rep> reps) {
    return Router.builder().roster(reps).clock(clock).manualTimers().step("round-robin")
        .configVersion("2026-11-25.3").auditLog(lines::add);
  }

  private List<JsonNode> linesOf(String leadId) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lines) {
      JsonNode n = JSON.readTree(line);
      if (n.get("lead_id").asText().equals(leadId)) {
        out.add(n);
      }
    }
    return out;
  }

  private static List<String> kinds(List<JsonNode> nodes) {
    return nodes.stream().map(n -> n.get("event").asText()).collect(Collectors.toList());
  }

  @Test
  void everyKindOfEventIsOneLineAndALeadsLinesTellItsLife() throws Exception {
    List<Rep> reps = new ArrayList<>(List.of(rep("a").build(), rep("b").build(),
        Rep.builder("boss").territories("DE").build()));
    Router router = builder(reps).build();
    router.route(Lead.builder("hot").country("US").source(LeadSource.DEMO_REQUEST)
        .email("jane.doe@mercy.example").contactName("Jane Doe").companyName("Mercy Hospital").build());
    clock.advance(Duration.ofMinutes(5).plusMillis(1));
    router.fireDueTimers();
    clock.advance(Duration.ofMinutes(5).plusMillis(1));
    router.fireDueTimers();

    // A French lead nobody covers waits; a French rep joins, the queue drains to her; she calls, wins, closes.
    router.route(Lead.builder("fr-1").country("FR").email("luc@client.example").build());
    reps.add(Rep.builder("fr").territories("FR").capacity(5).build());
    router.updateRoster(reps);
    router.drainQueues();
    clock.advance(Duration.ofMinutes(12));
    assertThat(router.recordContact("fr-1", clock.instant())).isTrue();
    // On the call the person asks for a demo: the lead is read anew, and stays with the rep who called.
    router.update(Lead.builder("fr-1").country("FR").source(LeadSource.DEMO_REQUEST).build());
    assertThat(router.recordOutcome("fr-1", Outcome.WON)).isTrue();
    router.release("fr-1");

    // Every kind of event the API has, each written with its own fields (a kind added later fails here).
    Set<String> written = new TreeSet<>();
    for (String line : lines) {
      written.add(JSON.readTree(line).get("event").asText());
    }
    Set<String> all = Arrays.stream(RoutingEvent.class.getPermittedSubclasses()).map(Class::getSimpleName)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(written).isEqualTo(all);
    for (String line : lines) {
      assertThat(line).doesNotContain("\n").doesNotContain("Jane").doesNotContain("jane.doe")
          .doesNotContain("Mercy").doesNotContain("luc@");
      JsonNode n = JSON.readTree(line);
      assertThat(n.get("config_version").asText()).isEqualTo("2026-11-25.3");
      assertThat(Instant.parse(n.get("at").asText())).isBetween(START, clock.instant());
    }

    List<JsonNode> hot = linesOf("hot");
    assertThat(kinds(hot)).containsExactly("LeadAssigned", "SlaBreached", "ManagerNotified", "LeadReassigned",
        "SlaBreached", "ManagerNotified", "LeadEscalated");
    JsonNode assigned = hot.get(0);
    assertThat(assigned.get("rep_id").asText()).isEqualTo("a");
    assertThat(assigned.get("tier").asInt()).isEqualTo(1);
    assertThat(assigned.get("sla_deadline").asText()).isEqualTo(START.plus(Duration.ofMinutes(5)).toString());
    assertThat(assigned.get("decision").get("decided_by").asText()).isEqualTo("round-robin");
    assertThat(assigned.get("decision").get("steps").get(0).get("outcome").asText()).isEqualTo("ASSIGN");
    JsonNode breach = hot.get(1);
    assertThat(breach.get("rep_id").asText()).isEqualTo("a");
    assertThat(breach.get("breach").asInt()).isEqualTo(1);
    assertThat(hot.get(2).get("manager_id").asText()).isEqualTo("boss");
    JsonNode reassigned = hot.get(3);
    assertThat(reassigned.get("from_rep_id").asText()).isEqualTo("a");
    assertThat(reassigned.get("rep_id").asText()).isEqualTo("b");
    assertThat(reassigned.get("reassignment").asInt()).isEqualTo(1);
    assertThat(reassigned.get("decision").get("flags").toString()).contains("REASSIGNED");
    assertThat(hot.get(4).get("breach").asInt()).isEqualTo(2);
    JsonNode escalated = hot.get(6);
    assertThat(escalated.get("from_rep_id").asText()).isEqualTo("b");
    assertThat(escalated.get("rep_id").asText()).isEqualTo("boss");
    assertThat(escalated.get("queue").isNull()).isTrue();
    assertThat(escalated.get("reason").asText()).contains("first-contact SLA missed 2 times");
    assertThat(escalated.has("decision")).isFalse();

    List<JsonNode> fr = linesOf("fr-1");
    assertThat(kinds(fr)).containsExactly("LeadQueued", "LeadMoved", "ContactRecorded", "LeadUpdated",
        "OutcomeRecorded", "LeadReleased");
    assertThat(fr.get(0).get("queue").asText()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(fr.get(0).get("rep_id").isNull()).isTrue();
    JsonNode moved = fr.get(1);
    assertThat(moved.get("move").asText()).isEqualTo("DRAINED");
    assertThat(moved.get("from_queue").asText()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(moved.get("from_rep_id").isNull()).isTrue();
    assertThat(moved.get("rep_id").asText()).isEqualTo("fr");
    assertThat(moved.get("decision").get("rep_id").asText()).isEqualTo("fr");
    JsonNode contact = fr.get(2);
    assertThat(contact.get("rep_id").asText()).isEqualTo("fr");
    assertThat(contact.get("time_to_contact_ms").asLong()).isEqualTo(Duration.ofMinutes(12).toMillis());
    assertThat(contact.get("within_sla").asBoolean()).isTrue();
    JsonNode updated = fr.get(3);
    assertThat(updated.get("from_tier").asInt()).isEqualTo(3);
    assertThat(updated.get("tier").asInt()).isEqualTo(1);
    assertThat(updated.get("rep_id").asText()).isEqualTo("fr");
    assertThat(updated.get("sla_deadline").isNull()).as("in contact already").isTrue();
    assertThat(updated.get("decision").get("decided_by").asText()).isEqualTo("update");
    assertThat(updated.get("reason").asText())
        .isEqualTo("its facts changed (tier 3 -> 1); it stays with fr, who is in contact already");
    assertThat(fr.get(4).get("outcome").asText()).isEqualTo("WON");
    assertThat(fr.get(5).get("rep_id").asText()).isEqualTo("fr");
  }

  @Test
  void aDecisionsExcludedRepsAreBoundedAsAskedAndTheVersionFollowsAReload() throws Exception {
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      reps.add(Rep.builder("de-" + i).territories("DE").build());
    }
    reps.add(Rep.builder("us").territories("US").build());
    Router router = builder(reps).auditLog(lines::add, 2).build();
    router.route(Lead.builder("L-1").country("US").build());
    JsonNode decision = JSON.readTree(lines.get(0)).get("decision");
    assertThat(decision.get("excluded").get("outside territory (lead in US)")).hasSize(2);
    assertThat(decision.get("excluded_counts").get("outside territory (lead in US)").asInt()).isEqualTo(30);

    router.reconfigure(builder(reps).configVersion("2026-11-25.4"));
    router.release("L-1");
    JsonNode released = JSON.readTree(lines.get(1));
    assertThat(released.get("event").asText()).isEqualTo("LeadReleased");
    assertThat(released.get("config_version").asText()).isEqualTo("2026-11-25.4");
    assertThat(router.record(new RoutingEvent.LeadReleased("x", null, "q", START)).toJson())
        .isEqualTo("{\"event\":\"LeadReleased\",\"lead_id\":\"x\",\"at\":\"2026-11-25T15:00:00Z\","
            + "\"rep_id\":null,\"queue\":\"q\",\"tier\":null,\"config_version\":\"2026-11-25.4\"}");
  }

  @Test
  void aSinkThatFailsLosesItsLineButNoLead() {
    List<String> kept = new ArrayList<>();
    Router router = builder(List.of(rep("a").build())).auditLog(line -> {
      if (line.contains("\"L-bad\"")) {
        throw new IllegalStateException("disk full");
      }
      kept.add(line);
    }).build();
    assertThat(router.route(Lead.builder("L-bad").country("US").build()).repId()).isEqualTo("a");
    assertThat(router.route(Lead.builder("L-good").country("US").build()).repId()).isEqualTo("a");
    assertThat(kept).hasSize(1).allMatch(l -> l.contains("\"L-good\""));
    assertThat(router.openLeads("a")).isEqualTo(2);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> Router.builder().auditLog(lines::add, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("auditLog maxRepsPerReason must be >= 0 but was -1");
    assertThatThrownBy(() -> Router.builder().auditLog(null)).hasMessage("auditLog sink must not be null");
    assertThatThrownBy(() -> EventRecord.of(null, "v")).hasMessage("event must not be null");
    EventRecord r = EventRecord.of(new RoutingEvent.LeadReleased("x", "a", null, START), null);
    assertThatThrownBy(() -> r.toJson(-1)).hasMessage("maxRepsPerReason must be >= 0 but was -1");
    assertThat(r.kind()).isEqualTo("LeadReleased");
    assertThat(r.toString()).contains("\"config_version\":null");
  }
}
