package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Flag;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.Router;
import io.smartrouting.spi.Enrichment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference scenarios, end to end through the default chain. */
class ReferenceScenariosTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-03-03T17:00:00Z"), ZoneOffset.UTC);

  private Router.Builder router(List<Rep> reps) {
    return Router.builder().roster(reps).accounts(ScenarioRoster.accounts()).clock(clock).defaultChain();
  }

  @Test
  void enterpriseVsSmbSegmentation() {
    List<Rep> reps = ScenarioRoster.reps();
    Router router = router(reps).build();
    Set<String> enterpriseReps = Set.of("west-hc-ent-1", "west-hc-ent-2", "west-ent-generalist", "east-hc-ent",
        "acme-owner", "acme-team", "acme-ae");
    Map<String, Integer> smbCounts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      Lead.Builder b = Lead.builder("seg-" + i).country("US").region(i % 2 == 0 ? "CA" : "NY").icpScore(30);
      boolean enterprise = i % 4 == 0;
      if (enterprise) {
        if (i % 8 == 0) {
          b.employees(1000 + i);
        } else {
          b.employees(40).annualRecurringRevenue(50_001);
        }
      } else {
        b.employees(10 + i % 150).annualRecurringRevenue(5_000);
      }
      Decision d = router.route(b.build());
      assertThat(d.tier()).isEqualTo(Tier.TIER_3);
      if (enterprise) {
        assertThat(d.segment()).isEqualTo(Segment.ENTERPRISE);
        assertThat(d.repId()).as("enterprise lead %s", d.leadId()).isIn(enterpriseReps);
        router.release(d.leadId());
      } else {
        assertThat(d.segment()).isEqualTo(Segment.SMB);
        assertThat(d.decidedBy()).isEqualTo("round-robin");
        smbCounts.merge(d.repId(), 1, Integer::sum);
      }
    }
    // 300 SMB leads by weighted round-robin, weights 1:1:2.
    assertThat(smbCounts).containsOnlyKeys("smb-1", "smb-2", "smb-3");
    assertThat(smbCounts.get("smb-1")).isBetween(74, 76);
    assertThat(smbCounts.get("smb-2")).isBetween(74, 76);
    assertThat(smbCounts.get("smb-3")).isBetween(149, 151);
  }

  @Test
  void industrySpecialistRouting() {
    List<Rep> reps = ScenarioRoster.reps();
    Router router = router(reps).build();
    Lead lead = Lead.builder("hc-1").country("US").region("CA").industry("healthcare").employees(3000)
        .icpScore(82).build();
    Decision d = router.route(lead);
    assertThat(d.tier()).isEqualTo(Tier.TIER_2);
    assertThat(d.decidedBy()).isEqualTo("weighted");
    assertThat(d.repId()).isIn("west-hc-ent-1", "west-hc-ent-2");
    assertThat(d.flags()).doesNotContain(Flag.SPECIALIST_FOLLOW_UP);
    assertThat(d.explain()).contains("specialists in 'healthcare' only").contains("composite")
        .contains("territory=1.00").contains("industry=1.00");

    List<Rep> noSpecialists = ScenarioRoster.with(ScenarioRoster.with(reps, "west-hc-ent-1", b -> b.active(false)),
        "west-hc-ent-2", b -> b.active(false));
    router.updateRoster(noSpecialists);
    Decision fallback = router.route(Lead.builder(lead.id() + "-b").country("US").region("CA")
        .industry("healthcare").employees(3000).icpScore(82).build());
    assertThat(fallback.repId()).isEqualTo("west-ent-generalist");
    assertThat(fallback.flags()).contains(Flag.SPECIALIST_FOLLOW_UP);
    assertThat(fallback.explain()).contains("no eligible 'healthcare' specialist: generalists")
        .contains("excluded, unavailable (out of office): west-hc-ent-1, west-hc-ent-2")
        .contains("excluded, outside territory (lead in US-CA): east-hc-ent");
  }

  @Test
  void inboundDemoFastTrack() {
    Router router = router(ScenarioRoster.reps()).build();
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      decisions.add(router.route(Lead.builder("demo-" + i).contactName("Dana Director").title("Director of IT")
          .employees(2500).industry("healthcare").country("US").region("CA").source(LeadSource.DEMO_REQUEST)
          .build()));
    }
    for (Decision d : decisions) {
      assertThat(d.tier()).isEqualTo(Tier.TIER_1);
      assertThat(d.decidedBy()).isEqualTo("tier-fast-track");
      assertThat(d.repId()).as("fastest West healthcare enterprise rep").isEqualTo("west-hc-ent-1");
      assertThat(d.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    }
    // Capacity 2: the first two fit, the third goes there anyway, flagged.
    assertThat(decisions.get(0).flags()).doesNotContain(Flag.CAPACITY_OVERRIDE);
    assertThat(decisions.get(1).flags()).doesNotContain(Flag.CAPACITY_OVERRIDE);
    assertThat(decisions.get(2).flags()).contains(Flag.CAPACITY_OVERRIDE);
    assertThat(router.openLeads("west-hc-ent-1")).isEqualTo(3);
    assertThat(decisions.get(2).explain()).contains("capacity threshold overridden");
  }

  @Test
  void marketingAutomationMqlWorkflow() {
    List<Decision> notified = new ArrayList<>();
    Map<String, Enrichment> firmographics = Map.of("northwind-health.com",
        Enrichment.builder().employees(1800).industry("healthcare").location("US", "CA").build());
    Router router = router(ScenarioRoster.reps())
        .enricher(lead -> firmographics.getOrDefault(lead.email().substring(lead.email().indexOf('@') + 1),
            Enrichment.none()))
        .listener(io.smartrouting.api.RoutingListener.ofDecisions(notified::add))
        .build();
    // The marketing-automation platform scores the lead to MQL (ICP 75) and hands it over with little data.
    Lead mql = Lead.builder("mql-1").email("pat@northwind-health.com").source(LeadSource.CONTENT).icpScore(75)
        .build();
    Decision d = router.route(mql);
    assertThat(d.segment()).as("enriched to enterprise").isEqualTo(Segment.ENTERPRISE);
    assertThat(d.tier()).isEqualTo(Tier.TIER_2);
    assertThat(d.repId()).isIn("west-hc-ent-1", "west-hc-ent-2");
    assertThat(router.placement("mql-1")).get().satisfies(p -> {
      assertThat(p.repId()).isEqualTo(d.repId());
      assertThat(p.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(60)));
    });
    assertThat(notified).containsExactly(d);
    assertThat(d.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(60)));
    assertThat(d.explain()).contains("enrich: enriched");
  }

  @Test
  void slowEnrichmentNeverStopsALead() {
    Router router = router(ScenarioRoster.reps())
        .enricher(lead -> {
          Thread.sleep(5_000);
          return Enrichment.none();
        }, Duration.ofMillis(50), Duration.ofMinutes(5))
        .build();
    Decision d = router.route(Lead.builder("slow-1").email("x@unknown.example").country("US").employees(20)
        .build());
    assertThat(d.flags()).contains(Flag.ENRICHMENT_DEGRADED);
    assertThat(d.isAssigned()).isTrue();
    assertThat(d.explain()).contains("timed out after 50 ms");
    router.close();
  }

  @Test
  void accountBasedRoutingOwnerTeamAndAeHandoff() {
    List<Rep> reps = ScenarioRoster.reps();
    Router router = router(reps).build();
    Decision owner = router.route(Lead.builder("abm-1").email("jane@mail.acme.co.uk").country("GB")
        .employees(5000).build());
    assertThat(owner.repId()).isEqualTo("acme-owner");
    assertThat(owner.accountId()).isEqualTo("acme");
    assertThat(owner.decidedBy()).isEqualTo("account-owner");

    Decision byName = router.route(Lead.builder("abm-2").email("bob@gmail.com").companyName("Acme, Inc.")
        .country("DE").employees(5000).build());
    assertThat(byName.repId()).as("account people cover the account outside their territory")
        .isEqualTo("acme-owner");

    Decision sql = router.route(Lead.builder("abm-3").email("cto@acme.co.uk").country("GB").employees(5000)
        .salesQualified(true).build());
    assertThat(sql.repId()).isEqualTo("acme-ae");

    router.updateRoster(ScenarioRoster.with(reps, "acme-owner", b -> b.active(false)));
    Decision team = router.route(Lead.builder("abm-4").email("ops@acme.co.uk").country("GB").employees(5000)
        .build());
    assertThat(team.repId()).isEqualTo("acme-team");
    assertThat(team.explain()).contains("owner acme-owner: unavailable (out of office)");

    Decision ambiguous = router.route(Lead.builder("abm-5").email("it@shared.example").country("US")
        .employees(30).build());
    assertThat(ambiguous.flags()).contains(Flag.AMBIGUOUS_ACCOUNT);
    assertThat(ambiguous.accountId()).isNull();
    assertThat(ambiguous.repId()).isIn("smb-1", "smb-2", "smb-3");
  }

  @Test
  void nobodyEligibleGoesToTheManagerOrTheQueueFlagged() {
    Router queue = router(ScenarioRoster.reps()).fallbackQueue("needs-owner").build();
    Decision q = queue.route(Lead.builder("far-1").country("JP").employees(20).build());
    assertThat(q.queue()).isEqualTo("needs-owner");
    assertThat(q.flags()).contains(Flag.FALLBACK_QUEUE);

    List<Rep> reps = ScenarioRoster.with(ScenarioRoster.reps(), "ent-manager", b -> b.active(true));
    for (String id : List.of("west-hc-ent-1", "west-hc-ent-2", "west-ent-generalist")) {
      reps = ScenarioRoster.with(reps, id, b -> b.active(false));
    }
    Router manager = router(reps).managerFallback(true).build();
    Decision m = manager.route(Lead.builder("west-ent-1").country("US").region("CA").employees(5000).build());
    assertThat(m.repId()).isEqualTo("ent-manager");
    assertThat(m.flags()).contains(Flag.MANAGER_FALLBACK);
  }
}
