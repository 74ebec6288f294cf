package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.QueuePolicy;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code queues[].claim_window}: a queue's leads wait that long for a rep to claim them before the drain pushes. */
class ClaimWindowConfigTest {

  private static String doc(String queue) {
    return "reps:\n  - {id: ana, territories: [US], capacity: 1}\n  - {id: bob, territories: [US], capacity: 1}\n"
        + "capacity_threshold: 1.0\nchain:\n  - strategy: round-robin\nfallback: {queue: pool}\nqueues:\n" + queue;
  }

  @Test
  void theDocumentsClaimWindowKeepsLeadsForClaims() {
    RoutingConfig config = RoutingConfig.parse(doc("  - {name: pool, claim_window: 10m}\n"), "routing.yaml");
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (Router router = config.toBuilder().clock(clock).manualTimers().build()) {
      for (String id : List.of("L1", "L2", "L3", "L4")) {
        router.route(Lead.builder(id).country("US").build());
      }
      assertThat(router.placement("L3").orElseThrow().queue()).isEqualTo("pool");
      router.release("L1");
      router.release("L2");
      clock.advance(Duration.ofMinutes(5));
      assertThat(router.fireDueTimers()).isZero();
      assertThat(router.placement("L3").orElseThrow().queue()).as("kept for a claim").isEqualTo("pool");
      assertThat(router.claimNext("ana").orElseThrow().leadId()).isEqualTo("L3");
      clock.advance(Duration.ofMinutes(5));
      router.fireDueTimers();
      assertThat(router.placement("L4").orElseThrow().repId()).as("unclaimed for 10 minutes: pushed").isEqualTo("bob");
    }
  }

  @Test
  void aRelaxationAfterNothingIsAFallbackPoolFromTheStart() {
    String doc = "reps:\n  - {id: smb, territories: [US], segments: [SMB], capacity: 1}\n"
        + "  - {id: ent, territories: [US], segments: [ENTERPRISE], capacity: 5}\ncapacity_threshold: 1.0\n"
        + "chain:\n  - strategy: round-robin\nqueues:\n  - name: unassigned\n    relax: [{after: 0, drop: segment}]\n";
    RoutingConfig config = RoutingConfig.parse(doc, "routing.yaml");
    assertThat(config.queuePolicies()).singleElement().satisfies(q -> assertThat(q.steps()).singleElement()
        .satisfies(s -> assertThat(s.after()).isZero()));
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (Router router = config.toBuilder().clock(clock).manualTimers().build()) {
      assertThat(router.route(Lead.builder("S1").country("US").employees(40).build()).repId()).isEqualTo("smb");
      assertThat(router.route(Lead.builder("S2").country("US").employees(40).build()).queue()).isEqualTo("unassigned");
      router.fireDueTimers();
      assertThat(router.placement("S2").orElseThrow().repId()).as("its own segment full: the fallback pool")
          .isEqualTo("ent");
      router.release("S1");
      router.route(Lead.builder("S3").country("US").employees(40).build());
      assertThat(router.placement("S3").orElseThrow().repId()).as("room again in its own segment").isEqualTo("smb");
    }
    for (String zero : List.of("0m", "'0 minutes'", "PT0S")) {
      assertThat(RoutingConfig.validate(doc.replace("after: 0,", "after: " + zero + ","), "routing.yaml")).as(zero)
          .isEmpty();
    }
    assertThat(RoutingConfig.validate(doc.replace("after: 0,", "after: -5,"), "routing.yaml")).singleElement()
        .asString().contains("queues[0].relax[0].after: a duration must be 0 or more");
    assertThat(RoutingConfig.validate(doc.replace("after: 0,", "after: -5m,"), "routing.yaml")).isNotEmpty();
  }

  @Test
  void aLanguageRelaxationSendsALeadNobodySpeaksTheLanguageOfToAnotherRepAfterItsWait() {
    String doc = "reps:\n  - {id: ana, territories: [US], languages: [en], capacity: 5}\n"
        + "chain:\n  - strategy: round-robin\nqueues:\n  - name: unassigned\n    relax: [{after: 4h, drop: language}]\n";
    RoutingConfig config = RoutingConfig.parse(doc, "routing.yaml");
    assertThat(config.queuePolicies()).singleElement().satisfies(q -> assertThat(q.steps()).singleElement()
        .isEqualTo(new QueuePolicy.Step(Duration.ofHours(4), QueuePolicy.Relaxation.ANY_LANGUAGE)));
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (Router router = config.toBuilder().clock(clock).manualTimers().build()) {
      assertThat(router.route(Lead.builder("J1").country("US").language("ja").build()).queue())
          .isEqualTo("unassigned");
      clock.advance(Duration.ofHours(4));
      router.fireDueTimers();
      assertThat(router.placement("J1").orElseThrow().repId()).isEqualTo("ana");
    }
  }

