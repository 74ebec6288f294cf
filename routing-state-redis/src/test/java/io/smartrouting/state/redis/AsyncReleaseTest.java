package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Decision;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Router#releaseAsync}: the caller waits for no round trip, releases queued meanwhile share one, and nothing a
 * caller released is lost: not while Redis is down, not when the store closes with releases still queued.
 */
class AsyncReleaseTest extends RedisServerTest {

  private static List<Decision> routeAll(Router router, String prefix, int n) {
    List<Decision> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Decision d = router.route(SharedRoutingTest.lead(prefix + i, i));
      assertThat(d.repId()).as("lead %d assigned", i).isNotNull();
      out.add(d);
    }
    return out;
  }

  private static boolean join(CompletableFuture<Boolean> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void queuedReleasesFreeEveryUnitShareRoundTripsAndAnswerAsReleaseDoes() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(6, 60);
    try (RedisStateStore store = server.patientStore("async").refreshInterval(Duration.ofHours(1))
        .takeover(Duration.ofHours(1)).build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      List<Decision> routed = routeAll(router, "a-", 120);
      List<String> open = new ArrayList<>();
      long before = store.roundTrips();
      List<CompletableFuture<Boolean>> done = new ArrayList<>();
      for (int i = 0; i < routed.size(); i++) {
        if (i % 4 == 3) {
          open.add(routed.get(i).leadId());
        } else {
          done.add(router.releaseAsync(routed.get(i).leadId()));
        }
      }
      CompletableFuture<Boolean> unknown = router.releaseAsync("never-routed");
      for (CompletableFuture<Boolean> f : done) {
        assertThat(join(f)).isTrue();
      }
      assertThat(join(unknown)).as("an unknown lead answers false, as release does").isFalse();
      assertThat(store.roundTrips() - before).as("91 releases sent in batches").isLessThan(45);
      SharedRoutingTest.assertConsistent(store, reps, open);
      assertThat(join(router.releaseAsync(routed.get(0).leadId()))).as("released twice").isFalse();
    }
  }

  @Test
  void aQueuedReleaseRidesInTheNextDecisionsScriptBeforeItsPlacement() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(3, 1); // capacities 1, 2 and 3: six leads fill them
    try (RedisStateStore store = server.patientStore("async-ride").refreshInterval(Duration.ofHours(1))
        .takeover(Duration.ofHours(1)).releaseDelay(Duration.ofHours(1)).build(); // the flusher never sends
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      List<Decision> held = routeAll(router, "full-", 6);
      List<CompletableFuture<Boolean>> done = new ArrayList<>();
      for (Decision d : held) {
        done.add(router.releaseAsync(d.leadId()));
      }
      long before = store.roundTrips();
      List<Decision> next = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        // The reps are full but for the units the releases queued before this decision free, in its own script,
        // before its placement (Tier 1 leads may also take a unit over capacity, as they do without Redis).
        Decision d = router.route(SharedRoutingTest.lead("ride-" + i, i));
        assertThat(d.repId()).as("lead %d assigned", i).isNotNull();
        next.add(d);
        done.add(router.releaseAsync(d.leadId()));
      }
      assertThat(store.roundTrips() - before).as("one round trip per decision, releases included").isEqualTo(60);
      for (int i = 0; i < done.size() - 1; i++) {
        assertThat(done.get(i)).as("release %d made by a decision's script", i).isCompletedWithValue(true);
      }
      assertThat(done.get(done.size() - 1)).as("the last waits for a decision or the flusher").isNotDone();
      SharedRoutingTest.assertConsistent(store, reps, List.of(next.get(next.size() - 1).leadId()));
      store.close();
      assertThat(done.get(done.size() - 1)).as("sent on close").isCompletedWithValue(true);
    }
  }

  @Test
  void aListenerMayRouteFromTheReleaseEventsOfTheDecisionThatCarriedThem() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(6, 60);
    java.util.concurrent.atomic.AtomicReference<Router> self = new java.util.concurrent.atomic.AtomicReference<>();
    List<Decision> followUps = new ArrayList<>();
    try (RedisStateStore store = server.patientStore("async-nested").refreshInterval(Duration.ofHours(1))
        .takeover(Duration.ofHours(1)).releaseDelay(Duration.ofHours(1)).build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain()
            .listener(e -> {
              // Routes on the thread whose decision carried the release, inside that decision's store call.
              if (e instanceof io.smartrouting.api.RoutingEvent.LeadReleased r && r.leadId().startsWith("first-")) {
                followUps.add(self.get().route(SharedRoutingTest.lead("next-" + r.leadId(), 1)));
              }
            }).build()) {
      self.set(router);
      List<CompletableFuture<Boolean>> done = new ArrayList<>();
      for (Decision d : routeAll(router, "first-", 10)) {
        done.add(router.releaseAsync(d.leadId()));
      }
      Decision carrier = router.route(SharedRoutingTest.lead("carrier", 2));
      for (CompletableFuture<Boolean> f : done) {
        assertThat(f).isCompletedWithValue(true);
      }
      assertThat(followUps).hasSize(10).allSatisfy(d -> assertThat(d.repId()).isNotNull());
      List<String> open = new ArrayList<>(List.of(carrier.leadId()));
      followUps.forEach(d -> open.add(d.leadId()));
      SharedRoutingTest.assertConsistent(store, reps, open);
    }
  }

  @Test
  void releasesQueuedWhileRedisIsDownAreJournaledAndWrittenAfterRestart() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(6, 60);
    try (RedisStateStore store = server.store("async-down").build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      List<Decision> routed = routeAll(router, "d-", 40);
      server.kill();
      List<String> open = new ArrayList<>();
      try {
        for (int i = 0; i < routed.size(); i++) {
          if (i % 2 == 0) {
            assertThat(join(router.releaseAsync(routed.get(i).leadId()))).as("journaled, not thrown").isTrue();
          } else {
            open.add(routed.get(i).leadId());
          }
        }
        assertThat(router.journaledReports()).isEqualTo(20);
      } finally {
        server.restart();
      }
      OutageJournalTest.waitUntilReconciled(router);
      SharedRoutingTest.assertConsistent(store, reps, open);
    }
  }

  @Test
  void closingTheStoreSendsEveryQueuedReleaseFirst() throws Exception {
    List<Rep> reps = SharedRoutingTest.roster(6, 60);
    List<CompletableFuture<Boolean>> done = new ArrayList<>();
    try (RedisStateStore store = server.patientStore("async-close").build();
        Router router = Router.builder().roster(reps).stateStore(store).manualTimers().defaultChain().build()) {
      for (Decision d : routeAll(router, "c-", 200)) {
        done.add(router.releaseAsync(d.leadId()));
      }
      store.close(); // at once, with releases still queued
      for (CompletableFuture<Boolean> f : done) {
        assertThat(f).isCompletedWithValue(true);
      }
    }
    try (RedisStateStore again = server.patientStore("async-close").build()) {
      SharedRoutingTest.assertConsistent(again, reps, List.of());
    }
  }
}
