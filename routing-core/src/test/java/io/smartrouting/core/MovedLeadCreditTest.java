package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.learning.OutcomeCount;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deal is the learning model's for the rep who held its lead last, whatever moved the lead there. Until 8 December
 * 2026 a move whose decision named no segment (every account hand-over and offboarding to an account's people, and a
 * reassignment, claim or cover hand-over made after the lead's decision had left the idempotency window) left the
 * credit with the lead's earlier rep: a lead reassigned a day after its routing and won was counted as the first rep's
 * win, and the moves' decisions and audit lines named no segment.
 */
class MovedLeadCreditTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final ConversionModel model = new ConversionModel();

  private static Rep rep(String id, String territory) {
    return Rep.builder(id).territories(territory).capacity(10).build();
  }

  private Router.Builder router(List<Rep> reps) {
    return TestStrategies.leastLoaded(reps, clock).learning(model).idempotency(Duration.ofHours(1), 1000);
  }

  /** Outcomes the model counts per rep (every industry). */
  private Map<String, Long> credited() {
    Map<String, Long> out = new HashMap<>();
    for (OutcomeCount c : model.counts()) {
      if (c.industry() == null) {
        out.merge(c.repId(), c.outcomes(), Long::sum);
      }
    }
    return out;
  }

  @Test
  void aLeadReassignedAfterItsDecisionLeftTheIdempotencyWindowIsTheNewRepsWin() {
    Router router = router(List.of(rep("ana", "US"), rep("ben", "US"))).build();
    String first = router.route(Lead.builder("L1").country("US").employees(5000).build()).repId();
    String other = "ana".equals(first) ? "ben" : "ana";
    clock.advance(Duration.ofHours(2));
    Decision moved = router.reassign("L1", other, "the manager's call");
    assertThat(moved.segment()).as("the lead's segment, as its facts say").isEqualTo(Segment.ENTERPRISE);
    assertThat(router.recordOutcome("L1", Outcome.WON)).isTrue();
    assertThat(credited()).isEqualTo(Map.of(other, 1L));
  }

  @Test
  void aReassignmentPastTheWindowNamesTheLeadsAccount() {
    Account acme = Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("ana").build();
    Router router = router(List.of(rep("ana", "US"), rep("ben", "US"))).accounts(List.of(acme)).build();
    assertThat(router.route(Lead.builder("L1").country("US").email("jo@acme.com").build()).accountId())
        .isEqualTo("acme");
    clock.advance(Duration.ofHours(2));
    String other = "ana".equals(router.placement("L1").orElseThrow().repId()) ? "ben" : "ana";
    Decision moved = router.reassign("L1", other, "the manager's call");
    assertThat(moved.accountId()).as("in its decision and audit line, as before the window ended").isEqualTo("acme");
  }

  @Test
  void aLeadAnAccountHandOverMovedIsTheNewOwnersWin() {
    Account acme = Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("ana").build();
    Router router = router(List.of(rep("ana", "US"), rep("bob", "CA"))).accounts(List.of(acme)).build();
    assertThat(router.route(Lead.builder("L1").country("US").email("jo@acme.com").build()).repId()).isEqualTo("ana");
    clock.advance(Duration.ofMinutes(5));
    router.updateAccounts(List.of(Account.builderFrom(acme).ownerRepId("bob").build()));
    List<Decision> moved = router.moveAccountLeads("acme");
    assertThat(moved).singleElement().satisfies(d -> {
      assertThat(d.repId()).isEqualTo("bob");
      assertThat(d.segment()).isEqualTo(Segment.SMB);
    });
    assertThat(router.recordOutcome("L1", Outcome.LOST)).isTrue();
    assertThat(credited()).isEqualTo(Map.of("bob", 1L));
  }

  @Test
  void aLeadAnOffboardingHandedToTheAccountBackupIsTheBackupsWin() {
    Account acme = Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("ana").backupRepId("cy")
        .build();
    Router router = router(List.of(rep("ana", "US"), rep("ben", "US"), rep("cy", "CA"))).accounts(List.of(acme))
        .build();
    assertThat(router.route(Lead.builder("L1").country("US").email("jo@acme.com").build()).repId()).isEqualTo("ana");
    clock.advance(Duration.ofMinutes(5));
    List<Decision> moved = router.offboard("ana", OffboardPolicy.accountBackupFirst());
    assertThat(moved).singleElement().satisfies(d -> {
      assertThat(d.repId()).isEqualTo("cy");
      assertThat(d.segment()).isEqualTo(Segment.SMB);
    });
    assertThat(router.recordOutcome("L1", Outcome.WON)).isTrue();
    assertThat(credited()).isEqualTo(Map.of("cy", 1L));
  }

  @Test
  void aLeadEscalatedToTheManagerAfterItsDecisionLeftTheIdempotencyWindowIsTheManagersWin() {
    Rep ana = Rep.builder("ana").territories("US").capacity(10).managerId("max").build();
    Rep max = Rep.builder("max").territories("US").capacity(10).role(RepRole.MANAGER).build();
    Account acme = Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("max").build();
    Router router = router(List.of(ana, max)).accounts(List.of(acme)).sla(Tier.TIER_2, Duration.ofHours(2))
        .slaClock(Tier.TIER_2, SlaClock.WALL_CLOCK).escalation(EscalationPolicy.defaults().maxReassignments(0))
        .build();
    Lead lead = Lead.builder("L1").country("US").email("jo@acme.com").icpScore(95).build();
    assertThat(router.route(lead).repId()).isEqualTo("ana");
    clock.advance(Duration.ofHours(2).plusMinutes(1));
    router.fireDueTimers();
    assertThat(router.placement("L1").orElseThrow().repId()).isEqualTo("max");
    Decision escalated = router.route(lead); // answered from the idempotency window: the escalation's decision
    assertThat(escalated.decidedBy()).isEqualTo("sla-escalation");
    assertThat(escalated.accountId()).as("its account, past the window of its first decision").isEqualTo("acme");
    assertThat(router.recordOutcome("L1", Outcome.WON)).isTrue();
    assertThat(credited()).isEqualTo(Map.of("max", 1L));
  }

  @Test
  void aWonLeadMovedAfterwardsIsNotCreditedAgainWhenItsCloseIsReportedAgainPastTheWindow() {
    Router router = router(List.of(rep("ana", "US"), rep("ben", "US"))).build();
    String first = router.route(Lead.builder("L1").country("US").build()).repId();
    String other = "ana".equals(first) ? "ben" : "ana";
    assertThat(router.recordOutcome("L1", Outcome.WON)).isTrue();
    clock.advance(Duration.ofHours(2)); // past the idempotency window: the report is no longer remembered as one
    router.offboard(first, OffboardPolicy.reroute()); // the won lead, still open, goes to the other rep
    assertThat(router.placement("L1").orElseThrow().repId()).isEqualTo(other);
    assertThat(router.recordOutcome("L1", Outcome.WON)).as("a CRM's re-sync: acknowledged").isTrue();
    assertThat(router.recordOutcome("L1", Outcome.LOST)).isTrue();
    router.requeue("L1", "returns", "given back");
    router.claimNext(other, "returns");
    router.release("L1");
    assertThat(router.recordOutcome("L1", Outcome.LOST)).isTrue();
    assertThat(credited()).as("the lead's one deal, to the rep that held it then").isEqualTo(Map.of(first, 1L));
  }

  @Test
  void aLeadRoutedAfreshAfterItsReleaseIsCreditedForItsNewDeal() {
    Router router = router(List.of(rep("ana", "US"), rep("ben", "US"))).build();
    String first = router.route(Lead.builder("L1").country("US").build()).repId();
    assertThat(router.recordOutcome("L1", Outcome.LOST)).isTrue();
    assertThat(router.release("L1")).isTrue();
    clock.advance(Duration.ofHours(2)); // past the window: routing the id again routes it afresh, a new lead
    String second = router.route(Lead.builder("L1").country("US").build()).repId();
    assertThat(router.recordOutcome("L1", Outcome.WON)).isTrue();
    Map<String, Long> expected = new HashMap<>();
    expected.merge(first, 1L, Long::sum);
    expected.merge(second, 1L, Long::sum);
    assertThat(credited()).as("its first deal and its second").isEqualTo(expected);
  }
}
