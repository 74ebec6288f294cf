package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code recycle_stalled_leads}: a contacted lead without progress for that long goes to another rep. */
class RecycleStalledLeadsConfigTest {

  private static String doc(String setting) {
    return setting + "reps:\n  - {id: ana, territories: [US]}\n  - {id: bob, territories: [US]}\n"
        + "chain:\n  - strategy: round-robin\n";
  }

  @Test
  void theDocumentsPeriodRecyclesAContactedLeadWithoutProgress() {
    RoutingConfig config = RoutingConfig.parse(doc("recycle_stalled_leads: 14 days\n"), "routing.yaml");
    assertThat(config.recycleStalledLeads()).isEqualTo(Duration.ofDays(14));
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (Router router = config.toBuilder().clock(clock).manualTimers().build()) {
      assertThat(router.route(Lead.builder("L1").country("US").build()).repId()).isEqualTo("ana");
      assertThat(router.route(Lead.builder("L2").country("US").build()).repId()).isEqualTo("bob");
      router.recordContact("L1", clock.instant());
      router.recordContact("L2", clock.instant());
      router.recordOutcome("L2", Outcome.MEETING);
      clock.advance(Duration.ofDays(14).plusMinutes(1));
      router.fireDueTimers();
      assertThat(router.placement("L1").orElseThrow().repId()).isEqualTo("bob");
      assertThat(router.placement("L2").orElseThrow().repId()).as("a meeting: it stays").isEqualTo("bob");
    }
    assertThat(RoutingConfig.parse(doc(""), "routing.yaml").recycleStalledLeads()).as("off by default").isNull();
    assertThat(RoutingConfig.parse(doc("recycle_stalled_leads: off\n"), "routing.yaml").recycleStalledLeads())
        .isNull();
    assertThat(RoutingConfig.parse(doc("recycle_stalled_leads: P10D\n"), "routing.yaml").recycleStalledLeads())
        .isEqualTo(Duration.ofDays(10));
  }

  @Test
  void aPeriodShorterThanADayIsAWarning() {
    assertThat(RoutingConfig.parse(doc("recycle_stalled_leads: 14\n"), "routing.yaml")
        .warnings(java.time.LocalDate.of(2026, 12, 6))).singleElement().asString()
        .startsWith("recycle_stalled_leads is 14 minute(s)").contains("write '14 days'");
    assertThat(RoutingConfig.parse(doc("recycle_stalled_leads: 14 days\n"), "routing.yaml")
        .warnings(java.time.LocalDate.of(2026, 12, 6))).isEmpty();
  }

  @Test
  void aBadPeriodIsAnErrorNamingTheSetting() {
    List<String> errors = RoutingConfig.validate(doc("recycle_stalled_leads: later\n"), "routing.yaml").stream()
        .map(Object::toString).toList();
    assertThat(errors).singleElement().asString().contains("routing.yaml:1:").contains("recycle_stalled_leads");
    assertThat(RoutingConfig.validate(doc("recycle_stalled_leads: 0\n"), "routing.yaml")).singleElement()
        .asString().contains("recycle_stalled_leads").contains("positive");
  }
}
