package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Tier;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * With {@code whenAccountsMove(true)} an account's open leads belong with its people: a lead routed as nobody's (a
 * personal address, no company) whose update matches it to a known account (enrichment found its company, the CRM
 * corrected the address) goes to the account's people when its holder, not yet in contact, is not one of them, as an
 * account hand-over takes it. Until 8 December 2026 it stayed with whoever the chain had given it.
 */
class UpdateMatchesAccountTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  /** ana owns Acme and works Canada; bob works the US, so the chain gives a US lead of no account to bob. */
  private Router router(boolean accountsMove, int anasCapacity) {
    Account acme = Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("ana").build();
    List<Rep> reps = List.of(Rep.builder("ana").territories("CA").capacity(anasCapacity).build(),
        Rep.builder("bob").territories("US").capacity(10).build());
    return TestStrategies.leastLoaded(reps, clock).accounts(List.of(acme)).capacityThreshold(1.0)
        .sla(Tier.TIER_1, Duration.ofMinutes(5)).slaClock(Tier.TIER_1, SlaClock.WALL_CLOCK)
        .whenAccountsMove(accountsMove).listener(events::add).build();
  }

  private static Lead personal(String id) {
    return Lead.builder(id).country("US").email("jo@gmail.com").build();
  }

  private static Lead ofAcme(String id) {
    return Lead.builder(id).country("US").email("jo@acme.com").source(LeadSource.DEMO_REQUEST).build();
  }

  @Test
  void aLeadAnUpdateMatchesToAnAccountGoesToItsOwnerInItsNewTier() {
    Router router = router(true, 5);
    assertThat(router.route(personal("L1")).repId()).isEqualTo("bob");
    clock.advance(Duration.ofMinutes(2));
    Decision preview = router.previewUpdate(ofAcme("L1"));
    Decision moved = router.update(ofAcme("L1"));
    assertThat(moved.repId()).isEqualTo("ana");
    assertThat(moved.accountId()).isEqualTo("acme");
    assertThat(moved.tier()).as("a demo request now").isEqualTo(Tier.TIER_1);
    assertThat(moved.slaDeadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(preview.repId()).as("the preview says so").isEqualTo("ana");
    assertThat(preview.explain()).contains("now match account acme, whose people do not include bob");
    assertThat(OpenLeads.moves(events, RoutingEvent.Move.UPDATED)).singleElement()
        .satisfies(m -> assertThat(m.fromRepId()).isEqualTo("bob"));
    assertThat(router.openLeads("bob")).isZero();
    assertThat(router.placement("L1").orElseThrow().tier()).isEqualTo(Tier.TIER_1);
  }

  @Test
  void aLeadItsHolderCalledAlreadyStays() {
    Router router = router(true, 5);
    router.route(personal("L1"));
    clock.advance(Duration.ofMinutes(2));
    assertThat(router.recordContact("L1", clock.instant())).isTrue();
    assertThat(router.update(ofAcme("L1")).repId()).isEqualTo("bob");
    assertThat(OpenLeads.moves(events)).isEmpty();
  }

  @Test
  void withNoRoomWithTheAccountsPeopleItStaysWithItsAccountNamed() {
    Router router = router(true, 0);
    router.route(personal("L1"));
    Decision stays = router.update(ofAcme("L1"));
    assertThat(stays.repId()).isEqualTo("bob");
    assertThat(stays.accountId()).isEqualTo("acme");
    assertThat(OpenLeads.moves(events)).isEmpty();
  }

  @Test
  void aLeadAPersonGaveItsHolderStays() {
    Router router = router(true, 5);
    assertThat(router.route(Lead.builder("L1").country("DE").email("jo@gmail.com").build()).queue()).isNotNull();
    router.reassign("L1", "bob", "speaks German");
    Decision d = router.update(Lead.builder("L1").country("DE").email("jo@acme.com").build());
    assertThat(d.repId()).as("bob does not cover its old facts: a person's choice").isEqualTo("bob");
  }

  @Test
  void withoutTheSettingItStaysAsBefore() {
    Router router = router(false, 5);
    router.route(personal("L1"));
    assertThat(router.update(ofAcme("L1")).repId()).isEqualTo("bob");
    assertThat(OpenLeads.moves(events)).isEmpty();
  }
}