  @Test
  void aRelaxStepThatDropsWhatAnEarlierOneDropsIsAWarning() {
    String doc = "reps:\n  - {id: ana, territories: [US], languages: [en]}\nchain:\n  - strategy: round-robin\n"
        + "queues:\n  - name: unassigned\n    relax:\n      - {after: 4h, drop: language}\n"
        + "      - {after: 30m, drop: segment}\n      - {after: 2h, drop: language}\n";
    assertThat(RoutingConfig.parse(doc, "routing.yaml").warnings(java.time.LocalDate.of(2026, 12, 8)))
        .singleElement().asString().isEqualTo("queues 'unassigned': relax drops language after 240 min and after"
            + " 120 min: the later step adds nothing, the earlier applies from 120 min");
    assertThat(RoutingConfig.parse(doc.replace("{after: 2h, drop: language}", "{after: 2h, drop: territory}"),
        "routing.yaml").warnings(java.time.LocalDate.of(2026, 12, 8))).isEmpty();
  }

  @Test
  void aBadClaimWindowIsNamed() {
    List<String> errors = RoutingConfig.validate(doc("  - {name: pool, claim_window: soon}\n"
        + "  - {name: escalations, claim_window: 0}\n"), "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("queues[0].claim_window"))
        .anySatisfy(e -> assertThat(e).contains("queues[1].claim_window").contains("must be positive"));
  }

  @Test
  void aQueueStepPlacesTheLeadsItRunsForInItsQueueWhichThePoliciesMayName() {
    String doc = "reps:\n  - {id: ana, territories: [US]}\nchain:\n"
        + "  - {queue: healthcare-pool, when: \"industry = 'healthcare'\", label: pool}\n"
        + "  - strategy: round-robin\nqueues:\n  - {name: healthcare-pool, claim_window: 15m}\n";
    RoutingConfig config = RoutingConfig.parse(doc, "routing.yaml");
    assertThat(config.queuePolicies()).singleElement().satisfies(q -> {
      assertThat(q.queue()).isEqualTo("healthcare-pool");
      assertThat(q.claimWindow()).isEqualTo(Duration.ofMinutes(15));
    });
    try (Router router = config.toBuilder().manualTimers().build()) {
      assertThat(router.chain()).containsExactly("pool", "round-robin");
      assertThat(router.route(Lead.builder("H1").country("US").industry("healthcare").build()).queue())
          .isEqualTo("healthcare-pool");
      assertThat(router.route(Lead.builder("R1").country("US").industry("retail").build()).repId()).isEqualTo("ana");
    }
    List<String> errors = RoutingConfig.validate("reps:\n  - {id: ana, territories: [US]}\nchain:\n"
        + "  - {queue: pool, strategy: round-robin, reps: \"team = 'x'\"}\n  - {queue: ' '}\n"
        + "  - strategy: round-robin\n", "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("chain[0].strategy")
        .contains("a step either runs a strategy or places leads in a queue"))
        .anySatisfy(e -> assertThat(e).contains("chain[0].reps"))
        .anySatisfy(e -> assertThat(e).contains("chain[1].queue"));
  }

  @Test
  void aClaimWindowNotShorterThanAnSlaIsAWarning() {
    String sla = "sla:\n  tier1: 5m\n  tier3: 4h\n";
    assertThat(RoutingConfig.parse(doc("  - {name: pool, claim_window: 30m}\n") + sla, "routing.yaml")
        .warnings(java.time.LocalDate.of(2026, 12, 6))).singleElement().asString()
        .isEqualTo("queues 'pool': claim_window 30 min is not shorter than tier 1's first-contact SLA (5 min): a tier 1"
            + " lead nobody claims breaches it before the drain may push it to a rep");
    assertThat(RoutingConfig.parse(doc("  - {name: pool, claim_window: 3m}\n") + sla, "routing.yaml")
        .warnings(java.time.LocalDate.of(2026, 12, 6))).isEmpty();
  }

  @Test
  void claimedByNamesWhoMayClaimAndABadFilterIsNamed() {
    RoutingConfig config = RoutingConfig.parse(doc("  - {name: pool, claimed_by: \"id = 'bob'\"}\n"),
        "routing.yaml");
    try (Router router = config.toBuilder().manualTimers().build()) {
      for (String id : List.of("L1", "L2", "L3")) {
        router.route(Lead.builder(id).country("US").build());
      }
      router.release("L1");
      router.release("L2");
      assertThat(router.claimNext("ana")).isEmpty();
      assertThat(router.claimNext("bob").orElseThrow().leadId()).isEqualTo("L3");
    }
    List<String> errors = RoutingConfig.validate(doc("  - {name: pool, claimed_by: \"team ===\"}\n"),
        "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("queues[0].claimed_by");
    assertThat(RoutingConfig.parse(doc("  - {name: pool, claimed_by: \"team = 'nobody'\"}\n"), "routing.yaml")
        .warnings(java.time.LocalDate.of(2026, 12, 6))).singleElement().asString()
        .isEqualTo("queues 'pool': claimed_by matches no rep of the roster (team = 'nobody'), so no rep can claim its"
            + " leads; check its names and values against the roster");
  }
}
