package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.Segment;
import io.smartrouting.core.state.Placement;
import io.smartrouting.core.testing.OpenLeads;
import io.smartrouting.core.testing.TestStrategies;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A territory realignment ({@link Router.Builder#whenCoverageChanges}): a roster update that changes what a rep covers
 * routes again the open leads it covered and no longer covers, not yet in contact; every other lead stays.
 */
class CoverageChangeTest {

  private static final Instant START = Instant.parse("2026-11-25T15:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<RoutingEvent> events = new CopyOnWriteArrayList<>();

  private Router.Builder builder(boolean move, Rep... reps) {
    return Router.builder().roster(List.of(reps)).clock(clock).strategies(StrategyRegistry.of()).manualTimers()
        .accounts(List.of(Account.builder("acme").name("Acme").domains("acme.com").ownerRepId("ana").build()))
        .step("ll", TestStrategies.LEAST_LOADED).listener(events::add).whenCoverageChanges(move);
  }

  private static Rep.Builder rep(String id, String... territories) {
    return Rep.builder(id).territories(territories).capacity(10);
  }

  private static Lead.Builder lead(String id, String region) {
    return Lead.builder(id).country("US").region(region).email(id.toLowerCase() + "@example.org");
  }

  private static Map<String, String> holders(Router router) {
    return OpenLeads.holders(router);
  }

  private List<RoutingEvent.LeadMoved> moves() {
    return OpenLeads.moves(events);
  }

  @Test
  void aRepGivenAnotherTerritoryHandsOverTheLeadsItNoLongerCoversButNotThoseInContact() {
    Router router = builder(true, rep("ana", "US-CA").build(), rep("bob", "US-NY").build()).build();
    Decision demo = router.route(lead("L1", "CA").source(LeadSource.DEMO_REQUEST).build());
    router.route(lead("L2", "CA").build());
    router.route(lead("L3", "CA").build());
    router.route(lead("L4", "NY").build());
    assertThat(holders(router)).containsExactlyInAnyOrderEntriesOf(
        Map.of("L1", "ana", "L2", "ana", "L3", "ana", "L4", "bob"));
    router.recordContact("L2", clock.instant());

    clock.advance(Duration.ofMinutes(2));
    router.updateRoster(List.of(rep("ana", "US-NY").build(), rep("bob", "US-NY", "US-CA").build()));

    assertThat(holders(router)).as("L2 stays: ana is in contact")
        .containsExactlyInAnyOrderEntriesOf(Map.of("L1", "bob", "L2", "ana", "L3", "bob", "L4", "bob"));
    assertThat(router.openLeads("ana")).isEqualTo(1);
    assertThat(router.openLeads("bob")).isEqualTo(3);
    assertThat(moves()).extracting(RoutingEvent.LeadMoved::leadId).containsExactly("L1", "L3");
    assertThat(moves()).allSatisfy(m -> {
      assertThat(m.move()).isEqualTo(RoutingEvent.Move.REALIGNED);
      assertThat(m.decision().explain()).contains("ana no longer covers it (roster version 2 changed its territories");
    });
    assertThat(demo.slaDeadline()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    assertThat(router.placement("L1").orElseThrow().slaDeadline()).as("a new deadline with its new rep")
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void aPreviewSaysWhatTheUpdateWouldMoveAndWhereChangingNothingAndCountsTheRoomEarlierMovesTake() {
    // bob has room for one more lead below the threshold (capacity 2 at 90%: fewer than 2 open), cy for plenty.
    Router router = builder(false, rep("ana", "US-CA").build(), rep("bob", "US-NY").capacity(2).build(),
        rep("cy", "US-TX").build()).build();
    router.route(lead("N1", "NY").build());
    for (int i = 1; i <= 3; i++) {
      clock.advance(Duration.ofMinutes(1));
      router.route(lead("L" + i, "CA").build());
    }
    router.recordContact("L2", clock.instant());
    List<Rep> realigned = List.of(rep("ana", "US-NY").build(), rep("bob", "US-NY", "US-CA").capacity(2).build(),
        rep("cy", "US-TX").build());
    Map<String, String> before = holders(router);

    List<Decision> preview = router.previewRealignment(realigned);
    assertThat(preview).extracting(Decision::leadId).containsExactly("L1", "L3");
    assertThat(preview.get(0).repId()).isEqualTo("bob");
    assertThat(preview.get(1).repId()).as("bob's last room went to L1").isNull();
    assertThat(preview.get(1).queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(preview.get(1).explain()).contains("ana no longer covers it")
        .contains("nobody else could take it now, so it would wait in queue 'unassigned'");
    assertThat(preview.get(0).explain()).contains("ana no longer covers it");
    assertThat(holders(router)).as("a preview changes nothing").isEqualTo(before);
    assertThat(router.openLeads("bob")).isEqualTo(1);
    assertThat(router.roster()).extracting(Rep::territories).first().isEqualTo(java.util.Set.of("US-CA"));
    assertThat(events).noneMatch(e -> e instanceof RoutingEvent.LeadMoved);

    // Applied (with the setting on), the update does what the preview said.
    router.reconfigure(builder(true, realigned.toArray(new Rep[0])));
    assertThat(holders(router)).containsEntry("L1", "bob").containsEntry("L3", "queue:unassigned")
        .containsEntry("L2", "ana");
    assertThat(router.previewRealignment(realigned)).as("nothing left to move").isEmpty();
  }

  /**
   * Realignments and time-off hand-overs on one thread while others route, contact and release: every lead stays in
   * exactly one place, each rep's open count equals its placements and stays within capacity.
   */
  @Test
  void realignmentsAndHandOversRacingRoutingLoseNoLead() throws Exception {
    for (int round = 0; round < 4; round++) {
      Instant start = clock.instant();
      List<Rep> west = List.of(rep("ana", "US-CA").capacity(120).build(), rep("bob", "US-NY").capacity(120).build(),
          rep("cy", "US-CA", "US-NY").capacity(120).build());
      List<Rep> east = List.of(rep("ana", "US-NY").capacity(120).build(),
          rep("bob", "US-NY", "US-CA").capacity(120).build(),
          rep("cy", "US-CA").capacity(120).timeOff(io.smartrouting.api.TimeOff.of(start, start.plus(
              Duration.ofDays(3)))).build());
      Router router = builder(true, west.toArray(new Rep[0])).handOverWhenAway(Duration.ofDays(1)).build();
      int n = 300;
      java.util.Set<String> released = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.concurrent.atomic.AtomicInteger flips = new java.util.concurrent.atomic.AtomicInteger();
      List<Throwable> errors = io.smartrouting.core.testing.Concurrently.race(() -> {
        for (int i = 0; i < n; i++) {
          if (i == n / 2) {
            // Halfway, with leads open, one roster update starts and ends (the next one has started): on two busy
            // cores the routing thread could otherwise finish before the updating thread runs again, and nothing
            // would race.
            int seen = flips.get();
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (flips.get() < seen + 2 && System.nanoTime() < until) {
              Thread.onSpinWait();
            }
          }
          router.route(lead("L" + i, i % 2 == 0 ? "CA" : "NY").build());
          if (i % 5 == 0) {
            router.recordContact("L" + i, clock.instant());
          }
          if (i % 7 == 0) {
            released.add("L" + i);
            assertThat(router.release("L" + i)).isTrue();
          }
        }
      }, () -> router.updateRoster(flips.getAndIncrement() % 2 == 0 ? east : west), router::fireDueTimers);
      assertThat(errors).isEmpty();
      OpenLeads.assertOnePlaceEach(router, n, released, Map.of("ana", 120, "bob", 120, "cy", 120));
      router.close();
      clock.advance(Duration.ofDays(4));
    }
    assertThat(moves()).extracting(RoutingEvent.LeadMoved::move).as("the race moved leads").contains(
        RoutingEvent.Move.REALIGNED);
  }

  /**
   * A decision under way on the old roster that places its lead with the realigned rep after the update read the
   * placements: the next timer tick routes it again, once; a lead a person gives the rep after the update stays.
   */
  @Test
  void aDecisionUnderWayDuringTheRealignmentIsCaughtAtTheNextTick() throws Exception {
    java.util.concurrent.CountDownLatch deciding = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    io.smartrouting.spi.RoutingStrategy held = ctx -> {
      if (ctx.lead().id().equals("late")) {
        deciding.countDown();
        try {
          go.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return io.smartrouting.spi.StrategyResult.pass("only holds a decision");
    };
    Router router = Router.builder().roster(List.of(rep("ana", "US-CA").build(), rep("bob", "US-NY").build()))
        .clock(clock).strategies(StrategyRegistry.of()).manualTimers().step("hold", held)
        .step("ll", TestStrategies.LEAST_LOADED).listener(events::add).whenCoverageChanges(true).build();
    java.util.concurrent.CompletableFuture<Decision> late = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> router.route(lead("late", "CA").build()));
    assertThat(deciding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    router.updateRoster(List.of(rep("ana", "US-NY").build(), rep("bob", "US-NY", "US-CA").build()));
    go.countDown();
    assertThat(late.get(10, java.util.concurrent.TimeUnit.SECONDS).repId()).as("decided on the old roster")
        .isEqualTo("ana");
    router.route(lead("given", "CA").build());
    router.reassign("given", "ana", "her customer");
    assertThat(holders(router)).containsEntry("late", "ana").containsEntry("given", "ana");

    router.fireDueTimers();
    assertThat(holders(router)).containsEntry("late", "bob").containsEntry("given", "ana");
    assertThat(moves()).filteredOn(m -> m.move() == RoutingEvent.Move.REALIGNED).extracting(RoutingEvent.LeadMoved::leadId)
        .containsExactly("late");
    router.reassign("late", "ana", "back to her");
    router.fireDueTimers();
    assertThat(router.placement("late").orElseThrow().repId()).as("once").isEqualTo("ana");
  }

  @Test
  void aPreviewOfABadRosterSaysWhatIsWrongAndChangesNothing() {
    Router router = builder(true, rep("ana", "US-CA").build(), rep("bob", "US-NY").build()).build();
    router.route(lead("L1", "CA").build());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.previewRealignment(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("reps");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.previewRealignment(
        List.of(rep("ana", "US-NY").build(), rep("ana", "US-CA").build())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ana");
    java.util.List<Rep> withNull = new java.util.ArrayList<>();
    withNull.add(null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.previewRealignment(withNull))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("reps");
    assertThat(holders(router)).containsExactlyEntriesOf(Map.of("L1", "ana"));
    assertThat(router.roster()).extracting(Rep::id).containsExactly("ana", "bob");
  }

  @Test
  void byDefaultEveryLeadStaysWithTheRepWorkingIt() {
    Router router = builder(false, rep("ana", "US-CA").build(), rep("bob", "US-NY").build()).build();
    router.route(lead("L1", "CA").build());
    router.route(lead("L2", "CA").build());
    router.updateRoster(List.of(rep("ana", "US-NY").build(), rep("bob", "US-NY", "US-CA").build()));
    assertThat(holders(router)).containsExactlyInAnyOrderEntriesOf(Map.of("L1", "ana", "L2", "ana"));
    assertThat(moves()).isEmpty();
  }

  @Test
  void leadsHeldForAnotherReasonThanCoverageStay() {
    Router router = builder(true, rep("ana", "US-CA").build(), rep("bob", "US-NY").build()).build();
    // The account's lead: its owner covers it wherever it is.
    assertThat(router.route(Lead.builder("A1").country("US").region("CA").email("jo@acme.com").build()).repId())
        .isEqualTo("ana");
    // Nobody covers Texas: a person hands it to ana.
    assertThat(router.route(lead("T1", "TX").build()).queue()).isNotNull();
    router.reassign("T1", "ana", "she knows the buyer");
    // And one she covers, to see that the update did move something.
    router.route(lead("L1", "CA").build());

    router.updateRoster(List.of(rep("ana", "US-NY").build(), rep("bob", "US-NY", "US-CA").build()));

    assertThat(holders(router)).containsExactlyInAnyOrderEntriesOf(Map.of("A1", "ana", "T1", "ana", "L1", "bob"));
  }

  @Test
  void aLeadNobodyElseCoversWaitsInTheFallbackQueueAndIsNotLost() {
    Router router = builder(true, rep("ana", "US-CA").build(), rep("bob", "US-NY").build()).build();
    router.route(lead("L1", "CA").build());
    router.updateRoster(List.of(rep("ana", "US-NY").build(), rep("bob", "US-NY").build()));
    Placement p = router.placement("L1").orElseThrow();
    assertThat(p.repId()).isNull();
    assertThat(p.queue()).isEqualTo(Router.DEFAULT_FALLBACK_QUEUE);
    assertThat(router.openLeads("ana")).isZero();
    assertThat(moves()).singleElement().satisfies(m -> assertThat(m.move()).isEqualTo(RoutingEvent.Move.REALIGNED));

    // The queue drains to the rep who covers it when one does again.
    router.updateRoster(List.of(rep("ana", "US-NY").build(), rep("bob", "US-NY").build(),
        rep("cy", "US-CA").build()));
    router.fireDueTimers();
    assertThat(router.placement("L1").orElseThrow().repId()).isEqualTo("cy");
  }

  @Test
  void aSegmentOrLanguageChangeCountsAsCoverageAndAReconfigureMovesToo() {
    Rep ana = rep("ana", "US").segments(List.of(Segment.ENTERPRISE)).build();
    Rep bob = rep("bob", "US").build();
    Router router = builder(true, ana, bob).build();
    // bob has no segment (every one) and least-loaded ties go to roster order: ana takes the first enterprise lead.
    assertThat(router.route(lead("E1", "CA").employees(5000).build()).repId()).isEqualTo("ana");
    assertThat(router.route(lead("E2", "CA").employees(5000).language("en").build()).repId()).isEqualTo("bob");

    router.reconfigure(builder(true, rep("ana", "US").segments(List.of(Segment.SMB)).build(), bob));
    assertThat(holders(router)).containsExactlyInAnyOrderEntriesOf(Map.of("E1", "bob", "E2", "bob"));

    router.reconfigure(builder(true, rep("ana", "US").build(), rep("bob", "US").languages(List.of("de")).build()));
    assertThat(holders(router)).as("bob no longer speaks English: E2 (in English) goes to ana, E1 (no language) stays")
        .containsExactlyInAnyOrderEntriesOf(Map.of("E1", "bob", "E2", "ana"));
  }
}
