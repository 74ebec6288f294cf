package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.Router;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code when_leads_qualify}: a lead an SDR qualifies is handed off to the chain's step for qualified leads. */
class WhenLeadsQualifyConfigTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
  private static final String REPS = "reps:\n"
      + "  - {id: sam, role: SDR, territories: [US]}\n"
      + "  - {id: alex, role: AE, territories: [US]}\n";
  private static final String CHAIN = "chain:\n"
      + "  - {strategy: round-robin, label: closers, when: 'sales_qualified = true', reps: \"role = 'AE'\"}\n"
      + "  - {strategy: round-robin, label: qualifiers, when: 'sales_qualified = false', reps: \"role = 'SDR'\"}\n";

  @Test
  void aLeadTheSdrQualifiesGoesToTheAeWhenTheDocumentSaysSo() {
    RoutingConfig config = RoutingConfig.parse("when_leads_qualify: hand_off\n" + REPS + CHAIN, "routing.yaml");
    assertThat(config.whenLeadsQualify()).isTrue();
    assertThat(config.warnings(TODAY)).isEmpty();
    List<RoutingEvent> events = new CopyOnWriteArrayList<>();
    Lead lead = Lead.builder("l1").country("US").build();
    try (Router router = config.toBuilder().manualTimers().listener(events::add).build()) {
      assertThat(router.route(lead).repId()).isEqualTo("sam");
      router.recordContact("l1", java.time.Instant.now());
      assertThat(router.update(Lead.builderFrom(lead).salesQualified(true).build()).repId()).isEqualTo("alex");
      assertThat(events).filteredOn(RoutingEvent.LeadMoved.class::isInstance)
          .singleElement().extracting(e -> ((RoutingEvent.LeadMoved) e).move())
          .isEqualTo(RoutingEvent.Move.QUALIFIED);
    }
    RoutingConfig keep = RoutingConfig.parse(REPS + CHAIN, "routing.yaml");
    assertThat(keep.whenLeadsQualify()).as("the default").isFalse();
    try (Router router = keep.toBuilder().manualTimers().build()) {
      router.route(lead);
      router.recordContact("l1", java.time.Instant.now());
      assertThat(router.update(Lead.builderFrom(lead).salesQualified(true).build()).repId()).isEqualTo("sam");
    }
  }

  @Test
  void withinTeamAQualifiedLeadGoesToTheAeOfItsSdrsTeamFirst() {
    String pods = "reps:\n"
        + "  - {id: sam, role: SDR, team: east, territories: [US]}\n"
        + "  - {id: alex, role: AE, team: west, territories: [US]}\n"
        + "  - {id: eve, role: AE, team: east, territories: [US]}\n";
    RoutingConfig config = RoutingConfig.parse("when_leads_qualify: hand_off_within_team\n" + pods + CHAIN,
        "routing.yaml");
    assertThat(config.whenLeadsQualify()).isTrue();
    assertThat(config.handOffWithinTeam()).isTrue();
    assertThat(config.warnings(TODAY)).isEmpty();
    Lead lead = Lead.builder("l1").country("US").build();
    try (Router router = config.toBuilder().manualTimers().build()) {
      router.route(lead);
      assertThat(router.update(Lead.builderFrom(lead).salesQualified(true).build()).repId()).isEqualTo("eve");
    }
    assertThat(RoutingConfig.parse("when_leads_qualify: hand_off\n" + pods + CHAIN, "routing.yaml")
        .handOffWithinTeam()).isFalse();
    assertThat(RoutingConfig.parse("when_leads_qualify: hand_off_within_team\n" + REPS + CHAIN, "routing.yaml")
        .warnings(TODAY)).singleElement().asString()
        .startsWith("when_leads_qualify: hand_off_within_team, but no SDR has a team");
  }

  @Test
  void anUnknownValueIsAnErrorSayingWhatToWrite() {
    List<String> errors = RoutingConfig.validate("when_leads_qualify: to_ae\n" + REPS + CHAIN, "routing.yaml")
        .stream().map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("routing.yaml:1:").contains("when_leads_qualify")
        .contains("keep (the default").contains("hand_off").contains("hand_off_within_team");
    assertThat(RoutingConfig.validate("when_leads_qualify: true\n" + REPS + CHAIN, "routing.yaml"))
        .as("one error for a value that is no text").hasSize(1);
    assertThat(RoutingConfig.validate("when_leads_qualify: Hand Off\n" + REPS + CHAIN, "routing.yaml")).isEmpty();
    assertThat(RoutingConfig.validate("when_leads_qualify: keep\n" + REPS + CHAIN, "routing.yaml")).isEmpty();
  }

  @Test
  void aHandOffWithNoSdrOrNoStepForQualifiedLeadsIsWarnedOf() {
    String noSdr = "when_leads_qualify: hand_off\nreps:\n  - {id: alex, role: AE, territories: [US]}\n" + CHAIN;
    assertThat(RoutingConfig.parse(noSdr, "routing.yaml").warnings(TODAY)).first().asString()
        .startsWith("when_leads_qualify: hand_off hands nothing off: no rep of the roster has role SDR");
    String noStep = "when_leads_qualify: hand_off\n" + REPS + "chain:\n  - strategy: round-robin\n";
    assertThat(RoutingConfig.parse(noStep, "routing.yaml").warnings(TODAY)).singleElement().asString()
        .startsWith("when_leads_qualify: hand_off, but no chain step's when reads sales_qualified")
        .contains("when: sales_qualified = true, reps: role = 'AE'");
    assertThat(RoutingConfig.parse(REPS + "chain:\n  - strategy: round-robin\n", "routing.yaml").warnings(TODAY))
        .as("without the hand-off, nothing to say").isEmpty();
    String openToAll = "when_leads_qualify: hand_off\n" + REPS + "chain:\n"
        + "  - {strategy: round-robin, label: closers, when: 'sales_qualified = true', reps: \"role = 'AE'\"}\n"
        + "  - {strategy: round-robin, label: qualifiers, reps: \"role = 'SDR'\"}\n"
        + "  - {strategy: round-robin, label: closers-only, reps: \"role = 'AE'\"}\n";
    assertThat(RoutingConfig.parse(openToAll, "routing.yaml").warnings(TODAY)).singleElement().asString()
        .isEqualTo("chain[1] 'qualifiers' takes leads whatever sales_qualified says, and an SDR may take them: with"
            + " when_leads_qualify: hand_off, a qualified lead no step before it takes (its AEs full or off shift)"
            + " goes there, to another SDR; add when: sales_qualified = false");
  }

  @Test
  void withLearningAStepWeighingPerformanceAmongSdrsAndAesIsWarnedOf() {
    String weighted = "{strategy: weighted, config: {weight: {territory: 0.5, industry: 0, segment: 0, capacity: 0,"
        + " response: 0, performance: 0.5}}";
    String mixed = "when_leads_qualify: hand_off\nlearning: {}\n" + REPS + "chain:\n"
        + "  - {strategy: round-robin, label: closers, when: 'sales_qualified = true', reps: \"role = 'AE'\"}\n"
        + "  - " + weighted + ", label: anyone, when: 'sales_qualified = false'}\n";
    assertThat(RoutingConfig.parse(mixed, "routing.yaml").warnings(TODAY)).singleElement().asString()
        .isEqualTo("chain[1] 'anyone' weighs performance among SDRs and other reps alike: with when_leads_qualify:"
            + " hand_off, learning rates an SDR by the leads it qualifies and the others by the deals they close,"
            + " which do not compare; give the SDRs a step of their own (reps: role = 'SDR')");
    String apart = "when_leads_qualify: hand_off\nlearning: {}\n" + REPS + "chain:\n"
        + "  - " + weighted + ", label: closers, when: 'sales_qualified = true', reps: \"role = 'AE'\"}\n"
        + "  - " + weighted + ", label: qualifiers, when: 'sales_qualified = false', reps: \"role = 'SDR'\"}\n";
    assertThat(RoutingConfig.parse(apart, "routing.yaml").warnings(TODAY)).as("each role its own step").isEmpty();
    assertThat(RoutingConfig.validate(mixed.replace("learning: {}\n", ""), "routing.yaml"))
        .as("without learning the factor is an error").isNotEmpty();
  }
}
