package io.smartrouting.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.AccountTier;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Segment;
import io.smartrouting.api.TimeOff;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A colleague an account person's declared time off names to cover the desk ({@link TimeOff#coveredBy}) stands in
 * for that person for the account's new leads while the time off lasts, at the person's place in the account's order
 * and whatever the cover's territories or segments, as the person would take them; the person takes them again once
 * back.
 */
class AccountCoverTest {

  private static final Instant MONDAY = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant FRIDAY = MONDAY.plus(Duration.ofDays(4));

  private final ManualClock clock = new ManualClock(MONDAY);

  /** Ana owns Acme (US, enterprise); ben works SMB in Germany; cy is on Acme's team. */
  private static List<Rep> roster(String cover, int benCapacity) {
    return List.of(
        Rep.builder("ana").territories("US").segments(Segment.ENTERPRISE).capacity(10)
            .timeOff(new TimeOff(MONDAY, FRIDAY, "vacation").coveredBy(cover)).build(),
        Rep.builder("ben").territories("DE").segments(Segment.SMB).capacity(benCapacity).build(),
        Rep.builder("cy").territories("US").segments(Segment.ENTERPRISE).capacity(10).build(),
        Rep.builder("dee").territories("US").segments(Segment.ENTERPRISE).capacity(10).build());
  }

  private Router router(List<Rep> reps, AccountTier tier) {
    Account acme = Account.builder("acme").name("Acme").domains("acme.example").ownerRepId("ana")
        .teamRepIds(List.of("cy")).tier(tier).build();
    return Router.builder().roster(reps).accounts(List.of(acme)).clock(clock).manualTimers().defaultChain().build();
  }

  private static Lead acmeLead(String id) {
    return Lead.builder(id).country("US").email(id + "@acme.example").build();
  }

  @Test
  void theOwnersCoverTakesTheAccountsLeadsBeforeItsTeamUntilTheOwnerIsBack() {
    try (Router router = router(roster("ben", 10), AccountTier.ONE_TO_MANY)) {
      Decision d = router.route(acmeLead("while-away"));

      assertThat(d.repId()).as("ben covers ana's desk, though he works SMB in Germany").isEqualTo("ben");
      assertThat(d.explain()).contains("cover for the account owner").contains("owner ana: time off until "
          + FRIDAY).contains("cover: ben");

      clock.set(FRIDAY.plus(Duration.ofHours(1)));
      assertThat(router.route(acmeLead("back")).repId()).as("ana is back").isEqualTo("ana");
    }
  }

  @Test
  void aCoverWhoCannotTakeTheLeadLeavesItToTheTeamAndSaysWhy() {
    try (Router router = router(roster("ben", 1), AccountTier.ONE_TO_MANY)) {
      assertThat(router.route(acmeLead("first")).repId()).isEqualTo("ben");

      Decision d = router.route(acmeLead("second"));

      assertThat(d.repId()).as("ben is full: the team, as without a cover").isEqualTo("cy");
      assertThat(d.explain()).contains("owner ana's cover ben: account person at capacity for this account's tier");
    }
  }

  @Test
  void aCoverStandsInForTheOwnerOfAOneToOneAccountWhoseLeadsOtherwiseNeverLeaveItsTeam() {
    try (Router router = router(roster("ben", 10), AccountTier.ONE_TO_ONE)) {
      // ben is on neither the account nor the owner's team, whose people alone may take a one-to-one account's leads.
      Decision d = router.route(acmeLead("vip"));

      assertThat(d.repId()).isEqualTo("ben");
      assertThat(d.explain()).contains("cover for the account owner");
      clock.set(FRIDAY.plus(Duration.ofHours(1)));
      assertThat(router.preview(acmeLead("after")).repId()).isEqualTo("ana");
    }
  }

  @Test
  void aCoverOffTheRosterIsPassedOver() {
    try (Router router = router(roster("zed", 10), AccountTier.ONE_TO_MANY)) {
      Decision d = router.route(acmeLead("no-cover"));

      assertThat(d.repId()).isEqualTo("cy");
      assertThat(d.explain()).contains("owner ana's cover zed: not in the roster");
    }
  }

  @Test
  void anAesCoverTakesTheAccountsSalesQualifiedLeads() {
    Account acme = Account.builder("acme").name("Acme").domains("acme.example").ownerRepId("cy").aeRepId("ana")
        .build();
    try (Router router = Router.builder().roster(roster("ben", 10)).accounts(List.of(acme)).clock(clock)
        .manualTimers().defaultChain().build()) {
      Decision d = router.route(Lead.builder("sql").country("US").email("buyer@acme.example").salesQualified(true)
          .build());

      assertThat(d.repId()).as("the AE's cover, before the owner").isEqualTo("ben");
      assertThat(d.explain()).contains("cover for the account AE (AE ana: time off until");
    }
  }

  @Test
  void aCoverMayClaimTheAccountsWaitingLeads() {
    List<Rep> reps = List.of(
        Rep.builder("ana").territories("US").segments(Segment.ENTERPRISE).capacity(10)
            .timeOff(new TimeOff(MONDAY, FRIDAY, "vacation").coveredBy("ben")).build(),
        Rep.builder("ben").territories("DE").segments(Segment.SMB).capacity(1).build(),
        Rep.builder("dee").territories("US").segments(Segment.ENTERPRISE).capacity(10).build());
    Account acme = Account.builder("acme").name("Acme").domains("acme.example").ownerRepId("ana").build();
    try (Router router = Router.builder().roster(reps).accounts(List.of(acme)).clock(clock).manualTimers()
        .defaultChain().build()) {
      assertThat(router.route(acmeLead("first")).repId()).isEqualTo("ben");
      assertThat(router.route(acmeLead("second")).queue()).as("ben is full, and dee works no SMB lead").isNotNull();
      router.release("first");

      assertThat(router.claimable("ben")).extracting(p -> p.leadId()).containsExactly("second");
      assertThat(router.claimNext("ben")).map(Decision::leadId).contains("second");
    }
  }
}
