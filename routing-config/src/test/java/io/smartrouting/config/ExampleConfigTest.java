package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.core.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The shipped examples/routing.yaml, examples/experiment.yaml and examples/sdr-handoff.yaml load, and the reference
 * scenarios they carry route as they say.
 */
class ExampleConfigTest {

  static final Path EXAMPLE = Path.of("..", "examples", "routing.yaml");

  @Test
  void theShippedExampleLoads() throws Exception {
    RoutingConfig config = RoutingConfig.load(EXAMPLE);
    assertThat(config.reps()).hasSize(58);
    assertThat(config.accounts()).hasSize(11);
    assertThat(config.chain()).extracting(s -> s.label())
        .containsExactly("account-owner", "returning-contact", "same-company", "tier-fast-track", "weighted",
            "round-robin");
    assertThat(config.scenarios()).extracting(Scenario::name).containsExactly("enterprise vs SMB segmentation",
        "industry specialist routing", "inbound demo fast-track", "marketing-automation MQL workflow");
    assertThat(config.version()).isEqualTo("2026-12-04.1");
  }

  @TestFactory
  Iterable<DynamicTest> referenceScenariosLoadedFromTheExampleRouteAsExpected() throws Exception {
    RoutingConfig config = RoutingConfig.load(EXAMPLE);
    return config.scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
      try (Router router = config.toBuilder().manualTimers()
          .clock(Clock.fixed(Instant.parse("2026-03-02T15:00:00Z"), ZoneOffset.UTC)).build()) {
        Decision d = router.route(s.lead());
        assertOutcome(config, s, d);
      }
    }))::iterator;
  }

  static final Path EXPERIMENT = Path.of("..", "examples", "experiment.yaml");

  @Test
  void theShippedExperimentLoadsAndItsScenariosRouteAsTheySayInTheirVariants() throws Exception {
    RoutingConfig config = RoutingConfig.load(EXPERIMENT);
    ExperimentPlan plan = config.experiment();
    assertThat(plan).isNotNull();
    assertThat(plan.names()).containsExactly("control", "scoring");
    assertThat(plan.variants()).extracting(ExperimentPlan.Variant::learns).containsExactly(false, true);
    assertThat(config.warnings(java.time.LocalDate.of(2026, 12, 6))).isEmpty();
    assertThat(config.scenarios()).extracting(Scenario::variant).containsExactly(null, "scoring");
    for (Scenario s : config.scenarios()) {
      try (Router router = config.forScenario(s).toBuilder().manualTimers()
          .clock(Clock.fixed(Instant.parse("2026-03-02T15:00:00Z"), ZoneOffset.UTC)).build()) {
        assertOutcome(config, s, router.route(s.lead()));
      }
    }
  }

  static final Path HAND_OFF = Path.of("..", "examples", "sdr-handoff.yaml");

  @Test
  void theShippedHandOffTemplateRoutesItsScenariosAndHandsAQualifiedLeadToAnAe() throws Exception {
    RoutingConfig config = RoutingConfig.load(HAND_OFF);
    assertThat(config.whenLeadsQualify()).as("when_leads_qualify: hand_off").isTrue();
    assertThat(config.warnings(java.time.LocalDate.of(2026, 12, 7))).isEmpty();
    assertThat(config.scenarios()).extracting(Scenario::name).containsExactly("new lead", "qualified",
        "known account");
    try (Router router = config.toBuilder().manualTimers()
        .clock(Clock.fixed(Instant.parse("2026-03-02T15:00:00Z"), ZoneOffset.UTC)).build()) {
      for (Scenario s : config.scenarios()) {
        assertOutcome(config, s, router.route(s.lead()));
      }
      io.smartrouting.api.Lead lead = config.scenarios().get(0).lead();
      Decision handedOff = router.update(io.smartrouting.api.Lead.builderFrom(lead).salesQualified(true).build());
      assertThat(handedOff.repId()).isEqualTo("alex");
      assertThat(handedOff.decidedBy()).isEqualTo("closers");
      assertThat(router.learning().orElseThrow().estimate("sam", io.smartrouting.api.Segment.SMB, null).wins())
          .as("the SDR credited its qualification").isEqualTo(1);
    }
  }

  static void assertOutcome(RoutingConfig config, Scenario s, Decision d) {
    assertThat(s.mismatch(d, config.reps())).as(s.name() + "\n" + d.explain()).isNull();
  }
}
