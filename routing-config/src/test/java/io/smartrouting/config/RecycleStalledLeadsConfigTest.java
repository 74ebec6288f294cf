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
    assertThat(config.recycleStalledLeads()).isEqualTo(java.util.Map.of(io.smartrouting.api.Tier.TIER_1,
        Duration.ofDays(14), io.smartrouting.api.Tier.TIER_2, Duration.ofDays(14), io.smartrouting.api.Tier.TIER_3,
        Duration.ofDays(14)));
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
    assertThat(RoutingConfig.parse(doc(""), "routing.yaml").recycleStalledLeads()).as("off by default").isEmpty();
    assertThat(RoutingConfig.parse(doc("recycle_stalled_leads: off\n"), "routing.yaml").recycleStalledLeads())
        .isEmpty();
    assertThat(RoutingConfig.parse(doc("recycle_stalled_leads: P10D\n"), "routing.yaml").recycleStalledLeads())
        .containsEntry(io.smartrouting.api.Tier.TIER_2, Duration.ofDays(10)).hasSize(3);
  }

  @Test
  void eachTierMayHaveItsOwnPeriodOrNone() {
    RoutingConfig config = RoutingConfig.parse(doc("recycle_stalled_leads: {tier1: 3 days, tier2: off, tier3: P30D}\n"),
        "routing.yaml");
    assertThat(config.recycleStalledLeads()).isEqualTo(java.util.Map.of(io.smartrouting.api.Tier.TIER_1,
        Duration.ofDays(3), io.smartrouting.api.Tier.TIER_3, Duration.ofDays(30)));
    ManualClock clock = new ManualClock(Instant.parse("2026-11-02T15:00:00Z"));
    try (Router router = config.toBuilder().clock(clock).manualTimers().build()) {
      // Round-robin: the demo request to ana, the content download to bob.
      assertThat(router.route(Lead.builder("T1").country("US").source(io.smartrouting.api.LeadSource.DEMO_REQUEST)
          .build()).repId()).isEqualTo("ana");
      assertThat(router.route(Lead.builder("T3").country("US").build()).repId()).isEqualTo("bob");
      router.recordContact("T1", clock.instant());
      router.recordContact("T3", clock.instant());
      clock.advance(Duration.ofDays(3).plusHours(1));
      router.fireDueTimers();
      assertThat(router.placement("T1").orElseThrow().repId()).as("tier 1 after 3 days").isEqualTo("bob");
      assertThat(router.placement("T3").orElseThrow().repId()).as("tier 3 waits 30 days").isEqualTo("bob");
      clock.advance(Duration.ofDays(27));
      router.fireDueTimers();
      assertThat(router.placement("T3").orElseThrow().repId()).isEqualTo("ana");
    }
    List<String> errors = RoutingConfig.validate(doc("recycle_stalled_leads: {tier4: 3 days, tier1: soon}\n"),
        "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).hasSize(2).anySatisfy(e -> assertThat(e).contains("recycle_stalled_leads").contains("tier4"))
        .anySatisfy(e -> assertThat(e).contains("recycle_stalled_leads.tier1"));
  }

  @Test
  void aPeriodShorterThanADayIsAWarning() {
    assertThat(RoutingConfig.parse(doc("recycle_stalled_leads: 14\n"), "routing.yaml")
        .warnings(java.time.LocalDate.of(2026, 12, 6))).hasSize(3).first().asString()
        .startsWith("recycle_stalled_leads is 14 minute(s) for tier 1").contains("write '14 days'");
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
