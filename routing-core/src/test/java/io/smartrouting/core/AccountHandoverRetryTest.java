package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An account that changes hands with {@code whenAccountsMove(true)} takes its open leads to its new people, and a lead
 * they have no room for at the update moves once one of them has: the timer ticks look again every minute. Until 8
 * December 2026 such a lead stayed with the rep who lost the account for good (one more tick looked, once), however
 * soon the new owner had room.
 */
class AccountHandoverRetryTest {

  private static final Instant START = Instant.parse("2026-11-02T15:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();
  private final Account acme = Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("ana").build();

  private Router router(boolean moveOpenLeads) {
    List<Rep> reps = List.of(Rep.builder("ana").territories("US").capacity(5).build(),
        Rep.builder("bob").territories("CA").capacity(1).build());
    Router router = TestStrategies.leastLoaded(reps, clock).accounts(List.of(acme)).capacityThreshold(1.0)
        .whenAccountsMove(moveOpenLeads).listener(events::add).build();
    router.route(Lead.builder("A1").country("US").email("jo@acme.com").build());
    router.route(Lead.builder("A2").country("US").email("al@acme.com").build());
    router.route(Lead.builder("C1").country("CA").build()); // bob's one unit
    clock.advance(Duration.ofMinutes(1));
    router.updateAccounts(List.of(Account.builderFrom(acme).ownerRepId("bob").build()));
    return router;
  }

  private String holder(Router router, String leadId) {
    return router.placement(leadId).orElseThrow().repId();
  }

  /** Advances the clock by {@code d} and runs the timer tick. */
  private void tick(Router router, Duration d) {
    clock.advance(d);
    router.fireDueTimers();
  }

  @Test
  void leadsTheNewOwnerHadNoRoomForMoveOneByOneAsItGetsRoom() {
    Router router = router(true);
    tick(router, Duration.ofSeconds(1));
    assertThat(holder(router, "A1")).as("bob is full").isEqualTo("ana");
    assertThat(holder(router, "A2")).isEqualTo("ana");
    assertThat(router.release("C1")).isTrue();
    tick(router, Duration.ofSeconds(30));
    assertThat(holder(router, "A1")).as("looked at again a minute after the last look, not before").isEqualTo("ana");
    tick(router, Duration.ofSeconds(31));
    assertThat(holder(router, "A1")).as("the oldest first").isEqualTo("bob");
    assertThat(holder(router, "A2")).as("bob is full again").isEqualTo("ana");
    assertThat(OpenLeads.moves(events, RoutingEvent.Move.ACCOUNT_MOVED)).singleElement()
        .satisfies(m -> assertThat(m.fromRepId()).isEqualTo("ana"));
    assertThat(router.release("A1")).isTrue();
    tick(router, Duration.ofMinutes(1));
    assertThat(holder(router, "A2")).isEqualTo("bob");
    assertThat(router.openLeads("bob")).isEqualTo(1);
  }

  @Test
  void aLeadPlacedWithTheOldOwnerAfterTheUpdateStays() {
    Router router = router(true);
    tick(router, Duration.ofSeconds(1));
    router.route(Lead.builder("A3").country("US").email("ed@acme.com").build()); // after the update: the chain's
    assertThat(holder(router, "A3")).isEqualTo("ana");
    for (String freed : List.of("C1", "A1", "A2")) {
      router.release(freed);
      tick(router, Duration.ofMinutes(1));
    }
    assertThat(OpenLeads.moves(events, RoutingEvent.Move.ACCOUNT_MOVED)).extracting(RoutingEvent.LeadMoved::leadId)
        .containsExactly("A1", "A2");
    assertThat(holder(router, "A3")).as("placed after the update, by the chain").isEqualTo("ana");
    assertThat(router.openLeads("bob")).isZero();
  }

  @Test
  void anUpdateThatGivesTheAccountBackEndsTheWait() {
    Router router = router(true);
    tick(router, Duration.ofSeconds(1));
    router.updateAccounts(List.of(acme));
    router.release("C1");
    tick(router, Duration.ofMinutes(2));
    assertThat(holder(router, "A1")).isEqualTo("ana");
    assertThat(holder(router, "A2")).isEqualTo("ana");
    assertThat(OpenLeads.moves(events, RoutingEvent.Move.ACCOUNT_MOVED)).isEmpty();
  }

  @Test
  void withoutTheSettingTheLeadsStayWithTheirHolders() {
    Router router = router(false);
    router.release("C1");
    tick(router, Duration.ofMinutes(2));
    assertThat(holder(router, "A1")).isEqualTo("ana");
    assertThat(OpenLeads.moves(events)).isEmpty();
  }
}
