package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Outcome;
import io.smartrouting.api.Rep;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.RoutingMetrics;
import io.smartrouting.core.learning.ConversionModel;
import io.smartrouting.core.state.StateUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Releases and contacts reported while Redis is down are journaled, not thrown at the caller, and written once when
 * it returns: every rep's open set equals its placements, every contact is counted once.
 */
class OutageJournalTest extends RedisServerTest {

  private static long contacted(RoutingMetrics m) {
    long n = 0;
    for (Tier t : Tier.values()) {
      RoutingMetrics.SlaStats s = m.sla().get(t);
      n += s == null ? 0 : s.contacted();
    }
    return n;
  }

  static void waitUntilReconciled(Router router) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (router.journaledReports() > 0 || router.unreconciledLeads() > 0) {
      router.reconcile();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still " + router.journaledReports() + " journaled report(s) after 10 s");
      }
      Thread.sleep(50);
    }
  }

  @Test
  void aBurstOfReleasesAndContactsAcrossARedisCrashIsWrittenOnceAfterRestart() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(6, 60);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    try (RedisStateStore store = server.store("journal").build();
        Router router = Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers()
            .sla(Tier.TIER_3, Duration.ofHours(1)).defaultChain().build()) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 90; i++) {
        Decision d = router.route(SharedRoutingTest.lead("j-" + i, i));
        assertThat(d.repId()).as("lead %d assigned", i).isNotNull();
        ids.add(d.leadId());
      }
      clock.advance(Duration.ofMinutes(3));
      // The burst: leads 0-29 released, 30-89 contacted (60-89 also released); Redis dies a third of the way in.
      List<String> open = new ArrayList<>(ids);
      int contacts = 0;
      int op = 0;
      for (int i = 0; i < 90; i++) {
        if (op++ == 40) {
          server.kill();
        }
        String id = ids.get(i);
        if (i < 30) {
          assertThat(router.release(id)).isTrue();
          open.remove(id);
        } else {
          assertThat(router.recordContact(id, clock.instant())).isTrue();
          contacts++;
          if (i % 10 == 0) {
            router.recordContact(id, clock.instant()); // a caller's retry: counted once all the same
          }
          if (i >= 60) {
            assertThat(router.release(id)).isTrue();
            open.remove(id);
          }
        }
      }
      assertThat(router.journaledReports()).as("reports waiting while Redis is down").isPositive();
      assertThat(router.reconcile()).as("still down").isZero();

      server.restart();
      waitUntilReconciled(router);

      SharedRoutingTest.assertConsistent(store, reps, open);
      RoutingMetrics m = router.metrics();
      assertThat(contacted(m)).as("every reported contact counted once").isEqualTo(contacts);
      for (int i = 30; i < 60; i++) {
        assertThat(store.placement(ids.get(i)).contactedAt()).as("lead %d marked contacted", i)
            .isEqualTo(clock.instant());
      }
      assertThat(router.reconcile()).as("a second pass writes nothing again").isZero();
      assertThat(contacted(router.metrics())).isEqualTo(contacts);
      // No SLA breach for the contacted leads: their timers stopped when the caller reported the contact.
      clock.advance(Duration.ofHours(2));
      router.fireDueTimers();
      assertThat(router.metrics().sla().get(Tier.TIER_3).missed()).isZero();
    }
  }

  /**
   * A meeting reported while Redis is down is journaled and marked on the lead's placement after the restart, so that
   * recycling, on whichever node runs the timers, leaves the lead with its rep.
   */
  @Test
  void progressReportedDuringAnOutageIsMarkedAfterTheRestart() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(2, 20);
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T15:00:00Z"));
    try (RedisStateStore store = server.store("journal-progress").build();
        Router router = Router.builder().roster(reps).stateStore(store).clock(clock).manualTimers()
            .step("round-robin").recycleStalledLeads(Duration.ofDays(14)).build()) {
      Decision d = router.route(SharedRoutingTest.lead("p-0", 0));
      String id = d.leadId();
      assertThat(d.repId()).as(d.explain()).isNotNull();
      assertThat(router.recordContact(id, clock.instant())).as(String.valueOf(store.placement(id))).isTrue();
      String holder = store.placement(id).repId();
      server.kill();
      // Within the idempotency window, this router knows the lead and its rep without asking the store.
      clock.advance(Duration.ofMinutes(10));
      assertThat(router.recordOutcome(id, io.smartrouting.api.Outcome.MEETING)).isTrue();
      assertThat(router.journaledReports()).as("the mark waits in the journal").isEqualTo(1);
      server.restart();
      waitUntilReconciled(router);
      assertThat(store.placement(id).progressedAt()).isEqualTo(clock.instant());
      clock.advance(Duration.ofDays(15));
      router.fireDueTimers();
      assertThat(store.placement(id).repId()).as("progressed: not recycled").isEqualTo(holder);
    }
  }

  @Test
  void aFullJournalRefusesWithTheStoresExceptionAndCountsIt() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(2, 20);
    try (RedisStateStore store = server.store("journal-full").build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().journalCapacity(1)
            .defaultChain().build()) {
      Decision a = router.route(Lead.builder("a").country("US").build());
      Decision b = router.route(Lead.builder("b").country("US").build());
      server.kill();
      try {
        assertThat(router.release(a.leadId())).isTrue();
        assertThatThrownBy(() -> router.release(b.leadId())).isInstanceOf(StateUnavailableException.class);
        assertThat(router.refusedReports()).isEqualTo(1);
      } finally {
        server.restart();
      }
      waitUntilReconciled(router);
      SharedRoutingTest.assertConsistent(store, reps, List.of(b.leadId()));
    }
  }

  @Test
  void anOutcomeDuringAnOutageReachesTheSharedModelAfterwards() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(2, 20);
    try (RedisStateStore store = server.store("journal-outcome").build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers()
            .learning(new ConversionModel()).defaultChain().build()) {
      Decision d = router.route(Lead.builder("won-1").country("US").employees(20).build());
      server.kill();
      try {
        assertThat(router.recordOutcome(d.leadId(), Outcome.WON)).isTrue();
      } finally {
        server.restart();
      }
      waitUntilReconciled(router);
      long wins = store.outcomeCounts().stream().filter(c -> c.repId().equals(d.repId()) && c.industry() == null)
          .mapToLong(c -> c.wins()).sum();
      assertThat(wins).as("the shared store has the outcome reported during the outage").isEqualTo(1);
    }
  }
}
